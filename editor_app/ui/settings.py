"""Preferences declared as data, and the window state remembered between starts.

Preferences (`PREFERENCES`) are what a user might tune; window state (geometry,
splitter sizes, open panes, recent libraries, last article) is bookkeeping and is kept
apart under `window/` and `library/` keys; each window layout (writing, caption desk)
keeps its splitter sizes and tile size under `window/layout/<name>/`. Both live in one QSettings object that the
caller passes in, so tests hand the window a settings file in tmp_path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Copydesk"
APPLICATION = "Copydesk"
MAX_RECENT_LIBRARIES = 8
# The splitters a window layout remembers: window columns, photos over preview, sheet and inspector.
LAYOUT_SPLITTERS = ("main", "side", "photos")


@dataclass(frozen=True)
class Preference:
    key: str
    type: type
    default: object
    help: str


PREFERENCES = (
    Preference("editor/autosave_delay_ms", int, 1000, "Pause in typing after which the article is saved."),
    Preference("editor/save_retry_ms", int, 5000, "How often to retry a save the disk refused (full, a size limit)."),
    Preference("editor/counts_delay_ms", int, 250, "Pause after which word and character counts are updated."),
    Preference("editor/zoom_steps", int, 0, "Body text zoom, in steps above (or below) the system font size."),
    Preference("preview/refresh_delay_ms", int, 300, "Pause in typing after which the preview is refreshed."),
    Preference("library/search_delay_ms", int, 120, "Pause in typing in the search field before searching."),
    Preference("photos/caption_delay_ms", int, 800, "Pause after which an edited caption is saved and checked."),
    Preference("focus/typewriter_scrolling", bool, False, "In Focus Mode, keep the line being written at mid-height."),
    Preference("focus/dim_paragraphs", bool, False, "In Focus Mode, grey every paragraph but the one being edited."),
)
PREFERENCE_BY_KEY = {p.key: p for p in PREFERENCES}


def open_settings() -> QSettings:
    """The user's settings file (INI, so it is readable and the same on every platform)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


class WindowSettings:
    """Typed access to preferences and window state over one QSettings object."""

    def __init__(self, settings: QSettings) -> None:
        self.qsettings = settings

    # ---------------------------------------------------------------- preferences

    def preference(self, key: str):
        declared = PREFERENCE_BY_KEY[key]
        value = self.qsettings.value(key, declared.default)
        if declared.type is bool and isinstance(value, str):  # an INI file gives "true" back as text
            return value.strip().lower() in ("true", "1", "yes")
        try:
            return declared.type(value)
        except (TypeError, ValueError):
            return declared.default

    def set_preference(self, key: str, value) -> None:
        declared = PREFERENCE_BY_KEY[key]
        self.qsettings.setValue(key, declared.type(value))

    # ---------------------------------------------------------------- window state

    def byte_array(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_byte_array(self, key: str, value: QByteArray) -> None:
        self.qsettings.setValue(key, value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.qsettings.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def set_flag(self, key: str, value: bool) -> None:
        self.qsettings.setValue(key, bool(value))

    def layout(self, name: str) -> dict | None:
        """A window layout ("writing", "caption_desk"): splitter states and the tile size, or None."""
        states = {part: self.byte_array(f"window/layout/{name}/{part}") for part in LAYOUT_SPLITTERS}
        if all(state is None for state in states.values()):
            return None
        try:
            states["tile"] = int(self.qsettings.value(f"window/layout/{name}/tile", 0) or 0)
        except (TypeError, ValueError):
            states["tile"] = 0
        return states

    def set_layout(self, name: str, states: dict) -> None:
        for part in LAYOUT_SPLITTERS:
            if states.get(part) is not None:
                self.set_byte_array(f"window/layout/{name}/{part}", states[part])
        if states.get("tile"):
            self.qsettings.setValue(f"window/layout/{name}/tile", int(states["tile"]))

    def recent_libraries(self) -> list[str]:
        value = self.qsettings.value("library/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def remember_library(self, path: str) -> None:
        recent = [p for p in self.recent_libraries() if p != path]
        self.qsettings.setValue("library/recent", [path, *recent][:MAX_RECENT_LIBRARIES])

    def last_article(self, library_path: str) -> int | None:
        value = self.qsettings.value(f"library/last_article/{_library_key(library_path)}")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_article(self, library_path: str, article_id: int | None) -> None:
        key = f"library/last_article/{_library_key(library_path)}"
        if article_id is None:
            self.qsettings.remove(key)
        else:
            self.qsettings.setValue(key, int(article_id))

    def sync(self) -> None:
        self.qsettings.sync()


def _library_key(library_path: str) -> str:
    """A settings key for a library path (paths hold characters QSettings keys must not)."""
    return hashlib.sha1(str(library_path).encode("utf-8")).hexdigest()[:16]
