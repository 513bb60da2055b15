"""The one plotting helper every figure of the book goes through: one look, two languages.

A gallery script asks :func:`tr` for each piece of text in both languages and gets the one the
current build needs; :func:`subplots` gives it a figure in the book's style, with a font that has
Chinese glyphs. The language comes from the ``NNBOOK_LANG`` environment variable (``en`` or
``zh``), which each language's Sphinx build sets; a script run by hand draws in English unless
``NNBOOK_LANG=zh`` is set.

Requires the ``plot`` extra (matplotlib and the Noto Sans SC font package).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nnbook._validation import checked, optional

if TYPE_CHECKING:
    from nnbook.graph import Graph, Node
    from nnbook.layers import Value
    from nnbook.trainer import History

__all__ = [
    "LANGUAGES",
    "accuracy_and_gap",
    "draw_graph",
    "language",
    "setup_style",
    "show",
    "subplots",
    "tr",
]

#: Languages the book is written in.
LANGUAGES = ("en", "zh")

_LANG_ENV = "NNBOOK_LANG"
_CJK_FONT_FILE = "NotoSansSC-Regular.otf"
_CJK_FONT_NAME = "Noto Sans SC"


def language() -> str:
    """Return the language figures are labelled in: ``"en"`` or ``"zh"``.

    Returns
    -------
    str
        The value of ``NNBOOK_LANG`` (``zh_CN`` and similar count as ``zh``), else ``"en"``.

    Raises
    ------
    ValueError
        If ``NNBOOK_LANG`` names a language the book does not have.

    Examples
    --------
    >>> import os
    >>> os.environ["NNBOOK_LANG"] = "zh_CN"
    >>> language()
    'zh'
    >>> del os.environ["NNBOOK_LANG"]
    >>> language()
    'en'
    """
    value = os.environ.get(_LANG_ENV, "en").strip().lower() or "en"
    lang = value.split("_")[0].split("-")[0]
    if lang not in LANGUAGES:
        raise ValueError(f"{_LANG_ENV}={value!r} is not one of the book's languages {LANGUAGES}")
    return lang


def _str_value(value: Any, name: str) -> str:
    """A string (a label in one language)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {value!r}")
    return value


def _figure_name(value: Any, name: str) -> str:
    """A figure's name: lower-case words and digits joined by hyphens."""
    if not (isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value)):
        raise ValueError(
            f"{name} must be lower-case words joined by hyphens (e.g. 'training-mnist-loss'), "
            f"got {value!r}"
        )
    return value


@checked(en=_str_value, zh=_str_value)
def tr(en: str, zh: str) -> str:
    """Return the text for the current language.

    Parameters
    ----------
    en, zh : str
        The same label in English and in Chinese.

    Returns
    -------
    str

    Examples
    --------
    >>> tr("learning rate", "学习率") in ("learning rate", "学习率")
    True
    """
    return zh if language() == "zh" else en


def _register_cjk_font() -> None:
    """Make Noto Sans SC (from the pylopdf-fonts-zh-cn package) known to matplotlib."""
    from matplotlib import font_manager

    if any(f.name == _CJK_FONT_NAME for f in font_manager.fontManager.ttflist):
        return
    try:
        import pylopdf_fonts_zh_cn
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError(
            "Chinese figure labels need the font package pylopdf-fonts-zh-cn; "
            "install the plot extra: pip install 'nnbook[plot]'"
        ) from exc
    path = Path(pylopdf_fonts_zh_cn.__file__).with_name(_CJK_FONT_FILE)
    font_manager.fontManager.addfont(str(path))


def setup_style() -> None:
    """Apply the book's matplotlib style (fonts, sizes, grid, colours) to the current session.

    Latin text is set in DejaVu Sans and Chinese text falls back to Noto Sans SC, so labels in
    either language render without missing glyphs. Output is made deterministic: no
    timestamps or random ids in SVG/PDF metadata, so two builds give identical files.

    Raises
    ------
    ImportError
        If the font package of the ``plot`` extra is not installed.

    Examples
    --------
    >>> import matplotlib
    >>> setup_style()
    >>> matplotlib.rcParams["font.family"]
    ['DejaVu Sans', 'Noto Sans SC']
    """
    import warnings

    import matplotlib as mpl

    # A label the fonts cannot draw would show as empty boxes: fail loudly instead.
    warnings.filterwarnings(
        "error", message=r"Glyph \d+ .* missing from font", category=UserWarning
    )
    _register_cjk_font()
    mpl.rcParams.update(
        {
            "font.family": ["DejaVu Sans", _CJK_FONT_NAME],
            "axes.unicode_minus": True,
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": "medium",
            "legend.frameon": False,
            "lines.linewidth": 2.0,
            "svg.hashsalt": "nnbook",
        }
    )


