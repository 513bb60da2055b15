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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nnbook.trainer import History

__all__ = ["LANGUAGES", "accuracy_and_gap", "language", "setup_style", "show", "subplots", "tr"]

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


def subplots(nrows: int = 1, ncols: int = 1, **kwargs: Any) -> tuple[Any, Any]:
    """Create a figure in the book's style; arguments as for :func:`matplotlib.pyplot.subplots`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes or array of Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig, ax = subplots()
    >>> _ = ax.set_xlabel(tr("input x", "输入 x"))
    >>> type(fig).__name__
    'Figure'
    """
    import matplotlib.pyplot as plt

    setup_style()
    kwargs.setdefault("layout", "constrained")
    fig, axes = plt.subplots(nrows, ncols, **kwargs)
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
    import numpy as np

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
