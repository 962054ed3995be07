"""The code replacements dialog: edit, search, import and export Photo Mechanic's list, store it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from editor_app.ui.caption_tools import CaptionDesk
from editor_app.ui.code_replacements_dialog import CodeReplacementsDialog
from editor_app.ui.writes import LibraryWrites

QALIBAF = "Iranian Parliament Speaker Mohammad Baqer Qalibaf"


@pytest.fixture
def desk(library):
    writes = LibraryWrites()
    writes.set_library(library)
    caption_desk = CaptionDesk(writes)
    writes.setParent(caption_desk)
    caption_desk.set_library(library)
    yield caption_desk
    writes.wait(5)


def test_import_edit_search_export_and_store(qtbot, library, desk, tmp_path):
    library.set_code_replacement("=tk", "to come")
    dialog = CodeReplacementsDialog(desk)
    qtbot.addWidget(dialog)
    assert dialog.codes() == {"=tk": "to come"}

    shared = tmp_path / "desk codes.txt"  # as Photo Mechanic on Windows writes it: BOM, CRLF
    shared.write_bytes(f"\ufeff=qal\t{QALIBAF}\r\n=irna\tIslamic Republic News Agency\r\nno tab here\r\n".encode())
    assert dialog.import_file(shared)
    assert dialog.codes() == {"=tk": "to come", "=qal": QALIBAF, "=irna": "Islamic Republic News Agency"}
    assert "Imported 2 codes" in dialog.message.text()
    assert "Line 3 has no tab" in dialog.message.text()

    dialog.search.setText("parliament")
    visible = [row for row in range(dialog.table.rowCount()) if not dialog.table.isRowHidden(row)]
    assert [dialog.table.item(row, 0).text() for row in visible] == ["=qal"]
    dialog.search.clear()

    dialog.table.selectRow(next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "=tk"))
    dialog.remove_selected()
    exported = tmp_path / "out.txt"
    assert dialog.export_file(exported)
    assert exported.read_text(encoding="utf-8") == f"=irna\tIslamic Republic News Agency\n=qal\t{QALIBAF}\n"

    with qtbot.waitSignal(desk.stored, timeout=10000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert library.code_replacements() == {"=irna": "Islamic Republic News Agency", "=qal": QALIBAF}
    assert desk.codes()["=qal"] == QALIBAF  # the caption fields use the new list at once


def test_a_row_without_replacement_or_with_a_spaced_code_is_not_stored(qtbot, library, desk):
    dialog = CodeReplacementsDialog(desk)
    qtbot.addWidget(dialog)
    dialog.add_code()
    dialog.table.item(0, 0).setText("=a b")
    dialog.table.item(0, 1).setText("Something")
    dialog.add_code()
    dialog.table.item(1, 0).setText("=x")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() != QDialog.DialogCode.Accepted  # still open: nothing was stored
    assert "one word with no spaces" in dialog.message.text()
    assert "Row 2 needs both" in dialog.message.text()
    assert library.code_replacements() == {}


def test_unreadable_file_is_one_sentence(qtbot, desk, tmp_path):
    dialog = CodeReplacementsDialog(desk)
    qtbot.addWidget(dialog)
    assert not dialog.import_file(tmp_path / "missing.txt")
    assert dialog.message.text().startswith("Could not read missing.txt:")
