"""Build the book twice from clean and check that every figure comes out byte for byte the same.

    python tests/site/check_reproducible.py [--keep] [--sequential] [--diff-dir DIR] [--source DIR]
                                            [--no-reuse]

Each build runs in its own copy of the repository (in a temporary directory, without
``_build``, the generated gallery pages or any cache), so the two share nothing but the
installed packages, and neither touches the working tree. Both languages are built as
``nox -s docs`` builds them. Compared: every image under the output's ``_images`` and
``_downloads`` and every image sphinx-gallery wrote into ``docs/<lang>/gallery``, except the
figures of the gallery scripts in ``MEASURED_FIGURE_SCRIPTS``, which show wall-clock times.
Differing files are copied, in both versions, to ``--diff-dir`` (default
``_build/reproducible-diff``).

Reusing the docs session's build. A full build takes minutes, and ``nox`` has just made one:
``nox -s docs`` starts from nothing on a fresh clone (CI). After such a cold build it runs this
script with ``--record-clean-build`` and the fingerprint of the sources taken before the build
(nothing is recorded if they changed meanwhile). That writes ``_build/clean-build.json`` with
three fingerprints: of the sources (every file a copy would take), of the installed packages
(names and versions), and of the figures the build made. When all three still match, that
build *is* a clean build of these sources with these packages, and only the second one is made,
in a copy; any later build of the working tree changes the figures' fingerprint or deletes the
stamp, and then both builds are made as before. The docs build may have taken results of
``nnbook.util.cached`` experiments from the tests session; those were computed from scratch
there, so a nondeterministic experiment still shows up as a difference. ``--no-reuse`` always
makes two builds.

Exit status 0 when all figures match, 1 when some differ or a build fails.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "zh")
IMAGE_SUFFIXES = frozenset({".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".pdf"})
#: Top-level entries of the repository that a build neither needs nor may start from.
SKIP_TOP = frozenset(
    {".git", ".nox", ".venv", "_build", ".hypothesis", ".pytest_cache", ".ruff_cache",
     ".benchmarks", "jupyter_execute", "build", "dist"}
)  # fmt: skip
SKIP_ANYWHERE = frozenset({"__pycache__", ".ipynb_checkpoints", "jupyter_execute"})

#: Gallery scripts (``galleries/<folder>/<stem>.py``, by stem) whose figures show wall-clock
#: times measured during the build, with the names they give those figures. Timings differ
#: between any two runs by nature, so these figures, and only these, are left out of the
#: comparison: their images, thumbnails and the copies Sphinx makes of them. Everything else
#: must still match byte for byte.
MEASURED_FIGURES: dict[str, frozenset[str]] = {
    "plot_gradient_timing": frozenset({"backprop-network-timing"}),
}
MEASURED_FIGURE_SCRIPTS = frozenset(MEASURED_FIGURES)
_MEASURED_NAMES = frozenset().union(*MEASURED_FIGURES.values())
#: File names sphinx-gallery and Sphinx give the images of a script ``<stem>``:
#: ``sphx_glr_<stem>_001.png``, ``sphx_glr_<stem>_thumb.png`` and, when Sphinx renames a copy
#: to avoid a clash in ``_images``, the same with a digit appended before the suffix.
_MEASURED_RE = re.compile(r"sphx_glr_(?P<stem>\w+?)_(?:\d{3}|thumb)\d*\.[a-z]+", re.IGNORECASE)
#: The stable name of a figure, ``<name>.png`` (see ``docs/_ext/nnbook_sphinx/figures.py``).
_NAMED_RE = re.compile(r"(?P<name>[a-z0-9-]+?)\d*\.png")


def is_measured_figure(path: str) -> bool:
    """Whether the image file `path` is a figure of a script in ``MEASURED_FIGURES``."""
    file = Path(path).name
    numbered = _MEASURED_RE.fullmatch(file)
    if numbered is not None:
        return numbered["stem"] in MEASURED_FIGURE_SCRIPTS
    named = _NAMED_RE.fullmatch(file)
    return named is not None and named["name"] in _MEASURED_NAMES


def _ignore_for(source: Path):
    """The ``ignore`` function of :func:`shutil.copytree` that leaves out generated files."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        rel = Path(directory).resolve().relative_to(source)
        skip = {n for n in names if n in SKIP_ANYWHERE or n.endswith(".egg-info")}
        if rel == Path():
            skip |= SKIP_TOP & set(names)
        if len(rel.parts) == 2 and rel.parts[0] == "docs":  # docs/<lang>: generated pages
            skip |= {"gallery", "gen_modules"} & set(names)
        return skip

    return ignore


