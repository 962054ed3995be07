"""The photo inspector: problems with fixes, code replacements, the credit split and its Undo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import wait_until_stored


def imported(library, corpus_dir, *names):
    from editor_app.photos import import_photos

    results = import_photos(library, [corpus_dir / name for name in names])
    assert all(r.ok for r in results), [r.error for r in results]
    return [r.photo for r in results]


def show(inspector, library, placement_id):
    placement = library.get_placement(placement_id)
    inspector.show_placement(placement, library.get_photo(placement.photo_id))


def retype(qtbot, field, text):
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_both_absent_names_are_listed_as_errors(qtbot, library, corpus_dir, inspector):
    article = library.create_article(headline="Ferry strike", body="The mayor spoke.")
    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    placement = library.attach_photo(article.id, photo.id, credit="The Canadian Press", alt_text="A police car.")
    show(inspector, library, placement.id)

    retype(qtbot, inspector.caption, "Rebecca Thornbury and Martin Okafor wave to the crowd.")
    # Checked as typed, before any write: only this placement, after a short pause.
    qtbot.waitUntil(lambda: sum("not mentioned" in text for text in inspector.problem_items()) == 2)
    items = inspector.problem_items()
    assert any("Rebecca Thornbury" in text for text in items)
    assert any("Martin Okafor" in text for text in items)
    first = inspector.problems.item(0)
    assert first.data(Qt.ItemDataRole.AccessibleTextRole).startswith("Error: ")
    # Only the editor knows the right names: the inspector offers to go there, not a fix.
    inspector.problems.setCurrentRow(0)
    assert not inspector.fix_button.isEnabled()
    inspector.goto_button.click()
    assert inspector.caption.hasFocus()


def test_credit_that_disagrees_with_the_file_is_shown_with_its_fix(qtbot, library, corpus_dir, inspector):
    article = library.create_article(headline="Police in Montreal", body="Police patrol Montreal.")
    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")  # the file credits The Canadian Press
    placement = library.attach_photo(
        article.id, photo.id, caption="A police car in Montreal.", alt_text="A police car."
    )
    show(inspector, library, placement.id)

    retype(qtbot, inspector.credit, "AFP")
    qtbot.waitUntil(lambda: any("The Canadian Press" in text for text in inspector.problem_items()))
    row = next(i for i, text in enumerate(inspector.problem_items()) if "The Canadian Press" in text)
    inspector.problems.setCurrentRow(row)
    assert inspector.fix_button.isEnabled()
    assert "Use the file's credit: The Canadian Press" in inspector.fix_button.text()
    inspector.fix_button.click()
    assert inspector.credit.text() == "The Canadian Press"
    wait_until_stored(qtbot, inspector, lambda: library.get_placement(placement.id).credit == "The Canadian Press")
    assert not any("says AFP" in text for text in inspector.problem_items())
    inspector.credit.undo()  # the fix is an ordinary edit of the field
    assert inspector.credit.text() == "AFP"


def test_alt_text_equal_to_caption_offers_no_copy_fix(qtbot, library, corpus_dir, inspector):
    article = library.create_article(headline="Police", body="Police.")
    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    placement = library.attach_photo(article.id, photo.id, caption="A police car.", credit="The Canadian Press",
                                     alt_text="A police car.")  # fmt: skip
    show(inspector, library, placement.id)
    row = next(i for i, text in enumerate(inspector.problem_items()) if "repeats the caption" in text)
    inspector.problems.setCurrentRow(row)
    assert not inspector.fix_button.isEnabled()
    inspector.goto_button.click()
    assert inspector.alt_text.hasFocus()


def test_code_replacement_expands_as_typed_and_undoes_in_one_step(qtbot, library, corpus_dir, inspector):
    speaker = "Iranian Parliament Speaker Mohammad Baqer Qalibaf"
    library.set_code_replacement("=qal", speaker)
    article = library.create_article(headline="Parliament", body="Qalibaf spoke.")
    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    placement = library.attach_photo(article.id, photo.id, caption="")
    show(inspector, library, placement.id)

    retype(qtbot, inspector.caption, "=qal")
    assert inspector.caption.toPlainText() == "=qal"  # not yet: the code may go on
    qtbot.keyClicks(inspector.caption, " speaks")
    assert inspector.caption.toPlainText() == f"{speaker} speaks"
    assert inspector.caption.textCursor().position() == len(f"{speaker} speaks")
    qtbot.keyClicks(inspector.caption, " (=qal).")  # punctuation ends a code too
    assert inspector.caption.toPlainText() == f"{speaker} speaks ({speaker})."

    retype(qtbot, inspector.alt_text, "=qal,")
    assert inspector.alt_text.toPlainText() == f"{speaker},"
    inspector.alt_text.undo()  # the expansion is one step of the field's history
    assert inspector.alt_text.toPlainText() == "=qal,"


def test_credit_split_shows_under_the_caption_and_undo_restores_the_text_as_typed(
    qtbot, library, corpus_dir, inspector
):
    article = library.create_article(headline="Ferries", body="Ferries idle.")
    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    placement = library.attach_photo(article.id, photo.id, caption="", credit="")
    show(inspector, library, placement.id)
    creator_before = inspector.creator.text()

    typed = "Ferries idle at the dock. REUTERS/Jane Doe"
    retype(qtbot, inspector.caption, typed)
    qtbot.waitUntil(lambda: inspector.split_notice.isVisible())
    assert "Credit moved to Credit: Reuters" in inspector.split_notice.text()
    assert "Undo" in inspector.split_notice.text()
    assert inspector.caption.toPlainText() == "Ferries idle at the dock."
    assert (inspector.credit.text(), inspector.creator.text()) == ("Reuters", "Jane Doe")
    wait_until_stored(qtbot, inspector, lambda: library.get_placement(placement.id).credit == "Reuters")

    inspector.split_notice.linkActivated.emit("undo")  # the notice's Undo link
    assert inspector.caption.toPlainText() == typed
    assert (inspector.credit.text(), inspector.creator.text()) == ("", creator_before)
    assert not inspector.split_notice.isVisible()
    wait_until_stored(qtbot, inspector, lambda: library.get_placement(placement.id).caption == typed)
    assert library.get_placement(placement.id).credit == ""
    assert library.get_photo(photo.id).creator == creator_before
    inspector.commit()  # the next pause does not split it again
    assert inspector.caption.toPlainText() == typed


def test_ctrl_z_in_the_caption_undoes_the_whole_split(qtbot, library, corpus_dir, inspector):
    article = library.create_article(headline="Ferries", body="Ferries idle.")
    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    placement = library.attach_photo(article.id, photo.id, caption="", credit="")
    show(inspector, library, placement.id)
    retype(qtbot, inspector.caption, "Ferries idle. (AFP photo)")
    qtbot.waitUntil(lambda: inspector.credit.text() == "AFP")
    inspector.caption.setFocus()
    qtbot.keyClick(inspector.caption, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert inspector.caption.toPlainText() == "Ferries idle. (AFP photo)"
    assert inspector.credit.text() == ""
