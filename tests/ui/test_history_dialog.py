"""History: revisions, field-by-field diff, snapshots and restore."""

from __future__ import annotations

from editor_app.ui.history_dialog import HistoryDialog, diff_as_html


def test_snapshot_diff_and_restore(qtbot, window, library):
    window.new_article_action.trigger()
    article_id = window.article_id
    qtbot.keyClicks(window.editor.headline, "First headline")
    window.ask_snapshot_name = lambda parent: "Before the rewrite"
    window.snapshot_action.trigger()
    assert library.revisions(article_id)[0].name == "Before the rewrite"

    window.editor.headline.selectAll()
    qtbot.keyClicks(window.editor.headline, "Second headline")
    dialog = window.show_history()  # saves first
    qtbot.addWidget(dialog)
    assert library.get_article(article_id).headline == "Second headline"
    names = [dialog.revisions.item(i).text() for i in range(dialog.revisions.count())]
    assert any("Before the rewrite" in name for name in names)

    snapshot_row = next(i for i, name in enumerate(names) if "Before the rewrite" in name)
    dialog.revisions.setCurrentRow(snapshot_row)
    html = dialog.diff.toHtml()
    assert "Headline" in html and "First headline" in html and "Second headline" in html

    dialog.confirm_restore = lambda parent, description: True
    with qtbot.waitSignal(dialog.articleRestored):
        dialog.restore_selected()
    assert library.get_article(article_id).headline == "First headline"
    assert window.editor.headline.text() == "First headline"
    assert library.revisions(article_id)[0].kind == "restore"


def test_two_revisions_compare_with_each_other(qtbot, library):
    article = library.create_article(headline="A", body="one\ntwo")
    library.take_snapshot(article.id, "v1")
    library.update_article(article.id, body="one\nthree")
    library.take_snapshot(article.id, "v2")
    dialog = HistoryDialog(library, article.id)
    qtbot.addWidget(dialog)
    for row in range(dialog.revisions.count()):
        item = dialog.revisions.item(row)
        item.setSelected(item.text().endswith(("v1", "v2")))
    html = dialog.diff.toHtml()
    assert "three" in html and "two" in html
    assert "same" in diff_as_html([])