def copy_sources(dest: Path, source: Path = ROOT) -> None:
    """Copy the repository `source` to `dest`, leaving out builds, caches, generated pages."""
    source = source.resolve()
    shutil.copytree(source, dest, ignore=_ignore_for(source), symlinks=True)


def sources_fingerprint(source: Path = ROOT) -> str:
    """SHA-256 over every file :func:`copy_sources` would copy (names and contents)."""
    source = source.resolve()
    ignore = _ignore_for(source)
    digest = hashlib.sha256()

    def walk(directory: Path) -> None:
        names = sorted(p.name for p in directory.iterdir())
        skipped = ignore(str(directory), names)
        for name in names:
            if name in skipped:
                continue
            path = directory / name
            if path.is_dir() and not path.is_symlink():
                walk(path)
            elif path.is_file():
                digest.update(path.relative_to(source).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())

    walk(source)
    return digest.hexdigest()


def packages_fingerprint() -> str:
    """SHA-256 over the names and versions of the installed distributions."""
    names = sorted(
        f"{(d.metadata['Name'] or '').lower()}=={d.version}" for d in metadata.distributions()
    )
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def figures_fingerprint(src: Path = ROOT) -> str:
    """SHA-256 over the figures of the build in `src` (names and contents)."""
    digest = hashlib.sha256()
    for name, path in sorted(figures(src).items()):
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stamp_path(src: Path = ROOT) -> Path:
    return src / "_build" / "clean-build.json"


def record_clean_build(src: Path = ROOT) -> dict:
    """Write the stamp that marks the build in `src` as a clean build of its sources."""
    stamp = {
        "sources": sources_fingerprint(src),
        "packages": packages_fingerprint(),
        "figures": figures_fingerprint(src),
        "n_figures": len(figures(src)),
    }
    stamp_path(src).write_text(json.dumps(stamp, indent=1), encoding="utf-8")
    return stamp


def reusable_clean_build(src: Path = ROOT) -> str | None:
    """Why the build in `src` cannot stand for a clean build, or None when it can."""
    try:
        stamp = json.loads(stamp_path(src).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no cold build of the docs session is recorded"
    if not stamp.get("n_figures"):
        return "the recorded build made no figures"
    if stamp.get("sources") != sources_fingerprint(src):
        return "the sources changed since the recorded cold build"
    if stamp.get("packages") != packages_fingerprint():
        return "the installed packages differ from those of the recorded cold build"
    if stamp.get("figures") != figures_fingerprint(src):
        return "the figures changed since the recorded cold build"
    return None


def start_build(src: Path, lang: str, log: Path) -> subprocess.Popen:
    """Start the Sphinx build of `lang` in the copy `src`, as ``nox -s docs`` runs it."""
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n",
        "-d", str(src / "_build" / "doctrees" / lang),
        str(src / "docs" / lang), str(src / "_build" / "html" / lang),
    ]  # fmt: skip
    fh = log.open("w", encoding="utf-8")
    try:
        return subprocess.Popen(cmd, cwd=src / "docs", stdout=fh, stderr=subprocess.STDOUT)
    finally:
        fh.close()


def figures(src: Path) -> dict[str, Path]:
    """Every image file a build made in the copy `src`, by path relative to `src`, except the
    measured figures (:func:`is_measured_figure`)."""
    roots = []
    for lang in LANGS:
        out = src / "_build" / "html" / lang
        roots += [out / "_images", out / "_downloads", src / "docs" / lang / "gallery"]
    found = {}
    for base in roots:
        for path in base.rglob("*") if base.is_dir() else ():
            if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES:
                if not is_measured_figure(path.name):
                    found[path.relative_to(src).as_posix()] = path
    return found


