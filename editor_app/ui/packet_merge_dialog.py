"""The merge dialog: each thing both sides changed, side by side, and which to keep.

One row per conflict (a field, a stretch of the body, one photo's caption, credit or alt
text, the photo order): the library's text on the left, the sender's on the right, a
choice under each. Merge stays disabled until every row has a side; what only one side
changed is listed above, already taken.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from editor_app.packets.merge import MINE, THEIRS

# Lines a side's text shows before it scrolls: a paragraph or two of the body.
TEXT_LINES = 6


class PacketMergeDialog(QDialog):
    """Ask which side wins each conflict; `choices()` after it was accepted."""

    def __init__(self, conflicts, sender: str, taken=(), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sender = sender or "the sender"
        self.setWindowTitle(f"Merge Packet from {sender}")
        self.setAccessibleName("Merge story packet")
        self.resize(960, 640)
        self._groups: dict[str, QButtonGroup] = {}

        layout = QVBoxLayout(self)
        intro = QLabel(
            f"You and {sender} both changed {len(conflicts)} thing(s) since you last shared this story. "
            "Choose which version to keep for each; the article before the merge stays in its history."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the sender's name comes from the packet
        layout.addWidget(intro)
        if taken:
            already = QLabel("Taken from the packet (only they changed these): " + ", ".join(taken) + ".")
            already.setWordWrap(True)
            already.setTextFormat(Qt.TextFormat.PlainText)
            already.setAccessibleName("Changes taken without a conflict")
            layout.addWidget(already)

        rows = QWidget()
        rows_layout = QVBoxLayout(rows)
        for conflict in conflicts:
            rows_layout.addWidget(self._conflict_row(conflict, sender))
        rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows)
        layout.addWidget(scroll, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.all_mine_button = QPushButton("Keep All &Mine")
        self.all_theirs_button = QPushButton(f"Take All &{_possessive(sender)}")
        self.merge_button = buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.all_mine_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.all_theirs_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.all_mine_button.clicked.connect(self.choose_all_mine)
        self.all_theirs_button.clicked.connect(self.choose_all_theirs)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_merge_button()

    def _conflict_row(self, conflict, sender: str) -> QGroupBox:
        box = QGroupBox(conflict.label)
        box.setAccessibleName(f"Conflict: {conflict.label}")
        grid = QGridLayout(box)
        group = QButtonGroup(box)
        group.setExclusive(True)
        for column, (side, title, text) in enumerate(
            ((MINE, "Yours", conflict.mine), (THEIRS, _possessive(sender), conflict.theirs))
        ):
            view = QPlainTextEdit(text)
            view.setReadOnly(True)
            view.setAccessibleName(f"{conflict.label}, {title.lower()}")
            lines = max(1, min(TEXT_LINES, text.count("\n") + 1 + len(text) // 90))
            view.setFixedHeight(view.fontMetrics().lineSpacing() * lines + 14)
            choice = QRadioButton("Keep yours" if side == MINE else f"Take {title.lower()}")
            choice.setProperty("side", side)
            group.addButton(choice)
            grid.addWidget(view, 0, column)
            grid.addWidget(choice, 1, column)
        if conflict.base is not None:
            before = QLabel(f"Before either change: {_one_line(conflict.base)}")
            before.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(before, 2, 0, 1, 2)
        group.buttonToggled.connect(self._update_merge_button)
        self._groups[conflict.key] = group
        return box

    def choose_all_mine(self) -> None:
        self._choose_all(MINE)

    def choose_all_theirs(self) -> None:
        self._choose_all(THEIRS)

    def choose(self, key: str, side: str) -> None:
        for button in self._groups[key].buttons():
            if button.property("side") == side:
                button.setChecked(True)

    def _choose_all(self, side: str) -> None:
        for key in self._groups:
            self.choose(key, side)

    def choices(self) -> dict[str, str]:
        """The side chosen for each conflict so far, by its key."""
        chosen = {}
        for key, group in self._groups.items():
            button = group.checkedButton()
            if button is not None:
                chosen[key] = button.property("side")
        return chosen

    def _update_merge_button(self, *_args) -> None:
        self.merge_button.setEnabled(len(self.choices()) == len(self._groups))


def _possessive(name: str) -> str:
    return f"{name}’" if name.endswith("s") else f"{name}’s"


def _one_line(text: str, width: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def ask_conflict_choices(parent: QWidget, plan) -> dict[str, str] | None:
    """The sides chosen in the merge dialog, or None when the merge was cancelled."""
    dialog = PacketMergeDialog(plan.conflicts, plan.packet.sender, plan.merge.taken, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choices()
