"""The book's own Sphinx extension: what no package does for a bilingual, offline book.

- serves MathJax from the site itself (copied from the ``django-static-mathjax`` package);
- makes Chinese search work: a jieba user dictionary made from the glossary, and a fix for the
  ``ChineseStemmer`` that Sphinx 9.0/9.1 reference but never define (sphinx-doc/sphinx#14229);
- a language switch that goes to the same page in the other language;
- picks the reader's language out of the bilingual titles and labels of the gallery pages
  (``English ‖ 中文``) and translates sphinx-gallery's fixed English strings, with the other
  interface strings, from the project's catalog ``locale/zh_CN/LC_MESSAGES/sphinx.po``;
- the ``glossary-table`` directive, which renders ``docs/terms.csv``;
- a mini-gallery under every API entry;
- the root ``index.html`` that sends readers to the language their browser prefers;
- re-runs of gallery scripts and notebook pages when the nnbook code they import changes (both
  caches key on the page's own code only), and the time each phase of the build took;
- keeps the build's scratch files out of the published HTML: myst-nb's executed notebooks and
  glue data (``_build/jupyter_execute/<lang>``), the pickled doctrees (``_build/doctrees/<lang>``
  when the command line leaves them at Sphinx's default inside the output) and the jieba
  dictionary (``_build/search``).
"""

from __future__ import annotations

import ast
import csv
import functools
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from nnbook_deps import (
    gallery_scripts_to_rerun,
    pages_to_reexecute,
    record_gallery_fingerprints,
    stale_gallery_outputs,
)
from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese
from sphinx.util import logging

logger = logging.getLogger(__name__)

DOCS = Path(__file__).resolve().parents[1]
ROOT = DOCS.parent
BUILD = ROOT / "_build"
GALLERIES = ROOT / "galleries"
TERMS = DOCS / "terms.csv"
LANGS = ("en", "zh")
#: Sphinx ``language`` of each of the book's languages (as in ``conf_common.py``).
SPHINX_LANGUAGE = {"en": "en", "zh": "zh_CN"}
#: The project's catalog of interface strings, by Sphinx language.
CATALOG = ROOT / "locale" / "{language}" / "LC_MESSAGES" / "sphinx.po"
LANG_NAMES = {"en": "English", "zh": "中文"}
BILINGUAL_SEP = " ‖ "


# --------------------------------------------------------------------------- interface strings


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """The translated interface strings of `lang` (msgid → msgstr) from the project's catalog.

    The same ``sphinx.po`` that Sphinx compiles and uses for the theme's strings; English has
    none (the msgids are English).
    """
    if lang == "en":
        return {}
    from babel.messages.pofile import read_po

    path = Path(str(CATALOG).format(language=SPHINX_LANGUAGE[lang]))
    with path.open("rb") as fh:
        messages = read_po(fh, locale=SPHINX_LANGUAGE[lang])
    return {m.id: m.string for m in messages if m.id and m.string and not m.fuzzy}


def translate(msgid: str, lang: str) -> str:
    """`msgid` in `lang`, from the project's catalog; a string it lacks is an error."""
    if lang == "en":
        return msgid
    try:
        return catalog(lang)[msgid]
    except KeyError:
        path = str(CATALOG).format(language=SPHINX_LANGUAGE[lang])
        raise KeyError(f"{path} has no translation of {msgid!r}") from None


# --------------------------------------------------------------------------- glossary terms