def first_difference(a: Path, b: Path) -> str:
    """Sizes of two files and the offset of their first differing byte."""
    x, y = a.read_bytes(), b.read_bytes()
    offset = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), None)
    if offset is None:
        offset = min(len(x), len(y))
    return f"{len(x)} vs {len(y)} bytes, first difference at byte {offset}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the two builds")
    parser.add_argument(
        "--sequential", action="store_true", help="one build at a time (default: both at once)"
    )
    parser.add_argument("--diff-dir", type=Path, default=ROOT / "_build" / "reproducible-diff")
    parser.add_argument(
        "--source", type=Path, default=ROOT, help="the repository to build (default: this one)"
    )
    parser.add_argument(
        "--no-reuse", action="store_true", help="make both builds even if a cold one is recorded"
    )
    parser.add_argument(
        "--record-clean-build",
        metavar="SOURCES",
        help="only record that the build in --source was made from clean, from the sources "
        "whose fingerprint (--sources-fingerprint, taken before the build) is SOURCES; "
        "nothing is recorded if they changed during the build (nox -s docs does this)",
    )
    parser.add_argument(
        "--sources-fingerprint", action="store_true", help="only print the sources' fingerprint"
    )
    args = parser.parse_args(argv)
    source = args.source.resolve()
    if args.sources_fingerprint:
        print(sources_fingerprint(source))
        return 0
    if args.record_clean_build:
        if sources_fingerprint(source) != args.record_clean_build:
            print("the sources changed during the build: not recorded as a clean build")
            return 0
        stamp = record_clean_build(source)
        print(f"recorded a clean build with {stamp['n_figures']} figures in {stamp_path(source)}")
        return 0

    start = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="nnbook-reproducible-"))
    copies = {run: work / run / "nnbook" for run in ("first", "second")}
    why_not = "--no-reuse" if args.no_reuse else reusable_clean_build(source)
    if why_not is None:
        print(f"the first build is the recorded cold build in {source / '_build'}")
        built = {"second": copies["second"]}
        copies["first"] = source
    else:
        print(f"making two builds ({why_not})")
        built = dict(copies)
    try:
        for copy in built.values():
            copy_sources(copy, source)
        for lang in LANGS:
            procs = {}
            for run, copy in built.items():
                log = work / f"{run}-{lang}.log"
                procs[run] = (start_build(copy, lang, log), log)
                if args.sequential:
                    procs[run][0].wait()
            failed = False
            for run, (proc, log) in procs.items():
                if proc.wait() != 0:
                    failed = True
                    tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
                    print(f"{run} build of {lang} failed (exit {proc.returncode}):\n{tail}")
            if failed:
                return 1
            print(f"built {lang} ({time.perf_counter() - start:.0f} s so far)")

        first, second = (figures(c) for c in copies.values())
        problems = []
        if not first:
            problems.append("the builds made no figures at all")
        for name in sorted(set(first) ^ set(second)):
            run = "first" if name in first else "second"
            problems.append(f"{name}: only made by the {run} build")
        differ = [n for n in sorted(set(first) & set(second))]
        differ = [n for n in differ if not filecmp.cmp(first[n], second[n], shallow=False)]
        if differ:
            shutil.rmtree(args.diff_dir, ignore_errors=True)
        for name in differ:
            problems.append(f"{name}: {first_difference(first[name], second[name])}")
            for run, files in (("first", first), ("second", second)):
                target = args.diff_dir / run / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(files[name], target)
        elapsed = time.perf_counter() - start
        if problems:
            print(f"{len(problems)} of {len(set(first) | set(second))} figures differ between "
                  f"two clean builds ({elapsed:.0f} s):")  # fmt: skip
            for p in problems:
                print(f"  {p}")
            if differ:
                print(f"both versions of each differing figure are in {args.diff_dir}")
            return 1
        print(f"all {len(first)} figures are byte-for-byte the same in two clean builds "
              f"({elapsed:.0f} s); not compared, since they show measured times: the figures "
              f"of {', '.join(sorted(MEASURED_FIGURE_SCRIPTS))}")  # fmt: skip
        return 0
    finally:
        if args.keep:
            print(f"builds kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