@checked(name=optional(_figure_name))
def subplots(
    nrows: int = 1, ncols: int = 1, *, name: str | None = None, **kwargs: Any
) -> tuple[Any, Any]:
    """Create a figure in the book's style; arguments as for :func:`matplotlib.pyplot.subplots`.

    Parameters
    ----------
    nrows, ncols : int, default 1
        The grid of axes.
    name : str, optional
        The figure's name, lower-case words joined by hyphens (``"training-mnist-loss"``). It
        becomes the figure's label, and the book's build saves a named figure of a gallery
        script as ``images/<name>.png``, which is how a chapter shows it.
    **kwargs
        Passed on to :func:`matplotlib.pyplot.subplots`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes or array of Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig, ax = subplots(name="inputs")
    >>> _ = ax.set_xlabel(tr("input x", "输入 x"))
    >>> type(fig).__name__, fig.get_label()
    ('Figure', 'inputs')
    """
    import matplotlib.pyplot as plt

    setup_style()
    kwargs.setdefault("layout", "constrained")
    fig, axes = plt.subplots(nrows, ncols, **kwargs)
    if name is not None:
        fig.set_label(name)
    return fig, axes


def accuracy_and_gap(
    ax_acc: Any,
    ax_gap: Any,
    runs: Sequence[tuple[History, str | None, bool]],
    *,
    title: str,
    acc_max: float = 102.0,
    gap_limits: tuple[float, float] = (-5.0, 35.0),
    markers: bool = False,
) -> None:
    """Draw the book's two accuracy panels: accuracy per epoch, and the training–test gap.

    `ax_acc` gets the training (solid) and test (dashed) accuracy of every run after every
    epoch, in percent; `ax_gap` gets their difference in percentage points, the number that
    shows overfitting. Each run is ``(history, label, pale)``: a
    :class:`~nnbook.trainer.History` with ``train_acc`` and ``test_acc``, the run's name in the
    gap panel's legend (or None), and whether to draw it pale, as the baseline a method is
    compared with.

    Parameters
    ----------
    ax_acc, ax_gap : matplotlib.axes.Axes
        The accuracy panel and the gap panel.
    runs : sequence of (History, str or None, bool)
        The runs to draw, each as ``(history, label, pale)``.
    title : str
        Title of the accuracy panel (the gap panel's title is always the same).
    acc_max : float, default 102
        Upper limit of the accuracy axis.
    gap_limits : (float, float), default (-5, 35)
        Limits of the gap axis.
    markers : bool, default False
        Mark every epoch's value (for runs of few epochs).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from nnbook.trainer import History
    >>> history = History(train_acc=[0.1, 0.8, 0.9], test_acc=[0.1, 0.7, 0.75])
    >>> fig, (ax_acc, ax_gap) = subplots(1, 2)
    >>> accuracy_and_gap(ax_acc, ax_gap, [(history, None, False)], title="Accuracy")
    >>> [round(float(v), 1) for v in ax_gap.lines[0].get_ydata()]
    [0.0, 10.0, 15.0]
    """

    marks = ("o", "s") if markers else (None, None)
    for history, label, pale in runs:
        train_acc = 100 * np.asarray(history.train_acc)
        test_acc = 100 * np.asarray(history.test_acc)
        epochs = np.arange(len(train_acc))
        style = {"alpha": 0.35, "linewidth": 1.2} if pale else {}
        ax_acc.plot(epochs, train_acc, color="C0", marker=marks[0], **style)
        ax_acc.plot(epochs, test_acc, color="C1", linestyle="--", marker=marks[1], **style)
        gap = train_acc - test_acc
        ax_gap.plot(epochs, gap, color="C2", marker=marks[0], label=label, **style)
    ax_acc.plot([], [], color="C0", marker=marks[0], label=tr("training data", "训练数据"))
    ax_acc.plot(
        [], [], color="C1", linestyle="--", marker=marks[1], label=tr("test data", "测试数据")
    )
    ax_acc.set_xlabel(tr("epoch", "轮次"))
    ax_acc.set_ylabel(tr("accuracy (%)", "准确率（%）"))
    ax_acc.set_ylim(0, acc_max)
    ax_acc.legend(loc="lower right")
    ax_acc.set_title(title)
    ax_gap.axhline(0.0, color="0.3", linewidth=1.0)
    ax_gap.set_xlabel(tr("epoch", "轮次"))
    ax_gap.set_ylabel(tr("training − test (percentage points)", "训练 − 测试（百分点）"))
    ax_gap.set_ylim(*gap_limits)
    if any(label for _, label, _ in runs):
        ax_gap.legend(loc="lower right")
    ax_gap.set_title(tr("Gap between training and test", "训练与测试之间的差距"))