def read_terms(path: Path = TERMS) -> list[dict[str, str]]:
    """Rows of the glossary: ``en``, ``zh`` and a short ``note`` in each language."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.DictReader(fh) if row.get("en", "").strip()]
    for row in rows:
        if not row.get("zh", "").strip():
            raise ValueError(f"{path}: term {row['en']!r} has no Chinese form")
    return rows


class GlossaryTable(Directive):
    """``.. glossary-table::`` — the terms of the book as a two-column table, zh ↔ en.

    The column order follows the page language: the reader's language first.
    """

    has_content = False
    option_spec: ClassVar[dict] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        env.note_dependency(str(TERMS))
        lang = env.config.nnbook_lang
        rows = sorted(read_terms(), key=lambda r: r["en"].lower())
        cols = ("en", "zh") if lang == "en" else ("zh", "en")
        # Column headers: the name of each column's language, in the page's language.
        headers = {"en": translate("English", lang), "zh": translate("Chinese", lang)}
        table = nodes.table(classes=["glossary-table"])
        group = nodes.tgroup(cols=2)
        table += group
        for _ in cols:
            group += nodes.colspec(colwidth=1)
        thead = nodes.thead()
        group += thead
        head = nodes.row()
        for col in cols:
            head += nodes.entry("", nodes.paragraph(text=headers[col]))
        thead += head
        tbody = nodes.tbody()
        group += tbody
        for term in rows:
            row = nodes.row(ids=[nodes.make_id("term-" + term["en"])])
            for col in cols:
                row += nodes.entry("", nodes.paragraph(text=term[col].strip()))
            tbody += row
        return [table]


#: Words Chinese search must find wherever they occur, also inside a longer term (the
#: glossary's terms are added to these): 反向传播 in 误差反向传播法, 损失函数 in 交叉熵损失函数.
SEARCH_TERMS_ZH = ("梯度", "损失函数", "交叉熵", "反向传播")


def search_terms_zh() -> list[str]:
    """The words of the jieba user dictionary: the glossary's Chinese terms and
    :data:`SEARCH_TERMS_ZH`."""
    words = {t["zh"].strip() for t in read_terms()} | set(SEARCH_TERMS_ZH)
    return sorted(w for w in words if w and " " not in w)


def _write_jieba_dict(path: Path = BUILD / "search" / "jieba_userdict_zh.txt") -> str:
    """Write the jieba user dictionary (outside the HTML output); return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A high frequency makes jieba keep each term as one word rather than cut it up.
    text = "".join(f"{w} 100000 n\n" for w in search_terms_zh())
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        # Written whole or not at all: another build may be reading it.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    return str(path)


class SearchChineseFixed(SearchChinese):
    """Chinese search that works on Sphinx 9.0/9.1 and finds the book's terms inside longer
    words.

    Sphinx 9.0 and 9.1 ship ``english-stemmer.js`` for Chinese but emit
    ``window.Stemmer = ChineseStemmer``, which is undefined, so search fails in the browser
    (sphinx-doc/sphinx#14229, fixed in 9.2, which needs Python ≥ 3.12). Naming the language
    after the stemmer it really uses makes the generated line ``EnglishStemmer``.

    jieba's search mode adds only the two- and three-character pieces of a long word to the
    index, so a page that writes 误差反向传播法 would not be found by 反向传播, and a query is
    looked up as one whole word. Every term of the user dictionary that occurs inside a longer
    word is therefore indexed as well.
    """

    language_name = "English"

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._terms = tuple(t for t in search_terms_zh() if len(t) > 1)
        self._inside: dict[str, list[str]] = {}

    def terms_inside(self, word: str) -> list[str]:
        """The dictionary terms that occur in `word` and are shorter than it."""
        found = self._inside.get(word)
        if found is None:
            found = [t for t in self._terms if len(t) < len(word) and t in word]
            self._inside[word] = found
        return found

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        return words + [t for w in words if len(w) > 2 for t in self.terms_inside(w)]


# --------------------------------------------------------------------------- MathJax, offline


def _mathjax_dir() -> Path:
    dist = metadata.distribution("django-static-mathjax")
    path = Path(str(dist.locate_file("mathjax/static/mathjax/es5")))
    if not (path / "tex-chtml.js").is_file():
        raise RuntimeError(f"MathJax not found at {path}; install django-static-mathjax")
    return path


