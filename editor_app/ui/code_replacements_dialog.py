"""The desk's code replacements: a table to edit, search, import and export.

Codes ("=qal" -> "Iranian Parliament Speaker Mohammad Baqer Qalibaf") expand as the
editor types in caption and alt text. Desks share their lists as Photo Mechanic's
tab-separated file (`code<TAB>replacement` per line): Import merges such a file into
the table (saying which lines it could not use), Export writes the table as one. OK
stores the whole table in the library in one transaction, through the caption desk.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .caption_tools import CaptionDesk

CODE_FILE_FILTER = "Code replacement lists (*.txt *.tsv *.tab);;All files (*)"


class CodeReplacementsDialog(QDialog):
    def __init__(self, desk: CaptionDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Code Replacements")
        self.setAccessibleName("Code replacements")
        self.desk = desk
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search codes and replacements")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search codes")
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName("Codes and their replacements")
        self.table.setHorizontalHeaderLabels(["Code", "Replacement"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_button = QPushButton("&Add")
        self.add_button.setAccessibleName("Add a code")
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setAccessibleName("Remove the selected codes")
        self.import_button = QPushButton("&Import…")
        self.import_button.setAccessibleName("Import a Photo Mechanic code list")
        self.export_button = QPushButton("&Export…")
        self.export_button.setAccessibleName("Export as a Photo Mechanic code list")
        self.message = QLabel()
        self.message.setAccessibleName("Code list problems")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)

        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.import_button, self.export_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, 480)

        self.search.textChanged.connect(self._filter)
        self.add_button.clicked.connect(self.add_code)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(self._import_clicked)
        self.export_button.clicked.connect(self._export_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.set_codes(desk.codes())

    # ------------------------------------------------------------------ the table

    def set_codes(self, codes: dict[str, str]) -> None:
        self.table.setRowCount(0)
        for code in sorted(codes, key=str.casefold):
            self._append(code, codes[code])
        self._filter()

    def _append(self, code: str, replacement: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(code))
        self.table.setItem(row, 1, QTableWidgetItem(replacement))
        return row

    def rows(self) -> list[tuple[str, str]]:
        found = []
        for row in range(self.table.rowCount()):
            code, replacement = (self.table.item(row, column) for column in (0, 1))
            found.append(((code.text() if code else "").strip(), (replacement.text() if replacement else "").strip()))
        return found

    def codes(self) -> dict[str, str]:
        """The table as a code list; rows with an empty code or replacement are left out."""
        return {code: replacement for code, replacement in self.rows() if code and replacement}

    def problems(self) -> list[str]:
        """What stops the table from being stored, one sentence each."""
        problems, seen = [], set()
        for number, (code, replacement) in enumerate(self.rows(), start=1):
            if not code and not replacement:
                continue
            if not code or not replacement:
                problems.append(f"Row {number} needs both a code and its replacement.")
            elif any(char.isspace() for char in code):
                problems.append(f"Row {number}: {code!r} cannot be a code; a code is one word with no spaces.")
            elif code in seen:
                problems.append(f"Row {number} repeats the code {code}.")
            seen.add(code)
        return problems

    @Slot()
    def add_code(self) -> None:
        self.search.clear()
        row = self._append("", "")
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    @Slot()
    def remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    @Slot()
    def _filter(self, *_args) -> None:
        needle = self.search.text().strip().casefold()
        for row, (code, replacement) in enumerate(self.rows()):
            hidden = bool(needle) and needle not in code.casefold() and needle not in replacement.casefold()
            self.table.setRowHidden(row, hidden)

    # ------------------------------------------------------------------ files

    def import_file(self, path: Path) -> bool:
        """Merge a Photo Mechanic code list into the table; say what could not be used."""
        from editor_app.photos.caption_tools import decode_code_file, parse_code_list

        try:
            data = Path(path).read_bytes()
        except OSError as error:
            self.message.setText(f"Could not read {Path(path).name}: {error.strerror or error}.")
            return False
        parsed = parse_code_list(decode_code_file(data))
        merged = self.codes()
        merged.update(parsed.codes)
        self.set_codes(merged)
        count = len(parsed.codes)
        said = [f"Imported {count} code{'s' if count != 1 else ''} from {Path(path).name}."] + parsed.problems
        self.message.setText("\n".join(said))
        return True

    def export_file(self, path: Path) -> bool:
        from editor_app.photos.caption_tools import format_code_list

        try:
            Path(path).write_text(format_code_list(self.codes()), encoding="utf-8", newline="\n")
        except OSError as error:
            self.message.setText(f"Could not write {Path(path).name}: {error.strerror or error}.")
            return False
        self.message.setText(f"Exported {len(self.codes())} codes to {Path(path).name}.")
        return True

    @Slot()
    def _import_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Import Code Replacements", "", CODE_FILE_FILTER)
        if path:
            self.import_file(Path(path))

    @Slot()
    def _export_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, "Export Code Replacements", "codes.txt", CODE_FILE_FILTER)
        if path:
            self.export_file(Path(path))

    # ------------------------------------------------------------------ storing

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.message.setText("\n".join(problems))
            return
        self.desk.store_codes(self.codes())
        super().accept()

    def keyPressEvent(self, event) -> None:
        # Enter in the search field must not close the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.search.hasFocus():
            return
        super().keyPressEvent(event)
