"""The preflight before an export: what goes, every problem grouped by article, and the choice.

The dialog holds no library: the window runs the preflight in a worker and hands the
result here. "Go to" asks the window to open the article at the field or placement;
"Check again" and the drafts choice ask it to run the preflight anew. Exporting over
errors needs an explicit tick first, and the export then overrides only the errors
shown here (see `editor_app.export.export_checked`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor_app.model import STATUS_LABELS

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1


class PreflightDialog(QDialog):
    """Non-modal, so the editor can go to a problem, fix it and check again."""

    goToRequested = Signal(int, object, str)  # article id, placement id or None, field
    recheckRequested = Signal(bool)  # include drafts
    exportRequested = Signal(object, bool)  # the preflight shown, whether its errors are overridden

    def __init__(self, preflight, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preflightDialog")
        self.setWindowTitle(f"Preflight: {what}")
        self.setAccessibleName("Preflight")
        self.preflight = preflight

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Problem", "Severity"])
        self.tree.setAccessibleName("Problems by article")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(True)
        self.include_drafts = QCheckBox("Include &drafts and articles in edit")
        self.include_drafts.setToolTip("By default only ready and published articles are exported.")
        self.override = QCheckBox()
        self.override.setAccessibleName("Confirm exporting with errors")

        self.go_to_button = QPushButton("&Go To")
        self.check_again_button = QPushButton("Check &Again")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)

        row = QHBoxLayout()
        row.addWidget(self.go_to_button)
        row.addWidget(self.check_again_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        layout.addWidget(self.include_drafts)
        layout.addWidget(self.override)
        layout.addWidget(self.buttons)
        self.resize(720, 460)

        self.tree.currentItemChanged.connect(self._update_buttons)
        self.tree.itemActivated.connect(self._item_activated)
        self.go_to_button.clicked.connect(self.go_to_selected)
        self.check_again_button.clicked.connect(self._check_again)
        self.include_drafts.toggled.connect(self.recheckRequested)
        self.override.toggled.connect(self._update_buttons)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        self.set_preflight(preflight)

    # ------------------------------------------------------------------ showing

    def set_preflight(self, preflight) -> None:
        """Show a (new) result; the override tick never carries over to other errors."""
        self.preflight = preflight
        self.include_drafts.blockSignals(True)
        self.include_drafts.setChecked(preflight.scope.include_drafts)
        self.include_drafts.blockSignals(False)
        self.include_drafts.setEnabled(preflight.scope.status is None)
        self.summary.setText(self._summary_text())
        errors = len(preflight.errors)
        self.override.setChecked(False)
        self.override.setVisible(errors > 0)
        self.override.setText(
            f"Export anyway with {errors} error{'s' if errors != 1 else ''} (recorded in the export report)"
        )
        self._fill_tree()
        self._update_buttons()

    def _summary_text(self) -> str:
        text = self.preflight.headline()
        if self.preflight.errors:
            return f"{text} Errors stop the export until they are fixed, or you export anyway."
        if self.preflight.problems:
            return f"{text} Warnings do not stop the export."
        return text

    def _fill_tree(self) -> None:
        self.tree.clear()
        style = self.style()
        icons = {
            True: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            False: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        for article, problems in self.preflight.problems_by_article():
            errors = sum(p.is_error for p in problems)
            status = STATUS_LABELS.get(article.status, article.status)
            counts = f"{errors} error{'s' if errors != 1 else ''}" if errors else "warnings"
            parent = QTreeWidgetItem([f"{article.title} ({status})", counts])
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            self.tree.addTopLevelItem(parent)
            for problem in problems:
                child = QTreeWidgetItem([problem.message, "Error" if problem.is_error else "Warning"])
                child.setData(0, PROBLEM_ROLE, problem)
                child.setToolTip(0, problem.message)
                child.setIcon(1, icons[problem.is_error])
                if problem.is_error:
                    bold = child.font(1)
                    bold.setBold(True)
                    child.setFont(1, bold)
                parent.addChild(child)
            parent.setExpanded(True)
        self.tree.resizeColumnToContents(1)
        first = self.tree.topLevelItem(0)
        if first is not None and first.childCount():
            self.tree.setCurrentItem(first.child(0))

    def problem_items(self) -> list[QTreeWidgetItem]:
        """Every problem row, in the order shown."""
        items = []
        for index in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(index)
            items.extend(parent.child(row) for row in range(parent.childCount()))
        return items

    def selected_problem(self):
        item = self.tree.currentItem()
        if item is None:
            return None
        problem = item.data(0, PROBLEM_ROLE)
        if problem is None and item.childCount():  # an article row: its first problem
            problem = item.child(0).data(0, PROBLEM_ROLE)
        return problem

    @Slot()
    def _update_buttons(self, *_args) -> None:
        self.go_to_button.setEnabled(self.selected_problem() is not None)
        errors = bool(self.preflight.errors)
        self.export_button.setText("Export &Anyway" if errors else "&Export")
        self.export_button.setEnabled(not errors or self.override.isChecked())

    # ------------------------------------------------------------------ acting

    @Slot()
    def go_to_selected(self) -> None:
        problem = self.selected_problem()
        if problem is not None:
            self.goToRequested.emit(problem.article_id, problem.placement_id, problem.field)

    @Slot(QTreeWidgetItem, int)
    def _item_activated(self, _item, _column) -> None:
        self.go_to_selected()

    @Slot()
    def _check_again(self) -> None:
        self.recheckRequested.emit(self.include_drafts.isChecked())

    def set_checking(self, checking: bool) -> None:
        """While the window re-runs the preflight, nothing here may start an export."""
        self.summary.setText("Checking…" if checking else self._summary_text())
        for widget in (self.check_again_button, self.include_drafts, self.export_button):
            widget.setEnabled(not checking)
        if not checking:
            self._update_buttons()

    @Slot()
    def export(self) -> None:
        errors = bool(self.preflight.errors)
        if errors and not self.override.isChecked():
            return  # the button is disabled; a stray Enter must not export over errors
        self.exportRequested.emit(self.preflight, errors)
        self.accept()
