"""The library list: lazy paging, search as you type, filters, new/duplicate/delete."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor_app.ui.library_pane import PAGE_SIZE, ArticleListModel, ArticleQuery, LibraryPane


def add_articles(library, count, **fields):
    return [library.create_article(headline=f"Story number {i}", **fields) for i in range(count)]


def test_model_fetches_pages_lazily(qtbot, library):
    add_articles(library, PAGE_SIZE * 2 + 5)
    model = ArticleListModel()
    model.set_library(library)
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE * 2 + 5
    assert not model.canFetchMore()
    # Newest first, and the columns a desk scans.
    assert model.data(model.index(0, 0)) == f"Story number {PAGE_SIZE * 2 + 4}"
    assert model.data(model.index(0, 2)) == "Draft"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(ArticleListModel.COLUMNS))] == list(
        ArticleListModel.COLUMNS
    )


def test_search_as_you_type_and_filters(qtbot, library):
    library.create_article(headline="Budget vote delayed", section="News / Politics", tags=["budget"])
    library.create_article(headline="Ferry strike ends", section="News / Local", status="ready")
    library.create_article(headline="Cup final preview", section="Sport")
    pane = LibraryPane(search_delay_ms=10)
    qtbot.addWidget(pane)
    pane.set_library(library)
    assert pane.model.rowCount() == 3

    qtbot.keyClicks(pane.search_field, "ferr*")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
    assert pane.model.data(pane.model.index(0, 0)) == "Ferry strike ends"

    pane.search_field.clear()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)
    pane.section_filter.setCurrentIndex(pane.section_filter.findData("News / Politics"))
    pane.run_query()
    assert pane.model.rowCount() == 1
    pane.section_filter.setCurrentIndex(0)
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("ready"))
    pane.run_query()
    assert pane.current_query() == ArticleQuery(status="ready")
    assert pane.model.data(pane.model.index(0, 0)) == "Ferry strike ends"
    pane.status_filter.setCurrentIndex(0)
    pane.tag_filter.setCurrentIndex(pane.tag_filter.findData("budget"))
    pane.run_query()
    assert pane.model.data(pane.model.index(0, 0)) == "Budget vote delayed"


def test_selecting_a_row_asks_to_open_it_and_buttons_ask_too(qtbot, library):
    first, _second = add_articles(library, 2)
    pane = LibraryPane()
    qtbot.addWidget(pane)
    pane.set_library(library)
    with qtbot.waitSignal(pane.articleOpenRequested) as opened:
        pane.table.setCurrentIndex(pane.model.index(pane.model.row_of(first.id), 0))
    assert opened.args == [first.id]
    with qtbot.waitSignal(pane.duplicateRequested) as duplicated:
        qtbot.mouseClick(pane.duplicate_button, Qt.MouseButton.LeftButton)
    assert duplicated.args == [first.id]

    pane.confirm_delete = lambda parent, headline: False
    with qtbot.assertNotEmitted(pane.deleteRequested):
        qtbot.mouseClick(pane.delete_button, Qt.MouseButton.LeftButton)
    asked = []
    pane.confirm_delete = lambda parent, headline: asked.append(headline) or True
    with qtbot.waitSignal(pane.deleteRequested) as deleted:
        qtbot.mouseClick(pane.delete_button, Qt.MouseButton.LeftButton)
    assert deleted.args == [first.id] and asked == ["Story number 0"]


def test_window_new_duplicate_delete(qtbot, window, library):
    window.new_article_action.trigger()
    first = window.article_id
    qtbot.keyClicks(window.editor.headline, "Original")
    window.library_pane.duplicateRequested.emit(first)
    copy = window.article_id
    assert copy != first
    assert library.get_article(copy).headline == "Original"
    assert window.library_pane.model.rowCount() == 2
    window.library_pane.confirm_delete = lambda parent, headline: True
    window.library_pane.select_article(copy)
    qtbot.mouseClick(window.library_pane.delete_button, Qt.MouseButton.LeftButton)
    assert window.library_pane.model.rowCount() == 1
    assert library.count_articles() == 1
    assert window.article_id == first


def test_updated_column_is_short_and_the_tooltip_full():
    import datetime

    from editor_app.ui.library_pane import format_updated, format_updated_short

    now = datetime.datetime(2026, 11, 27, 18, 0).astimezone()
    earlier_today = now - datetime.timedelta(hours=2)
    stored = earlier_today.astimezone(datetime.UTC).isoformat()
    assert format_updated_short(stored, now) == earlier_today.strftime("%H:%M")
    assert format_updated_short("2026-03-04T12:00:00+00:00", now) == "4 Mar"
    assert format_updated_short("2024-03-04T12:00:00+00:00", now) == "2024-03-04"
    assert format_updated("2024-03-04T12:00:00.000Z").startswith("2024-03-04 ")


def test_problems_column_counts_caption_problems_in_a_worker(qtbot, library, corpus_dir):
    from editor_app.photos import import_photos
    from editor_app.ui.workers import Workers

    (photo,) = [r.photo for r in import_photos(library, [corpus_dir / "news_canadian_press.jpg"])]
    clean = library.create_article(headline="Police in Montreal", body="Police patrol Montreal.")
    library.attach_photo(clean.id, photo.id, caption="A police car in Montreal.", alt_text="The Montreal Police logo.")
    wrong = library.create_article(headline="Budget vote", body="The vote was delayed.")
    # Two people from another story and no credit: three problems, all errors.
    library.attach_photo(wrong.id, photo.id, caption="Rebecca Thornbury and Martin Okafor wave.", credit="",
                         alt_text="Two people wave.")  # fmt: skip
    workers = Workers()
    pane = LibraryPane(search_delay_ms=10, workers=workers)
    qtbot.addWidget(pane)
    workers.setParent(pane)  # as the window owns its Workers: deleted with it, not by GC later
    pane.set_library(library)
    model, column = pane.model, ArticleListModel.PROBLEMS_COLUMN

    def cell(article_id, role=Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(model.row_of(article_id), column), role)

    qtbot.waitUntil(lambda: cell(wrong.id) != "")
    assert cell(wrong.id) == "3"
    assert "3 caption problems, 3 of them stopping an export" == cell(wrong.id, Qt.ItemDataRole.ToolTipRole)
    assert cell(wrong.id, Qt.ItemDataRole.ForegroundRole) is not None  # red: errors
    assert cell(clean.id) == ""
    assert cell(clean.id, Qt.ItemDataRole.ToolTipRole) == "No caption problems"

    # Fixed in the library: counting that article again empties its cell.
    placement = library.placements(wrong.id)[0]
    library.update_placement(placement.id, caption="Voters queue.", credit="The Canadian Press")
    pane.count_problems([wrong.id])
    qtbot.waitUntil(lambda: cell(wrong.id) == "")
    workers.stop_all(5000, lambda: None)


def test_the_headline_gets_the_room_and_the_other_columns_fit_their_contents(qtbot, library):
    from editor_app.ui.library_pane import SECTION_COLUMN_MAX_CHARACTERS

    library.create_article(headline="Budget vote delayed again as coalition talks stall", section="News / Politics",
                           status="in_edit", body="word " * 12_345)  # fmt: skip
    library.create_article(headline="Short", section="Features / Long Reads / Weekend Magazine Specials")
    pane = LibraryPane()
    qtbot.addWidget(pane)
    pane.resize(620, 400)
    pane.show()
    qtbot.waitExposed(pane)
    pane.set_library(library)
    header = pane.table.horizontalHeader()
    metrics = pane.table.fontMetrics()
    widths = [header.sectionSize(column) for column in range(len(ArticleListModel.COLUMNS))]
    assert widths[0] == max(widths)  # the headline has the most room
    assert sum(widths) <= pane.table.viewport().width() + 1  # and no column is pushed out of sight
    for text, column in (("News / Politics", 1), ("In edit", 2), ("Published", 2), ("12,345", 3), ("2025-11-30", 4)):
        assert metrics.horizontalAdvance(text) < widths[column], text
    for column in range(1, len(widths)):
        assert widths[column] >= header.sectionSizeHint(column)  # the column's name fits too
    # A very long section name is elided rather than taking the headline's room.
    assert widths[1] <= metrics.averageCharWidth() * (SECTION_COLUMN_MAX_CHARACTERS + 4)
