"""What the site serves itself: MathJax (copied from the ``django-static-mathjax`` package),
and the root ``index.html`` that sends readers to the language their browser prefers."""

from __future__ import annotations

import html
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

from sphinx.application import Sphinx

from nnbook_sphinx.paths import BUILD


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


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _setup_static)
    app.connect("build-finished", _write_root_index)
