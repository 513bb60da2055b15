"""Keep the build's scratch files out of the published HTML: myst-nb's executed notebooks and
glue data (``_build/jupyter_execute/<lang>``) and the pickled doctrees (``_build/doctrees/<lang>``
when the command line leaves them at Sphinx's default inside the output)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from nnbook_sphinx.paths import BUILD

logger = logging.getLogger(__name__)


def _doctrees_out_of_html(app: Sphinx, config) -> None:
    """Keep the pickled doctrees out of the published output.

    ``sphinx-build`` without ``-d`` puts them into ``<output>/.doctrees``; for the book's own
    output folders they go to ``_build/doctrees/<lang>`` instead, where ``nox -s docs`` puts
    them with ``-d``. (Before the environment is loaded from there.)
    """
    lang, default = config.nnbook_lang, Path(app.outdir) / ".doctrees"
    if Path(app.outdir) == BUILD / "html" / lang and Path(app.doctreedir) == default:
        app.doctreedir = BUILD / "doctrees" / lang
        logger.info(f"doctrees: {app.doctreedir} (not in the published output)")


def _notebook_output_out_of_html(app: Sphinx) -> None:
    """Give myst-nb a folder of this language's own outside the HTML for executed notebooks.

    myst-nb 1.4 always writes them, with the glue data and image outputs, to
    ``<output>/../jupyter_execute``: inside ``_build/html``, which is published, and the same
    folder for both languages, which then overwrite each other's files (the same page names)
    and race when they build at the same time. It has no setting for it
    (``nb_output_folder`` is not read in Sphinx), so its configuration is changed right after
    myst-nb made it.
    """
    config = getattr(app.env, "mystnb_config", None)
    if config is None:
        return
    folder = BUILD / "jupyter_execute" / app.config.nnbook_lang
    app.env.mystnb_config = config.copy(output_folder=str(folder))


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _doctrees_out_of_html)
    # Right after myst-nb's own builder-inited handler (priority 500) made its configuration.
    app.connect("builder-inited", _notebook_output_out_of_html, priority=510)