def show() -> None:
    """Show the open figures in a window when a gallery script is run by hand.

    In a book build (or on a machine without a display) matplotlib draws off-screen and this
    does nothing, so every gallery script can end with it.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")  # off-screen, as in a book build
    >>> fig, ax = subplots()
    >>> show()  # returns at once: there is no window to show
    """
    import matplotlib.pyplot as plt

    plt.show()


# --------------------------------------------------------------------------- computational graphs

#: Colour of the forward values in :func:`draw_graph`.
VALUE_COLOR = "black"
#: Colour of the gradients in :func:`draw_graph`.
GRAD_COLOR = "C3"
#: Distance between two columns of nodes in the layout of :func:`draw_graph`.
_COLUMN = 2.0
#: Distance between two nodes of one column.
_ROW = 2.0


def _fmt(value: Value, digits: int) -> str:
    if np.ndim(value) == 0:
        text = f"{float(value):.{digits}g}"
        return text.replace("-", "−")
    return np.array2string(np.asarray(value), precision=digits - 1).replace("-", "−")


def _layout(graph: Graph) -> dict[int, tuple[float, float]]:
    """Positions of the nodes: column by depth, row by the mean row of the nodes they read."""
    pos: dict[int, tuple[float, float]] = {}
    depth: dict[int, int] = {}
    for node in graph.nodes:
        sources = [e.source for e in node.inputs if e.source is not None]
        depth[id(node)] = 1 + max((depth[id(s)] for s in sources), default=0)
        if node.at is not None:
            pos[id(node)] = (node.at[0], node.at[1])
            continue
        x = _COLUMN * depth[id(node)]
        y = float(np.mean([pos[id(s)][1] for s in sources])) if sources else 0.0
        taken = {p for p in pos.values() if p[0] == x}
        while (x, y) in taken:
            y -= _ROW
        pos[id(node)] = (x, y)
    return pos


def _input_starts(
    node: Node, at: tuple[float, float], pos: dict[int, tuple[float, float]]
) -> list[tuple[float, float]]:
    """Where the arrows of the node's inputs start: for an input made by a node, that node.

    Variables come in from the left, one above the other; when the node also reads the
    result of another node, which then arrives from the left, variables and constants come
    in from below instead.
    """
    x, y = at
    reads_node = any(e.source is not None for e in node.inputs)
    left = [] if reads_node else [e for e in node.inputs if e.source is None and not e.const]
    below = [e for e in node.inputs if e.source is None and all(e is not v for v in left)]
    starts = {id(e): pos[id(e.source)] for e in node.inputs if e.source is not None}
    for i, edge in enumerate(left):
        starts[id(edge)] = (x - 1.6, y + 0.6 * (len(left) - 1) - 1.2 * i)
    for i, edge in enumerate(below):
        starts[id(edge)] = (x - 1.0, y - 1.2 - i)
    return [starts[id(e)] for e in node.inputs]


