"""Qt's table of standard key bindings, per key binding scheme, as data for the tests.

Qt gives a `QKeySequence.StandardKey` its keys from the platform theme's keyboard scheme
(`QPlatformTheme::keyBindings`), and a program can only ask Qt about the scheme it runs
under. To check Copydesk's shortcuts under all of them, this module keeps Qt's own table:
`QPlatformThemePrivate::keyBindings[]` in qtbase src/gui/kernel/qplatformtheme.cpp (Qt 6.10
development branch, the version whose theme hints mention MenuSelectionWraps), one row per
line in Qt's order: standard key, priority, modifiers, key, schemes. `key_bindings` repeats
`QPlatformTheme::keyBindings`: a scheme answers the rows marked for it, and KDE, GNOME and
CDE also the generic X11 rows (`QPlatformThemePrivate::currentKeyPlatforms`); priority-1
rows go first. On macOS, Qt reads CTRL as Command and META as Control.

tests/ui/test_shortcut_conflicts.py checks this table against the Qt installed: in the
test process (the offscreen platform uses the Windows scheme) and, where Xvfb is
available, under the generic X11, GNOME and KDE themes in child processes. Three rows
differ from the source to match Qt 6.11 as installed (each says how); the macOS rows are
the source's, as no test here can run under that scheme.
"""

from __future__ import annotations

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence

# QPlatformTheme::KeyboardSchemes, as the bits Qt's table uses.
WIN = 1 << 0
MAC = 1 << 1
X11 = 1 << 2
KDE = 1 << 3
GNOME = 1 << 4
CDE = 1 << 5
ALL = 0xFFFF

# The rows each scheme answers (QPlatformThemePrivate::currentKeyPlatforms).
SCHEMES = {
    "Windows": WIN,
    "macOS": MAC,
    "X11": X11,
    "KDE": KDE | X11,
    "GNOME": GNOME | X11,
    "CDE": CDE | X11,
}

MODIFIERS = {
    "-": Qt.KeyboardModifier.NoModifier,
    "CTRL": Qt.KeyboardModifier.ControlModifier,
    "SHIFT": Qt.KeyboardModifier.ShiftModifier,
    "ALT": Qt.KeyboardModifier.AltModifier,
    "META": Qt.KeyboardModifier.MetaModifier,
}

