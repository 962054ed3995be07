"""No key is ambiguous in any window, under any of Qt's key binding schemes.

Two commands answering one key in one window is a dead key in Qt: neither runs, and Qt
only says "Ambiguous shortcut overload" on the console. Which keys a standard key gives
depends on the platform theme, so every QAction and QShortcut declares its keys
(editor_app/ui/shortcuts.py) and this test expands the declaration with Qt's own table
(tests/ui/qt_key_bindings.py) for Windows, macOS, X11, KDE, GNOME and CDE.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMainWindow, QWidget

from editor_app.ui.shortcuts import SPEC_PROPERTY, STANDARD_PREFIX, StandardKey, assign_shortcuts, key_sequences
from tests.ui.conftest import type_text
from tests.ui.qt_key_bindings import SCHEMES, key_bindings

REPOSITORY = Path(__file__).resolve().parents[2]
WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
PORTABLE = QKeySequence.SequenceFormat.PortableText


@dataclass(frozen=True)
class Binding:
    command: str
    keys: str  # portable text, e.g. "Ctrl+Shift+H"
    scope: QWidget | None  # None: the whole window


def command_name(item: QObject) -> str:
    text = item.text().replace("&", "") if isinstance(item, QAction) else ""
    return text or item.objectName() or f"{type(item).__name__} in {type(item.parent()).__name__}"


def declared_specs(item: QObject) -> tuple | None:
    """What `assign_shortcuts` was given for `item`; None if its keys came another way."""
    stored = item.property(SPEC_PROPERTY)
    if stored is None:
        return None
    return tuple(
        getattr(StandardKey, text.removeprefix(STANDARD_PREFIX)) if text.startswith(STANDARD_PREFIX) else text
        for text in stored
    )


def expand(specs, scheme: str) -> list[str]:
    """The keys a declaration gives under `scheme`, as Qt would give them there."""
    keys: list[str] = []
    for spec in specs:
        found = key_bindings(spec, scheme) if isinstance(spec, StandardKey) else [QKeySequence(spec, PORTABLE)]
        for sequence in found:
            text = sequence.toString(PORTABLE)
            if text and text not in keys:
                keys.append(text)
    return keys


def shortcut_objects(window: QWidget) -> list[QObject]:
    """Every QAction and QShortcut that can fire in `window`: its children, and actions
    other objects own but that were added to its widgets."""
    found: dict[int, QObject] = {}
    for item in [*window.findChildren(QAction), *window.findChildren(QShortcut)]:
        found[id(item)] = item
    for widget in [window, *window.findChildren(QWidget)]:
        for action in widget.actions():
            found[id(action)] = action
    return list(found.values())


def scopes_of(item: QObject) -> list[QWidget | None]:
    context = item.shortcutContext() if isinstance(item, QAction) else item.context()
    if context in WINDOW_WIDE:
        return [None]
    if isinstance(item, QShortcut):
        return [item.parent()] if isinstance(item.parent(), QWidget) else [None]
    return [widget for widget in item.associatedObjects() if isinstance(widget, QWidget)] or [None]


def window_bindings(window: QWidget, scheme: str) -> tuple[list[Binding], list[str]]:
    """The window's key bindings under `scheme`, and the commands whose keys were set
    without a declaration (so they cannot be expanded for another scheme)."""
    bindings: list[Binding] = []
    undeclared: list[str] = []
    for item in shortcut_objects(window):
        live = item.shortcuts() if isinstance(item, QAction) else item.keys()
        specs = declared_specs(item)
        if specs is None:
            if live:
                undeclared.append(f"{command_name(item)} ({', '.join(k.toString() for k in live)})")
            continue
        for keys in expand(specs, scheme):
            bindings.extend(Binding(command_name(item), keys, scope) for scope in scopes_of(item))
    return bindings, undeclared


def overlap(first: QWidget | None, second: QWidget | None) -> bool:
    if first is None or second is None:
        return True
    return first is second or first.isAncestorOf(second) or second.isAncestorOf(first)


def conflicts(bindings: list[Binding]) -> list[str]:
    """Keys two different commands answer where both can fire; also a key that begins a
    longer sequence (Qt waits for the rest, so the short one never fires)."""
    found: set[str] = set()
    for index, first in enumerate(bindings):
        for second in bindings[index + 1 :]:
            if first.command == second.command or not overlap(first.scope, second.scope):
                continue
            short, long = sorted((first.keys, second.keys), key=len)
            if short == long or long.startswith(short + ", "):
                found.add(f"{short}: {' and '.join(sorted((first.command, second.command)))}")
    return sorted(found)


def windows_with_commands() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


# ---------------------------------------------------------------------- the table is Qt's


def standard_keys() -> list[StandardKey]:
    return [key for key in StandardKey if key != StandardKey.UnknownKey]


def installed_bindings() -> dict[str, list[str]]:
    return {key.name: [s.toString(PORTABLE) for s in QKeySequence.keyBindings(key)] for key in standard_keys()}


def table_bindings(scheme: str) -> dict[str, list[str]]:
    return {key.name: [s.toString(PORTABLE) for s in key_bindings(key, scheme)] for key in standard_keys()}


def test_the_table_gives_what_the_installed_qt_gives_here(qapp):
    installed = installed_bindings()
    matching = [scheme for scheme in SCHEMES if table_bindings(scheme) == installed]
    assert matching, "tests/ui/qt_key_bindings.py no longer matches the installed Qt under any scheme"


DUMP_BINDINGS = (
    "import json, sys\n"
    "from PySide6.QtGui import QGuiApplication, QKeySequence\n"
    "app = QGuiApplication(sys.argv)\n"
    "keys = [k for k in QKeySequence.StandardKey if k != QKeySequence.StandardKey.UnknownKey]\n"
    "print(json.dumps({k.name: [s.toString(QKeySequence.SequenceFormat.PortableText)\n"
    "                           for s in QKeySequence.keyBindings(k)] for k in keys}))\n"
)
THEMES = {  # scheme: environment that makes the xcb platform pick its theme
    "X11": {"QT_QPA_PLATFORMTHEME": "generic"},
    "GNOME": {"QT_QPA_PLATFORMTHEME": "gnome"},
    "KDE": {"QT_QPA_PLATFORMTHEME": "kde", "KDE_SESSION_VERSION": "6", "KDE_FULL_SESSION": "true"},
}


@pytest.mark.skipif(sys.platform != "linux" or not shutil.which("xvfb-run"), reason="needs Linux with Xvfb")
@pytest.mark.parametrize("scheme", sorted(THEMES))
def test_the_table_gives_what_the_installed_qt_gives_under_linux_themes(scheme, tmp_path, monkeypatch):
    for name in ("QT_QPA_PLATFORM", "QT_QPA_PLATFORMTHEME", "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION"):
        monkeypatch.delenv(name, raising=False)
    environment = {**__import__("os").environ, **THEMES[scheme], "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path)}
    run = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-c", DUMP_BINDINGS],
        env=environment, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    installed = json.loads(run.stdout.strip().splitlines()[-1])
    table = table_bindings(scheme)
    assert {k: v for k, v in table.items() if installed[k] != v} == {}


# ---------------------------------------------------------------------- the window's keys


def test_every_key_is_declared_and_is_what_qt_gives_here(window, fixture_article):
    window.open_article(fixture_article.id)
    for top in windows_with_commands():
        _, undeclared = window_bindings(top, "Windows")
        assert undeclared == [], f"set these through editor_app.ui.shortcuts.assign_shortcuts: {undeclared}"
        for item in shortcut_objects(top):
            live = item.shortcuts() if isinstance(item, QAction) else item.keys()
            assert live == key_sequences(declared_specs(item) or ()), command_name(item)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_no_key_is_ambiguous_in_any_window(scheme, window, fixture_article):
    window.open_article(fixture_article.id)
    window.show_find_replace()  # the find bar's keys too
    found = []
    for top in windows_with_commands():
        bindings, _ = window_bindings(top, scheme)
        assert bindings, "no shortcuts found: the collector is broken"
        found.extend(f"{type(top).__name__}: {conflict}" for conflict in conflicts(bindings))
    assert not found, f"ambiguous under {scheme}:\n" + "\n".join(found)


def test_the_check_finds_history_and_replace_sharing_ctrl_h_under_gnome(qtbot):
    """The conflict the issue reported, planted in a bare window: the check must see it."""
    planted = QMainWindow()
    qtbot.addWidget(planted)
    replace = QAction("Replace", planted)
    history = QAction("History", planted)
    for action, keys in ((replace, StandardKey.Replace), (history, "Ctrl+H")):
        assign_shortcuts(action, keys)
        planted.menuBar().addAction(action)
    assert conflicts(window_bindings(planted, "GNOME")[0]) == ["Ctrl+H: History and Replace"]
    assert conflicts(window_bindings(planted, "KDE")[0]) == []  # KDE's Replace is Ctrl+R


def test_a_key_scoped_to_one_widget_conflicts_only_with_keys_reaching_it(qtbot):
    planted = QMainWindow()
    qtbot.addWidget(planted)
    left, right = QWidget(), QWidget()
    central = QWidget()
    left.setParent(central)
    right.setParent(central)
    planted.setCentralWidget(central)
    for parent, name in ((left, "left"), (right, "right")):
        shortcut = QShortcut(parent)
        shortcut.setObjectName(name)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        assign_shortcuts(shortcut, "Escape")
    assert conflicts(window_bindings(planted, "X11")[0]) == []
    everywhere = QAction("Leave", planted)
    assign_shortcuts(everywhere, "Escape")
    planted.addAction(everywhere)
    assert conflicts(window_bindings(planted, "X11")[0]) == ["Esc: Leave and left", "Esc: Leave and right"]


# ---------------------------------------------------------------------- redo


@pytest.mark.parametrize("scheme", ["Windows", "X11", "KDE", "GNOME"])
def test_redo_answers_ctrl_y_and_ctrl_shift_z_on_linux_and_windows(scheme, window):
    keys = expand(declared_specs(window.redo_action), scheme)
    assert "Ctrl+Y" in keys and "Ctrl+Shift+Z" in keys


@pytest.mark.parametrize("key", ["Ctrl+Y", "Ctrl+Shift+Z"])
def test_both_redo_keys_redo_in_the_body(key, qtbot, window):
    window.new_article_action.trigger()
    body = window.editor.body
    body.setFocus()
    type_text(qtbot, body, "Budget passes")
    window.undo_action.trigger()
    assert body.toPlainText() == ""
    sequence = QKeySequence(key)[0]
    qtbot.keyClick(body, sequence.key(), sequence.keyboardModifiers())
    assert body.toPlainText() == "Budget passes"


# ---------------------------------------------------------------------- menu letters


def menu_letters(window: QMainWindow) -> dict[str, str]:
    """Alt+letter of each menu in the menu bar."""
    letters = {}
    for action in window.menuBar().actions():
        key = QKeySequence.mnemonic(action.text()).toString(PORTABLE)
        if key:
            assert key not in letters, f"{action.text()} and {letters[key]} share {key}"
            letters[key] = action.text().replace("&", "")
    return letters


def widget_mnemonics(window: QWidget) -> list[tuple[str, str]]:
    """(Alt+letter, text) of the labels, buttons and boxes that can take one now."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not widget.isEnabled():
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            text = widget.text() if widget.buddy().isEnabled() else ""
        elif isinstance(widget, QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        key = QKeySequence.mnemonic(text).toString(PORTABLE)
        if key:
            found.append((key, text.replace("&", "")))
    return found


@pytest.mark.parametrize("layout", ["writing", "caption desk"])
def test_no_field_or_button_takes_a_menus_alt_letter(layout, qtbot, window, fixture_article):
    """Alt+F must open File: a label or button with the same letter makes Qt alternate
    between them, so the menu opens every other press (several fields sharing a letter
    are fine: Qt then steps through them, as Tab would)."""
    window.open_article(fixture_article.id)
    window.show_find_replace()
    if layout == "caption desk":
        window.caption_desk_action.trigger()
    window.photos.grid.setCurrentIndex(window.photos.model.index(0))  # the inspector's fields
    qtbot.wait(1)
    menus = menu_letters(window)
    taken = [f"{key}: {text} and the {menus[key]} menu" for key, text in widget_mnemonics(window) if key in menus]
    assert not taken, "\n".join(taken)


def menu_items_sharing_a_letter(menu, path: str = "") -> list[str]:
    menu.aboutToShow.emit()  # menus filled on show (recent libraries, templates)
    where = f"{path}{menu.title().replace('&', '')}"
    letters: dict[str, str] = {}
    shared = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        key = QKeySequence.mnemonic(action.text()).toString(PORTABLE)
        text = action.text().replace("&", "")
        if key and key in letters:
            shared.append(f"{where}: {key} is {letters[key]} and {text}")
        letters.setdefault(key, text)
        if action.menu() is not None:
            shared.extend(menu_items_sharing_a_letter(action.menu(), f"{where} > "))
    return shared


def test_no_two_items_of_a_menu_share_an_alt_letter(window, fixture_article):
    """In an open menu a letter picks its item; with two, Qt only moves between them."""
    window.open_article(fixture_article.id)
    shared = [line for action in window.menuBar().actions() for line in menu_items_sharing_a_letter(action.menu())]
    assert not shared, "\n".join(shared)
