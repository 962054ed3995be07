"""An article's history: coalesced automatic revisions, named snapshots, diff."""

from __future__ import annotations

import json

from ..model import ARTICLE_TEXT_FIELDS, Article, FieldChange, Revision
from .base import Clock, iso, parse_iso
from .connections import Connections, reads, row_id, writes
from .errors import RevisionNotFoundError

# Typing into an article for longer than this starts a new automatic revision;
# within it, the latest automatic revision is brought up to date instead.
REVISION_COALESCE_SECONDS = 10 * 60


class RevisionHistory:
    """The revision table. Articles are given by id; resolving slugs is ArticleStore's job."""

    def __init__(self, connections: Connections, clock: Clock):
        self.connections = connections
        self._clock = clock

    @writes
    def record(
        self, article: Article, *, kind: str, name: str | None, coalesce: bool, placements: list[dict] | None = None
    ) -> Revision:
        """Save the article's fields as a revision; `coalesce` folds typing into the latest one.

        `placements` (as stories.py describes them) are kept too when given, so restoring
        the revision puts them back."""
        now = iso(self._clock())
        fields = revision_fields(article)
        if placements is not None:
            fields["placements"] = placements
        snapshot = json.dumps(fields, ensure_ascii=False)
        table = self.connections.db["revision"]
        if coalesce:
            latest = self.connections.one(
                "SELECT id, kind, created_at FROM revision WHERE article_id = ? ORDER BY id DESC LIMIT 1", (article.id,)
            )
            if latest is not None and latest["kind"] == "auto":
                age = (parse_iso(now) - parse_iso(latest["created_at"])).total_seconds()
                if 0 <= age < REVISION_COALESCE_SECONDS:
                    table.update(latest["id"], {"fields": snapshot, "updated_at": now})
                    return self.get_revision(latest["id"])
        row = {"article_id": article.id, "created_at": now, "updated_at": now, "kind": kind, "name": name,
               "fields": snapshot}  # fmt: skip
        return self.get_revision(table.insert(row).last_rowid)

    @writes
    def keep_placements(self, revision_id: int, placements: list[dict]) -> None:
        """Add the article's placements to a revision that did not keep them."""
        revision = self.get_revision(revision_id)
        fields = {**revision.fields, "placements": placements}
        self.connections.db["revision"].update(revision.id, {"fields": json.dumps(fields, ensure_ascii=False)})

    @reads
    def get_revision(self, revision_id: int, article_id: int | None = None) -> Revision:
        """A revision, of `article_id` when given (another article's revision is not found)."""
        number = row_id(revision_id, lambda ref: RevisionNotFoundError(ref, article_id))
        row = self.connections.one("SELECT * FROM revision WHERE id = ?", (number,))
        if row is None or (article_id is not None and row["article_id"] != article_id):
            raise RevisionNotFoundError(revision_id, article_id)
        data = dict(row)
        data["fields"] = json.loads(data["fields"])
        return Revision(**data)

    @reads
    def revisions(self, article_id: int) -> list[Revision]:
        """Newest first."""
        rows = self.connections.query("SELECT * FROM revision WHERE article_id = ? ORDER BY id DESC", (article_id,))
        return [Revision(**{**dict(r), "fields": json.loads(r["fields"])}) for r in rows]


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
