"""The photo inspector: the words that travel with one placed photo, and what is wrong with them.

The inspector edits caption, credit and alt text (of this use of the photo) and creator
and copyright (of the photo itself). It writes its own edits after a short pause, through
the window's `LibraryWrites` (the library's writer thread), and tells whoever shows the
placement what the library stored (`placementStored`, `photoStored`). A write the library
refuses keeps the words typed; the next pause tries again.

As the editor types: codes of the desk's list ("=qal") expand in caption and alt text
when a space or punctuation follows them; this placement's problems are checked again
(only its own, after a short pause) and listed with a fix or a "go to"; and at the pause
a wire credit ending the caption ("(AFP photo)", "REUTERS/Jane Doe") moves to the credit
and creator fields, saying so under the caption with an Undo that puts back the text as
typed.

The contact sheet, the loupe or the photos pane hand it a placement with
`show_placement(placement, photo)` (it commits what was typed in the previous one first)
and the selected placements with `set_selection(ids)`, which its templates and batch
edits act on through the caption desk (caption_tools.py), one undo step each.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..model import ALT_TEXT_LIMIT
from .caption_tools import PHOTO_FIELDS, PLACEMENT_FIELDS, BatchDialog, CaptionDesk, TemplateDialog, fill_templates_menu
from .writes import LibraryWrites, is_user_facing, report_unexpected

CAPTION_GUIDE = 300
PROBLEM_CHECK_DELAY_MS = 250  # re-check this placement a moment after the last keystroke
ProblemRole = Qt.ItemDataRole.UserRole + 1
# What the inspector says of a photo slot in place of the photo file's metadata.
SLOT_WAITING = "No photo yet: drop a photo file on the empty tile, or choose one with From Library… while it is selected."


class CountedTextEdit(QPlainTextEdit):
    """A short multi-line field (caption, alt text) whose Tab moves focus, not indents.

    With `codes` set (a callable giving the desk's code list) it expands a code as soon
    as the space or punctuation that ends it is typed. The expansion is its own step in
    the field's undo history, so Ctrl+Z gives the code back. `lines` fixes its height;
    None lets a layout stretch it (the loupe's caption).
    """

    def __init__(self, lines: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        if lines is not None:
            self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)
        self.codes: Callable[[], dict] | None = None
        self.undo_override: Callable[[], bool] | None = None  # True when it undid something itself

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Undo) and self.undo_override is not None and self.undo_override():
            return
        super().keyPressEvent(event)
        if self.codes is not None and len(event.text()) == 1:
            self.expand_code()

    def expand_code(self) -> bool:
        """Expand the code just ended at the cursor; False when there is none."""
        from editor_app.photos.caption_tools import expand_code_at

        cursor = self.textCursor()
        if cursor.hasSelection():
            return False
        codes = self.codes()
        if not codes:
            return False
        text, position = self.toPlainText(), cursor.position()
        expanded = expand_code_at(text, position, codes)
        if expanded is None:
            return False
        new_text, new_position = expanded
        # Only the code changes; the terminator just typed and everything around it stay.
        code_end = position - 1
        begin = len(os.path.commonprefix([text[:code_end], new_text]))
        edit = QTextCursor(self.document())
        edit.beginEditBlock()
        edit.setPosition(begin)
        edit.setPosition(code_end, QTextCursor.MoveMode.KeepAnchor)
        edit.insertText(new_text[begin : new_position - 1])
        edit.endEditBlock()
        cursor = self.textCursor()
        cursor.setPosition(new_position)
        self.setTextCursor(cursor)
        return True


def replace_text_keeping_undo(editor: QPlainTextEdit, text: str) -> None:
    """Set the text as one undoable edit (setPlainText would wipe the undo history)."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText(text)
    cursor.endEditBlock()
    editor.setTextCursor(cursor)


def set_line_keeping_undo(line: QLineEdit, text: str) -> None:
    line.selectAll()
    line.insert(text)  # insert, unlike setText, keeps the field's undo history


FILE_FIELD_LABELS = (
    ("description", "Caption"), ("headline", "Headline"), ("creator", "Creator"), ("credit", "Credit"),
    ("copyright", "Copyright"), ("source", "Source"), ("alt_text", "Alt text"), ("city", "City"),
    ("country", "Country"), ("taken_at", "Taken"), ("camera_make", "Camera make"), ("camera_model", "Camera model"),
    ("usage_terms", "Usage terms"),
)  # fmt: skip


def describe_file_metadata(photo) -> str:
    """What the file itself said at import, one 'Label: value' per line."""
    said = dict(photo.embedded or {})
    lines = []
    for key, label in FILE_FIELD_LABELS:
        value = said.get(key, getattr(photo, key, ""))
        if isinstance(value, (list, tuple)):
            value = "; ".join(str(v) for v in value)
        if value:
            lines.append(f"{label}: {value}")
    width, height = photo.display_size
    lines.append(f"File: {photo.original_name or 'unnamed'} ({photo.format}, {width}×{height})")
    if photo.has_location:
        lines.append("Location: the original carries location data (never exported)")
    elif said.get("location_note"):  # a placeholder GPS block: empty, zero or void coordinates
        lines.append(f"Location: {said['location_note']}")
    return "\n".join(lines)


FIELD_NAMES = {"caption": "Caption", "credit": "Credit", "alt_text": "Alt Text", "creator": "Creator"}


def fix_for(problem, caption: str) -> tuple[str, str, str] | None:
    """(button text, field, new value) that fixes `problem`, or None when only the editor can.

    A fix must be what an editor would do: the file's credit for a missing or wrong one,
    a wire credit moved out of the caption. Nothing is offered for an alt text that repeats
    the caption or a person the story never names: those need words only the editor has.
    """
    from editor_app.photos.captions import split_wire_credit

    if problem.suggestion and problem.field in ("credit", "creator"):
        what = "credit" if problem.field == "credit" else "creator"
        return f"Use the file's {what}: {problem.suggestion}", problem.field, problem.suggestion
    if problem.code == "credit_differs_from_file" and problem.field == "caption":
        split = split_wire_credit(caption)
        if split is not None:
            return "Move credit to Credit", "caption", split.caption
    return None


class PhotoInspector(QWidget):
    """Caption, credit, alt text (of this use) and creator, copyright (of the photo).

    Signals: `placementStored(Placement)` and `photoStored(Photo)` after the library
    stored an edit; `statusMessage(str)` for a sentence to show; `edited()` as the editor
    types (before the pause that writes); `problemsChecked(list)` with this placement's
    problems each time they are checked as typed; `creditSplit(placement id, caption,
    notice)` when a wire credit moved out of the caption and `creditSplitUndone(placement
    id, caption as typed)` when that was undone, for another view of the caption (the loupe).
    """

    edited = Signal()
    placementStored = Signal(object)
    photoStored = Signal(object)
    statusMessage = Signal(str)
    problemsChecked = Signal(list)
    creditSplit = Signal(int, str, str)
    creditSplitUndone = Signal(int, str)

    def __init__(
        self, writes: LibraryWrites, caption_delay_ms: int = 800, parent: QWidget | None = None,
        desk: CaptionDesk | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setAccessibleName("Photo inspector")
        self.writes = writes
        self.desk = desk or CaptionDesk(writes, self)
        self.library = None
        self.placement = None
        self.photo = None
        self.selection: list[int] = []  # placement ids selected in the sheet, for templates and batch
        self._article = None
        self._article_text = ""
        self._limits: dict = {}
        self._split = None  # the last CreditSplit, with the credit and creator it replaced
        self._declined_split: str | None = None  # a caption whose split the editor undid

        self.caption = CountedTextEdit(6)
        self.caption.setAccessibleName("Caption")
        self.caption_count = QLabel()
        self.split_notice = QLabel()
        self.split_notice.setAccessibleName("Credit moved")
        self.split_notice.setTextFormat(Qt.TextFormat.RichText)
        self.split_notice.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                                                  | Qt.TextInteractionFlag.LinksAccessibleByMouse)  # fmt: skip
        self.split_notice.hide()
        self.credit = QLineEdit()
        self.credit.setAccessibleName("Credit")
        self.alt_text = CountedTextEdit(3)
        self.alt_text.setAccessibleName("Alt text")
        self.alt_text.setAccessibleDescription("Describes the photo for people who cannot see it")
        self.alt_count = QLabel()
        self.creator = QLineEdit()
        self.creator.setAccessibleName("Creator")
        self.copyright = QLineEdit()
        self.copyright.setAccessibleName("Copyright")
        self.from_file = QLabel()
        self.from_file.setAccessibleName("What the file said")
        self.from_file.setWordWrap(True)
        self.from_file.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.problems = QListWidget()
        self.problems.setAccessibleName("Caption problems")
        self.problems.setAccessibleDescription("Enter fixes the problem, or goes to its field")
        self.problems.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 8)
        self.problems.setWordWrap(True)
        self.fix_button = QPushButton("Fi&x")
        self.fix_button.setAccessibleName("Fix the selected problem")
        # The button names the fix ("Fix: Add the credit ..."), which may be long: it takes
        # that width when the column has it, and never sets the window's least width.
        self.fix_button.setMinimumWidth(self.fix_button.sizeHint().width())
        self.goto_button = QPushButton("&Go To")
        self.goto_button.setAccessibleName("Go to the field of the selected problem")
        for counter in (self.caption_count, self.alt_count):
            counter.setAccessibleName("Character count")
            counter.setWordWrap(True)  # a narrow column wraps the advice, never widens the window

        self.templates_button = QToolButton()
        self.templates_button.setText("&Templates")
        self.templates_button.setAccessibleName("Caption templates")
        self.templates_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.templates_menu = QMenu(self.templates_button)
        self.templates_button.setMenu(self.templates_menu)
        self.batch_button = QPushButton("Set on &Selected…")
        self.batch_button.setAccessibleName("Set credit, creator or copyright on every selected photo")

        tools = QHBoxLayout()
        tools.addWidget(self.templates_button)
        tools.addWidget(self.batch_button)
        tools.addStretch(1)
        problem_actions = QHBoxLayout()
        problem_actions.addWidget(self.fix_button)
        problem_actions.addWidget(self.goto_button)
        problem_actions.addStretch(1)
        problems_box = QVBoxLayout()
        problems_box.setContentsMargins(0, 0, 0, 0)
        problems_box.addWidget(self.problems)
        problems_box.addLayout(problem_actions)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tools)
        form.addRow(self._label("&Caption", self.caption), self.caption)
        form.addRow("", self.split_notice)
        form.addRow("", self.caption_count)
        form.addRow(self._label("C&redit", self.credit), self.credit)
        form.addRow(self._label("Alt te&xt", self.alt_text), self.alt_text)
        form.addRow("", self.alt_count)
        form.addRow(self._label("Crea&tor", self.creator), self.creator)
        form.addRow(self._label("Cop&yright", self.copyright), self.copyright)
        form.addRow(self._label("Problems", self.problems), problems_box)
        form.addRow(QLabel("From the file"), self.from_file)

        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(caption_delay_ms)
        self._commit_timer.timeout.connect(self.commit)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(min(PROBLEM_CHECK_DELAY_MS, caption_delay_ms))
        self._check_timer.timeout.connect(self.check_problems)

        self.caption.codes = self.alt_text.codes = self.desk.codes
        self.caption.undo_override = self._undo_split_by_key
        self.caption.textChanged.connect(self._text_changed)
        self.alt_text.textChanged.connect(self._text_changed)
        for line in (self.credit, self.creator, self.copyright):
            line.textEdited.connect(self.edited)
        self.edited.connect(self._commit_timer.start)
        self.edited.connect(self._check_timer.start)
        self.caption.installEventFilter(self)
        self.split_notice.linkActivated.connect(self.undo_split)
        self.problems.currentRowChanged.connect(self._update_problem_buttons)
        self.problems.itemActivated.connect(self._problem_activated)
        self.fix_button.clicked.connect(self.fix_selected_problem)
        self.goto_button.clicked.connect(self.go_to_selected_problem)
        self.templates_menu.aboutToShow.connect(self._fill_templates_menu)
        self.batch_button.clicked.connect(self.batch_edit_selected)
        self._loading = False
        self.show_placement(None, None)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # ------------------------------------------------------------------ showing

    def set_library(self, library) -> None:
        self.library = library
        self.desk.set_library(library)
        self._article = None
        self.show_placement(None, None)

    @property
    def placement_id(self) -> int | None:
        return self.placement.id if self.placement is not None else None

    def show_placement(self, placement, photo) -> None:
        """Show one placement (or none); what was typed in the previous one is written first.

        The same placement shown again (the grid re-read after a write) keeps the words
        being typed; with nothing typed it shows what the library now holds.
        """
        if self.placement is not None and self.has_unsaved_edits():
            self.commit()
            if placement is not None and placement.id == self.placement.id:
                return
        if placement is None or self.placement is None or placement.id != self.placement.id:
            self._forget_split()
        self.placement, self.photo = placement, photo
        self._loading = True
        try:
            self.caption.setPlainText(placement.caption if placement else "")
            self.credit.setText(placement.credit if placement else "")
            self.alt_text.setPlainText(placement.alt_text if placement else "")
            self.creator.setText(photo.creator if photo else "")
            self.copyright.setText(photo.copyright if photo else "")
            if photo is not None:
                self.from_file.setText(describe_file_metadata(photo))
            else:  # a slot: its words came with a wire story, the photo has not come yet
                self.from_file.setText(SLOT_WAITING if placement is not None and placement.is_slot else "")
        finally:
            self._loading = False
        self.setEnabled(placement is not None)
        # Creator and copyright belong to a photo: a slot has none to hold them yet.
        self.creator.setEnabled(photo is not None)
        self.copyright.setEnabled(photo is not None)
        self._update_counts()
        self.refresh_article()

    def refresh_article(self) -> None:
        """Re-read the article text the checks compare names with (the story may have changed)."""
        from editor_app.photos.placements import article_text, desk_limits

        self._article = None
        if self.library is not None and self.placement is not None:
            self._article = self.library.get_article(self.placement.article_id)
            self._article_text = article_text(self._article)
            self._limits = desk_limits(self.library)
        self.check_problems()

    def take_caption(self, placement_id: int, caption: str) -> bool:
        """A caption typed for the shown placement in another view (the loupe): put here as
        if typed here and written at once, so it gets this field's credit split and Undo.
        False when another placement is shown (the caller writes it itself)."""
        if self.placement is None or self.placement.id != placement_id:
            return False
        if caption != self.caption.toPlainText().strip():
            replace_text_keeping_undo(self.caption, caption)
        self.commit()
        return True

    def forget_placement(self) -> None:
        """The placement is going away (removed): drop what was typed, write nothing."""
        self._commit_timer.stop()
        self._check_timer.stop()
        self.placement = self.photo = None
        self._forget_split()

    def set_selection(self, placement_ids: list[int]) -> None:
        """The placements selected in the sheet: what templates and batch edits act on."""
        self.selection = [int(i) for i in placement_ids]
        count = len(self.selected_rows())
        self.batch_button.setText(f"Set on {count} &Selected…" if count > 1 else "Set on &Selected…")

    def selected_rows(self) -> list:
        """[(Placement, Photo)] of the selection, the shown one as typed; the shown one alone
        when nothing else is selected."""
        if self.placement is None or self.library is None:
            return []
        shown = (replace(self.placement, **{k: self.values()[k] for k in PLACEMENT_FIELDS}),
                 replace(self.photo, **{k: self.values()[k] for k in PHOTO_FIELDS}) if self.photo else None)  # fmt: skip
        rows = []
        for placement_id in self.selection or [self.placement.id]:
            if placement_id == self.placement.id:
                rows.append(shown)
                continue
            placement = self.library.get_placement(placement_id)
            rows.append((placement, self.library.get_photo(placement.photo_id) if not placement.is_slot else None))
        if all(placement.id != self.placement.id for placement, _photo in rows):
            rows = [shown]  # the selection is stale (another article); act on what is shown
        return rows

    def has_unsaved_edits(self) -> bool:
        if self.placement is None:
            return False
        values = self.values()
        return any(getattr(self.placement, k) != values[k] for k in PLACEMENT_FIELDS) or (
            self.photo is not None and any(getattr(self.photo, k) != values[k] for k in PHOTO_FIELDS)
        )

    def values(self) -> dict:
        return {
            "caption": self.caption.toPlainText().strip(),
            "credit": self.credit.text().strip(),
            "alt_text": self.alt_text.toPlainText().strip(),
            "creator": self.creator.text().strip(),
            "copyright": self.copyright.text().strip(),
        }

    # ------------------------------------------------------------------ problems

    @Slot()
    def check_problems(self) -> list:
        """This placement's problems, as typed (only its own: cheap enough for every pause)."""
        from editor_app.photos.captions import find_caption_problems
        from editor_app.photos.placements import placement_check

        self._check_timer.stop()
        if self.placement is None or self._article is None:
            self.show_problems([])
            return []
        values = self.values()
        placement = replace(self.placement, **{k: values[k] for k in PLACEMENT_FIELDS})
        photo = replace(self.photo, creator=values["creator"]) if self.photo is not None else None
        problems = find_caption_problems(self._article_text, [placement_check(placement, photo)], **self._limits)
        self.show_problems(problems)
        self.problemsChecked.emit(problems)
        return problems

    def show_problems(self, problems: list) -> None:
        """List the problems (CaptionProblem, or bare messages), errors first, each with its severity."""
        self.problems.clear()
        if not problems:
            self.problems.addItem("No problems found.")
            self._update_problem_buttons()
            return
        style = self.style()
        for problem in sorted(problems, key=lambda p: not getattr(p, "is_error", False)):
            if isinstance(problem, str):  # a message alone: shown, with nothing to fix
                self.problems.addItem(problem)
                continue
            text = problem.message.split(": ", 1)[-1] if ": " in problem.message else problem.message
            item = QListWidgetItem(f"{FIELD_NAMES.get(problem.field, 'Photo')}: {text}")
            icon = (
                QStyle.StandardPixmap.SP_MessageBoxCritical
                if problem.is_error
                else QStyle.StandardPixmap.SP_MessageBoxWarning
            )
            item.setIcon(style.standardIcon(icon))
            severity = "Error" if problem.is_error else "Warning"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{severity}: {item.text()}")
            item.setToolTip(f"{severity} ({'stops the export' if problem.is_error else 'informs'}): {problem.message}")
            item.setData(ProblemRole, problem)
            self.problems.addItem(item)
        self.problems.setCurrentRow(0)
        self._update_problem_buttons()

    def problem_items(self) -> list[str]:
        return [self.problems.item(i).text() for i in range(self.problems.count())]

    def _selected_problem(self):
        item = self.problems.currentItem()
        return item.data(ProblemRole) if item is not None else None

    @Slot()
    def _update_problem_buttons(self, *_args) -> None:
        problem = self._selected_problem()
        fix = fix_for(problem, self.caption.toPlainText()) if problem is not None else None
        self.fix_button.setEnabled(fix is not None)
        self.fix_button.setText(f"Fi&x: {fix[0]}" if fix else "Fi&x")
        self.fix_button.setToolTip(f"Fix: {fix[0]}" if fix else "")
        self.goto_button.setEnabled(problem is not None and problem.field in FIELD_NAMES)

    @Slot()
    def fix_selected_problem(self) -> bool:
        """Apply the selected problem's fix as an edit the field can undo; False when it has none."""
        problem = self._selected_problem()
        fix = fix_for(problem, self.caption.toPlainText()) if problem is not None else None
        if fix is None:
            return False
        _label, field, value = fix
        if problem.code == "credit_differs_from_file" and field == "caption":
            self._split_now(force=True)
        elif field == "caption":
            replace_text_keeping_undo(self.caption, value)
        else:
            set_line_keeping_undo(self.credit if field == "credit" else self.creator, value)
        self.commit()
        self.check_problems()
        return True

    @Slot()
    def go_to_selected_problem(self) -> None:
        problem = self._selected_problem()
        if problem is None:
            return
        field = {"caption": self.caption, "credit": self.credit, "alt_text": self.alt_text,
                 "creator": self.creator}.get(problem.field)  # fmt: skip
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(field, QLineEdit):
                field.selectAll()

    @Slot(QListWidgetItem)
    def _problem_activated(self, _item) -> None:
        if not self.fix_selected_problem():
            self.go_to_selected_problem()

    # ------------------------------------------------------------------ the credit split

    def split_credit_from_caption(self) -> bool:
        """Move a wire credit ending the caption to the credit (and creator) fields."""
        return self._split_now(force=False)

    def _split_now(self, force: bool) -> bool:
        from editor_app.photos.captions import split_wire_credit

        typed = self.caption.toPlainText().strip()
        if not force and typed == self._declined_split:
            return False  # the editor undid this split: the caption stays as typed
        split = split_wire_credit(typed)
        if split is None:
            return False
        self._split = (split, self.credit.text(), self.creator.text())
        replace_text_keeping_undo(self.caption, split.caption)
        set_line_keeping_undo(self.credit, split.credit)
        if split.creator:
            set_line_keeping_undo(self.creator, split.creator)
        self.split_notice.setText(f'{split.notice} — <a href="undo">Undo</a>')
        self.split_notice.setAccessibleDescription(f"{split.notice}. Activate Undo to keep the caption as typed.")
        self.split_notice.show()
        self.creditSplit.emit(self.placement.id, split.caption, split.notice)
        return True

    @Slot()
    def undo_split(self, *_args) -> bool:
        """Put back the caption as typed and the credit and creator as they were; write it."""
        if self._split is None:
            return False
        split, credit, creator = self._split
        self._declined_split = split.as_typed.strip()
        replace_text_keeping_undo(self.caption, split.as_typed.strip())
        set_line_keeping_undo(self.credit, credit)
        set_line_keeping_undo(self.creator, creator)
        self._forget_split(keep_declined=True)
        self.statusMessage.emit("The caption keeps its credit as typed.")
        self.commit()
        self.check_problems()
        if self.placement is not None:
            self.creditSplitUndone.emit(self.placement.id, split.as_typed.strip())
        return True

    def _undo_split_by_key(self) -> bool:
        """Ctrl+Z in the caption right after a split undoes the whole split, fields too."""
        if self._split is None or self.caption.toPlainText().strip() != self._split[0].caption:
            return False
        return self.undo_split()

    def _forget_split(self, keep_declined: bool = False) -> None:
        self._split = None
        if not keep_declined:
            self._declined_split = None
        self.split_notice.hide()
        self.split_notice.clear()

    # ------------------------------------------------------------------ writing

    @Slot()
    def commit(self) -> None:
        """Write the fields that differ from the library's (after splitting a wire credit off)."""
        self._commit_timer.stop()
        placement, photo = self.placement, self.photo
        if self.library is None or placement is None:
            return
        if self.caption.toPlainText().strip() != placement.caption:
            self.split_credit_from_caption()  # only a caption typed or pasted here, never one just shown
        values = self.values()
        placement_fields = {k: values[k] for k in PLACEMENT_FIELDS}
        changed_placement = any(getattr(placement, k) != v for k, v in placement_fields.items())
        photo_fields = {k: values[k] for k in PHOTO_FIELDS if photo is not None and getattr(photo, k) != values[k]}
        if not changed_placement and not photo_fields:
            return
        # What is on its way to the library is the base the next edit is compared with, so
        # typing back the value stored before (a fix, an undo) is written too.
        if changed_placement:
            self.placement = replace(placement, **placement_fields)
            self.writes.submit(self.library.update_placement, placement.id, **placement_fields,
                               on_done=partial(self._written, placement.id, self.placementStored, placement))  # fmt: skip
        if photo_fields:
            self.photo = replace(photo, **photo_fields)
            self.writes.submit(self.library.update_photo, photo.id, **photo_fields,
                               on_done=partial(self._written, placement.id, self.photoStored, photo))  # fmt: skip

    def _written(self, placement_id: int, stored_signal, before, future) -> None:
        """Keep what the library stored as the base of the next comparison, and say so.

        On failure the base goes back to what the library holds (`before`) while the
        fields keep the words typed, so the next commit sees the difference and tries again.
        """
        error = future.exception()
        shown = self.placement is not None and self.placement.id == placement_id
        if error is not None:
            if shown:
                if stored_signal is self.placementStored:
                    self.placement = before
                else:
                    self.photo = before
            if is_user_facing(error):
                self.statusMessage.emit(str(error))
            else:
                report_unexpected(error)
            return
        stored = future.result()
        if shown:
            if stored_signal is self.placementStored:
                self.placement = stored
            else:
                self.photo = stored
        stored_signal.emit(stored)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.caption and event.type() == event.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ templates and batch

    @Slot()
    def _fill_templates_menu(self) -> None:
        fill_templates_menu(self.templates_menu, self.desk, self.apply_template, self.edit_template)

    def apply_template(self, template: str) -> bool:
        """Fill the caption of every selected photo from its own metadata: one undo step."""
        rows = self.selected_rows()
        if not rows:
            return False
        self.commit()
        return self.desk.apply_template(template, rows, self._article)

    def template_sample(self):
        """(article, photo, placement) a template dialog previews with, or None."""
        if self.placement is None:
            return None
        return self._article, self.photo, self.placement

    def edit_template(self, template=None) -> TemplateDialog:
        """Ask for a new template (None) or change (or delete) one; stored in the library."""
        dialog = TemplateDialog(template.name if template else "", template.template if template else "",
                                sample=self.template_sample(), parent=self, deletable=template is not None)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(partial(self._template_dialog_finished, dialog, template))
        dialog.open()
        return dialog

    def _template_dialog_finished(self, dialog: TemplateDialog, template, result: int) -> None:
        name, text = dialog.values()
        desk = self.desk
        if result == TemplateDialog.DELETE and template is not None:
            desk.submit(self.library.delete_caption_template, template.id,
                        done_message=f"Deleted the caption template “{template.name}”.")  # fmt: skip
        elif result == QDialog.DialogCode.Accepted and template is None:
            desk.submit(self.library.add_caption_template, name, text,
                        done_message=f"Saved the caption template “{name}”.")  # fmt: skip
        elif result == QDialog.DialogCode.Accepted:
            desk.submit(self.library.update_caption_template, template.id, name=name, template=text,
                        done_message=f"Saved the caption template “{name}”.")  # fmt: skip

    @Slot()
    def batch_edit_selected(self) -> BatchDialog | None:
        rows = self.selected_rows()
        if not rows:
            return None
        dialog = BatchDialog(len(rows), self.desk.templates(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(partial(self._batch_accepted, dialog))
        dialog.open()
        return dialog

    def _batch_accepted(self, dialog: BatchDialog) -> None:
        self.apply_batch(dialog.values(), dialog.chosen_template())

    def apply_batch(self, fields: dict, template: str | None = None) -> bool:
        """Credit, creator, copyright (and a template's captions) on every selected photo, one step."""
        from editor_app.photos.caption_tools import fill_template

        rows = self.selected_rows()
        if not rows or (not fields and not template):
            return False
        self.commit()
        placement_values = {k: v for k, v in fields.items() if k in PLACEMENT_FIELDS}
        photo_values = {k: v for k, v in fields.items() if k in PHOTO_FIELDS}
        article = self._article

        def for_placement(placement, photo):
            wanted = dict(placement_values)
            if template:
                wanted["caption"] = fill_template(template, article, photo, replace(placement, **wanted))
            return wanted

        named = ", ".join([*fields, *(["caption"] if template else [])])
        count = len(rows)
        return self.desk.edit_photos(rows, for_placement, lambda _p, _photo: dict(photo_values),
                                     f"Set {named} on {count} photo{'s' if count != 1 else ''}")  # fmt: skip

    # ------------------------------------------------------------------ typing

    @Slot()
    def _text_changed(self) -> None:
        self._update_counts()
        if not self._loading:
            self.edited.emit()

    def _update_counts(self) -> None:
        caption_length = len(self.caption.toPlainText().strip())
        alt_length = len(self.alt_text.toPlainText().strip())
        self.caption_count.setText(f"{caption_length} characters (a caption reads best under {CAPTION_GUIDE})")
        self.alt_count.setText(
            f"{alt_length} / {ALT_TEXT_LIMIT} characters" + (" — too long" if alt_length > ALT_TEXT_LIMIT else "")
        )
