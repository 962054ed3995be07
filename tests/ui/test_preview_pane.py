"""The preview: the renderer's HTML in a web view that runs no script and fetches nothing else."""

from __future__ import annotations

import json

from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript, QWebEngineSettings

from editor_app.ui.preview_pane import PreviewPane
from editor_app.ui.preview_scheme import PREVIEW_HOST, PREVIEW_SCHEME
from editor_app.ui.workers import Workers


def make_preview(qtbot, library):
    workers = Workers()
    pane = PreviewPane(workers)
    pane._test_workers = workers
    qtbot.addWidget(pane)
    pane.resize(700, 500)
    pane.show()
    pane.set_library(library)
    pane.ensure_view()
    return pane


def test_view_is_locked_down(qtbot, library):
    pane = make_preview(qtbot, library)
    settings = pane.page.settings()
    W = QWebEngineSettings.WebAttribute
    assert not settings.testAttribute(W.JavascriptEnabled)
    assert not settings.testAttribute(W.LocalContentCanAccessRemoteUrls)
    assert not settings.testAttribute(W.LocalContentCanAccessFileUrls)
    assert not settings.testAttribute(W.PluginsEnabled)
    assert pane.profile.isOffTheRecord()
    pane.shut_down()


def test_remote_resources_are_refused(qtbot, library):
    pane = make_preview(qtbot, library)
    handler = pane.scheme_handler
    handler.generation = 7
    handler.page_html = (
        b'<html><head><link rel="stylesheet" href="https://tracker.example/s.css"></head>'
        b'<body><p id="x">hello</p><img src="https://tracker.example/pixel.gif">'
        b'<img src="file:///etc/hostname"><img src="photos/not-ours.jpg"></body></html>'
    )
    with qtbot.waitSignal(pane.page.loadFinished, timeout=15000):
        pane.page.load(QUrl(f"{PREVIEW_SCHEME}://{PREVIEW_HOST}/7/index.html"))
    # Page scripts are off, yet the application world can still read (and scroll) the page.
    with qtbot.waitCallback(timeout=10000) as result:
        pane.page.runJavaScript(
            "JSON.stringify([document.getElementById('x').textContent,"
            " Array.from(document.images).map(i => i.naturalWidth)])",
            QWebEngineScript.ScriptWorldId.ApplicationWorld,
            result,
        )
    text, image_widths = json.loads(result.args[0])
    assert text == "hello"
    assert image_widths == [0, 0, 0]  # nothing came from the network, the disk or a stranger's path
    refused = pane.interceptor.refused
    assert "https://tracker.example/pixel.gif" in refused
    assert "https://tracker.example/s.css" in refused
    pane.shut_down()


def test_navigation_is_refused_and_clicked_links_go_to_the_system_browser(qtbot, library):
    pane = make_preview(qtbot, library)
    page = pane.page
    clicked = QWebEnginePage.NavigationType.NavigationTypeLinkClicked
    typed = QWebEnginePage.NavigationType.NavigationTypeTyped
    with qtbot.waitSignal(pane.linkActivated) as activated:
        assert page.acceptNavigationRequest(QUrl("https://example.org/story"), clicked, True) is False
    assert activated.args[0] == QUrl("https://example.org/story")
    with qtbot.assertNotEmitted(pane.linkActivated):
        assert page.acceptNavigationRequest(QUrl("javascript:alert(1)"), clicked, True) is False
        assert page.acceptNavigationRequest(QUrl("file:///etc/passwd"), clicked, True) is False
        assert page.acceptNavigationRequest(QUrl("https://example.org/"), typed, True) is False
    assert page.acceptNavigationRequest(QUrl(f"{PREVIEW_SCHEME}://{PREVIEW_HOST}/1/index.html"), typed, True)
    pane.shut_down()


def test_article_with_photo_renders_and_serves_its_rendition(qtbot, library, corpus_dir):
    from editor_app.photos import import_photos

    (result,) = import_photos(library, [corpus_dir / "news_canadian_press.jpg"])
    article = library.create_article(headline="Ferry strike ends", body="Talks ended.\n\n")
    placement = library.attach_photo(article.id, result.photo.id, caption="Ferries idle.", credit="AFP")
    article = library.update_article(article.id, body=f"Talks ended.\n\n![](placement:{placement.id})\n")
    pane = make_preview(qtbot, library)
    with qtbot.waitSignal(pane.refreshed, timeout=15000):
        pane.show_article(article, library.placed_photos(article.id))
    assert "Ferry strike ends" in pane.last_html and "Ferries idle." in pane.last_html
    assert "AFP" in pane.last_html
    (photo_name,) = pane.scheme_handler.photo_sources
    qtbot.waitUntil(lambda: pane.scheme_handler.cache.get(photo_name) is not None, timeout=15000)

    def photo_shown():
        with qtbot.waitCallback(timeout=5000) as widths:
            pane.page.runJavaScript(
                "JSON.stringify(Array.from(document.images).map(i => i.naturalWidth))",
                QWebEngineScript.ScriptWorldId.ApplicationWorld,
                widths,
            )
        assert json.loads(widths.args[0] or "[0]")[0] > 0

    qtbot.waitUntil(photo_shown, timeout=10000)
    assert pane.interceptor.refused == []
    pane.shut_down()


def test_refresh_keeps_the_scroll_near_the_cursor(qtbot, library):
    body = "\n\n".join(f"Paragraph {i} " + "word " * 40 for i in range(200))
    article = library.create_article(headline="Long read", body=body)
    pane = make_preview(qtbot, library)
    with qtbot.waitSignal(pane.refreshed, timeout=15000):
        pane.show_article(article, [], scroll_ratio=0.9)

    def scrolled_far():
        assert pane.page.scrollPosition().y() > 1000

    qtbot.waitUntil(scrolled_far, timeout=5000)
    pane.shut_down()
