"""Photos (with their original bytes and thumbnails) and their placements in articles."""

from __future__ import annotations

import json
import sqlite3
import uuid as uuid_module
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

from ..model import OPTIONAL_PHOTO_TEXT_FIELDS, PLACEMENT_ROLES, STORED_PHOTO_FIELDS, Photo, Placement
from .articles import ArticleStore
from .base import Clock, iso
from .connections import MAX_ROW_ID, Connections, reads, row_id, writes
from .errors import InvalidFieldError, PhotoInUseError, PhotoNotFoundError, PlacementNotFoundError
from .search import SearchIndex

_PHOTO_COLUMNS = frozenset(f.name for f in dataclass_fields(Photo))


@dataclass(frozen=True)
class BatchEdit:
    """What one batch edit changed: {"placements": {id: fields}, "photos": {id: fields}}, before and after."""

    before: dict
    after: dict

    def undo(self) -> dict:
        """The arguments of the `batch_update` that undoes this edit."""
        return {"placements": self.before["placements"], "photos": self.before["photos"]}

    def redo(self) -> dict:
        return {"placements": self.after["placements"], "photos": self.after["photos"]}

    @property
    def changed(self) -> bool:
        return bool(self.after["placements"] or self.after["photos"])


class PhotoStore:
    """The photo, photo_original, photo_thumbnail and placement tables.

    Articles are reached through `ArticleStore` (to resolve them and mark them changed)
    and the captions column of the search index through `SearchIndex`.
    """

    PHOTO_EDITABLE_FIELDS = (
        "description", "creator", "credit", "copyright", "source", "headline", "city", "country",
        "alt_text", "usage_terms",
    )  # fmt: skip

    def __init__(self, connections: Connections, clock: Clock, articles: ArticleStore, search: SearchIndex):
        self.connections = connections
        self._clock = clock
        self._articles = articles
        self._search = search

    # ------------------------------------------------------------------ photos

    @reads
    def find_photo_by_sha256(self, sha256: str) -> Photo | None:
        row = self.connections.one("SELECT * FROM photo WHERE sha256 = ?", (sha256,))
        return _photo_from_row(row) if row is not None else None

    @writes
    def add_photo(self, record: dict, original: bytes, thumbnails: dict[str, bytes]) -> tuple[Photo, bool]:
        """Store an imported photo with its original bytes and thumbnails, atomically.

        The same bytes imported again return the existing photo (`created` False).
        """
        existing = self.find_photo_by_sha256(record["sha256"])
        if existing is not None:
            return existing, False
        row = {k: v for k, v in record.items() if k in STORED_PHOTO_FIELDS}
        for key in OPTIONAL_PHOTO_TEXT_FIELDS:
            row[key] = row.get(key) or ""
        row["has_location"] = int(bool(row.get("has_location")))
        row["has_alpha"] = int(bool(row.get("has_alpha")))
        row["embedded"] = json.dumps(row.get("embedded") or {}, ensure_ascii=False, default=str)
        row["orientation"] = row.get("orientation") or 1
        row["byte_size"] = row.get("byte_size") or len(original)
        row["uuid"] = str(uuid_module.uuid4())
        row["imported_at"] = iso(self._clock())
        db = self.connections.db
        photo_id = db["photo"].insert(row).last_rowid
        db["photo_original"].insert({"photo_id": photo_id, "data": original})
        db["photo_thumbnail"].insert_all(
            {"photo_id": photo_id, "size": size, "mime": _sniff_mime(data), "data": data}
            for size, data in thumbnails.items()
        )
        return self.get_photo(photo_id), True

    @reads
    def get_photo(self, ref: int | str) -> Photo:
        """By id, uuid or SHA-256."""
        if isinstance(ref, str) and not ref.strip().isdigit():
            row = self.connections.one("SELECT * FROM photo WHERE uuid = ? OR sha256 = ?", (ref, ref))
        else:
            row = self.connections.one("SELECT * FROM photo WHERE id = ?", (row_id(ref, PhotoNotFoundError),))
        if row is None:
            raise PhotoNotFoundError(ref)
        return _photo_from_row(row)

    @reads
    def list_photos(
        self, *, limit: int | None = None, offset: int = 0, query: str | None = None, unused: bool = False
    ) -> list[Photo]:
        """Newest import first; `query` filters by words in description, creator, credit or file name,
        `unused` keeps the photos no article places yet."""
        where, params = _photo_filter(query, unused)
        sql = f"SELECT * FROM photo{where} ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return [_photo_from_row(r) for r in self.connections.query(sql, params)]

    @reads
    def photo_ids(self, *, query: str | None = None, unused: bool = False) -> list[int]:
        """The ids `list_photos` would list, in its order: cheap even for a large library."""
        where, params = _photo_filter(query, unused)
        return [row[0] for row in self.connections.query(f"SELECT id FROM photo{where} ORDER BY id DESC", params)]

    @reads
    def photo_fields_by_id(self, ids: list[int], fields: Sequence[str]) -> dict[int, tuple]:
        """Just these fields of the photos with these ids, as plain tuples in the order
        asked, by id; an id with no photo is left out.

        For a contact sheet's tiles, which need a name, a caption and a few flags of
        thousands of photos: whole records parse every photo's embedded metadata.
        """
        unknown = [name for name in fields if name not in _PHOTO_COLUMNS]
        if unknown or not fields:
            raise InvalidFieldError(f"Not a photo field: {', '.join(unknown) or '(none asked)'}.")
        sql = f"SELECT {', '.join(['id', *fields])} FROM photo WHERE id IN ({{}})"
        return {row[0]: tuple(row)[1:] for row in self._rows_for_ids(sql, ids)}

    def _rows_for_ids(self, sql: str, ids: list[int], *params) -> Iterator[sqlite3.Row]:
        """The rows of `sql` (whose `{}` takes the placeholders of a list of ids, before any
        `params`), read in chunks well within SQLite's limit on bound values. An id no row
        can have (beyond SQLite's integers) matches nothing, as an absent one does."""
        ids = [number for number in map(int, ids) if 0 <= number <= MAX_ROW_ID]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            yield from self.connections.query(sql.format(", ".join("?" * len(chunk))), [*chunk, *params])

    @reads
    def count_photos(self) -> int:
        return self.connections.one("SELECT count(*) FROM photo")[0]

    @writes
    def update_photo(self, ref: int | str, **fields) -> Photo:
        photo = self.get_photo(ref)
        unknown = set(fields) - set(self.PHOTO_EDITABLE_FIELDS)
        if unknown:
            raise InvalidFieldError(f"Photo field(s) that cannot be edited: {', '.join(sorted(unknown))}.")
        changes = {
            k: str(v).strip() for k, v in fields.items() if v is not None and str(v).strip() != getattr(photo, k)
        }
        if not changes:
            return photo
        self.connections.db["photo"].update(photo.id, changes)
        if "description" in changes:
            for (article_id,) in self.connections.query(
                "SELECT DISTINCT article_id FROM placement WHERE photo_id = ?", (photo.id,)
            ):
                self._search.refresh_captions(article_id)
        return self.get_photo(photo.id)

    @writes
    def delete_photo(self, ref: int | str) -> None:
        photo = self.get_photo(ref)
        used = self.connections.one("SELECT count(*) FROM placement WHERE photo_id = ?", (photo.id,))[0]
        if used:
            raise PhotoInUseError(photo.id, used)
        self.connections.db["photo"].delete(photo.id)

    @reads
    def photo_original(self, photo_id: int) -> bytes:
        number = row_id(photo_id, PhotoNotFoundError)
        row = self.connections.one("SELECT data FROM photo_original WHERE photo_id = ?", (number,))
        if row is None:
            raise PhotoNotFoundError(photo_id)
        return bytes(row[0])

    @reads
    def photo_thumbnail(self, photo_id: int, size: str = "grid") -> tuple[bytes, str] | None:
        """(data, mime) of a stored thumbnail, or None when none of that size exists."""
        number = row_id(photo_id, PhotoNotFoundError)
        sql = "SELECT data, mime FROM photo_thumbnail WHERE photo_id = ? AND size = ?"
        row = self.connections.one(sql, (number, size))
        return (bytes(row[0]), row[1]) if row is not None else None

    @reads
    def photo_thumbnails(self, photo_ids: list[int], size: str = "grid") -> dict[int, tuple[bytes, str]]:
        """`photo_thumbnail` of many photos in one query, by id; those without one are left out."""
        sql = "SELECT photo_id, data, mime FROM photo_thumbnail WHERE photo_id IN ({}) AND size = ?"
        return {row[0]: (bytes(row[1]), row[2]) for row in self._rows_for_ids(sql, photo_ids, size)}

    # ------------------------------------------------------------------ placements

    @writes
    def attach_photo(
        self,
        article: int | str,
        photo: int | str,
        *,
        role: str = "inline",
        caption: str | None = None,
        credit: str | None = None,
        alt_text: str | None = None,
        position: int | None = None,
    ) -> Placement:
        """Use a photo in an article. Fields not given start from the photo's own.

        Making a placement the lead demotes the previous lead to inline.
        """
        article_id = self._articles.resolve_id(article)
        source = self.get_photo(photo)
        if role not in PLACEMENT_ROLES:
            raise InvalidFieldError(f"Unknown placement role {role!r}; use lead or inline.")
        if role == "lead":
            self._demote_lead(article_id)
        placement_id = self._insert_placement(
            article_id,
            source.id,
            role,
            source.description if caption is None else caption,
            source.credit if credit is None else credit,
            source.alt_text if alt_text is None else alt_text,
        )
        if position is not None:
            self._reorder(article_id, placement_id, position)
        self._placements_changed(article_id)
        return self.get_placement(placement_id)

    @writes
    def add_photo_slot(
        self,
        article: int | str,
        *,
        caption: str,
        credit: str = "",
        alt_text: str = "",
        role: str = "inline",
        position: int | None = None,
    ) -> Placement:
        """A placement with no photo yet: the caption, credit and alt text wait for the
        photo an editor drops on it (`fill_photo_slot`). Lead rules as for `attach_photo`."""
        article_id = self._articles.resolve_id(article)
        if role not in PLACEMENT_ROLES:
            raise InvalidFieldError(f"Unknown placement role {role!r}; use lead or inline.")
        if role == "lead":
            self._demote_lead(article_id)
        placement_id = self._insert_placement(article_id, None, role, caption, credit, alt_text)
        if position is not None:
            self._reorder(article_id, placement_id, position)
        self._placements_changed(article_id)
        return self.get_placement(placement_id)

    @writes
    def fill_photo_slot(self, placement_id: int, photo: int | str, article: int | str | None = None) -> Placement:
        """Put a photo in a slot. The slot's caption stays (it came with the story); an
        empty credit or alt text is taken from the photo, as `attach_photo` would.
        Refused when the placement already has a photo."""
        slot = self.get_placement(placement_id, article)
        if not slot.is_slot:
            raise InvalidFieldError(f"Photo placement {slot.id} already has a photo; detach it first.")
        source = self.get_photo(photo)
        changes = {"photo_id": source.id}
        if not slot.credit:
            changes["credit"] = source.credit
        if not slot.alt_text:
            changes["alt_text"] = source.alt_text
        if not slot.caption:
            changes["caption"] = source.description
        self.connections.db["placement"].update(slot.id, changes)
        self._placements_changed(slot.article_id)
        return self.get_placement(slot.id)

    @writes
    def restore_photo_slot(self, slot: Placement) -> Placement:
        """Put a filled slot back as `slot` (the placement as it was before `fill_photo_slot`):
        no photo, and its own caption, credit and alt text. What Undo of a fill does."""
        if not slot.is_slot:
            raise InvalidFieldError(f"Photo placement {slot.id} had a photo; it was not a slot.")
        current = self.get_placement(slot.id, slot.article_id)
        changes = {"photo_id": None, "caption": slot.caption, "credit": slot.credit, "alt_text": slot.alt_text}
        self.connections.db["placement"].update(current.id, changes)
        self._placements_changed(current.article_id)
        return self.get_placement(current.id)

    @writes
    def copy_placements(self, source_article_id: int, target_article_id: int) -> None:
        """Place the source article's photos in the target too, with the same captions."""
        for placement in self.placements(source_article_id):
            self._insert_placement(
                target_article_id, placement.photo_id, placement.role, placement.caption, placement.credit,
                placement.alt_text,
            )  # fmt: skip
        self._search.refresh_captions(target_article_id)

    @reads
    def get_placement(self, placement_id: int, article: int | str | None = None) -> Placement:
        article_id = self._articles.resolve_id(article) if article is not None else None
        number = row_id(placement_id, lambda ref: PlacementNotFoundError(ref, article_id))
        row = self.connections.one("SELECT * FROM placement WHERE id = ?", (number,))
        if row is None or (article_id is not None and row["article_id"] != article_id):
            raise PlacementNotFoundError(placement_id, article_id)
        return Placement(**dict(row))

    @reads
    def placements(self, article: int | str) -> list[Placement]:
        """In order; the lead (if any) is wherever its position puts it."""
        article_id = self._articles.resolve_id(article)
        sql = "SELECT * FROM placement WHERE article_id = ? ORDER BY position, id"
        return [Placement(**dict(r)) for r in self.connections.query(sql, (article_id,))]

    @reads
    def placed_photos(self, article: int | str) -> list[tuple[Placement, Photo]]:
        """Placements with their photos, in order: what the page shows. Slots (no photo
        yet) are left out; `photo_slots` lists them."""
        return [(p, self.get_photo(p.photo_id)) for p in self.placements(article) if not p.is_slot]

    @reads
    def photo_slots(self, article: int | str) -> list[Placement]:
        """The article's placements still waiting for a photo, in order."""
        return [p for p in self.placements(article) if p.is_slot]

    @writes
    def update_placement(self, placement_id: int, **fields) -> Placement:
        placement = self.get_placement(placement_id)
        allowed = {"caption", "credit", "alt_text", "role"}
        unknown = set(fields) - allowed
        if unknown:
            raise InvalidFieldError(f"Placement field(s) that cannot be edited: {', '.join(sorted(unknown))}.")
        changes = {k: (str(v).strip() if k != "role" else v) for k, v in fields.items() if v is not None}
        changes = {k: v for k, v in changes.items() if getattr(placement, k) != v}
        if not changes:
            return placement
        if "role" in changes and changes["role"] not in PLACEMENT_ROLES:
            raise InvalidFieldError(f"Unknown placement role {changes['role']!r}; use lead or inline.")
        if changes.get("role") == "lead":
            self._demote_lead(placement.article_id)
        self.connections.db["placement"].update(placement.id, changes)
        self._placements_changed(placement.article_id)
        return self.get_placement(placement.id)

    @writes
    def set_lead(self, placement_id: int) -> Placement:
        return self.update_placement(placement_id, role="lead")

    @writes
    def move_placement(self, placement_id: int, new_position: int) -> list[Placement]:
        """Move a placement to `new_position` (0-based) in its article's order."""
        placement = self.get_placement(placement_id)
        self._reorder(placement.article_id, placement.id, new_position)
        self._articles.touch(placement.article_id)
        return self.placements(placement.article_id)

    @writes
    def detach_photo(self, placement_id: int, article: int | str | None = None) -> Placement:
        """Remove a photo from an article; returns the placement as it was, which
        `restore_placement` puts back (Undo)."""
        placement = self.get_placement(placement_id, article)
        self.connections.db["placement"].delete(placement.id)
        self._renumber([p.id for p in self.placements(placement.article_id)])
        self._placements_changed(placement.article_id)
        return placement

    @writes
    def restore_placement(self, placement: Placement) -> Placement:
        """Put back a placement `detach_photo` returned: same id, caption, credit, alt text,
        role and position. Refused when its article or photo has gone since."""
        self._articles.resolve_id(placement.article_id)
        if not placement.is_slot:
            self.get_photo(placement.photo_id)
        if self.connections.one("SELECT 1 FROM placement WHERE id = ? OR uuid = ?", (placement.id, placement.uuid)):
            raise InvalidFieldError(f"Photo placement {placement.id} is already in its article.")
        if placement.role == "lead":
            self._demote_lead(placement.article_id)
        row = {k: v for k, v in placement.to_dict().items()}
        self.connections.db["placement"].insert(row)
        self._reorder(placement.article_id, placement.id, placement.position)
        self._placements_changed(placement.article_id)
        return self.get_placement(placement.id)

    @writes
    def batch_update(
        self, placements: Mapping[int, Mapping] | None = None, photos: Mapping[int, Mapping] | None = None
    ) -> BatchEdit:
        """Change many placements and photos in one transaction (one Undo step in the window).

        `placements` maps a placement id to its changed fields (caption, credit, alt_text),
        `photos` a photo id to its (creator, copyright, credit...). Returns what changed,
        before and after; `library.batch_update(**edit.undo())` puts it back.
        """
        before: dict[str, dict] = {"placements": {}, "photos": {}}
        after: dict[str, dict] = {"placements": {}, "photos": {}}
        for placement_id, fields in (placements or {}).items():
            if set(fields) - {"caption", "credit", "alt_text"}:
                raise InvalidFieldError("A batch edit changes only caption, credit and alt text of placements.")
            old = self.get_placement(placement_id)
            new = self.update_placement(old.id, **fields)
            changed = {k: getattr(new, k) for k in fields if getattr(new, k) != getattr(old, k)}
            if changed:
                before["placements"][old.id] = {k: getattr(old, k) for k in changed}
                after["placements"][old.id] = changed
        for photo_id, fields in (photos or {}).items():
            old_photo = self.get_photo(photo_id)
            new_photo = self.update_photo(old_photo.id, **fields)
            changed = {k: getattr(new_photo, k) for k in fields if getattr(new_photo, k) != getattr(old_photo, k)}
            if changed:
                before["photos"][old_photo.id] = {k: getattr(old_photo, k) for k in changed}
                after["photos"][old_photo.id] = changed
        return BatchEdit(before, after)

    @reads
    def placed_photos_of(self, article_ids: list[int]) -> dict[int, list[tuple[Placement, Photo | None]]]:
        """Every placement of these articles with its photo (None when the photo is missing,
        and for a slot, which has none yet), in order, in two queries: what the library
        list's problem counts need for a page."""
        found: dict[int, list[tuple[Placement, Photo | None]]] = {int(i): [] for i in article_ids}
        if not found:
            return found
        marks = ",".join("?" * len(found))
        rows = self.connections.query(
            f"SELECT * FROM placement WHERE article_id IN ({marks}) ORDER BY article_id, position, id", list(found)
        )
        placements = [Placement(**dict(r)) for r in rows]
        photo_ids = sorted({p.photo_id for p in placements if not p.is_slot})
        photos: dict[int, Photo] = {}
        if photo_ids:
            marks = ",".join("?" * len(photo_ids))
            for row in self.connections.query(f"SELECT * FROM photo WHERE id IN ({marks})", photo_ids):
                photos[row["id"]] = _photo_from_row(row)
        for placement in placements:
            found[placement.article_id].append((placement, photos.get(placement.photo_id)))
        return found

    # ------------------------------------------------------------------ helpers (writer thread)

    def _insert_placement(self, article_id, photo_id, role, caption, credit, alt_text) -> int:
        position = self.connections.one(
            "SELECT coalesce(max(position) + 1, 0) FROM placement WHERE article_id = ?", (article_id,)
        )[0]
        row = {"uuid": str(uuid_module.uuid4()), "article_id": article_id, "photo_id": photo_id,
               "position": position, "role": role, "caption": caption.strip(), "credit": credit.strip(),
               "alt_text": alt_text.strip(), "created_at": iso(self._clock())}  # fmt: skip
        return self.connections.db["placement"].insert(row).last_rowid

    def _demote_lead(self, article_id: int) -> None:
        # One statement over a condition, which sqlite-utils' update() (by primary key) cannot say.
        self.connections.execute(
            "UPDATE placement SET role = 'inline' WHERE article_id = ? AND role = 'lead'", (article_id,)
        )

    def _reorder(self, article_id: int, placement_id: int, new_position: int) -> None:
        order = [p.id for p in self.placements(article_id) if p.id != placement_id]
        new_position = max(0, min(int(new_position), len(order)))
        order.insert(new_position, placement_id)
        self._renumber(order)

    def _renumber(self, order: list[int]) -> None:
        self.connections.db.conn.executemany("UPDATE placement SET position = ? WHERE id = ?", list(enumerate(order)))

    def _placements_changed(self, article_id: int) -> None:
        self._search.refresh_captions(article_id)
        self._articles.touch(article_id)


def _photo_filter(query: str | None, unused: bool) -> tuple[str, list]:
    """The WHERE clause (with its leading space, or empty) and its values for a photo search."""
    conditions, params = [], []
    for word in (query or "").split():
        conditions.append("(description LIKE ? OR creator LIKE ? OR credit LIKE ? OR original_name LIKE ?)")
        params += [f"%{word}%"] * 4
    if unused:
        conditions.append("NOT EXISTS (SELECT 1 FROM placement WHERE placement.photo_id = photo.id)")
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


def _photo_from_row(row: sqlite3.Row) -> Photo:
    data = dict(row)
    data["has_location"] = bool(data["has_location"])
    data["has_alpha"] = bool(data["has_alpha"])
    data["embedded"] = json.loads(data["embedded"] or "{}")
    return Photo(**data)


def _sniff_mime(data: bytes) -> str:
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"
