"""Figures by name: a gallery figure is saved under the name its script gives it, so that a
page refers to ``gallery/<folder>/images/<name>.png`` and not to sphinx-gallery's numbered
``sphx_glr_<script>_00N.png``, which changes meaning whenever a script adds or reorders figures.

A script names a figure with ``nnbook.plotting.subplots(..., name="<name>")`` (or
``draw_graph(..., name=...)``). :func:`scraper`, sphinx-gallery's image scraper for the book,
saves every figure as sphinx-gallery does, for the gallery page and its thumbnail, and then
copies each named figure's image to its stable name beside the numbered ones. Names are
lower-case words joined by hyphens and unique in the book: a page's figure with
``:name: fig-<name>`` shows ``images/<name>.png`` (``tools/lint_pages.py`` checks that the two
agree), and Sphinx copies every image into one ``_images`` folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.errors import ExtensionError

NAME_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def stable_image(images: Path, name: str) -> Path:
    """Where the image of the figure called `name` goes in a gallery folder's ``images``."""
    if not NAME_RE.fullmatch(name):
        raise ExtensionError(
            f"figure name {name!r} must be lower-case letters and digits joined by hyphens, "
            "like 'training-mnist-loss'"
        )
    return images / f"{name}.png"


def scraper(block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any], **kwargs: Any):
    """sphinx-gallery's matplotlib scraper, then a copy of each named figure's image."""
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import matplotlib_scraper

    names = [plt.figure(number).get_label() for number in plt.get_fignums()]
    paths = block_vars["image_path_iterator"]
    first = len(paths)
    rst = matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)
    # The matplotlib scraper takes one numbered path per open figure, in figure order.
    for name, numbered in zip(names, paths.paths[first:], strict=True):
        if name:
            numbered = Path(numbered)
            shutil.copyfile(numbered, stable_image(numbered.parent, name))
    return rst