# fmt: off
KEY_BINDINGS = (
    # standard key, priority, modifiers, Qt::Key_..., schemes
    ("HelpContents", 1, "CTRL", "Question", MAC),
    ("HelpContents", 0, "-", "F1", WIN | X11),
    ("HelpContents", 0, "-", "Help", ALL),
    ("WhatsThis", 1, "SHIFT", "F1", ALL),
    ("Open", 1, "CTRL", "O", ALL),
    ("Open", 0, "-", "Open", ALL),
    ("Close", 0, "CTRL", "F4", MAC),
    ("Close", 1, "CTRL", "F4", WIN),
    ("Close", 1, "CTRL", "W", MAC),
    ("Close", 0, "CTRL", "W", WIN | X11),
    ("Close", 0, "-", "Close", ALL),
    ("Save", 1, "CTRL", "S", ALL),
    ("Save", 0, "-", "Save", ALL),
    ("New", 1, "CTRL", "N", ALL),
    ("New", 0, "-", "New", ALL),
    ("Delete", 0, "CTRL", "D", X11),
    ("Delete", 1, "-", "Delete", ALL),
    ("Delete", 0, "META", "D", MAC),
    ("Cut", 1, "CTRL", "X", ALL),
    ("Cut", 0, "SHIFT", "Delete", WIN | X11),
    ("Cut", 0, "-", "F20", X11),
    ("Cut", 0, "META", "K", MAC),
    ("Cut", 0, "-", "Cut", ALL),
    ("Copy", 0, "CTRL", "Insert", X11 | WIN),
    ("Copy", 1, "CTRL", "C", ALL),
    ("Copy", 0, "-", "F16", X11),
    ("Copy", 0, "-", "Copy", ALL),
    ("Paste", 0, "CTRL|SHIFT", "Insert", X11),
    ("Paste", 1, "CTRL", "V", ALL),
    ("Paste", 0, "SHIFT", "Insert", WIN | X11),
    ("Paste", 0, "-", "F18", X11),
    ("Paste", 0, "META", "Y", MAC),
    ("Paste", 0, "-", "Paste", ALL),
    ("Undo", 0, "ALT", "Backspace", WIN),
    ("Undo", 1, "CTRL", "Z", ALL),
    ("Undo", 0, "-", "F14", X11),
    ("Undo", 0, "-", "Undo", ALL),
    ("Redo", 0, "ALT|SHIFT", "Backspace", WIN),
    ("Redo", 0, "CTRL|SHIFT", "Z", MAC),
    ("Redo", 0, "CTRL|SHIFT", "Z", WIN | X11),
    ("Redo", 1, "CTRL", "Y", WIN),
    ("Redo", 0, "-", "Redo", ALL),
    ("Back", 1, "ALT", "Left", WIN | X11),
    ("Back", 0, "CTRL", "Left", MAC),
    ("Back", 1, "CTRL", "BracketLeft", MAC),
    ("Back", 0, "-", "Backspace", WIN),
    ("Back", 0, "-", "Back", ALL),
    ("Forward", 1, "ALT", "Right", WIN | X11),
    ("Forward", 0, "CTRL", "Right", MAC),
    ("Forward", 1, "CTRL", "BracketRight", MAC),
    ("Forward", 0, "SHIFT", "Backspace", WIN),
    ("Forward", 0, "-", "Forward", ALL),
    ("Refresh", 1, "CTRL", "R", GNOME | MAC),
    ("Refresh", 0, "-", "F5", WIN | X11),
    ("Refresh", 0, "-", "Refresh", ALL),
    ("ZoomIn", 1, "CTRL", "Plus", ALL),
    ("ZoomIn", 0, "-", "ZoomIn", ALL),
    ("ZoomOut", 1, "CTRL", "Minus", ALL),
    ("ZoomOut", 0, "-", "ZoomOut", ALL),
    ("Print", 1, "CTRL", "P", ALL),
    ("AddTab", 1, "CTRL|SHIFT", "N", KDE),
    ("AddTab", 0, "CTRL", "T", ALL),
    ("NextChild", 0, "CTRL", "F6", WIN),
    ("NextChild", 0, "CTRL", "Tab", MAC),
    ("NextChild", 1, "CTRL", "Tab", WIN | X11),
    ("NextChild", 1, "CTRL", "BraceRight", MAC),
    ("NextChild", 0, "CTRL", "Comma", KDE),
    ("NextChild", 0, "-", "Forward", ALL),
    ("PreviousChild", 0, "CTRL|SHIFT", "F6", WIN),
    ("PreviousChild", 0, "CTRL|SHIFT", "Backtab", MAC),
    ("PreviousChild", 1, "CTRL|SHIFT", "Backtab", WIN | X11),
    ("PreviousChild", 1, "CTRL", "BraceLeft", MAC),
    ("PreviousChild", 0, "CTRL", "Period", KDE),
    ("PreviousChild", 0, "-", "Back", ALL),
    ("Find", 0, "CTRL", "F", ALL),
    ("Find", 0, "-", "Find", ALL),
    ("FindNext", 0, "CTRL", "G", WIN),
    ("FindNext", 1, "CTRL", "G", GNOME | MAC),
    ("FindNext", 1, "-", "F3", WIN),
    ("FindNext", 0, "-", "F3", X11),
    ("FindPrevious", 0, "CTRL|SHIFT", "G", WIN),
    ("FindPrevious", 1, "CTRL|SHIFT", "G", GNOME | MAC),
    ("FindPrevious", 1, "SHIFT", "F3", WIN),
    ("FindPrevious", 0, "SHIFT", "F3", X11),
    ("Replace", 0, "CTRL", "R", KDE),
    ("Replace", 0, "CTRL", "H", GNOME),
    ("Replace", 0, "CTRL", "H", WIN),
    ("SelectAll", 1, "CTRL", "A", ALL),
    ("Bold", 1, "CTRL", "B", ALL),
    ("Italic", 0, "CTRL", "I", ALL),
    ("Underline", 1, "CTRL", "U", ALL),
    ("MoveToNextChar", 1, "-", "Right", ALL),
    ("MoveToNextChar", 0, "META", "F", MAC),
    ("MoveToPreviousChar", 1, "-", "Left", ALL),
    ("MoveToPreviousChar", 0, "META", "B", MAC),
    ("MoveToNextWord", 0, "ALT", "Right", MAC),
    ("MoveToNextWord", 0, "CTRL", "Right", WIN | X11),
    ("MoveToPreviousWord", 0, "ALT", "Left", MAC),
    ("MoveToPreviousWord", 0, "CTRL", "Left", WIN | X11),
    ("MoveToNextLine", 1, "-", "Down", ALL),
    ("MoveToNextLine", 0, "META", "N", MAC),
    ("MoveToPreviousLine", 1, "-", "Up", ALL),
    ("MoveToPreviousLine", 0, "META", "P", MAC),
    ("MoveToNextPage", 0, "META", "PageDown", MAC),
    ("MoveToNextPage", 0, "META", "Down", MAC),
    ("MoveToNextPage", 0, "META", "V", MAC),
    ("MoveToNextPage", 0, "ALT", "PageDown", MAC),
    ("MoveToNextPage", 1, "-", "PageDown", ALL),
    ("MoveToPreviousPage", 0, "META", "PageUp", MAC),
    ("MoveToPreviousPage", 0, "META", "Up", MAC),
    ("MoveToPreviousPage", 0, "ALT", "PageUp", MAC),
    ("MoveToPreviousPage", 1, "-", "PageUp", ALL),
    ("MoveToStartOfLine", 0, "META", "Left", MAC),
    ("MoveToStartOfLine", 0, "CTRL", "Left", MAC),
    ("MoveToStartOfLine", 0, "-", "Home", WIN | X11),
    ("MoveToEndOfLine", 0, "META", "Right", MAC),
    ("MoveToEndOfLine", 0, "CTRL", "Right", MAC),
    ("MoveToEndOfLine", 0, "-", "End", WIN | X11),
    ("MoveToEndOfLine", 0, "CTRL", "E", X11),
    ("MoveToStartOfBlock", 0, "META", "A", MAC),
    ("MoveToStartOfBlock", 1, "ALT", "Up", MAC),
    ("MoveToEndOfBlock", 0, "META", "E", MAC),
    ("MoveToEndOfBlock", 1, "ALT", "Down", MAC),
    ("MoveToStartOfDocument", 1, "CTRL", "Up", MAC),
    ("MoveToStartOfDocument", 0, "CTRL", "Home", WIN | X11),
    ("MoveToStartOfDocument", 0, "-", "Home", MAC),
    ("MoveToEndOfDocument", 1, "CTRL", "Down", MAC),
    ("MoveToEndOfDocument", 0, "CTRL", "End", WIN | X11),
    ("MoveToEndOfDocument", 0, "-", "End", MAC),
    ("SelectNextChar", 0, "SHIFT", "Right", ALL),
    ("SelectPreviousChar", 0, "SHIFT", "Left", ALL),
    ("SelectNextWord", 0, "ALT|SHIFT", "Right", MAC),
    ("SelectNextWord", 0, "CTRL|SHIFT", "Right", WIN | X11),
    ("SelectPreviousWord", 0, "ALT|SHIFT", "Left", MAC),
    ("SelectPreviousWord", 0, "CTRL|SHIFT", "Left", WIN | X11),
    ("SelectNextLine", 0, "SHIFT", "Down", ALL),
    ("SelectPreviousLine", 0, "SHIFT", "Up", ALL),
    ("SelectNextPage", 0, "SHIFT", "PageDown", ALL),
    ("SelectPreviousPage", 0, "SHIFT", "PageUp", ALL),
    ("SelectStartOfLine", 0, "META|SHIFT", "Left", MAC),
    ("SelectStartOfLine", 1, "CTRL|SHIFT", "Left", MAC),
    ("SelectStartOfLine", 0, "SHIFT", "Home", WIN | X11),
    ("SelectEndOfLine", 0, "META|SHIFT", "Right", MAC),
    ("SelectEndOfLine", 1, "CTRL|SHIFT", "Right", MAC),
    ("SelectEndOfLine", 0, "SHIFT", "End", WIN | X11),
    ("SelectStartOfBlock", 1, "ALT|SHIFT", "Up", MAC),
    ("SelectStartOfBlock", 0, "META|SHIFT", "A", MAC),
    ("SelectEndOfBlock", 1, "ALT|SHIFT", "Down", MAC),
    ("SelectEndOfBlock", 0, "META|SHIFT", "E", MAC),
    ("SelectStartOfDocument", 1, "CTRL|SHIFT", "Up", MAC),
    ("SelectStartOfDocument", 0, "CTRL|SHIFT", "Home", WIN | X11),
    ("SelectStartOfDocument", 0, "SHIFT", "Home", MAC),
    ("SelectEndOfDocument", 1, "CTRL|SHIFT", "Down", MAC),
    ("SelectEndOfDocument", 0, "CTRL|SHIFT", "End", WIN | X11),
    ("SelectEndOfDocument", 0, "SHIFT", "End", MAC),
    ("DeleteStartOfWord", 0, "ALT", "Backspace", MAC),
    ("DeleteStartOfWord", 0, "CTRL", "Backspace", X11 | WIN),
    ("DeleteEndOfWord", 0, "ALT", "Delete", MAC),
    ("DeleteEndOfWord", 0, "CTRL", "Delete", X11 | WIN),
    ("DeleteEndOfLine", 0, "CTRL", "K", X11),
    ("InsertParagraphSeparator", 0, "-", "Enter", ALL),
    ("InsertParagraphSeparator", 0, "-", "Return", ALL),
    ("InsertLineSeparator", 0, "META", "Enter", MAC),
    ("InsertLineSeparator", 0, "META", "Return", MAC),
    ("InsertLineSeparator", 0, "SHIFT", "Enter", ALL),
    ("InsertLineSeparator", 0, "SHIFT", "Return", ALL),
    ("InsertLineSeparator", 0, "META", "O", MAC),
    ("SaveAs", 0, "CTRL|SHIFT", "S", ALL),
    ("SaveAs", 0, "SHIFT", "Save", ALL),
    ("Preferences", 0, "CTRL", "Comma", MAC),
    ("Preferences", 0, "CTRL|SHIFT", "Comma", KDE),
    ("Preferences", 0, "-", "Settings", KDE),  # source: ALL; the installed Qt answers it under KDE only
    ("Quit", 0, "CTRL", "Q", X11 | GNOME | KDE | MAC),
    ("Quit", 0, "-", "Exit", X11 | MAC),  # source: ALL; the installed Qt answers nothing under Windows
    ("FullScreen", 1, "META|CTRL", "F", MAC),
    ("FullScreen", 0, "ALT", "Enter", WIN),
    ("FullScreen", 0, "CTRL|SHIFT", "F", KDE),
    # source: Ctrl+F11 under GNOME, F11 under Windows and KDE; the installed Qt answers F11 under GNOME
    ("FullScreen", 1, "-", "F11", WIN | KDE | GNOME),
    ("Deselect", 0, "CTRL|SHIFT", "A", X11),
    ("DeleteCompleteLine", 0, "CTRL", "U", X11),
    ("Backspace", 1, "-", "Backspace", MAC),
    ("Backspace", 0, "META", "H", MAC),
    ("Cancel", 0, "-", "Escape", ALL),
    ("Cancel", 0, "CTRL", "Period", MAC),
    ("Cancel", 0, "-", "Cancel", ALL),
)
# fmt: on


def _sequence(modifiers: str, key: str) -> QKeySequence:
    combined = Qt.KeyboardModifier.NoModifier
    for name in modifiers.split("|"):
        combined |= MODIFIERS[name]
    return QKeySequence(QKeyCombination(combined, getattr(Qt.Key, f"Key_{key}")))


def key_bindings(standard_key: QKeySequence.StandardKey, scheme: str) -> list[QKeySequence]:
    """What `QKeySequence.keyBindings(standard_key)` answers under `scheme`."""
    platforms = SCHEMES[scheme]
    found: list[QKeySequence] = []
    for name, priority, modifiers, key, rows_platforms in KEY_BINDINGS:
        if name == standard_key.name and rows_platforms & platforms:
            sequence = _sequence(modifiers, key)
            if priority > 0:
                found.insert(0, sequence)
            else:
                found.append(sequence)
    return found
