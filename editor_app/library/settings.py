"""Settings a desk shares through its library: one JSON value per key in `setting` (0004).

Export remembers the site's address, name, description and language here, so the next
export (from the window or the command line, on any computer) publishes the same site.
A new setting needs no migration: keys are names, values any JSON.
"""

from __future__ import annotations

import json

from .connections import Connections, reads, writes
from .errors import InvalidFieldError


class SettingsStore:
    """The `setting` table: `get(key, default)` reads, `set(key, value)` writes (None removes)."""

    def __init__(self, connections: Connections):
        self.connections = connections

    @reads
    def get(self, key: str, default=None):
        row = self.connections.one("SELECT value FROM setting WHERE key = ?", (key,))
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            return default  # a value written by hand that is not JSON: as if unset

    @writes
    def set(self, key: str, value) -> None:
        if not isinstance(key, str) or not key.strip():
            raise InvalidFieldError("A setting needs a name.")
        table = self.connections.db["setting"]
        if value is None:
            table.delete_where("key = ?", [key])
            return
        try:
            text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        except (TypeError, ValueError) as exc:
            raise InvalidFieldError(f"The setting {key!r} cannot be stored: {exc}.") from None
        table.upsert({"key": key, "value": text}, pk="key")
