"""Sphinx configuration shared by both languages of the book.

``docs/en/conf.py`` and ``docs/zh/conf.py`` each call :func:`configure` with their language; all
settings live here so that the two builds cannot drift apart.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

# The book's folders and languages are defined once, in its extension.
from nnbook_sphinx.paths import BUILD, DOCS, ROOT, SPHINX_LANGUAGE
from nnbook_sphinx.strings import compile_catalogs

#: Gallery folders in the order of the chapters they belong to (appendix material last).
GALLERY_ORDER = (
    "learning_from_data",
    "pixels_to_scores",
    "loss_functions",
    "numerical_differentiation",
    "gradient_descent",
    "training_mnist",
    "backprop_graphs",
    "backprop_network",
    "optimizers",
    "weight_init",
    "batch_norm",
    "regularization",
    "hyperparameter_validation",
    "diagnosing_training",
    "benchmarks",
    "activations",
)
TITLES = {"en": "How Neural Networks Learn", "zh": "神经网络是如何学习的"}
COPYRIGHTS = {
    "en": "2026, the nnbook developers (text CC BY-SA 4.0, code MIT)",
    "zh": "2026，nnbook 开发者（正文 CC BY-SA 4.0，代码 MIT）",
}
AUTHORS = {"en": "the nnbook developers", "zh": "nnbook 开发者"}

#: Fonts of the PDF (Debian packages fonts-freefont-otf, fonts-dejavu-core, fonts-noto-cjk):
#: FreeSerif and FreeSans have Greek and the mathematical symbols of the prose, DejaVu Sans
#: Mono has the Greek letters and sub- and superscripts that the code prints (η, λ, θ, x₀, …),
#: which Latin Modern Mono lacks; Noto CJK sets the Chinese.
LATEX_FONTS = r"""
\setmainfont{FreeSerif}
\setsansfont{FreeSans}
\setmonofont{DejaVu Sans Mono}[Scale=0.88]
"""
#: Chinese in the PDF: in the English book only the few Chinese words (the glossary, the
#: language names) need a CJK font; the Chinese book is set by ctex, with Chinese headings
#: ("第 1 章") and its own names for contents, figures and tables.
LATEX_CJK = {
    "en": r"""
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
% Quotes, dashes and ellipses stay Latin between Latin words.
\xeCJKDeclareCharClass{Default}{"2018, "2019, "201C, "201D, "2013, "2014, "2026, "00B7}
""",
    "zh": r"""
