"""An article's history: its revisions, a field-by-field diff of any two, restore and snapshots."""

from __future__ import annotations

import difflib
import html

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .library_pane import format_updated

FIELD_LABELS = {
    "slug": "Slug", "section": "Section", "headline": "Headline", "standfirst": "Standfirst", "byline": "Byline",
    "dateline": "Dateline", "body": "Body", "status": "Status", "language": "Language",
    "target_words": "Target length", "editor_note": "Editor's note", "tags": "Tags",
}  # fmt: skip


def describe_revision(revision) -> str:
    when = format_updated(revision.updated_at or revision.created_at)
    if revision.name:
        return f"{when} — {revision.name}"
    kind = {"auto": "Autosaved", "snapshot": "Snapshot", "restore": "Restored"}.get(revision.kind, revision.kind)
    return f"{when} — {kind}"


def diff_as_html(changes) -> str:
    """Field-by-field changes as HTML; long text fields as a line diff."""
    if not changes:
        return "<p>These two versions are the same.</p>"
    parts = []
    for change in changes:
        label = html.escape(FIELD_LABELS.get(change.field, change.field))
        old, new = _as_text(change.old), _as_text(change.new)
        parts.append(f"<h3>{label}</h3>")
        if "\n" in old or "\n" in new or len(old) > 200 or len(new) > 200:
            rows = []
            for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1):
                if line.startswith(("---", "+++")):
                    continue
                escaped = html.escape(line)
                if line.startswith("+"):
                    rows.append(f"<ins>{escaped}</ins>")
                elif line.startswith("-"):
                    rows.append(f"<del>{escaped}</del>")
                elif line.startswith("@@"):
                    rows.append(f"<i>{escaped}</i>")
                else:
                    rows.append(escaped)
            parts.append("<pre>" + "\n".join(rows) + "</pre>")
        else:
            parts.append(
                f"<p><del>{html.escape(old) or '(empty)'}</del><br><ins>{html.escape(new) or '(empty)'}</ins></p>"
            )
    return "\n".join(parts)


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def ask_snapshot_name(parent: QWidget) -> str | None:
    name, ok = QInputDialog.getText(parent, "Take Snapshot", "Name this version of the article:")
    return name.strip() if ok and name.strip() else None


def confirm_restore(parent: QWidget, description: str) -> bool:
    answer = QMessageBox.question(
        parent, "Restore revision",
        f"Put the article back as it was at “{description}”? The current text stays in the history.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
    )  # fmt: skip
    return answer == QMessageBox.StandardButton.Yes


class HistoryDialog(QDialog):
    """Select one revision to compare it with the current article, or two to compare them."""

    articleRestored = Signal(object)  # the Article after restoring

    def __init__(self, library, article_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("History")
        self.setAccessibleName("Article history")
        self.resize(900, 600)
        self.library = library
        self.article_id = article_id
        # Replaceable so tests need no modal dialog.
        self.ask_snapshot_name = ask_snapshot_name
        self.confirm_restore = confirm_restore

        self.revisions = QListWidget()
        self.revisions.setAccessibleName("Revisions")
        self.revisions.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.diff = QTextBrowser()
        self.diff.setAccessibleName("Differences")
        self.diff.setOpenLinks(False)
        self.hint = QLabel("Select one revision to compare it with the article now, or two to compare them.")
        self.hint.setWordWrap(True)
        self.snapshot_button = QPushButton("Take &Snapshot…")
        self.snapshot_button.setAccessibleName("Take snapshot")
        self.restore_button = QPushButton("&Restore This Version")
        self.restore_button.setAccessibleName("Restore selected revision")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.revisions, 1)
        left_layout.addWidget(self.hint)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.diff)
        splitter.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.snapshot_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.revisions.itemSelectionChanged.connect(self.show_diff)
        self.snapshot_button.clicked.connect(self.take_snapshot)
        self.restore_button.clicked.connect(self.restore_selected)
        close.rejected.connect(self.reject)
        self.reload()

    def reload(self) -> None:
        self.revisions.clear()
        for revision in self.library.revisions(self.article_id):
            item = QListWidgetItem(describe_revision(revision))
            item.setData(Qt.ItemDataRole.UserRole, revision.id)
            self.revisions.addItem(item)
        if self.revisions.count():
            self.revisions.setCurrentRow(0)
        self.show_diff()

    def selected_revision_ids(self) -> list[int]:
        return sorted(item.data(Qt.ItemDataRole.UserRole) for item in self.revisions.selectedItems())

    @Slot()
    def show_diff(self) -> None:
        from editor_app.library import diff_revisions

        chosen = self.selected_revision_ids()
        self.restore_button.setEnabled(len(chosen) == 1)
        if not chosen:
            self.diff.setHtml("<p>Select a revision.</p>")
            return
        if len(chosen) == 1:
            old = self.library.get_revision(chosen[0])
            new = self.library.get_article(self.article_id)
            heading = "From this revision to the article now"
        else:
            old = self.library.get_revision(chosen[0])
            new = self.library.get_revision(chosen[-1])
            heading = "From the older to the newer selected revision"
        self.diff.setHtml(f"<h2>{heading}</h2>" + diff_as_html(diff_revisions(old, new)))

    @Slot()
    def take_snapshot(self) -> None:
        name = self.ask_snapshot_name(self)
        if name:
            self.library.take_snapshot(self.article_id, name)
            self.reload()

    @Slot()
    def restore_selected(self) -> None:
        chosen = self.selected_revision_ids()
        if len(chosen) != 1:
            return
        item = self.revisions.selectedItems()[0]
        if not self.confirm_restore(self, item.text()):
            return
        article = self.library.restore_revision(self.article_id, chosen[0])
        self.articleRestored.emit(article)
        self.reload()
