"""What a book build started from and how long it took, in words: what ``nox -s docs`` prints.

Plain Python (no Sphinx): the noxfile loads this file by its path, in nox's own environment.
The timings it reads are written by :mod:`nnbook_sphinx.timing`, one file per language.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def earlier_build(root: Path, html: Path, doctrees: Path, langs: tuple[str, ...]) -> list[str]:
    """What of an earlier book build is there for the next one to reuse (empty: nothing):
    `html` and `doctrees` are the build's output folders (one per language inside)."""
    kinds = {
        "pages": [html / lang for lang in langs] + [doctrees / lang for lang in langs],
        "gallery output": [root / "docs" / lang / "gallery" for lang in langs],
        "API pages": [root / "docs" / lang / "gen_modules" for lang in langs],
        "notebook results": [root / "_build" / "jupyter_cache"],
    }
    return [kind for kind, paths in kinds.items() if any(p.exists() for p in paths)]


class StoredExperiments:
    """Which results of ``nnbook.util.cached`` in ``_build/experiments`` a build read.

    The tests session and earlier builds leave them there, and a build reuses every one whose
    key (code, settings, library) still matches. A stored result is a file the build only
    reads, so its access time tells: before the build every stored file is marked unread
    (access time 0, which the file system replaces with the time of the next read).
    Where the file system does not record reads (``noatime``), the count is unknown and is not
    guessed.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.before = sorted(folder.glob("*.pkl")) if folder.is_dir() else []
        self.measurable = self._atime_works()
        for path in self.before:
            os.utime(path, ns=(0, path.stat().st_mtime_ns))

    def _atime_works(self) -> bool:
        if not self.before:
            return True
        probe = self.folder / ".atime-probe"
        try:
            probe.write_bytes(b"x")
            os.utime(probe, ns=(0, probe.stat().st_mtime_ns))
            probe.read_bytes()
            return probe.stat().st_atime_ns > 0
        finally:
            probe.unlink(missing_ok=True)

    def summary(self) -> tuple[int | None, int]:
        """(stored results the build reused or None if unknown, results it computed)."""
        existing = set(self.before)
        after = set(self.folder.glob("*.pkl")) if self.folder.is_dir() else set()
        computed = len(after - existing)
        if not self.measurable:
            return None, computed
        reused = sum(1 for p in existing if p.is_file() and p.stat().st_atime_ns != 0)
        return reused, computed


def describe_build(earlier: list[str], reused: int | None, computed: int, stored: int) -> str:
    """What the build started from, in words: what it reused, and what it made anew."""
    if reused is None:
        experiments = (
            f"{stored} stored experiment results were there to reuse (this file system does "
            f"not record which were read), {computed} computed"
        )
    elif reused:
        experiments = f"{reused} stored experiment results reused, {computed} computed"
    else:
        experiments = f"no stored experiment result reused, {computed} computed"
    if earlier:
        return f"incremental build (reusing the earlier {', '.join(earlier)}; {experiments})"
    if reused == 0:
        return f"cold build from nothing ({experiments})"
    return (
        "cold Sphinx build (no pages, gallery output or notebook results of an earlier build; "
        f"{experiments})"
    )


def timing_rows(build: Path, langs: tuple[str, ...]) -> list[str]:
    """One line per language with the time of each phase of its last build (`build`: the
    ``_build`` folder, where :mod:`nnbook_sphinx.timing` writes ``timings/<lang>.json``)."""
    rows = []
    for lang in langs:
        timings = build / "timings" / f"{lang}.json"
        if timings.is_file():
            phases = json.loads(timings.read_text(encoding="utf-8"))["phases"]
            rows.append(
                f"  {lang}: start-up {phases['start-up']:5.1f} s  gallery {phases['gallery']:6.1f}"
                f" s  reading {phases['reading']:6.1f} s  writing {phases['writing']:5.1f} s  "
                f"total {phases['total']:6.1f} s"
            )
    return rows
