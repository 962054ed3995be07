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
    workers.setParent(pane)  # as the window owns its Workers: deleted with it, not by GC later
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


def long_body(photo_placement_id: int | None = None) -> str:
    """Forty sections of every block kind; a photo (when given) a third of the way down."""
    parts = []
    for i in range(40):
        parts.append(f"## Section {i}")
        parts.append(f"Paragraph {i} " + "word " * 60)
        parts.append(f"- item {i} a\n- item {i} b\n- item {i} c")
        parts.append(f"> Quote {i} " + "said " * 30)
        if i == 13 and photo_placement_id is not None:
            parts.append(f"![](placement:{photo_placement_id})")
            parts.append("After the photo " + "text " * 50)
    return "\n\n".join(parts)


def line_starting(body: str, prefix: str) -> int:
    return next(n for n, line in enumerate(body.split("\n"), 1) if line.startswith(prefix))


def position_of_line(qtbot, pane, line: int) -> tuple[float, float, str]:
    """Where the element marked with `line` is in the view: (top, view height, tag)."""
    script = (
        f"(function () {{ var e = document.querySelector('[data-source-line=\"{line}\"]');"
        " return JSON.stringify([e.getBoundingClientRect().top, window.innerHeight, e.tagName]); })()"
    )
    with qtbot.waitCallback(timeout=10000) as result:
        pane.page.runJavaScript(script, QWebEngineScript.ScriptWorldId.ApplicationWorld, result)
    top, height, tag = json.loads(result.args[0])
    return top, height, tag.lower()


def assert_near_the_top(qtbot, pane, line: int, tag: str) -> None:
    top, height, found_tag = position_of_line(qtbot, pane, line)
    assert found_tag == tag
    assert 0 <= top <= height * 0.25, (top, height)


def test_refresh_shows_the_element_holding_the_cursor_at_the_top(qtbot, library):
    body = long_body()
    article = library.create_article(headline="Long read", body=body)
    pane = make_preview(qtbot, library)
    line = line_starting(body, "Paragraph 30 ")
    with qtbot.waitSignal(pane.followedLine, timeout=15000) as followed:
        pane.show_article(article, [], source_line=line)
    assert followed.args == [line]
    assert_near_the_top(qtbot, pane, line, "p")
    pane.shut_down()


def test_cursor_moves_scroll_without_rendering_again(qtbot, library):
    body = long_body()
    article = library.create_article(headline="Long read", body=body)
    pane = make_preview(qtbot, library)
    with qtbot.waitSignal(pane.followedLine, timeout=15000):
        pane.show_article(article, [], source_line=1)
    assert pane.page.scrollPosition().y() == 0  # the first block shows the page's top, headline and all
    generation = pane._generation
    for prefix, tag in (("## Section 25", "h2"), ("- item 31 a", "ul"), ("> Quote 12", "blockquote"),
                        ("Paragraph 38 ", "p")):  # fmt: skip
        line = line_starting(body, prefix)
        with qtbot.waitSignal(pane.followedLine, timeout=10000) as followed:
            pane.follow_line(line)
            pane.follow_line(line + 1)  # still inside the same block (a list's second item, a paragraph's end)
        assert followed.args == [line]
        assert_near_the_top(qtbot, pane, line, tag)
    assert pane._generation == generation  # nothing was rendered again
    pane.shut_down()


def test_paragraph_after_a_tall_photo_is_followed(qtbot, library, corpus_dir):
    from editor_app.photos import import_photos

    (result,) = import_photos(library, [corpus_dir / "news_canadian_press.jpg"])
    article = library.create_article(headline="Photo essay", body="Text.")
    placement = library.attach_photo(article.id, result.photo.id, caption="A tall photo.", credit="AFP")
    body = long_body(placement.id)
    article = library.update_article(article.id, body=body)
    pane = make_preview(qtbot, library)
    photo_line = line_starting(body, "![](placement:")
    after = line_starting(body, "After the photo")
    with qtbot.waitSignal(pane.followedLine, timeout=15000):
        pane.show_article(article, library.placed_photos(article.id), source_line=after)
    assert_near_the_top(qtbot, pane, after, "p")
    with qtbot.waitSignal(pane.followedLine, timeout=10000) as followed:
        pane.follow_line(photo_line)
    assert followed.args == [photo_line]
    assert_near_the_top(qtbot, pane, photo_line, "figure")
    pane.shut_down()


def test_right_to_left_article_is_followed(qtbot, library):
    body = "\n\n".join(f"## بخش {i}\n\nبند {i} " + "کلمه " * 80 for i in range(40))
    article = library.create_article(headline="گزارش بلند", body=body, language="fa")
    pane = make_preview(qtbot, library)
    line = line_starting(body, "بند 33 ")
    with qtbot.waitSignal(pane.followedLine, timeout=15000) as followed:
        pane.show_article(article, [], source_line=line)
    assert followed.args == [line]
    assert_near_the_top(qtbot, pane, line, "p")
    pane.shut_down()


def test_window_preview_follows_the_body_cursor(qtbot, library, make_window):
    from PySide6.QtGui import QTextCursor

    body = long_body()
    article = library.create_article(headline="Long read", body=body)
    window = make_window(library)  # opens the library's one article
    assert window.article_id == article.id
    followed: list[int] = []
    window.preview.followedLine.connect(followed.append)
    qtbot.waitUntil(lambda: followed == [0] or followed == [1], timeout=15000)  # the page loaded, at its top
    generation = window.preview._generation
    line = line_starting(body, "> Quote 27")
    cursor = window.editor.body.textCursor()
    cursor.setPosition(window.editor.body.document().findBlockByNumber(line - 1).position() + 5)
    window.editor.body.setTextCursor(cursor)
    qtbot.waitUntil(lambda: followed[-1] == line, timeout=10000)  # where it lands: the pane tests above
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.body.setTextCursor(cursor)
    qtbot.waitUntil(lambda: followed[-1] == line_starting(body, "> Quote 39"), timeout=10000)
    assert window.preview._generation == generation  # cursor moves alone render nothing