def _copy_mathjax(target: Path) -> None:
    """Put MathJax into ``target/mathjax`` unless it is there: copied into a folder of this
    process's own beside `target` (not in it: `target` is a static path, copied into the site)
    and renamed into place in one step, so that builds running at the same time never see
    or publish a partial copy."""
    mathjax = target / "mathjax"
    if (mathjax / "tex-chtml.js").is_file():
        return
    target.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".mathjax-", dir=target.parent))
    try:
        copy = work / "mathjax"
        ignore = shutil.ignore_patterns("*.map", "sre", "a11y", "mml")
        shutil.copytree(_mathjax_dir(), copy, ignore=ignore)
        try:
            copy.rename(mathjax)
        except OSError:
            # Another build put its copy there first.
            if not (mathjax / "tex-chtml.js").is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _setup_static(app: Sphinx, config) -> None:
    """Serve MathJax from ``_static/mathjax`` and point Sphinx's mathjax extension at it."""
    target = BUILD / "static_generated"
    _copy_mathjax(target)
    config.html_static_path = [*config.html_static_path, str(target)]
    config.mathjax_path = "mathjax/tex-chtml.js"
    if config.nnbook_lang == "zh":
        config.html_search_options = {"dict": _write_jieba_dict()}


# --------------------------------------------------------------------------- scratch files


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


# --------------------------------------------------------------------------- language switch


@functools.cache
def _source_pages(lang: str) -> frozenset[str]:
    """Page names that exist in the source tree of `lang` (generated pages counted as both)."""
    src = DOCS / lang
    return frozenset(
        p.relative_to(src).with_suffix("").as_posix()
        for p in src.rglob("*")
        if p.suffix in {".md", ".rst", ".ipynb"} and "_build" not in p.parts
    )


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    lang = app.config.nnbook_lang
    other = "zh" if lang == "en" else "en"
    depth = pagename.count("/")
    up = "../" * (depth + 1)
    generated = pagename.startswith(("gallery/", "gen_modules/")) or pagename in {
        "genindex",
        "search",
        "py-modindex",
    }
    target = pagename if generated or pagename in _source_pages(other) else "index"
    suffix = app.builder.get_target_uri(target) if hasattr(app.builder, "get_target_uri") else ""
    context["nnbook_lang"] = lang
    context["nnbook_other_lang"] = other
    context["nnbook_other_lang_name"] = LANG_NAMES[other]
    context["nnbook_other_url"] = f"{up}{other}/{suffix or target + '.html'}"
    # sphinx-book-theme builds this text from a catalog of its own that has no Chinese.
    context["theme_search_bar_text"] = translate("Search...", lang)


# --------------------------------------------------------------------------- gallery language

#: The fixed English strings sphinx-gallery writes into the pages it generates; their
#: translations are in the project's catalog (``locale/<language>/LC_MESSAGES/sphinx.po``).
GALLERY_STRINGS = (
    "Go to the end",
    "to download the full example code.",
    "Download Jupyter notebook:",
    "Download Python source code:",
    "Download zipped:",
    "Gallery generated by Sphinx-Gallery",
    "Related examples",
    "Examples using ",
)

_BILINGUAL_RE = re.compile(
    r"(?P<en>[^<>\"\n‖]+?)" + re.escape(BILINGUAL_SEP) + r"(?P<zh>[^<>\"\n‖]+)"
)
_UNDERLINE_RE = re.compile(r"^([=\-~^\"'`#*+<>_:.])\1+$")
_THUMB_RE = re.compile(
    r"tooltip=\"[^\"]*\">(?P<mid>.*?\.\. image:: /\S*/thumb/sphx_glr_(?P<stem>\w+)_thumb\.\w+\n)"
    r"(?P<indent>[ \t]*):alt:[ \t]*\n",
    re.S,
)
_ONLY_RE = re.compile(
    r"^\.\. only:: lang_(?P<lang>en|zh)\s*\n\n(?P<body>(?:[ \t]+.*\n|\n)+)", re.M
)


