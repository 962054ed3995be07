"""The live preview: the export's own HTML, shown by a locked-down QWebEngineView.

What the editor sees is what the reader gets: the page comes from the one renderer
(`editor_app.render.render_article`) with the same photo renditions the export writes.
The view is locked down so a hostile article cannot run or fetch anything:

- JavaScript, plugins, remote access from local content, window opening: off;
- the page is served from a private scheme (`copydesk-preview://article/...`) by
  `ArticleSchemeHandler`, which answers only the page, its stylesheet and the renditions
  of the article's own photos; an off-the-record profile with a request interceptor
  refuses every other URL (http, https, file, data...);
- `LockedPage.acceptNavigationRequest` refuses navigation; a link the user clicks is
  handed to the system browser (http, https and mailto only) through `linkActivated`.

Rendering and photo renditions run in workers, and only while the preview is in sight:
rendering 20,000 words is ~160 ms of Python in a worker, which the GUI thread shares the
interpreter with, so a hidden preview (View > Preview off, Focus Mode) keeps only the
latest request and renders it when shown again. The preview follows the editor's cursor:
the renderer marks each top-level element of the body with the line it starts on
(`data-source-line`, preview only), and after each refresh, and a moment after the
cursor moves (without rendering again), a script in the *application* world scrolls
the element holding the cursor's line to the top of the view. Application-world
scripts run even though page JavaScript is disabled and the page's CSP allows no
script (page scripts still cannot run).
"""

from __future__ import annotations

import time
from collections import OrderedDict

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlSchemeHandler,
)
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .preview_scheme import PREVIEW_HOST, PREVIEW_SCHEME

EXTERNAL_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
RENDITION_CACHE_BYTES = 64 * 1024 * 1024

# Cursor moves come in bursts (arrow keys held, typing): scroll once they settle.
FOLLOW_CURSOR_DELAY_MS = 120
# Where the followed element lands: this fraction of the view's height below the top.
FOLLOWED_ELEMENT_TOP = 0.1

# The element holding `line` is the last marked one starting at or before it (the
# marks are in page order, their lines increasing). In the first block, the page's
# top is shown instead, headline and lead photo with it. Returns the element's line.
_SCROLL_TO_LINE_SCRIPT = """
(function (line, topFraction) {
  var marked = document.querySelectorAll('[data-source-line]');
  var target = null;
  for (var i = 0; i < marked.length; i++) {
    if (parseInt(marked[i].getAttribute('data-source-line'), 10) > line) break;
    target = marked[i];
  }
  if (target === null || target === marked[0]) {
    window.scrollTo(0, 0);
    return target === null ? 0 : parseInt(target.getAttribute('data-source-line'), 10);
  }
  var top = target.getBoundingClientRect().top + window.scrollY - window.innerHeight * topFraction;
  window.scrollTo(0, Math.max(0, top));
  return parseInt(target.getAttribute('data-source-line'), 10);
})(%d, %f);
"""


def is_own_url(url: QUrl) -> bool:
    return url.scheme() == PREVIEW_SCHEME and url.host() == PREVIEW_HOST


class OwnResourcesOnly(QWebEngineUrlRequestInterceptor):
    """Refuses every request that is not for the article's own page, stylesheet or photos."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.refused: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if not is_own_url(url):
            self.refused.append(url.toString())
            del self.refused[:-50]
            info.block(True)


class RenditionCache:
    """Rendered photo bytes by file name, dropping the least recently used past a byte budget."""

    def __init__(self, budget: int = RENDITION_CACHE_BYTES) -> None:
        self._items: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._budget = budget
        self._size = 0

    def get(self, name: str) -> tuple[bytes, str] | None:
        item = self._items.get(name)
        if item is not None:
            self._items.move_to_end(name)
        return item

    def put(self, name: str, data: bytes, mime: str) -> None:
        if name in self._items:
            return
        self._items[name] = (data, mime)
        self._size += len(data)
        while self._size > self._budget and len(self._items) > 1:
            _, (old, _mime) = self._items.popitem(last=False)
            self._size -= len(old)

    def clear(self) -> None:
        self._items.clear()
        self._size = 0


class ArticleSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves `copydesk-preview://article/<generation>/...` from memory and the library only."""

    def __init__(self, workers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workers = workers
        self.library = None
        self.generation = 0
        self.page_html = b""
        self.stylesheet = b""
        self.photo_sources: dict[str, object] = {}  # file name -> (placement, width)
        self.cache = RenditionCache()
        self._waiting: dict[str, list[QWebEngineUrlRequestJob]] = {}

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        parts = url.path().lstrip("/").split("/", 1)
        stale_page = len(parts) == 2 and parts[1] == "index.html" and parts[0] != str(self.generation)
        if not is_own_url(url) or len(parts) != 2 or stale_page:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        resource = parts[1]
        if resource == "index.html":
            self._reply(job, self.page_html, "text/html")
        elif resource == "assets/copydesk.css":
            self._reply(job, self.stylesheet, "text/css")
        elif resource.startswith("photos/") and resource[len("photos/") :] in self.photo_sources:
            self._serve_photo(job, resource[len("photos/") :])
        else:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)

    @staticmethod
    def _reply(job: QWebEngineUrlRequestJob, data: bytes, mime: str) -> None:
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(mime.encode()), buffer)

    def _serve_photo(self, job: QWebEngineUrlRequestJob, name: str) -> None:
        cached = self.cache.get(name)
        if cached is not None:
            self._reply(job, cached[0], cached[1])
            return
        waiting = self._waiting.setdefault(name, [])
        waiting.append(job)
        if len(waiting) == 1:
            placement, width = self.photo_sources[name]
            self.workers.submit(
                _render_named_photo, self.library, placement, width, name,
                on_result=self._photo_rendered, on_error=self._photo_failed,
            )  # fmt: skip

    @Slot(object)
    def _photo_rendered(self, named) -> None:
        name, data, mime = named
        self.cache.put(name, data, mime)
        for job in self._waiting.pop(name, []):
            if shiboken6.isValid(job):
                self._reply(job, data, mime)

    @Slot(object)
    def _photo_failed(self, failure) -> None:
        name = getattr(failure.error, "photo_name", None)
        names = [name] if name in self._waiting else list(self._waiting)
        for waiting_name in names:
            for job in self._waiting.pop(waiting_name, []):
                if shiboken6.isValid(job):
                    job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)


