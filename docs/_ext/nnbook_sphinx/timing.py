"""The time each phase of the build took, per language, printed at the end and written to
``_build/timings/<lang>.json``."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from nnbook_sphinx.paths import ROOT

logger = logging.getLogger(__name__)


class BuildTimer:
    """Wall-clock time of each phase of one language's build, printed at the end.

    Phases: start-up (configuration, extensions), gallery (sphinx-gallery running the scripts
    whose results are not current), reading (parsing every changed page; notebook pages are
    executed here), writing (resolving references and writing HTML). Scripts and pages that
    took long are named. A summary goes to ``_build/timings/<lang>.json`` as well.
    """

    SLOW_SCRIPT = 60.0

    def __init__(self) -> None:
        # Count from the start of the process: Sphinx and the other extensions load first.
        self.start = time.perf_counter() - _process_age()
        self.marks: dict[str, float] = {}
        self.scripts: dict[str, float] = {}
        self.pages: dict[str, float] = {}
        self._script_start: dict[str, float] = {}
        self._page_start: dict[str, float] = {}

    def mark(self, name: str) -> None:
        self.marks[name] = time.perf_counter()

    def gallery_script(self, gallery_conf, fname, when: str) -> None:
        """A sphinx-gallery ``reset_modules`` hook: called before and after every script."""
        if fname is None:
            return
        name = Path(fname).name
        if when == "before":
            self._script_start[name] = time.perf_counter()
        elif name in self._script_start:
            self.scripts[name] = time.perf_counter() - self._script_start.pop(name)

    def page_started(self, app: Sphinx, docname: str, source) -> None:
        self._page_start[docname] = time.perf_counter()

    def page_finished(self, app: Sphinx, doctree) -> None:
        docname = app.env.docname
        if docname in self._page_start:
            self.pages[docname] = time.perf_counter() - self._page_start.pop(docname)

    def phases(self) -> dict[str, float]:
        order = ["setup", "gallery-start", "gallery-end", "read-start", "read-end", "end"]
        points = {"setup": self.start, **self.marks}
        times = [points.get(name) for name in order]
        # A phase Sphinx skipped (nothing to read) takes no time.
        for i in range(1, len(times)):
            if times[i] is None:
                times[i] = times[i - 1]
        return {
            "start-up": times[1] - times[0],
            "gallery": times[2] - times[1],
            "between": times[3] - times[2],
            "reading": times[4] - times[3],
            "writing": times[5] - times[4],
            "total": times[5] - times[0],
        }

    def report(self, app: Sphinx, exception) -> None:
        self.mark("end")
        lang = app.config.nnbook_lang
        phases = self.phases()
        top_scripts = sorted(self.scripts.items(), key=lambda kv: -kv[1])
        top_pages = sorted(self.pages.items(), key=lambda kv: -kv[1])[:5]

        def listing(items) -> str:
            return ", ".join(f"{name} {sec:.1f} s" for name, sec in items) or "none"

        logger.info("")
        logger.info(
            f"nnbook build times [{lang}]: start-up {phases['start-up']:.1f} s, "
            f"gallery {phases['gallery']:.1f} s, reading {phases['reading']:.1f} s, "
            f"writing {phases['writing']:.1f} s, total {phases['total']:.1f} s"
        )
        logger.info(f"  gallery scripts run ({len(self.scripts)}): {listing(top_scripts[:5])}")
        logger.info(f"  slowest pages read ({len(self.pages)} read): {listing(top_pages)}")
        slow = [name for name, sec in top_scripts if sec > self.SLOW_SCRIPT]
        if slow:
            logger.info(f"  gallery scripts over {self.SLOW_SCRIPT:.0f} s: {', '.join(slow)}")
        out = ROOT / "_build" / "timings" / f"{lang}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        summary = {"phases": phases, "scripts": self.scripts, "pages": self.pages}
        out.write_text(json.dumps(summary, indent=1), encoding="utf-8")


def _process_age() -> float:
    """Seconds since this process started (0 where ``/proc`` does not tell)."""
    try:
        stat = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(uptime - int(stat[19]) / os.sysconf("SC_CLK_TCK"), 0.0)
    except (OSError, ValueError, IndexError):
        return 0.0


#: The timer of the build running in this process (sphinx-gallery's hook reaches it here).
TIMER = BuildTimer()


def time_gallery_script(gallery_conf, fname, when):
    """``reset_modules`` entry for ``sphinx_gallery_conf``: times every script it runs."""
    TIMER.gallery_script(gallery_conf, fname, when)


def setup(app: Sphinx) -> None:
    global TIMER
    TIMER = BuildTimer()
    app.connect("builder-inited", lambda app: TIMER.mark("gallery-start"), priority=1)
    app.connect("builder-inited", lambda app: TIMER.mark("gallery-end"), priority=999)
    app.connect("env-before-read-docs", lambda app, env, docs: TIMER.mark("read-start"))
    app.connect("source-read", TIMER.page_started)
    app.connect("doctree-read", TIMER.page_finished, priority=999)
    app.connect("env-updated", lambda app, env: TIMER.mark("read-end"))
    app.connect("build-finished", TIMER.report, priority=999)