def _display_width(text: str) -> int:
    """Columns `text` takes: East Asian wide characters count two, as docutils counts them."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def pick_language(text: str, lang: str) -> str:
    """Keep the `lang` half of every ``English ‖ 中文`` pair, fixing title underlines."""

    def choose(m: re.Match) -> str:
        en = m["en"]
        lead = en[: len(en) - len(en.lstrip())]
        return lead + (m["zh"].strip() if lang == "zh" else en.strip())

    out: list[str] = []
    for line in text.split("\n"):
        if BILINGUAL_SEP in line:
            out.append(_BILINGUAL_RE.sub(choose, line))
            continue
        if out and _UNDERLINE_RE.match(line.strip()) and out[-1].strip():
            # The underline must be at least as wide as the (now shorter) title.
            width = max(_display_width(out[-1].strip()), 3)
            line = line.strip()[0] * width
        out.append(line)
    result = "\n".join(out)
    if lang != "en":
        for msgid in GALLERY_STRINGS:
            result = result.replace(msgid, translate(msgid, lang))
    return result


@functools.cache
def _script_summary(stem: str, lang: str) -> tuple[str, str]:
    """Title and first sentence(s) of a gallery script in `lang`, read from its docstring."""
    matches = sorted((ROOT / "galleries").rglob(f"{stem}.py"))
    if not matches:
        return "", ""
    doc = ast.get_docstring(ast.parse(matches[0].read_text(encoding="utf-8"))) or ""
    title_line = doc.strip().splitlines()[0] if doc.strip() else ""
    title = pick_language(title_line, lang).strip()
    intro = ""
    for m in _ONLY_RE.finditer(doc + "\n"):
        if m["lang"] == lang:
            intro = _CJK_BREAK_RE.sub("", m["body"].strip())
            intro = " ".join(intro.split())
            break
    # sphinx-gallery shortens its tooltips the same way.
    intro = re.sub(r":\w+:`~?([^`]+)`", r"\1", intro)
    if len(intro) > 95:
        intro = intro[:95] + "..."
    return title, intro


def _fill_thumbnails(text: str, lang: str) -> str:
    """Give every gallery thumbnail alt text and a tooltip in the language of the build."""

    def fill(m: re.Match) -> str:
        title, intro = _script_summary(m["stem"], lang)
        tooltip = html.escape(intro, quote=True)
        return f'tooltip="{tooltip}">{m["mid"]}{m["indent"]}:alt: {title}\n'

    return _THUMB_RE.sub(fill, text)


def _localise_gallery(app: Sphinx) -> None:
    """Rewrite the pages sphinx-gallery generated into the language of this build.

    sphinx-gallery writes its index pages anew on every build (the bilingual text differs from
    the localised file it finds), so each would look changed and be read again. A page whose
    localised text is the same as the last time gets back the modification time it had then.
    """
    lang = app.config.nnbook_lang
    src = Path(app.srcdir)
    record_path = BUILD / "gallery_localised" / f"{lang}.json"
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    files = [*src.joinpath("gallery").rglob("*.rst"), *src.joinpath("gen_modules").rglob("*")]
    for path in files:
        if not path.is_file() or path.suffix not in {".rst", ".examples", ".txt", ".json"}:
            continue
        text = path.read_text(encoding="utf-8")
        new = _fill_thumbnails(pick_language(text, lang), lang)
        if new == text:
            continue
        path.write_text(new, encoding="utf-8")
        key = path.relative_to(src).as_posix()
        digest = hashlib.sha256(new.encode("utf-8")).hexdigest()
        if key in record and record[key][0] == digest:
            os.utime(path, ns=(path.stat().st_atime_ns, record[key][1]))
        else:
            record[key] = [digest, path.stat().st_mtime_ns]
    record_path.parent.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps(record, indent=0, sort_keys=True), encoding="utf-8")


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK_RE = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")
_CODE_NODES = (nodes.literal_block, nodes.literal, nodes.raw, nodes.math, nodes.math_block)


def _join_cjk_lines(app: Sphinx, doctree: nodes.document) -> None:
    """Drop the line breaks between two Chinese characters in running text.

    A browser shows a source line break as a space, which is right between English words and
    wrong between Chinese characters; this lets Chinese paragraphs be wrapped in the sources.
    """
    if app.config.nnbook_lang != "zh":
        return
    for text in list(doctree.findall(nodes.Text)):
        if isinstance(text.parent, _CODE_NODES) or "\n" not in text:
            continue
        joined = _CJK_BREAK_RE.sub("", str(text))
        if joined != str(text):
            text.parent.replace(text, nodes.Text(joined))


_THUMB_URI_RE = re.compile(r"sphx_glr_(?P<stem>\w+?)_thumb\.\w+$")


def _thumbnail_alt(app: Sphinx, doctree: nodes.document) -> None:
    """Give the thumbnails of mini-galleries (which sphinx-gallery leaves blank) alt text."""
    for image in doctree.findall(nodes.image):
        m = _THUMB_URI_RE.search(image.get("uri", ""))
        if m and not image.get("alt", "").strip():
            title, _ = _script_summary(m["stem"], app.config.nnbook_lang)
            image["alt"] = title or m["stem"]


def _add_minigallery(app: Sphinx, what: str, name: str, obj, options, lines: list[str]) -> None:
    """Append the examples that use an API object to its documentation."""
    if what in {"function", "class"} and name.startswith("nnbook."):
        lines.extend(["", f".. minigallery:: {name}", ""])


# --------------------------------------------------------------------------- library dependencies
# sphinx-gallery and myst-nb's cache key on a page's own code only; nnbook_deps adds the
# nnbook code it imports (see there).


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


# --------------------------------------------------------------------------- build timings


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


# --------------------------------------------------------------------------- root chooser

ROOT_INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>How Neural Networks Learn · 神经网络是如何学习的</title>
<script>
(function () {{
  var langs = navigator.languages || [navigator.language || "en"];
  for (var i = 0; i < langs.length; i++) {{
    var l = (langs[i] || "").toLowerCase();
    if (l.indexOf("zh") === 0) {{ window.location.replace("zh/index.html"); return; }}
    if (l.indexOf("en") === 0) {{ window.location.replace("en/index.html"); return; }}
  }}
  window.location.replace("en/index.html");
}})();
</script>
</head>
<body>
<h1>{title}</h1>
<ul>
<li><a href="en/index.html" hreflang="en">English</a></li>
<li><a href="zh/index.html" hreflang="zh-CN" lang="zh-CN">中文</a></li>
</ul>
</body>
</html>
"""


