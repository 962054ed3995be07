"""The preflight dialog on a real preflight: grouped problems, Go to, drafts, Export anyway."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from editor_app.export import ExportScope, run_preflight
from editor_app.photos import import_photos
from editor_app.ui.preflight_dialog import PreflightDialog

WRONG_CAPTION = "Justin Trudeau and Pierre Poilievre shake hands in Ottawa on Wednesday."


@pytest.fixture
def newsroom(library, corpus_dir):
    (result,) = import_photos(library, [corpus_dir / "news_canadian_press.jpg"])
    clean = library.create_article(headline="Ferry strike ends", body="The strike is over.", status="ready")
    story = library.create_article(headline="Police open an inquiry", status="ready")
    placement = library.attach_photo(
        story.id, result.photo.id, caption=WRONG_CAPTION, credit="The Canadian Press", alt_text="A police car."
    )
    library.update_article(story.id, body=f"Montreal police said so.\n\n![](placement:{placement.id})\n")
    untitled = library.create_article(headline="", body="Words.", status="ready")
    library.create_article(headline="Half-written", body="Notes.", status="draft")
    return {"clean": clean, "story": story, "placement": placement, "untitled": untitled}


def test_problems_are_grouped_by_article_with_errors_first(qtbot, library, newsroom):
    dialog = PreflightDialog(run_preflight(library), "Export Site")
    qtbot.addWidget(dialog)
    articles = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert articles[0] == "Police open an inquiry (Ready)"  # the clean article has no row
    assert len(articles) == 2 and not any("Ferry" in a for a in articles)
    story = dialog.tree.topLevelItem(0)
    severities = [story.child(row).text(1) for row in range(story.childCount())]
    assert severities[:2] == ["Error", "Error"] and severities == sorted(severities)
    assert "1 draft left out" in dialog.summary.text()


def test_go_to_asks_for_the_article_and_the_placement_field(qtbot, library, newsroom):
    dialog = PreflightDialog(run_preflight(library), "Export Site")
    qtbot.addWidget(dialog)
    dialog.show()
    first = dialog.problem_items()[0]
    dialog.tree.setCurrentItem(first)
    with qtbot.waitSignal(dialog.goToRequested) as go_to:
        qtbot.mouseClick(dialog.go_to_button, Qt.MouseButton.LeftButton)
    assert go_to.args == [newsroom["story"].id, newsroom["placement"].id, "caption"]
    assert dialog.isVisible()  # it stays open beside the window while the editor fixes it

    untitled = next(i for i in dialog.problem_items() if "no headline" in i.text(0))
    dialog.tree.setCurrentItem(untitled)
    with qtbot.waitSignal(dialog.goToRequested) as go_to:
        dialog.tree.itemActivated.emit(untitled, 0)  # a double-click or Enter on the row
    assert go_to.args == [newsroom["untitled"].id, None, "headline"]


def test_export_anyway_needs_an_explicit_tick_and_says_it_overrides(qtbot, library, newsroom):
    preflight = run_preflight(library)
    dialog = PreflightDialog(preflight, "Export Site")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.export_button.text() == "Export &Anyway"
    assert not dialog.export_button.isEnabled()
    with qtbot.assertNotEmitted(dialog.exportRequested):
        dialog.export()  # a stray accept cannot export over errors
    assert dialog.override.isVisible() and "3 errors" in dialog.override.text()

    dialog.override.setChecked(True)
    assert dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exportRequested) as export:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert export.args == [preflight, True]
    assert not dialog.isVisible()


def test_a_new_result_clears_the_tick_and_warnings_alone_export_plainly(qtbot, library, newsroom):
    dialog = PreflightDialog(run_preflight(library), "Export Site")
    qtbot.addWidget(dialog)
    dialog.override.setChecked(True)
    library.update_placement(newsroom["placement"].id, caption="Montreal police at the scene.", alt_text="")
    library.update_article(newsroom["untitled"].id, headline="Now titled")
    warnings_only = run_preflight(library)
    assert warnings_only.ok and warnings_only.problems
    dialog.set_preflight(warnings_only)
    assert not dialog.override.isChecked() and dialog.override.isHidden()
    assert dialog.export_button.text() == "&Export" and dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.exportRequested) as export:
        dialog.export()
    assert export.args == [warnings_only, False]


def test_the_drafts_choice_asks_for_a_new_check(qtbot, library, newsroom):
    dialog = PreflightDialog(run_preflight(library), "Export Site")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.recheckRequested) as recheck:
        dialog.include_drafts.setChecked(True)
    assert recheck.args == [True]
    with_drafts = run_preflight(library, ExportScope(include_drafts=True))
    with qtbot.assertNotEmitted(dialog.recheckRequested):
        dialog.set_preflight(with_drafts)  # showing the result does not ask again
    assert dialog.include_drafts.isChecked() and "left out" not in dialog.summary.text()
