"""Lint the Chinese text of the book against its glossary, ``docs/terms.csv``.

Run by ``nox -s lint``. The glossary is the single source of the book's Chinese terms: for each
English term it gives the chosen Chinese one (``zh``), for reference the terms of the Chinese
edition of Saitoh's book (``saitoh``) and of 《动手学深度学习》 (``d2l``) where they differ, and in
``avoid`` the variants the book does not use, as regular expressions separated by ``;``. This
script fails on every use of such a variant in

- the Chinese pages (``docs/zh``, without the generated gallery and API pages and the glossary
  page, which names the variants), prose and code cells alike, with inline code and the targets
  of roles left out;
- the Chinese text of the gallery scripts (``.. only:: lang_zh`` blocks and the Chinese half of
  ``tr(english, chinese)`` labels);

on emphasis in the Chinese text of a gallery script that reStructuredText would show as raw
asterisks (markup next to a CJK character needs an escaped space between them); and on a
cross-reference followed by the wrong unit: a chapter (a page's own label) is a 章, a section of
a page is a 节, so ``{ref}`training-mnist`一节`` and ``{ref}`optimizers-adam`一章`` are
both errors.

Exits non-zero with one line per problem.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TERMS = ROOT / "docs" / "terms.csv"
ZH = ROOT / "docs" / "zh"
GALLERIES = ROOT / "galleries"
GENERATED = ("gallery", "gen_modules")
#: The glossary page names the variants it rejects, as examples.
EXEMPT = ("glossary.md",)

#: Inline code and the target of a role, ``{ref}`text <target>``` included: not prose.
CODE_RE = re.compile(r"`[^`\n]*`")
LABEL_RE = re.compile(r"^\((?P<label>[\w.:-]+)\)=\s*$", re.M)
UNIT_RE = re.compile(r"\{ref\}`(?:[^`<]*<)?(?P<label>[\w.:-]+)>?`\s*一(?P<unit>[章节])")
#: The Chinese text of a gallery script: its ``lang_zh`` blocks and ``tr(…, "中文")`` labels.
ONLY_ZH_RE = re.compile(
    r"\.\. only:: lang_zh\n(?P<body>(?:[ \t]*(?:#[ \t]*)?\n|[ \t]*#?[ \t]{3,}.*\n)+)"
)
#: reStructuredText emphasis or strong emphasis, with the character on each side of it.
EMPHASIS_RE = re.compile(
    r"(?P<before>.?)(?P<mark>\*\*?)(?=\S)(?P<text>.+?)(?<=\S)(?P=mark)(?P<after>.?)"
)
TR_RE = re.compile(r"\btr\(\s*(?P<en>\"[^\"]*\"|'[^']*')\s*,\s*(?P<zh>\"[^\"]*\"|'[^']*')")


def variants() -> list[tuple[re.Pattern[str], str, str]]:
    """``(pattern, variant as written in the glossary, chosen term)`` for every avoided form."""
    with TERMS.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.DictReader(fh) if (row.get("en") or "").strip()]
    found = []
    for row in rows:
        for variant in filter(None, (v.strip() for v in (row.get("avoid") or "").split(";"))):
            found.append((re.compile(variant), variant, row["zh"].strip()))
    return found


def page_labels() -> set[str]:
    """The labels that name a whole page (the first label of every Chinese page)."""
    labels = set()
    for page in pages():
        first = LABEL_RE.search(page.read_text(encoding="utf-8"))
        if first:
            labels.add(first["label"])
    return labels


def pages() -> list[Path]:
    return sorted(
        p
        for p in ZH.rglob("*.md")
        if p.relative_to(ZH).parts[0] not in GENERATED and p.name not in EXEMPT
    )


def gallery_text(source: str) -> str:
    """The Chinese text of a gallery script, one piece per line."""
    pieces = [m["body"] for m in ONLY_ZH_RE.finditer(source)]
    pieces += [m["zh"][1:-1] for m in TR_RE.finditer(source)]
    return "\n".join(pieces)


def problems_in(text: str, where: str, rules) -> list[str]:
    problems = []
    prose = CODE_RE.sub(" ", text)
    for number, line in enumerate(prose.splitlines(), start=1):
        for pattern, variant, chosen in rules:
            for m in pattern.finditer(line):
                problems.append(
                    f"{where}:{number}: {m.group(0)!r} is a variant the glossary does not use "
                    f"(avoid {variant!r}); write {chosen!r}"
                )
    return problems


def _may_touch_markup(char: str) -> bool:
    """Whether reStructuredText lets inline markup start after or end before `char`: nothing,
    whitespace, an escaped space (the backslash) or punctuation, but not a letter or a CJK
    character."""
    return not char or char.isspace() or char == "\\" or unicodedata.category(char)[0] == "P"


def emphasis_problems(text: str, where: str) -> list[str]:
    problems = []
    for number, line in enumerate(CODE_RE.sub(" ", text).splitlines(), start=1):
        for m in EMPHASIS_RE.finditer(line):
            if _may_touch_markup(m["before"]) and _may_touch_markup(m["after"]):
                continue
            context = m.group(0)
            problems.append(
                f"{where}:{number}: {context!r}: emphasis next to a CJK character shows as raw "
                "asterisks; put an escaped space (\\ ) between them"
            )
    return problems


def unit_problems(text: str, where: str, chapters: set[str]) -> list[str]:
    problems = []
    for m in UNIT_RE.finditer(text):
        wanted = "章" if m["label"] in chapters else "节"
        if m["unit"] != wanted:
            kind = "a chapter" if wanted == "章" else "a section"
            problems.append(f"{where}: {m.group(0)!r}: {m['label']} is {kind}, so 一{wanted}")
    return problems


def main() -> int:
    rules = variants()
    chapters = page_labels()
    problems: list[str] = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(ROOT).as_posix()
        problems += problems_in(text, where, rules)
        problems += unit_problems(text, where, chapters)
    for script in sorted(GALLERIES.rglob("*.py")):
        text = gallery_text(script.read_text(encoding="utf-8"))
        where = f"{script.relative_to(ROOT).as_posix()} (Chinese text)"
        problems += problems_in(text, where, rules)
        problems += emphasis_problems(text, where)
    for problem in problems:
        print(problem)
    print(f"lint_terms: {len(rules)} avoided variants, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
