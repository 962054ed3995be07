"""Photos (with their original bytes and thumbnails) and their placements in articles."""

from __future__ import annotations

import json
import sqlite3
import uuid as uuid_module

from ..model import OPTIONAL_PHOTO_TEXT_FIELDS, PLACEMENT_ROLES, STORED_PHOTO_FIELDS, Photo, Placement
from .base import synchronised
from .errors import InvalidFieldError, PhotoInUseError, PhotoNotFoundError, PlacementNotFoundError


class PhotoStore:
    """Mixed into Library: photos, originals, thumbnails and placements."""

    @synchronised
    def find_photo_by_sha256(self, sha256: str) -> Photo | None:
        row = self._one("SELECT * FROM photo WHERE sha256 = ?", (sha256,))
        return _photo_from_row(row) if row is not None else None

    @synchronised
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
        row["imported_at"] = self._now()
        with self._atomic():
            columns = ", ".join(row)
            marks = ", ".join(f":{k}" for k in row)
            photo_id = self._conn.execute(f"INSERT INTO photo ({columns}) VALUES ({marks})", row).lastrowid
            self._conn.execute("INSERT INTO photo_original (photo_id, data) VALUES (?, ?)", (photo_id, original))
            self._conn.executemany(
                "INSERT INTO photo_thumbnail (photo_id, size, mime, data) VALUES (?, ?, ?, ?)",
                [(photo_id, size, _sniff_mime(data), data) for size, data in thumbnails.items()],
            )
        return self._get_photo(photo_id), True

    def _get_photo(self, photo_id: int) -> Photo:
        row = self._one("SELECT * FROM photo WHERE id = ?", (photo_id,))
        if row is None:
            raise PhotoNotFoundError(photo_id)
        return _photo_from_row(row)

    @synchronised
    def get_photo(self, ref: int | str) -> Photo:
        if isinstance(ref, str) and not ref.strip().isdigit():
            row = self._one("SELECT * FROM photo WHERE uuid = ? OR sha256 = ?", (ref, ref))
            if row is None:
                raise PhotoNotFoundError(ref)
            return _photo_from_row(row)
        return self._get_photo(int(ref))

    @synchronised
    def list_photos(self, *, limit: int | None = None, offset: int = 0, query: str | None = None) -> list[Photo]:
        """Newest import first; `query` filters by words in description, creator, credit or file name."""
        sql = "SELECT * FROM photo"
        params: list = []
        if query:
            words = query.split()
            sql += " WHERE " + " AND ".join(
                "(description LIKE ? OR creator LIKE ? OR credit LIKE ? OR original_name LIKE ?)" for _ in words
            )
            for word in words:
                params += [f"%{word}%"] * 4
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return [_photo_from_row(r) for r in self._query(sql, params)]

    @synchronised
    def count_photos(self) -> int:
        return self._one("SELECT count(*) FROM photo")[0]

    PHOTO_EDITABLE_FIELDS = (
        "description", "creator", "credit", "copyright", "source", "headline", "city", "country",
        "alt_text", "usage_terms",
    )  # fmt: skip

    @synchronised
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
        with self._atomic():
            assignments = ", ".join(f"{k} = :{k}" for k in changes)
            self._conn.execute(f"UPDATE photo SET {assignments} WHERE id = :id", {**changes, "id": photo.id})
            if "description" in changes:
                for (article_id,) in self._query(
                    "SELECT DISTINCT article_id FROM placement WHERE photo_id = ?", (photo.id,)
                ):
                    self._refresh_captions_index(article_id)
        return self._get_photo(photo.id)

    @synchronised
    def delete_photo(self, ref: int | str) -> None:
        photo = self.get_photo(ref)
        used = self._one("SELECT count(*) FROM placement WHERE photo_id = ?", (photo.id,))[0]
        if used:
            raise PhotoInUseError(photo.id, used)
        with self._atomic():
            self._conn.execute("DELETE FROM photo WHERE id = ?", (photo.id,))

    @synchronised
    def photo_original(self, photo_id: int) -> bytes:
        row = self._one("SELECT data FROM photo_original WHERE photo_id = ?", (int(photo_id),))
        if row is None:
            raise PhotoNotFoundError(photo_id)
        return bytes(row[0])

    @synchronised
    def photo_thumbnail(self, photo_id: int, size: str = "grid") -> tuple[bytes, str] | None:
        """(data, mime) of a stored thumbnail, or None when none of that size exists."""
        row = self._one("SELECT data, mime FROM photo_thumbnail WHERE photo_id = ? AND size = ?", (int(photo_id), size))
        return (bytes(row[0]), row[1]) if row is not None else None

    # ------------------------------------------------------------------ placements

    @synchronised
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
        article_id = self._resolve_article_id(article)
        source = self.get_photo(photo)
        if role not in PLACEMENT_ROLES:
            raise InvalidFieldError(f"Unknown placement role {role!r}; use lead or inline.")
        with self._atomic():
            if role == "lead":
                self._conn.execute(
                    "UPDATE placement SET role = 'inline' WHERE article_id = ? AND role = 'lead'", (article_id,)
                )
            placement_id = self._insert_placement(
                article_id,
                source.id,
                role,
                source.description if caption is None else caption,
                source.credit if credit is None else credit,
                source.alt_text if alt_text is None else alt_text,
            )
            if position is not None:
                self._move_placement(placement_id, position)
            self._refresh_captions_index(article_id)
            self._touch_article(article_id)
        return self._get_placement(placement_id)

    def _insert_placement(self, article_id, photo_id, role, caption, credit, alt_text) -> int:
        position = self._one(
            "SELECT coalesce(max(position) + 1, 0) FROM placement WHERE article_id = ?", (article_id,)
        )[0]
        cursor = self._conn.execute(
            "INSERT INTO placement (uuid, article_id, photo_id, position, role, caption, credit, alt_text, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (str(uuid_module.uuid4()), article_id, photo_id, position, role, caption.strip(), credit.strip(),
             alt_text.strip(), self._now()),
        )  # fmt: skip
        return cursor.lastrowid

    def _touch_article(self, article_id: int) -> None:
        self._conn.execute("UPDATE article SET updated_at = ? WHERE id = ?", (self._now(), article_id))

    def _get_placement(self, placement_id: int, article_id: int | None = None) -> Placement:
        row = self._one("SELECT * FROM placement WHERE id = ?", (int(placement_id),))
        if row is None or (article_id is not None and row["article_id"] != article_id):
            raise PlacementNotFoundError(placement_id, article_id)
        return Placement(**dict(row))

    @synchronised
    def get_placement(self, placement_id: int, article: int | str | None = None) -> Placement:
        article_id = self._resolve_article_id(article) if article is not None else None
        return self._get_placement(placement_id, article_id)

    def _placements(self, article_id: int) -> list[Placement]:
        rows = self._query("SELECT * FROM placement WHERE article_id = ? ORDER BY position, id", (article_id,))
        return [Placement(**dict(r)) for r in rows]

    @synchronised
    def placements(self, article: int | str) -> list[Placement]:
        """In order; the lead (if any) is wherever its position puts it."""
        return self._placements(self._resolve_article_id(article))

    @synchronised
    def placed_photos(self, article: int | str) -> list[tuple[Placement, Photo]]:
        article_id = self._resolve_article_id(article)
        return [(p, self._get_photo(p.photo_id)) for p in self._placements(article_id)]

    @synchronised
    def update_placement(self, placement_id: int, **fields) -> Placement:
        placement = self._get_placement(placement_id)
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
        with self._atomic():
            if changes.get("role") == "lead":
                self._conn.execute(
                    "UPDATE placement SET role = 'inline' WHERE article_id = ? AND role = 'lead'",
                    (placement.article_id,),
                )
            assignments = ", ".join(f"{k} = :{k}" for k in changes)
            self._conn.execute(f"UPDATE placement SET {assignments} WHERE id = :id", {**changes, "id": placement.id})
            self._refresh_captions_index(placement.article_id)
            self._touch_article(placement.article_id)
        return self._get_placement(placement.id)

    @synchronised
    def set_lead(self, placement_id: int) -> Placement:
        return self.update_placement(placement_id, role="lead")

    @synchronised
    def move_placement(self, placement_id: int, new_position: int) -> list[Placement]:
        """Move a placement to `new_position` (0-based) in its article's order."""
        placement = self._get_placement(placement_id)
        with self._atomic():
            self._move_placement(placement.id, new_position)
            self._touch_article(placement.article_id)
        return self._placements(placement.article_id)

    def _move_placement(self, placement_id: int, new_position: int) -> None:
        placement = self._get_placement(placement_id)
        order = [p.id for p in self._placements(placement.article_id) if p.id != placement.id]
        new_position = max(0, min(int(new_position), len(order)))
        order.insert(new_position, placement.id)
        self._conn.executemany("UPDATE placement SET position = ? WHERE id = ?", list(enumerate(order)))

    @synchronised
    def detach_photo(self, placement_id: int, article: int | str | None = None) -> None:
        article_id = self._resolve_article_id(article) if article is not None else None
        placement = self._get_placement(placement_id, article_id)
        with self._atomic():
            self._conn.execute("DELETE FROM placement WHERE id = ?", (placement.id,))
            remaining = [p.id for p in self._placements(placement.article_id)]
            self._conn.executemany("UPDATE placement SET position = ? WHERE id = ?", list(enumerate(remaining)))
            self._refresh_captions_index(placement.article_id)
            self._touch_article(placement.article_id)


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