\usepackage[UTF8, scheme=chinese, heading=true, fontset=none]{ctex}
\setCJKmainfont{Noto Serif CJK SC}[BoldFont=Noto Serif CJK SC Bold]
\setCJKsansfont{Noto Sans CJK SC}[BoldFont=Noto Sans CJK SC Bold]
\setCJKmonofont{Noto Sans Mono CJK SC}
\ctexset{chapter/name={第,章}, chapter/number=\arabic{chapter}}
""",
}


#: The title of the PDF's table of contents.
CONTENTS = {"en": "Contents", "zh": "目录"}


def latex_settings(lang: str) -> dict:
    """The LaTeX builder's settings for `lang`: one XeLaTeX book per language, with the chapters
    and figures of the HTML (the executed pages and gallery figures are reused, not rerun)."""
    elements = {
        "papersize": "a4paper",
        "pointsize": "10pt",
        "fontenc": r"\usepackage{fontspec}",
        "fontpkg": LATEX_FONTS,
        "preamble": LATEX_CJK[lang],
        # Long lines of code wrap instead of running off the page.
        "sphinxsetup": "verbatimwrapslines=true, verbatimforcewraps=true, verbatimmaxunderfull=1",
        "printindex": "",
        # Sphinx would title the table of contents with the caption of the first toctree.
        "tableofcontents": (
            rf"\renewcommand{{\contentsname}}{{{CONTENTS[lang]}}}\sphinxtableofcontents"
        ),
    }
    if lang == "zh":
        # ctex names the parts of the book; babel, polyglossia and fncychap would fight it.
        elements |= {"babel": "", "polyglossia": "", "fncychap": "", "maketitle": r"\maketitle"}
    return {
        "latex_engine": "xelatex",
        "latex_documents": [
            ("index", f"nnbook-{lang}.tex", TITLES[lang], AUTHORS[lang], "manual", False)
        ],
        "latex_elements": elements,
        "latex_show_urls": "no",
        "latex_domain_indices": False,
        "latex_use_xindy": False,
    }


def configure(ns: dict, lang: str) -> None:
    """Fill the namespace of a ``conf.py`` with the settings for language `lang`."""
    # Gallery scripts run inside this process and notebook kernels inherit the environment:
    # both read NNBOOK_LANG to label figures in the reader's language.
    os.environ["NNBOOK_LANG"] = lang
    os.environ.setdefault("MPLBACKEND", "Agg")
    # Expensive experiments (nnbook.util.cached) run in the first language's build and are
    # reused by the second.
    os.environ["NNBOOK_CACHE"] = str(BUILD / "experiments")
    # One BLAS thread, unless the environment asks for more: the book's matrices are small,
    # and on a small machine threads cost more than they bring, above all while another
    # process (the other language's build, another session) wants the cores too. NumPy is
    # not imported yet, so this reaches the gallery scripts run here and the notebook kernels.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    # ``.. only:: lang_en`` / ``lang_zh`` blocks carry the two languages of a gallery script.
    ns["tags"].add(f"lang_{lang}")

    ns.update(
        project=TITLES[lang],
        author=AUTHORS[lang],
        copyright=COPYRIGHTS[lang],
        language=SPHINX_LANGUAGE[lang],
        nnbook_lang=lang,
        extensions=[
            "myst_nb",
            "sphinx.ext.autodoc",
            "sphinx.ext.napoleon",
            "sphinx.ext.mathjax",
            "sphinx_gallery.gen_gallery",
            "sphinx_copybutton",
            "sphinx_design",
            "sphinxcontrib.bibtex",
            # The book's own extension (docs/_ext/nnbook_sphinx), viewcode's highlighted module
            # pages among what it sets up.
            "nnbook_sphinx",
        ],
        templates_path=[str(DOCS / "_templates")],
        html_static_path=[str(DOCS / "_static")],
        # The catalog is compiled into the build folder, not beside its .po in the sources.
        locale_dirs=[str(compile_catalogs(BUILD / "locale"))],
        gettext_auto_build=False,
        gettext_compact=False,
        exclude_patterns=[
            "_build",
            "**.ipynb_checkpoints",
            # sphinx-gallery writes a notebook beside every generated page; myst-nb must not
            # read those as pages of their own.
            "gallery/**/*.ipynb",
            "gallery/**/*.py",
            "gallery/**/*.zip",
        ],
        # ---- sphinxcontrib-bibtex: one bibliography for both languages, cited by author and year
        # (a path relative to the language's source folder).
        bibtex_bibfiles=["../references.bib"],
        # pybtex's plain style with DOIs and arXiv ids as text (nnbook_sphinx.bibliography).
        bibtex_default_style="nnbook",
        bibtex_reference_style="author_year",
        # ---- MyST and notebook execution
        myst_enable_extensions=["dollarmath", "amsmath", "colon_fence", "deflist"],
        myst_heading_anchors=3,
        nb_execution_mode="cache",
        nb_execution_cache_path=str(BUILD / "jupyter_cache" / lang),
        # (myst-nb has no setting for the folder of executed notebooks and glue data; the
        # book's extension moves it to _build/jupyter_execute/<lang>, out of the HTML.)
        nb_execution_raise_on_error=True,
        nb_execution_show_tb=True,
        nb_execution_timeout=600,
        nb_merge_streams=True,
        # ---- sphinx-gallery
        sphinx_gallery_conf={
            "examples_dirs": [str(ROOT / "galleries")],
            "gallery_dirs": ["gallery"],
            "filename_pattern": r"/plot_",
            "backreferences_dir": "gen_modules/backreferences",
            "doc_module": ("nnbook",),
            # Besides resetting matplotlib, time every script the gallery runs. The timer is
            # named, not passed: a function in the configuration cannot be pickled, so Sphinx
            # would find the configuration changed on every build and read every page again.
            "reset_modules": ("matplotlib", "nnbook_sphinx.timing.time_gallery_script"),
            # Named figures are also saved as images/<name>.png, the names pages refer to.
            "image_scrapers": ("nnbook_sphinx.figures.scraper",),
            "reset_modules_order": "both",
            "abort_on_example_error": True,
            "min_reported_time": float("inf"),
            "write_computation_times": False,
            "download_all_examples": False,
            "remove_config_comments": True,
            "show_signature": False,
            "within_subsection_order": "FileNameSortKey",
            # sphinx-gallery matches these as written relative to the conf.py directory.
            "subsection_order": [
                *(
                    os.path.relpath(ROOT / "galleries" / name, DOCS / lang)
                    for name in GALLERY_ORDER
                    if (ROOT / "galleries" / name).is_dir()
                ),
                "*",
            ],
            "matplotlib_animations": False,
        },
        # ---- autodoc
        autodoc_member_order="bysource",
        autodoc_typehints="none",
        autodoc_default_options={"members": True, "show-inheritance": True},
        napoleon_google_docstring=False,
        napoleon_numpy_docstring=True,
        napoleon_use_rtype=False,
        # ---- HTML
        html_theme="sphinx_book_theme",
        html_title=TITLES[lang],
        html_last_updated_fmt=None,
        html_copy_source=False,
        html_show_sourcelink=False,
        html_css_files=["nnbook.css"],
        html_theme_options={
            "show_toc_level": 2,
            "use_download_button": False,
            "use_fullscreen_button": False,
            "navigation_with_keys": False,
        },
        html_sidebars={
            "**": [
                "navbar-logo.html",
                "lang-switch.html",
                "pdf-link.html",
                "chapter-downloads.html",
                "nnbook-sidebar-nav.html",
            ],
        },
        # Without a stored choice the theme would log "invalid theme mode" on a first visit.
        html_context={"default_mode": "auto", "nnbook_lang": lang},
        html_search_language="zh" if lang == "zh" else "en",
        copybutton_exclude=".linenos, .gp, .go",
        nitpicky=True,
        # Type names in NumPy-style docstrings ("array_like", "float64 or float32", …) are
        # prose, not links; only the book's own objects must resolve.
        nitpick_ignore_regex=[
            ("py:class", r"(?!nnbook\.).*"),
            ("py:func", r"matplotlib\..*"),
        ],
    )
    ns.update(latex_settings(lang))
