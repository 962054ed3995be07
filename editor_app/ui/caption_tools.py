"""The caption desk's tools in the window: one undo history, templates, batch edits, removal.

Edits that touch several photos at once (a template applied to a selection, a batch
credit) and the removal of a photo from an article are commands on the desk's own
`QUndoStack`, so one Ctrl+Z takes back the whole step. Each command writes through the
window's `LibraryWrites` (the library's writer thread) and never waits: redo writes the
new values, undo writes the previous ones back, and `stored` tells the panes to re-read.

The words themselves (filling a template, checking one) are the headless
`editor_app.photos.caption_tools`; this module only shows and applies them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from .writes import LibraryWrites, is_user_facing, report_unexpected

# What the inspector edits: the words of this use of a photo, and those of the photo itself.
PLACEMENT_FIELDS = ("caption", "credit", "alt_text")
PHOTO_FIELDS = ("creator", "copyright")


class CaptionDesk(QObject):
    """The desk's undo history and the writes behind it, shared by the inspector and the sheet.

    Signals: `stored()` after a command's write landed (re-read the placements);
    `statusMessage(str)` for a sentence (what was done, or why a write failed).
    """

    stored = Signal()
    statusMessage = Signal(str)

    def __init__(self, writes: LibraryWrites, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.writes = writes
        self.library = None
        self.undo_stack = QUndoStack(self)
        self._codes: dict[str, str] | None = None

    def set_library(self, library) -> None:
        self.library = library
        self._codes = None
        self.undo_stack.clear()  # the steps of another library cannot be undone in this one

    # ------------------------------------------------------------------ reading the desk's lists

    def templates(self) -> list:
        return self.library.caption_templates() if self.library is not None else []

    def codes(self) -> dict[str, str]:
        """The code list, read once: the caption fields ask at every space they see typed."""
        if self._codes is None:
            self._codes = self.library.code_replacements() if self.library is not None else {}
        return self._codes

    def store_codes(self, codes: dict[str, str]) -> None:
        """Replace the library's code list (one transaction); typing uses it at once."""
        self._codes = dict(codes)
        count = len(codes)
        self.submit(self.library.import_code_replacements, dict(codes), replace=True,
                    done_message=f"Saved {count} code replacement{'s' if count != 1 else ''}.")  # fmt: skip

    # ------------------------------------------------------------------ edits of several photos

    def edit_photos(self, rows: Sequence, placement_fields: Callable, photo_fields: Callable | None, text: str) -> bool:
        """Push one undo step changing each (placement, photo) of `rows`.

        `placement_fields(placement, photo)` and `photo_fields(placement, photo)` return the
        fields to set (or {}); fields already holding that value are left out. Returns
        False when nothing would change (no step is pushed).
        """
        before: dict = {"placements": {}, "photos": {}}
        after: dict = {"placements": {}, "photos": {}}
        for placement, photo in rows:
            for kind, record, wanted in (
                ("placements", placement, placement_fields(placement, photo)),
                ("photos", photo, photo_fields(placement, photo) if photo_fields and photo is not None else {}),
            ):
                changed = {k: v for k, v in wanted.items() if getattr(record, k) != v}
                if changed:
                    after[kind].setdefault(record.id, {}).update(changed)
                    before[kind].setdefault(record.id, {}).update({k: getattr(record, k) for k in changed})
        if not after["placements"] and not after["photos"]:
            self.statusMessage.emit("Nothing to change: the selected photos already say that.")
            return False
        self.undo_stack.push(BatchEditCommand(self, before, after, text))
        return True

    def apply_template(self, template: str, rows: Sequence, article) -> bool:
        """Fill the caption of each selected photo from its own metadata, as one undo step."""
        from editor_app.photos.caption_tools import fill_template

        count = len(rows)
        return self.edit_photos(
            rows,
            lambda placement, photo: {"caption": fill_template(template, article, photo, placement)},
            None,
            f"Apply caption template to {count} photo{'s' if count != 1 else ''}",
        )

    def remove_placement(self, placement_id: int) -> None:
        """Take a photo out of its article as one undo step (Undo puts it back as it was)."""
        self.undo_stack.push(RemovePlacementCommand(self, placement_id))

    # ------------------------------------------------------------------ writing

    def submit(self, function, *args, done_message: str | None = None, **kwargs) -> None:
        self.writes.submit(function, *args, on_done=partial(self._written, done_message), **kwargs)

    def _written(self, done_message: str | None, future) -> None:
        error = future.exception()
        if error is not None:
            self._codes = None  # a code list the library refused is read back from it
            if is_user_facing(error):
                self.statusMessage.emit(str(error))
            else:
                report_unexpected(error)
        elif done_message:
            self.statusMessage.emit(done_message)
        self.stored.emit()  # after a failure too: show what the library holds


def _write_batch(library, edits: dict):
    return library.batch_update(placements=edits["placements"], photos=edits["photos"])


class BatchEditCommand(QUndoCommand):
    """Several placements and photos changed in one library transaction."""

    def __init__(self, desk: CaptionDesk, before: dict, after: dict, text: str) -> None:
        super().__init__(text)
        self.desk, self.before, self.after = desk, before, after

    def redo(self) -> None:
        self.desk.submit(_write_batch, self.desk.library, self.after, done_message=f"{self.text()}: done.")

    def undo(self) -> None:
        self.desk.submit(_write_batch, self.desk.library, self.before, done_message=f"Undone: {self.text()}.")


def _restore_removed(library, detached):
    """On the writer thread, after the removal (writes run in order): put the placement back."""
    return library.restore_placement(detached.result())