class PhotoRenditionError(Exception):
    def __init__(self, photo_name: str, reason: str) -> None:
        super().__init__(f"Could not render {photo_name}: {reason}")
        self.photo_name = photo_name


def _render_named_photo(library, placement, width: int, name: str) -> tuple[str, bytes, str]:
    from editor_app.photos import render_photo

    try:
        rendition = render_photo(library, placement, width)
    except Exception as error:
        raise PhotoRenditionError(name, str(error)) from error
    return name, rendition.data, rendition.mime


class LockedPage(QWebEnginePage):
    """A page that never navigates: link clicks go out through `linkActivated`, if safe."""

    linkActivated = Signal(QUrl)

    def acceptNavigationRequest(self, url: QUrl, navigation_type, is_main_frame: bool) -> bool:
        if navigation_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            current = self.url()
            if is_own_url(url) and url.adjusted(QUrl.UrlFormattingOption.RemoveFragment) == current.adjusted(
                QUrl.UrlFormattingOption.RemoveFragment
            ):
                return True  # an in-page anchor (footnotes, headings)
            if url.scheme() in EXTERNAL_LINK_SCHEMES:
                self.linkActivated.emit(url)
            return False
        return is_own_url(url) and is_main_frame

    def createWindow(self, _window_type):
        return None

    def javaScriptConsoleMessage(self, _level, message, line, source):
        """Page scripts never run; keep Chromium's console chatter out of the terminal."""


def _render_page(article, placed_photos, generation: int):
    """Worker side of a refresh: the page HTML and the photo files it may ask for."""
    from editor_app.render import PlacedPhoto, photo_filename, render_article, rendition_widths

    started = time.perf_counter()
    placed = [PlacedPhoto(placement, photo) for placement, photo in placed_photos]
    rendered = render_article(article, placed, root="", source_lines=True)
    sources = {}
    for item in placed:
        for width in rendition_widths(item):
            sources[photo_filename(item, width)] = (item.placement, width)
    return generation, rendered, sources, (time.perf_counter() - started) * 1000


