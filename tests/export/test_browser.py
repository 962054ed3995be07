"""The exported site opened from file:// in the system Chromium, as a reader would.

Every image loads, nothing is logged as an error (a CSP violation would be), no request
leaves the export folder, and captions and credits are on screen. Articles made of the
renderer tests' hostile payloads run no script and fetch nothing. A screenshot of the
article page is kept in tests/artifacts/.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from editor_app.export import export_article, export_site
from tests.conftest import REPO_ROOT
from tests.render.hostile_payloads import HOSTILE_BODIES, HOSTILE_TEXT

from .conftest import html_pages

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="the chromium package is not installed"),
]


@pytest.fixture
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()


class Visit:
    """A page with every request, console error and page error recorded."""

    def __init__(self, browser, export_root: Path):
        self.root = export_root.resolve()
        self.context = browser.new_context(viewport={"width": 1100, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []  # alert(), confirm(), ...: only a script can open one
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("requestfailed", lambda request: self.errors.append(f"failed: {request.url}"))
        self.page.on("dialog", self._dialog_opened)

    def _dialog_opened(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri(), wait_until="load")
        images = self.page.query_selector_all("img")
        for image in images:  # lazy images load only when scrolled to
            image.scroll_into_view_if_needed()
            self.page.wait_for_function("image => image.complete", arg=image, timeout=10_000)
        widths = self.page.eval_on_selector_all("img", "images => images.map(i => [i.currentSrc, i.naturalWidth])")
        broken = [src for src, width in widths if width <= 0]
        assert broken == [], f"images that did not load on {path}: {broken}"
        sheets = self.page.evaluate("document.styleSheets.length")
        assert sheets >= 1, f"no stylesheet applied on {path}"

    def outside_requests(self) -> list[str]:
        outside = []
        for url in self.requests:
            parsed = urlparse(url)
            if parsed.scheme != "file" or not Path(unquote(parsed.path)).resolve().is_relative_to(self.root):
                outside.append(url)
        return outside

    def close(self) -> None:
        self.context.close()


def test_exported_site_pages_load_completely_and_stay_inside_the_folder(newsroom, library, tmp_path, browser):
    site = tmp_path / "site"
    export_site(library, site)
    pages = [
        site / "index.html",
        site / "articles" / newsroom["budget"].slug / "index.html",
        site / "articles" / newsroom["persian"].slug / "index.html",
        site / "sections" / "news" / "politics" / "index.html",
        site / "tags" / "iran" / "index.html",
    ]
    visit = Visit(browser, site)
    try:
        for page in pages:
            visit.open(page)
        # Follow a link from the front page as a reader would.
        visit.open(site / "index.html")
        visit.page.click(f"text={newsroom['world'].headline}")
        visit.page.wait_for_load_state("load")
        assert visit.page.url.endswith("/index.html") and "articles/" in visit.page.url
        assert visit.errors == []
        assert visit.outside_requests() == []
        assert any(url.endswith((".jpg", ".png")) for url in visit.requests)
    finally:
        visit.close()


def test_exported_article_shows_captions_and_credits(newsroom, library, tmp_path, browser):
    out = tmp_path / "one"
    export_article(library, newsroom["budget"].id, out)
    placed = library.placed_photos(newsroom["budget"].id)
    visit = Visit(browser, out)
    try:
        visit.open(out / "index.html")
        figures = visit.page.locator("figure")
        assert figures.count() == len(placed)
        for placement, _photo in placed:
            caption = visit.page.locator("figcaption", has_text=placement.caption)
            assert caption.count() == 1 and caption.is_visible(), placement.caption
            credit = visit.page.locator("figcaption", has_text=placement.credit)
            assert credit.count() == 1 and credit.is_visible(), placement.credit
        ARTIFACTS.mkdir(exist_ok=True)
        visit.page.screenshot(path=str(ARTIFACTS / "export_article.png"), full_page=True)
        assert visit.errors == []
        assert visit.outside_requests() == []
    finally:
        visit.close()
    assert (ARTIFACTS / "export_article.png").stat().st_size > 10_000


# What a page must not hold once in the browser's DOM: any script but the JSON-LD block,
# event-handler attributes, elements that load or submit elsewhere, script URLs.
DANGEROUS_IN_DOM = """() => [...document.querySelectorAll('*')].flatMap(element => {
    const found = [...element.attributes]
        .filter(attribute => attribute.name.toLowerCase().startsWith('on'))
        .map(attribute => `${element.tagName} ${attribute.name}`);
    if (element.tagName === 'SCRIPT' && element.type !== 'application/ld+json') found.push('SCRIPT');
    if (['IFRAME', 'OBJECT', 'EMBED', 'FORM', 'BASE'].includes(element.tagName)) found.push(element.tagName);
    for (const name of ['href', 'src', 'action', 'formaction']) {
        const value = (element.getAttribute(name) || '').replace(/[\\s\\0]/g, '').toLowerCase();
        if (/^(javascript|vbscript|data):/.test(value)) found.push(`${element.tagName} ${name}=${value}`);
    }
    return found;
})"""


def test_hostile_articles_run_no_script_and_fetch_nothing_outside(library, tmp_path, browser):
    for number, body in enumerate(HOSTILE_BODIES):
        library.create_article(
            headline=f"Hostile {number} {HOSTILE_TEXT}", standfirst=HOSTILE_TEXT, byline=HOSTILE_TEXT,
            section=f"News / {HOSTILE_TEXT}", tags=[HOSTILE_TEXT], body=body, status="ready",
        )  # fmt: skip
    site = tmp_path / "site"
    report = export_site(library, site)
    assert report.articles == len(HOSTILE_BODIES) and report.skipped == []
    pages = html_pages(site)
    assert len(pages) > len(HOSTILE_BODIES)  # every article, the front page, section and tag pages
    visit = Visit(browser, site)
    try:
        for page in pages:
            visit.open(page)
            assert visit.page.evaluate(DANGEROUS_IN_DOM) == [], page
        assert visit.dialogs == []
        assert visit.errors == []  # a blocked inline script or handler is logged as a CSP violation
        assert visit.outside_requests() == []
    finally:
        visit.close()