class RemovePlacementCommand(QUndoCommand):
    """A photo taken out of its article; undo restores its caption, credit, alt text and position."""

    def __init__(self, desk: CaptionDesk, placement_id: int) -> None:
        super().__init__(f"Remove photo placement {placement_id}")
        self.desk, self.placement_id = desk, placement_id
        self._detached = None  # the Future of detach_photo: it holds the placement as it was

    def redo(self) -> None:
        library = self.desk.library
        removed = (f"Removed photo placement {self.placement_id}; its line in the text, if any, stays. "
                   "Undo (Ctrl+Z) puts it back.")  # fmt: skip
        self._detached = self.desk.writes.submit(
            library.detach_photo, self.placement_id, on_done=partial(self.desk._written, removed)
        )

    def undo(self) -> None:
        self.desk.submit(
            _restore_removed,
            self.desk.library,
            self._detached,
            done_message=f"Put back photo placement {self.placement_id}.",
        )


# ---------------------------------------------------------------------- templates


class TemplateDialog(QDialog):
    """Name and text of one caption template, with a live preview filled from the current photo."""

    DELETE = 2  # the dialog's result when the editor chose Delete

    def __init__(
        self, name: str = "", template: str = "", sample=None, parent: QWidget | None = None, deletable: bool = False
    ) -> None:
        super().__init__(parent)
        from editor_app.photos.caption_tools import TEMPLATE_VARIABLES

        self.setWindowTitle("Caption Template")
        self.sample = sample  # (article, photo, placement) of the current photo, or None
        self.name = QLineEdit(name)
        self.name.setAccessibleName("Template name")
        self.template = QPlainTextEdit(template)
        self.template.setAccessibleName("Template")
        self.template.setTabChangesFocus(True)
        self.template.setToolTip("\n".join(f"{{{k}}}: {v}" for k, v in TEMPLATE_VARIABLES.items()))
        self.preview = QLabel()
        self.preview.setAccessibleName("Preview")
        self.preview.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setAccessibleName("Template problems")
        self.problems.setWordWrap(True)
        variables = QLabel("Variables: " + " ".join(f"{{{k}}}" for k in TEMPLATE_VARIABLES))
        variables.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Template", self.template)
        form.addRow("", variables)
        form.addRow("Preview", self.preview)
        form.addRow("", self.problems)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if deletable:
            delete = self.buttons.addButton("&Delete Template", QDialogButtonBox.ButtonRole.DestructiveRole)
            delete.clicked.connect(partial(self.done, self.DELETE))
        self.name.textChanged.connect(self._update)
        self.template.textChanged.connect(self._update)
        self._update()

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.template.toPlainText().strip()

    @Slot()
    def _update(self) -> None:
        from editor_app.photos.caption_tools import fill_template, template_problems

        name, template = self.values()
        problems = template_problems(template)
        if not name:
            problems.append("The template needs a name.")
        self.problems.setText("\n".join(problems))
        if template_problems(template):
            self.preview.setText("")
        elif self.sample is None:
            self.preview.setText("(Select a photo to see this template filled from it.)")
        else:
            self.preview.setText(fill_template(template, *self.sample))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)


def fill_templates_menu(
    menu: QMenu, desk: CaptionDesk, apply: Callable[[str], None], edit: Callable[[object], None]
) -> None:
    """(Re)build a menu of the library's templates: choosing one calls `apply(template text)`;
    New and Edit call `edit(None)` or `edit(CaptionTemplate)`."""
    menu.clear()
    templates = desk.templates() if desk.library is not None else []
    for template in templates:
        action = menu.addAction(template.name.replace("&", "&&"))
        action.setToolTip(template.template)
        action.triggered.connect(partial(apply, template.template))
    if not templates:
        menu.addAction("No templates yet").setEnabled(False)
    menu.addSeparator()
    menu.addAction("&New Template…").triggered.connect(partial(edit, None))
    if templates:
        edit_menu = menu.addMenu("&Edit Template")
        for template in templates:
            edit_menu.addAction(template.name.replace("&", "&&") + "…").triggered.connect(partial(edit, template))


class BatchDialog(QDialog):
    """Credit, creator, copyright (or a template) for every selected photo at once."""

    def __init__(self, count: int, templates: Sequence = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Set on {count} Photo{'s' if count != 1 else ''}")
        self.credit = QLineEdit()
        self.creator = QLineEdit()
        self.copyright = QLineEdit()
        for field, name in ((self.credit, "Credit"), (self.creator, "Creator"), (self.copyright, "Copyright")):
            field.setAccessibleName(name)
            field.setPlaceholderText("(leave as it is)")
        self.template = QComboBox()
        self.template.setAccessibleName("Caption template")
        self.template.addItem("(keep the captions)", None)
        for template in templates:
            self.template.addItem(template.name, template.template)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout(self)
        form.addRow(QLabel(f"Fields left empty stay as they are on each of the {count} photos."))
        form.addRow("C&redit", self.credit)
        form.addRow("Creat&or", self.creator)
        form.addRow("Cop&yright", self.copyright)
        form.addRow("Caption &template", self.template)
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def values(self) -> dict:
        """Only the fields the editor filled: {"credit": ..., "creator": ..., "copyright": ...}."""
        fields = {name: edit.text().strip() for name, edit in
                  (("credit", self.credit), ("creator", self.creator), ("copyright", self.copyright))}  # fmt: skip
        return {k: v for k, v in fields.items() if v}

    def chosen_template(self) -> str | None:
        return self.template.currentData()
