"""Re-runs of gallery scripts and notebook pages when the nnbook code they import changes: both
caches key on the page's own code only, and :mod:`nnbook_sphinx.deps` adds the library code."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from nnbook_sphinx.deps import (
    gallery_scripts_to_rerun,
    pages_to_reexecute,
    record_gallery_fingerprints,
    stale_gallery_outputs,
)
from nnbook_sphinx.paths import GALLERIES

logger = logging.getLogger(__name__)


def _prune_stale_gallery_outputs(app: Sphinx) -> None:
    for path in stale_gallery_outputs(GALLERIES, Path(app.srcdir) / "gallery"):
        logger.info(f"removing {path.relative_to(app.srcdir)}: its gallery script is gone")
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def _rerun_changed_gallery_scripts(app: Sphinx) -> None:
    rerun = gallery_scripts_to_rerun(GALLERIES, Path(app.srcdir) / "gallery")
    for script in rerun:
        logger.info(f"nnbook changed: re-running gallery script {script.name}")


def _record_gallery_fingerprints(app: Sphinx) -> None:
    record_gallery_fingerprints(GALLERIES, Path(app.srcdir) / "gallery")


def _reexecute_changed_pages(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Mark notebook pages whose nnbook dependencies changed as outdated, and drop their
    jupyter-cache records, so that myst-nb executes them again."""
    cache_dir = app.config.nb_execution_cache_path
    if app.config.nb_execution_mode != "cache" or not cache_dir:
        return []
    pages = {
        name: Path(env.doc2path(name))
        for name in env.found_docs
        if not name.startswith(("gallery/", "gen_modules/")) and env.doc2path(name).suffix == ".md"
    }

    def drop_outputs(names: list[str]) -> None:
        from jupyter_cache import get_cache

        sources = {str(pages[name]) for name in names}
        cache = get_cache(cache_dir)
        for record in cache.list_cache_records():
            if record.uri in sources:
                cache.remove_cache(record.pk)

    stale = pages_to_reexecute(
        pages, Path(cache_dir) / "nnbook-fingerprints.json", drop=drop_outputs
    )
    rerun = [name for name in stale if name not in added and name not in changed]
    for name in rerun:
        logger.info(f"nnbook changed: re-executing {name}")
    return rerun


def setup(app: Sphinx) -> None:
    # Before sphinx-gallery (priority 500) decides which scripts are current.
    app.connect("builder-inited", _prune_stale_gallery_outputs, priority=390)
    app.connect("builder-inited", _rerun_changed_gallery_scripts, priority=400)
    app.connect("builder-inited", _record_gallery_fingerprints, priority=600)
    app.connect("env-get-outdated", _reexecute_changed_pages)
