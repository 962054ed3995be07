"""What a caption desk shares through its library: caption templates and the code list.

Both tables come from migration 0004. Desk settings (the caption length limit...) are
plain settings (settings.py); their names and defaults are declared here so the window,
the checks and the command line read one fact.

The library stores templates as text: checking their variables is the caption tools'
job (editor_app.photos.caption_tools.save_template checks, then calls add_template),
because the library sits below the photo package and knows no variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from .connections import Connections, reads, row_id, writes
from .errors import InvalidFieldError, NotFoundError


@dataclass(frozen=True)
class DeskSetting:
    key: str
    default: object
    help: str


CAPTION_LENGTH_LIMIT = DeskSetting(
    "caption_length_limit",
    600,
    "Characters a caption may have before the checks warn (about four lines of a print caption).",
)
DATE_TOLERANCE_DAYS = DeskSetting(
    "caption_date_tolerance_days",
    3,
    "How many days a date written in a caption may be from the photo's taken date.",
)


@dataclass(frozen=True)
class CaptionTemplate:
    id: int
    name: str
    template: str
    position: int

    def to_dict(self) -> dict:
        return asdict(self)


class TemplateNotFoundError(NotFoundError):
    def __init__(self, ref):
        super().__init__(f"No caption template {ref!r} in this library.")
        self.ref = ref


class DeskStore:
    """The caption_template and code_replacement tables."""

    def __init__(self, connections: Connections):
        self.connections = connections

    # ------------------------------------------------------------------ templates

    @reads
    def templates(self) -> list[CaptionTemplate]:
        """In menu order."""
        rows = self.connections.query("SELECT id, name, template, position FROM caption_template ORDER BY position, id")
        return [CaptionTemplate(*row) for row in rows]

    @reads
    def get_template(self, ref: int | str) -> CaptionTemplate:
        """By id or by name (case-insensitive)."""
        if isinstance(ref, str) and not ref.strip().isdigit():
            row = self.connections.one(
                "SELECT id, name, template, position FROM caption_template WHERE name = ?", (ref.strip(),)
            )
        else:
            number = row_id(ref, TemplateNotFoundError)
            row = self.connections.one(
                "SELECT id, name, template, position FROM caption_template WHERE id = ?", (number,)
            )
        if row is None:
            raise TemplateNotFoundError(ref)
        return CaptionTemplate(*row)

    @writes
    def add_template(self, name: str, template: str) -> CaptionTemplate:
        """A new template at the end of the menu; a name already used is refused."""
        name = self._check_name(name)
        position = self.connections.one("SELECT coalesce(max(position) + 1, 0) FROM caption_template")[0]
        new_id = (
            self.connections.db["caption_template"]
            .insert({"name": name, "template": template, "position": position})
            .last_rowid
        )
        return self.get_template(new_id)

    @writes
    def update_template(
        self, ref: int | str, *, name: str | None = None, template: str | None = None
    ) -> CaptionTemplate:
        """Rename a template or change its text."""
        current = self.get_template(ref)
        changes: dict = {}
        if name is not None and name.strip() != current.name:
            changes["name"] = self._check_name(name, current.id)
        if template is not None and template != current.template:
            changes["template"] = template
        if changes:
            self.connections.db["caption_template"].update(current.id, changes)
        return self.get_template(current.id)

    @writes
    def delete_template(self, ref: int | str) -> None:
        current = self.get_template(ref)
        self.connections.db["caption_template"].delete(current.id)
        self._renumber([t.id for t in self.templates()])

    @writes
    def move_template(self, ref: int | str, new_position: int) -> list[CaptionTemplate]:
        """Move a template to `new_position` (0-based) in the menu."""
        current = self.get_template(ref)
        order = [t.id for t in self.templates() if t.id != current.id]
        order.insert(max(0, min(int(new_position), len(order))), current.id)
        self._renumber(order)
        return self.templates()

    def _renumber(self, order: list[int]) -> None:
        self.connections.db.conn.executemany(
            "UPDATE caption_template SET position = ? WHERE id = ?", list(enumerate(order))
        )

    def _check_name(self, name: str, own_id: int | None = None) -> str:
        name = " ".join((name or "").split())
        if not name:
            raise InvalidFieldError("A caption template needs a name.")
        row = self.connections.one("SELECT id FROM caption_template WHERE name = ?", (name,))
        if row is not None and row[0] != own_id:
            raise InvalidFieldError(f"There is already a caption template called {name!r}; choose another name.")
        return name

    # ------------------------------------------------------------------ code replacements

    @reads
    def codes(self) -> dict[str, str]:
        """Every code and its replacement, sorted by code."""
        rows = self.connections.query("SELECT code, replacement FROM code_replacement ORDER BY code")
        return {code: replacement for code, replacement in rows}

    @writes
    def set_code(self, code: str, replacement: str | None) -> None:
        """Add or change one code; a replacement of None (or "") removes the code."""
        code = (code or "").strip()
        if not code or any(char.isspace() for char in code):
            raise InvalidFieldError("A code is one word with no spaces, such as =qal.")
        table = self.connections.db["code_replacement"]
        if not (replacement or "").strip():
            table.delete_where("code = ?", [code])
            return
        table.upsert({"code": code, "replacement": replacement.strip()}, pk="code")

    @writes
    def import_codes(self, codes: Mapping[str, str], *, replace: bool = False) -> int:
        """Store a code list in one transaction: merged into the list (a code already there
        takes the new replacement), or replacing the whole list. Returns how many were stored."""
        rows = []
        for code, replacement in codes.items():
            code, replacement = (code or "").strip(), (replacement or "").strip()
            if not code or any(char.isspace() for char in code):
                raise InvalidFieldError(f"{code!r} cannot be a code: a code is one word with no spaces.")
            if replacement:
                rows.append({"code": code, "replacement": replacement})
        table = self.connections.db["code_replacement"]
        if replace:
            table.delete_where()
        table.upsert_all(rows, pk="code")
        return len(rows)
