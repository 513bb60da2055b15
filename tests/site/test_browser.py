"""The built site in a real browser: Debian's Chromium, driven by Playwright, offline.

The site is served by ``http.server`` on 127.0.0.1; every request to any other host is aborted
and reported. For every page of both languages: no console error, no failed request, math
typeset, images loaded, and the language switch lands on the same page in the other language.
Then search in both languages (finding the pages a word is about), the root chooser's redirect
by browser language, and screenshots (``_build/screenshots``, or ``$NNBOOK_SCREENSHOT_DIR``) of
a chapter with math and figures, and of the preface, in each language.

Chromium is ``/usr/bin/chromium`` (``apt-get install chromium``) or ``$NNBOOK_CHROMIUM``;
Playwright never downloads a browser of its own here.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright import sync_api
from sitecheck import SEARCH_EXPECTED, resolve, soup

CHROMIUM = os.environ.get("NNBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Milliseconds to wait for MathJax, search results and redirects.
TIMEOUT = 20_000
#: Search loads a large index and builds the result list item by item: allow it more.
SEARCH_TIMEOUT = 60_000
#: The chapter photographed in each language: it has display math and figures.
SCREENSHOT_CHAPTER = "loss-functions.html"
#: Also photographed (its top only): the first page of the book.
SCREENSHOT_PAGES = ("preface.html",)


# --------------------------------------------------------------------------- server, browser


def screenshot_dir(site: Path) -> Path:
    """Where screenshots go: ``$NNBOOK_SCREENSHOT_DIR``, or ``screenshots`` beside the site."""
    return Path(os.environ.get("NNBOOK_SCREENSHOT_DIR") or site.parent / "screenshots")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` serving the site, on a free port, in a thread."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[sync_api.Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install it with `apt-get install -y chromium` "
            "(or point NNBOOK_CHROMIUM at one)",
            pytrace=False,
        )
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Recorder:
    """What goes wrong while a tab shows pages: console errors, failed and off-site requests."""

    def __init__(self, page: sync_api.Page, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught exception: {exc}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("request", self._request)
        # Only requests that leave the site are intercepted (and aborted): the pattern is
        # matched inside the browser driver, so local requests cost no round trip to Python.
        page.route(re.compile("^(?!" + re.escape(origin) + "/)"), self._route)

    def _console(self, msg: sync_api.ConsoleMessage) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = f" at {loc.get('url')}:{loc.get('lineNumber')}" if loc.get("url") else ""
            self.problems.append(f"console error: {msg.text}{where}")

    def _failed(self, request: sync_api.Request) -> None:
        if self._local(request.url):
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: sync_api.Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _request(self, request: sync_api.Request) -> None:
        if not self._allowed(request.url):
            self.problems.append(f"request to another host: {request.url}")

    def _route(self, route: sync_api.Route) -> None:
        if self._allowed(route.request.url):
            route.continue_()
        else:
            route.abort()

    def _local(self, url: str) -> bool:
        return url == self.origin or url.startswith(self.origin + "/")

    def _allowed(self, url: str) -> bool:
        return self._local(url) or urlsplit(url).scheme in {"data", "blob"}

    def take(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


@pytest.fixture(scope="module")
def tab(browser: sync_api.Browser, server: str) -> Iterator[tuple[sync_api.Page, Recorder]]:
    """One tab, reused for every page, as a reader browsing the site.

    The theme keeps the reader's light/dark choice in ``localStorage``; a first visit of the
    site is checked by its own test, so the tab has visited the site once before.
    """
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    recorder = Recorder(page, server)
    page.goto(f"{server}/en/index.html")
    recorder.take()
    try:
        yield page, recorder
    finally:
        context.close()


# --------------------------------------------------------------------------- page checks

_WAIT_RENDERED = """async () => {
  await document.fonts.ready;
  for (const img of document.images) {
    img.loading = "eager";
  }
  await Promise.all(Array.from(document.images, (img) => img.decode().catch(() => null)));
  return Array.from(document.images)
    .filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => img.getAttribute("src"));
}"""


def _math_count(site: Path, page: str) -> int:
    return len(soup(site / page).select("span.math, div.math"))


def _check_page(view: sync_api.Page, rec: Recorder, site: Path, page: str) -> list[str]:
    """Problems of `page` (``en/x.html``), shown in `view`: errors, requests, math, images."""
    problems = []
    math = _math_count(site, page)
    if math:
        try:
            view.wait_for_function(
                "(n) => document.querySelectorAll('mjx-container').length >= n",
                arg=math,
                timeout=TIMEOUT,
            )
        except sync_api.TimeoutError:
            done = view.evaluate("document.querySelectorAll('mjx-container').length")
            problems.append(f"math not typeset: {done} of {math} formulas after {TIMEOUT} ms")
        errors = view.evaluate(
            "Array.from(document.querySelectorAll('mjx-merror'), e => e.textContent)"
        )
        problems += [f"TeX error: {e}" for e in errors]
    broken = view.evaluate(_WAIT_RENDERED)
    problems += [f"image not loaded: {src}" for src in broken]
    problems += rec.take()
    return problems


def _url(server: str, page: str) -> str:
    return f"{server}/{quote(page)}"


def test_pages_and_language_switch(
    tab: tuple[sync_api.Page, Recorder], server: str, site: Path, page_pair: str
) -> None:
    """en page → its switch → zh page → its switch → back at the en page.

    Both pages must load cleanly. The way back only checks where the switch goes (the en page
    itself was checked first): the navigation gets a stub page, which saves a load per page.
    """
    page, rec = tab
    rec.take()
    en, zh = f"en/{page_pair}", f"zh/{page_pair}"
    for path in (en, zh):
        assert (site / path).is_file(), f"{path} is not in the site"
    page.goto(_url(server, en))
    report = [f"{en}: {p}" for p in _check_page(page, rec, site, en)]
    _click_switch(page, server, en, zh)
    report += [f"{zh}: {p}" for p in _check_page(page, rec, site, zh)]

    def stub(route: sync_api.Route) -> None:
        if route.request.is_navigation_request():
            route.fulfill(body="<!DOCTYPE html><title>stub</title>", content_type="text/html")
        else:
            route.abort()

    pattern = re.compile("^" + re.escape(server + "/"))
    page.route(pattern, stub)
    try:
        _click_switch(page, server, zh, en)
    finally:
        page.unroute(pattern, stub)
    report += rec.take()
    assert not report, "problems in the browser:\n  " + "\n  ".join(dict.fromkeys(report))


def _click_switch(page: sync_api.Page, server: str, start: str, target: str) -> None:
    """Click the language switch of `start` (shown now); it must land on `target`."""
    with page.expect_navigation(wait_until="load"):
        page.locator("a.nnbook-lang-link").click()
    landed = urlsplit(page.url).path
    expected = urlsplit(_url(server, target)).path
    assert landed == expected, f"the language switch of {start} lands on {landed}, not {expected}"


def test_first_visit_has_no_console_error(browser: sync_api.Browser, server: str) -> None:
    """A reader's first page of the site (no stored theme choice) logs no error."""
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        rec = Recorder(page, server)
        problems = []
        for lang in ("en", "zh"):
            page.goto(f"{server}/{lang}/index.html")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            problems += [f"{lang}/index.html: {p}" for p in rec.take()]
            page.evaluate("() => localStorage.clear()")
    finally:
        context.close()
    assert not problems, "first visit of the site:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(
    ("lang", "query"), [(lang, q) for lang, qs in SEARCH_EXPECTED.items() for q in qs]
)
def test_search_finds_pages(
    tab: tuple[sync_api.Page, Recorder], server: str, site: Path, lang: str, query: str
) -> None:
    """The search page lists results for `query`, each one links to a page of the site, and
    the page the word is about is among them."""
    page, rec = tab
    rec.take()
    search = f"{lang}/search.html"
    page.goto(f"{server}/{search}?q={quote(query)}")
    phase = "loading the search index"
    try:
        page.wait_for_function(
            "() => typeof Search !== 'undefined' && Search._index !== null", timeout=SEARCH_TIMEOUT
        )
        # Sphinx adds the results one by one and at the end writes the summary ("Search finished,
        # found …"). Not Search._pulse_status === -1: stopPulse() sets it, but the pulse timer
        # still pending fires within 500 ms and sets it back to 0, so on a busy machine a poll
        # could miss the moment.
        phase = "listing the results"
        page.wait_for_function(
            "() => document.querySelectorAll('#search-results li').length > 0"
            " && Search.status && Search.status.innerText.trim() !== ''",
            timeout=SEARCH_TIMEOUT,
        )
    except sync_api.TimeoutError:
        box = page.locator("#search-results")
        status = box.inner_text() if box.count() else "no #search-results element"
        shot = screenshot_dir(site) / f"search-failed-{lang}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
        pytest.fail(
            f"{lang} search for {query!r} stuck {phase} after {SEARCH_TIMEOUT} ms "
            f"(screenshot {shot}): {status[:300]!r}; {rec.take()}"
        )
    # Each result fetches its page for a summary.
    page.wait_for_load_state("networkidle")
    hrefs = page.eval_on_selector_all(
        "#search-results li > a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs, f"{lang} search for {query!r}: results without links"
    dead = [h for h in hrefs if not resolve(site, search, h).is_file()]
    assert not dead, f"{lang} search for {query!r} links to missing pages: {dead}"
    found = {resolve(site, search, h).relative_to(site / lang).as_posix() for h in hrefs}
    expected = SEARCH_EXPECTED[lang][query]
    assert set(expected) & found, (
        f"{lang} search for {query!r} finds none of {list(expected)} among its "
        f"{len(found)} results: {sorted(found)}"
    )
    problems = rec.take()
    assert not problems, f"{lang} search for {query!r}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(("locale", "lang"), [("zh-CN", "zh"), ("en-US", "en"), ("fr-FR", "en")])
def test_root_redirects_by_browser_language(
    browser: sync_api.Browser, server: str, locale: str, lang: str
) -> None:
    """``index.html`` sends a browser whose language is `locale` to the `lang` book."""
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        rec = Recorder(page, server)
        # A returning reader: what a first visit logs is the first-visit test's business.
        page.goto(f"{server}/en/genindex.html")
        rec.take()
        page.goto(f"{server}/index.html")
        page.wait_for_url(re.compile(rf"/{lang}/index\.html$"), timeout=TIMEOUT)
        page.wait_for_load_state("load")
        # The chooser replaces itself while it loads, and the browser drops the rest of it.
        replaced = f"request failed: {server}/index.html (net::ERR_ABORTED)"
        problems = [p for p in rec.take() if p != replaced]
    finally:
        context.close()
    assert not problems, f"redirect for {locale}:\n  " + "\n  ".join(problems)


_GLYPHS = """(text) => {
  const family = getComputedStyle(document.body).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext("2d");
  const draw = (ch) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = `48px ${family}`;
    ctx.fillText(ch, 4, 52);
    return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(",");
  };
  const missing = draw("\\u{10FFFD}");
  return Array.from(text).filter((ch) => draw(ch) === missing);
}"""


def test_screenshots_and_chinese_glyphs(
    tab: tuple[sync_api.Page, Recorder], server: str, site: Path
) -> None:
    """Screenshots of a chapter with math and figures in each language (its top, its first
    figure with the text around it, and all of it) and of the preface's top; Chinese
    characters render as real glyphs, not as the boxes of a missing font."""
    page, rec = tab
    out = screenshot_dir(site)
    out.mkdir(parents=True, exist_ok=True)
    rec.take()
    problems = []
    for lang in ("en", "zh"):
        path = f"{lang}/{SCREENSHOT_CHAPTER}"
        doc = soup(site / path)
        assert doc.select("div.math") and doc.select("figure img"), (
            f"{path} is photographed to show math and a figure, but it has "
            f"{len(doc.select('div.math'))} display equations and "
            f"{len(doc.select('figure img'))} figures"
        )
        page.goto(_url(server, path))
        problems += [f"{path}: {p}" for p in _check_page(page, rec, site, path)]
        stem = f"{lang}-{Path(SCREENSHOT_CHAPTER).stem}"
        page.screenshot(path=str(out / f"{stem}.png"))
        page.locator("figure img").first.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(out / f"{stem}-figure.png"))
        page.screenshot(path=str(out / f"{stem}-full.png"), full_page=True)
        for name in SCREENSHOT_PAGES:
            path = f"{lang}/{name}"
            page.goto(_url(server, path))
            problems += [f"{path}: {p}" for p in _check_page(page, rec, site, path)]
            page.screenshot(path=str(out / f"{lang}-{Path(name).stem}.png"))
    assert not problems, "\n".join(problems)
    tofu = page.evaluate(_GLYPHS, "神经网络梯度损失函数中文")
    assert not tofu, (
        f"Chinese characters {''.join(tofu)} render as missing glyphs: install a CJK font "
        "(Debian: fonts-noto-cjk)"
    )
