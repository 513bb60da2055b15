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
from pathlib import Path
from typing import Any

__all__ = ["LANGUAGES", "language", "setup_style", "show", "subplots", "tr"]

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