def _write_root_index(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir).parent / "index.html"
    title = html.escape("How Neural Networks Learn · 神经网络是如何学习的")
    out.write_text(ROOT_INDEX.format(title=title), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    global TIMER
    TIMER = BuildTimer()
    app.add_config_value("nnbook_lang", "en", "env", types=[str])
    app.add_search_language(SearchChineseFixed)
    app.add_directive("glossary-table", GlossaryTable)
    app.connect("config-inited", _setup_static)
    app.connect("config-inited", _doctrees_out_of_html)
    # Right after myst-nb's own builder-inited handler (priority 500) made its configuration.
    app.connect("builder-inited", _notebook_output_out_of_html, priority=510)
    # sphinx-gallery generates its pages at builder-inited (priority 500); rewrite them after.
    app.connect("builder-inited", _localise_gallery, priority=900)
    # After sphinx-book-theme's own html-page-context handler, whose search text we replace.
    app.connect("html-page-context", _page_context, priority=800)
    app.connect("autodoc-process-docstring", _add_minigallery)
    app.connect("doctree-read", _join_cjk_lines)
    app.connect("doctree-read", _thumbnail_alt)
    app.connect("build-finished", _write_root_index)
    # Before sphinx-gallery (priority 500) decides which scripts are current.
    app.connect("builder-inited", _prune_stale_gallery_outputs, priority=390)
    app.connect("builder-inited", _rerun_changed_gallery_scripts, priority=400)
    app.connect("builder-inited", _record_gallery_fingerprints, priority=600)
    app.connect("env-get-outdated", _reexecute_changed_pages)
    # Build timings.
    app.connect("builder-inited", lambda app: TIMER.mark("gallery-start"), priority=1)
    app.connect("builder-inited", lambda app: TIMER.mark("gallery-end"), priority=999)
    app.connect("env-before-read-docs", lambda app, env, docs: TIMER.mark("read-start"))
    app.connect("source-read", TIMER.page_started)
    app.connect("doctree-read", TIMER.page_finished, priority=999)
    app.connect("env-updated", lambda app, env: TIMER.mark("read-end"))
    app.connect("build-finished", TIMER.report, priority=999)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