class PreviewPane(QWidget):
    linkActivated = Signal(QUrl)  # the user clicked an http(s)/mailto link
    refreshed = Signal(float)  # milliseconds from request to page loaded
    renderFailed = Signal(str)
    followedLine = Signal(int)  # the line of the element scrolled to (0: the page's top)

    def __init__(self, workers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self.setAccessibleName("Preview")
        self.workers = workers
        self.library = None
        self.last_html = ""
        self.last_render_ms = 0.0
        self.last_refresh_ms = 0.0
        self._generation = 0
        self._requested_at = 0.0
        self._source_line = 1  # the editor's cursor line (1-based) the page follows
        self._waiting_for_sight = None  # (article, placed photos) asked for while hidden
        self._stylesheet_loaded = False
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_CURSOR_DELAY_MS)
        self._follow_timer.timeout.connect(self._scroll_to_source_line)

        self.profile = None
        self.page = None
        self.view = None
        self.interceptor = OwnResourcesOnly(self)
        self.scheme_handler = ArticleSchemeHandler(workers, self)
        self._zoom_factor = 1.0
        self._shut_down = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_view(self) -> None:
        """Create the web view on first use: starting Chromium is the costliest part of
        opening the window, so it happens after the first paint, not before."""
        if self.view is not None:
            return
        from PySide6.QtWebEngineWidgets import QWebEngineView

        self.profile = QWebEngineProfile(self)  # no name: off the record, nothing on disk
        self.profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        self.profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
        self.profile.setUrlRequestInterceptor(self.interceptor)
        self.profile.installUrlSchemeHandler(QByteArray(PREVIEW_SCHEME.encode()), self.scheme_handler)

        self.view = QWebEngineView(self)
        self.view.setAccessibleName("Article preview")
        self.view.setAccessibleDescription("The article as the export will show it")
        self.page = LockedPage(self.profile, self.view)
        settings = self.page.settings()
        for attribute, value in (
            (QWebEngineSettings.WebAttribute.JavascriptEnabled, False),
            (QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False),
            (QWebEngineSettings.WebAttribute.JavascriptCanAccessClipboard, False),
            (QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False),
            (QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False),
            (QWebEngineSettings.WebAttribute.PluginsEnabled, False),
            (QWebEngineSettings.WebAttribute.AutoLoadIconsForPage, False),
            (QWebEngineSettings.WebAttribute.DnsPrefetchEnabled, False),
            (QWebEngineSettings.WebAttribute.NavigateOnDropEnabled, False),
            (QWebEngineSettings.WebAttribute.WebGLEnabled, False),
            (QWebEngineSettings.WebAttribute.PdfViewerEnabled, False),
        ):
            settings.setAttribute(attribute, value)
        self.view.setPage(self.page)
        self.view.setZoomFactor(self._zoom_factor)
        self.page.linkActivated.connect(self.linkActivated)
        self.page.loadFinished.connect(self._page_loaded)
        self._layout.addWidget(self.view)

    def set_library(self, library) -> None:
        self.library = library
        self.scheme_handler.library = library
        self.scheme_handler.cache.clear()

    def show_article(self, article, placed_photos, source_line: int | None = None) -> None:
        """Render `article` (with its [(Placement, Photo)]) in a worker and show it,
        scrolled to the body's `source_line` (1-based; by default the line followed so far)."""
        if article is None:
            self.clear()
            return
        if source_line is not None:
            self._source_line = max(1, source_line)
        if self.window().isVisible() and not self.isVisible():  # the window is up, the preview hidden
            self._generation += 1  # a render still on its way is out of date too
            self._waiting_for_sight = (article, list(placed_photos))
            return
        self._waiting_for_sight = None
        self._generation += 1
        self._requested_at = time.perf_counter()
        self.workers.submit(
            _render_page, article, list(placed_photos), self._generation,
            on_result=self._page_rendered, on_error=self._render_failed,
        )  # fmt: skip

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._waiting_for_sight is not None:
            article, placed_photos = self._waiting_for_sight
            self.show_article(article, placed_photos)

    def follow_line(self, source_line: int) -> None:
        """The editor's cursor is on `source_line`: scroll there once the cursor rests.

        Costs a timer restart; the page is not rendered again.
        """
        self._source_line = max(1, source_line)
        self._follow_timer.start()

    @Slot()
    def _scroll_to_source_line(self) -> None:
        self._follow_timer.stop()
        if self.page is None or not self.last_html:
            return  # the next page loaded scrolls there itself
        self.page.runJavaScript(
            _SCROLL_TO_LINE_SCRIPT % (self._source_line, FOLLOWED_ELEMENT_TOP),
            QWebEngineScript.ScriptWorldId.ApplicationWorld,
            self._scrolled,
        )

    def _scrolled(self, line) -> None:
        if not self._shut_down and isinstance(line, (int, float)):
            self.followedLine.emit(int(line))

    def clear(self) -> None:
        self._generation += 1
        self._waiting_for_sight = None
        self.last_html = ""
        self.scheme_handler.page_html = b""
        if self.page is not None:
            self.page.setHtml("")

    @Slot(object)
    def _page_rendered(self, outcome) -> None:
        generation, rendered, sources, render_ms = outcome
        if generation != self._generation or self._shut_down:
            return  # a newer refresh is on its way
        if not self._stylesheet_loaded:
            from editor_app.render import stylesheet_text

            self.scheme_handler.stylesheet = stylesheet_text().encode("utf-8")
            self._stylesheet_loaded = True
        self.last_html = rendered.html
        self.last_render_ms = render_ms
        handler = self.scheme_handler
        handler.generation = generation
        handler.page_html = rendered.html.encode("utf-8")
        handler.photo_sources = sources
        self.ensure_view()
        self.page.load(QUrl(f"{PREVIEW_SCHEME}://{PREVIEW_HOST}/{generation}/index.html"))

    @Slot(object)
    def _render_failed(self, failure) -> None:
        self.renderFailed.emit(f"Preview could not be rendered: {failure.error}")

    @Slot(bool)
    def _page_loaded(self, ok: bool) -> None:
        if not ok or not self.last_html:
            return
        self.last_refresh_ms = (time.perf_counter() - self._requested_at) * 1000
        self._scroll_to_source_line()
        self.refreshed.emit(self.last_refresh_ms)

    def set_zoom(self, steps: int) -> None:
        self._zoom_factor = max(0.3, min(3.0, 1.0 + 0.1 * steps))
        if self.view is not None:
            self.view.setZoomFactor(self._zoom_factor)

    def shut_down(self) -> None:
        """Delete the view and its page before the profile (Chromium needs that order).

        Results of renders still queued are ignored from now on, so no new page is made.
        """
        self._shut_down = True
        self._generation += 1
        self._waiting_for_sight = None
        self._follow_timer.stop()
        if self.view is not None:
            view, self.view, self.page = self.view, None, None
            shiboken6.delete(view)
