"""Moving between the window's panes from the keyboard.

Ctrl+Tab and F6 go to the next pane, Ctrl+Shift+Tab and Shift+F6 to the previous one, in
reading order (library list, article fields, body, photos, preview), wrapping round and
skipping the panes that are hidden or have nothing to focus (no article open, focus mode,
caption desk). Tab alone stays what it is in each field: inside the body it indents a
Markdown list, so the body needs keys Tab does not own.

The keys are window-wide shortcuts. Text fields claim Tab, not Ctrl+Tab or F6 (they
accept ShortcutOverride only for keys they edit with), so the keys reach the window from
inside the body and the standfirst too; tests/ui/test_keyboard_navigation.py presses them
there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from . import shortcuts


@dataclass(frozen=True)
class Pane:
    name: str
    area: QWidget  # the widget the pane's own widgets live in
    # What takes the focus when the pane is entered; a callable for one made later
    # (the preview's web view starts on first use).
    target: QWidget | Callable[[], QWidget | None]

    def focus_target(self) -> QWidget | None:
        return self.target() if callable(self.target) else self.target


class PaneNavigator(QObject):
    """The Next Pane and Previous Pane commands of one window."""

    def __init__(self, window: QWidget, panes: list[Pane]) -> None:
        super().__init__(window)
        self.window = window
        self.panes = panes
        self._last_focus: dict[str, QWidget] = {}
        self.next_action = QAction("Ne&xt Pane", window)
        self.next_action.setStatusTip("Move the keyboard focus to the next pane")
        shortcuts.assign_shortcuts(self.next_action, shortcuts.NEXT_PANE)
        self.next_action.triggered.connect(self.focus_next_pane)
        self.previous_action = QAction("Pre&vious Pane", window)
        self.previous_action.setStatusTip("Move the keyboard focus to the previous pane")
        shortcuts.assign_shortcuts(self.previous_action, shortcuts.PREVIOUS_PANE)
        self.previous_action.triggered.connect(self.focus_previous_pane)
        window.addAction(self.next_action)
        window.addAction(self.previous_action)
        QApplication.instance().focusChanged.connect(self._remember_focus)

    # ------------------------------------------------------------------ which pane

    def available(self) -> list[Pane]:
        """The panes the focus can enter now, in order."""
        found = []
        for pane in self.panes:
            target = pane.focus_target()
            if target is None or not self._in_sight(pane.area):
                continue
            while target.focusProxy() is not None:  # a web view hands its focus to a child
                target = target.focusProxy()
            if target.isEnabled() and target.focusPolicy() != Qt.FocusPolicy.NoFocus:
                found.append(pane)
        return found

    @staticmethod
    def _in_sight(area: QWidget) -> bool:
        """Shown, and at least a line of text tall (a splitter can squeeze a pane to nothing)."""
        return area.isVisible() and area.width() > 0 and area.height() >= area.fontMetrics().height()

    def pane_of(self, widget: QWidget | None) -> Pane | None:
        """The pane `widget` is in: the first whose area holds it (the fields come before
        the editor pane that holds them, so the find bar counts as the body)."""
        if widget is None:
            return None
        for pane in self.panes:
            if pane.area is widget or pane.area.isAncestorOf(widget):
                return pane
        return None

    def current_pane(self) -> Pane | None:
        return self.pane_of(QApplication.focusWidget())

    # ------------------------------------------------------------------ moving

    @Slot()
    def focus_next_pane(self) -> Pane | None:
        return self._step(1)

    @Slot()
    def focus_previous_pane(self) -> Pane | None:
        return self._step(-1)

    def _step(self, direction: int) -> Pane | None:
        panes = self.available()
        if not panes:
            return None
        current = self.current_pane()
        if current in panes:
            index = (panes.index(current) + direction) % len(panes)
        else:
            index = 0 if direction > 0 else len(panes) - 1
        pane = panes[index]
        self.enter(pane)
        return pane

    def enter(self, pane: Pane) -> None:
        """Focus the widget last used in `pane` (a field the writer was in), else its target."""
        remembered = self._last_focus.get(pane.name)
        usable = (
            remembered is not None
            and pane.area.isAncestorOf(remembered)
            and remembered.isVisible()
            and remembered.isEnabled()
        )
        widget = remembered if usable else pane.focus_target()
        widget.setFocus(Qt.FocusReason.TabFocusReason)

    @Slot(QWidget, QWidget)
    def _remember_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        pane = self.pane_of(new)
        if pane is not None:
            self._last_focus[pane.name] = new
