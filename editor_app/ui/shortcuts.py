"""Keyboard shortcuts declared as data, so a test can check them on every platform.

Qt chooses the keys of a `QKeySequence.StandardKey` from the platform theme: Replace is
Ctrl+H under GNOME and Windows but Ctrl+R under KDE, and Full Screen is Ctrl+Shift+F under
KDE only. A shortcut read back from an action tells only what the running theme chose, so
every action and shortcut object gets its keys through `assign_shortcuts`, which also keeps
what was asked for (standard keys by name, other keys as text) on the object. The conflict
test (tests/ui/test_shortcut_conflicts.py) expands that declaration for each of Qt's key
binding schemes and fails on any key two commands of one window answer.

The keys chosen here where the obvious one was taken:
- Redo also answers Ctrl+Y and Ctrl+Shift+Z everywhere (Qt gives Linux only Ctrl+Shift+Z).
- History is Ctrl+Shift+H: Ctrl+H is Replace under GNOME and Windows.
- Focus Mode is F11 (Ctrl+Cmd+F on macOS), not the Full Screen standard key, whose KDE
  Ctrl+Shift+F is Find in Library.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence

StandardKey = QKeySequence.StandardKey
KeySpec = StandardKey | str

# The dynamic property that keeps an object's declared keys: a list of strings, standard
# keys as "StandardKey.Name", other keys in Qt's portable text ("Ctrl+Shift+H").
SPEC_PROPERTY = "copydeskShortcutSpec"
STANDARD_PREFIX = "StandardKey."

# Moving between the panes (pane_navigation.py). Ctrl+Shift+Tab arrives as Backtab with
# Shift on X11 and Windows, as Tab with Shift from some input methods: both are listed.
NEXT_PANE: tuple[KeySpec, ...] = ("Ctrl+Tab", "F6")
PREVIOUS_PANE: tuple[KeySpec, ...] = ("Ctrl+Shift+Backtab", "Ctrl+Shift+Tab", "Shift+F6")
REDO: tuple[KeySpec, ...] = (StandardKey.Redo, "Ctrl+Y", "Ctrl+Shift+Z")
HISTORY: tuple[KeySpec, ...] = ("Ctrl+Shift+H",)
# Qt maps Ctrl to Command and Meta to Control on macOS: this is Ctrl+Cmd+F there.
FOCUS_MODE: tuple[KeySpec, ...] = ("F11", "Ctrl+Meta+F")


def normalized_specs(shortcut) -> tuple[KeySpec, ...]:
    """One declaration from what `QAction.setShortcut` takes: a standard key, a key text,
    a QKeySequence or key combination, or a list of those."""
    if shortcut is None:
        return ()
    if isinstance(shortcut, (list, tuple)):
        return tuple(spec for item in shortcut for spec in normalized_specs(item))
    if isinstance(shortcut, StandardKey):
        return (shortcut,)
    if isinstance(shortcut, str):
        text = QKeySequence(shortcut, QKeySequence.SequenceFormat.PortableText).toString(
            QKeySequence.SequenceFormat.PortableText
        )
        if shortcut and not text:
            raise ValueError(f"Qt does not understand the key sequence {shortcut!r}")
        return (text,) if text else ()
    sequence = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    return (text,) if text else ()


def key_sequences(specs: Iterable[KeySpec]) -> list[QKeySequence]:
    """The keys `specs` give under the running platform theme, each once, in order."""
    sequences: list[QKeySequence] = []
    for spec in specs:
        if isinstance(spec, StandardKey):
            found = QKeySequence.keyBindings(spec)
        else:
            found = [QKeySequence(spec, QKeySequence.SequenceFormat.PortableText)]
        sequences.extend(sequence for sequence in found if not sequence.isEmpty() and sequence not in sequences)
    return sequences


def assign_shortcuts(target: QObject, shortcut) -> None:
    """Give a QAction or QShortcut the keys `shortcut` declares, and keep the declaration."""
    specs = normalized_specs(shortcut)
    sequences = key_sequences(specs)
    if hasattr(target, "setShortcuts"):
        target.setShortcuts(sequences)
    else:
        target.setKeys(sequences)
    target.setProperty(SPEC_PROPERTY, [encode_spec(spec) for spec in specs])


def encode_spec(spec: KeySpec) -> str:
    return f"{STANDARD_PREFIX}{spec.name}" if isinstance(spec, StandardKey) else spec