def draw_graph(
    graph: Graph,
    ax: Any = None,
    digits: int = 4,
    radius: float = 0.25,
    legend: bool = True,
    *,
    name: str | None = None,
) -> Any:
    """Draw a computational graph: nodes as circles, values above and gradients below arrows.

    Inputs are drawn as arrows that start outside any node at their name, the output as an arrow
    that leaves the last node towards its name; a named intermediate value is shown as
    ``name = value``. Node positions come from ``at`` where given, otherwise from a simple
    layered layout (one column per step from the inputs).

    Parameters
    ----------
    graph : Graph
        A recorded graph; if :meth:`~nnbook.graph.Graph.backward` has run, gradients are drawn too.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure from :func:`nnbook.plotting.subplots`.
    digits : int, default 4
        Significant digits of the numbers.
    radius : float, default 0.25
        Radius of the node circles, in the units of the layout (columns are 2 apart).
    legend : bool, default True
        Whether to explain the two colours under the graph.
    name : str, optional
        The name of the new figure (see :func:`subplots`); only used when ``ax`` is not given.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Made for the small graphs of the book. A value that one node reads twice (``t · t``) gets
    two arrows on top of each other, each with its own share of the gradient; such a graph is
    clearer with the square as a single node.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from nnbook.graph import Graph
    >>> g = Graph()
    >>> x, y, z = g.input(-2.0, "x"), g.input(5.0, "y"), g.input(-4.0, "z")
    >>> f = g.mul(g.add(x, y, name="p"), z, name="f")
    >>> g.backward()
    >>> ax = draw_graph(g)
    >>> sorted(t.get_text() for t in ax.texts if t.get_color() == GRAD_COLOR)
    ['1', '3', '−4', '−4', '−4']
    >>> [t.get_text() for t in ax.texts if t.get_text().startswith("p")]
    ['p = 3']
    """
    from matplotlib.patches import Circle

    from nnbook.plotting import subplots, tr

    pos = _layout(graph)
    arrows = []  # (start, end, edge, its gradient along this arrow, starts at an input?)
    for node in graph.nodes:
        at = pos[id(node)]
        grads = node.input_grads or [None] * len(node.inputs)
        for edge, start, g in zip(node.inputs, _input_starts(node, at, pos), grads, strict=True):
            arrows.append((start, at, edge, g, edge.source is None))
    last = pos[id(graph.nodes[-1])]
    out = graph.output
    arrows.append((last, (last[0] + 1.6, last[1]), out, out.grad, False))

    xs = [p[0] for a in arrows for p in a[:2]]
    ys = [p[1] for a in arrows for p in a[:2]]
    if ax is None:
        width = 0.95 * (max(xs) - min(xs)) + 2.4
        height = 0.95 * (max(ys) - min(ys)) + 1.3
        _, ax = subplots(figsize=(width, height), name=name)
    ax.set_aspect("equal")
    ax.set_axis_off()

    node_at = {pos[id(n)] for n in graph.nodes}
    label = {"ha": "center", "va": "center", "fontsize": 10}
    for start, end, edge, g, is_input in arrows:
        (x0, y0), (x1, y1) = start, end
        length = np.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        # Arrows touch the circles of the nodes they join instead of their centres.
        cut0 = radius if start in node_at else 0.0
        cut1 = radius if end in node_at else 0.0
        p0 = (x0 + cut0 * ux, y0 + cut0 * uy)
        p1 = (x1 - cut1 * ux, y1 - cut1 * uy)
        arrow = {"arrowstyle": "-|>", "color": "0.35", "lw": 1.2}
        ax.annotate("", xy=p1, xytext=p0, arrowprops=arrow)
        # The value on the left of the direction of travel (above a left-to-right arrow), the
        # gradient on the right (below it).
        mx, my = (p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2
        nx, ny = -0.2 * uy, 0.2 * ux
        value = _fmt(edge.value, digits)
        if edge.name and not is_input and edge is not out:
            value = f"{edge.name} = {value}"  # a named intermediate value
        ax.text(mx + nx, my + ny, value, color=VALUE_COLOR, **label)
        if g is not None and not edge.const:
            ax.text(mx - nx, my - ny, _fmt(g, digits), color=GRAD_COLOR, **label)
        if is_input and edge.name:
            ax.text(x0 - 0.06 * ux, y0 - 0.06 * uy, edge.name, **{**label, "ha": "right"})
    if out.name:
        ax.text(last[0] + 1.68, last[1], out.name, **{**label, "ha": "left"})
    for node in graph.nodes:
        circle = Circle(pos[id(node)], radius, facecolor="white", edgecolor="0.2", lw=1.4)
        ax.add_patch(circle)
        size = 12 if len(node.op) == 1 else 9  # "exp" must fit in the circle
        ax.text(*pos[id(node)], node.op, **{**label, "fontsize": size}, zorder=3)
    ax.set_xlim(min(xs) - 1.4, max(xs) + 1.2)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.5)
    if legend:
        from matplotlib.lines import Line2D

        meaning = {
            VALUE_COLOR: tr("forward value (above an arrow)", "正向传播的值（箭头上方）"),
            GRAD_COLOR: tr("gradient of the output (below)", "输出对它的梯度（箭头下方）"),
        }
        handles = [Line2D([], [], color=c, marker="s", lw=0, label=t) for c, t in meaning.items()]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2)
    return ax
