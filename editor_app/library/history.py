"""An article's history: coalesced automatic revisions, named snapshots, diff, restore."""

from __future__ import annotations

import json

from ..model import ARTICLE_TEXT_FIELDS, Article, FieldChange, Revision
from .base import parse_iso, synchronised
from .errors import InvalidFieldError, RevisionNotFoundError

# Typing into an article for longer than this starts a new automatic revision;
# within it, the latest automatic revision is brought up to date instead.
REVISION_COALESCE_SECONDS = 10 * 60


class RevisionHistory:
    """Mixed into Library: the revision table's side of it."""

    def _record_revision(self, article: Article, *, kind: str, name: str | None, coalesce: bool) -> Revision:
        now = self._now()
        snapshot = json.dumps(revision_fields(article), ensure_ascii=False)
        if coalesce:
            latest = self._one(
                "SELECT id, kind, created_at FROM revision WHERE article_id = ? ORDER BY id DESC LIMIT 1", (article.id,)
            )
            if latest is not None and latest["kind"] == "auto":
                age = (parse_iso(now) - parse_iso(latest["created_at"])).total_seconds()
                if 0 <= age < REVISION_COALESCE_SECONDS:
                    self._conn.execute(
                        "UPDATE revision SET fields = ?, updated_at = ? WHERE id = ?", (snapshot, now, latest["id"])
                    )
                    return self._get_revision(latest["id"])
        cursor = self._conn.execute(
            "INSERT INTO revision (article_id, created_at, updated_at, kind, name, fields) VALUES (?, ?, ?, ?, ?, ?)",
            (article.id, now, now, kind, name, snapshot),
        )
        return self._get_revision(cursor.lastrowid)

    def _get_revision(self, revision_id: int, article_id: int | None = None) -> Revision:
        row = self._one("SELECT * FROM revision WHERE id = ?", (revision_id,))
        if row is None or (article_id is not None and row["article_id"] != article_id):
            raise RevisionNotFoundError(revision_id, article_id)
        data = dict(row)
        data["fields"] = json.loads(data["fields"])
        return Revision(**data)

    @synchronised
    def revisions(self, ref: int | str) -> list[Revision]:
        """Newest first."""
        article_id = self._resolve_article_id(ref)
        ids = [
            r[0] for r in self._query("SELECT id FROM revision WHERE article_id = ? ORDER BY id DESC", (article_id,))
        ]
        return [self._get_revision(i) for i in ids]

    @synchronised
    def get_revision(self, revision_id: int, article: int | str | None = None) -> Revision:
        article_id = self._resolve_article_id(article) if article is not None else None
        return self._get_revision(int(revision_id), article_id)

    @synchronised
    def take_snapshot(self, ref: int | str, name: str) -> Revision:
        name = " ".join(str(name).split())
        if not name:
            raise InvalidFieldError("A snapshot needs a name.")
        article = self._get_article(self._resolve_article_id(ref))
        with self._atomic():
            return self._record_revision(article, kind="snapshot", name=name, coalesce=False)

    @synchronised
    def restore_revision(self, ref: int | str, revision_id: int) -> Article:
        """Put the article back as it was at `revision_id`; recorded as a new revision."""
        article_id = self._resolve_article_id(ref)
        revision = self._get_revision(int(revision_id), article_id)
        current = self._get_article(article_id)
        wanted = {k: v for k, v in revision.fields.items() if k in ARTICLE_TEXT_FIELDS}
        wanted = self._clean_article_fields(wanted, article_id)
        changes = {k: v for k, v in wanted.items() if getattr(current, k) != v}
        with self._atomic():
            if changes:
                self._apply_article_changes(current, changes)
            article = self._get_article(article_id)
            self._record_revision(article, kind="restore", name=f"Restored revision {revision.id}", coalesce=False)
        return article


def diff_revisions(old: Revision | Article | dict, new: Revision | Article | dict) -> list[FieldChange]:
    """Field-by-field changes from `old` to `new` (revisions, articles or field dicts)."""
    before, after = revision_fields(old), revision_fields(new)
    return [FieldChange(k, before.get(k), after.get(k)) for k in ARTICLE_TEXT_FIELDS if before.get(k) != after.get(k)]


def revision_fields(item) -> dict:
    if isinstance(item, Revision):
        data = dict(item.fields)
    elif isinstance(item, Article):
        data = {k: getattr(item, k) for k in ARTICLE_TEXT_FIELDS}
    else:
        data = dict(item)
    if "tags" in data:
        data["tags"] = list(data["tags"] or [])
    return data
