"""A story as it travels between libraries: the article's fields and its placements,
photos named by SHA-256 (the same bytes have the same name in every library).

`story_state` reads it; `take_story` writes one in: a new article with the story's
uuid, or the existing article brought to the story's state, in one transaction and as
one revision. Such revisions also keep the placements (photo, role, caption, credit,
alt text, order), so restoring the revision before a merge puts the photos' captions
back too, not only the text.

A body places photos by placement id (`![](placement:12)`), which means nothing in
another library; a story's body names them by placement uuid instead, and taking it
in turns those back into this library's ids.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from collections.abc import Callable, Iterable

from ..model import ARTICLE_TEXT_FIELDS, PLACEMENT_ROLES, Article
from .articles import ArticleStore, check_body, clean_article_fields
from .base import Clock, iso
from .connections import Connections, reads, writes
from .errors import InvalidFieldError
from .history import RevisionHistory, revision_fields
from .photo_store import PhotoStore
from .search import SearchIndex

_LOCAL_REFERENCE = re.compile(r"\(\s*placement:\s*(\d{1,18})\s*\)", re.IGNORECASE)
_STORY_REFERENCE = re.compile(r"\(\s*placement:\s*([0-9a-fA-F-]{36})\s*\)")

# (record, original bytes, thumbnails) of a photo to store, made when it is needed.
PhotoSource = Callable[[], tuple[dict, bytes, dict[str, bytes]]]


class StoryStore:
    """Reads and writes whole stories over the article, placement and revision tables."""

    def __init__(
        self,
        connections: Connections,
        clock: Clock,
        articles: ArticleStore,
        photos: PhotoStore,
        history: RevisionHistory,
        search: SearchIndex,
    ):
        self.connections = connections
        self._clock = clock
        self._articles = articles
        self._photos = photos
        self._history = history
        self._search = search

    @reads
    def find_article_by_uuid(self, story_uuid: str) -> Article | None:
        row = self.connections.one("SELECT id FROM article WHERE uuid = ?", (str(story_uuid),))
        return self._articles.get_article(row[0]) if row is not None else None

    @reads
    def story_state(self, ref: int | str) -> dict:
        """{"uuid", "fields", "placements"} of an article, read as one snapshot."""
        article = self._articles.get_article(ref)
        fields = revision_fields(article)
        uuids = {
            str(row["id"]): row["uuid"]
            for row in self.connections.query("SELECT id, uuid FROM placement WHERE article_id = ?", (article.id,))
        }
        fields["body"] = _LOCAL_REFERENCE.sub(
            lambda m: f"(placement:{uuids[m.group(1)]})" if m.group(1) in uuids else m.group(0), fields["body"]
        )
        return {"uuid": article.uuid, "fields": fields, "placements": self._placements(article.id)}

    def _placements(self, article_id: int) -> list[dict]:
        rows = self.connections.query(
            "SELECT placement.uuid, photo.sha256 AS photo, placement.role, placement.caption, placement.credit, "
            "placement.alt_text FROM placement LEFT JOIN photo ON photo.id = placement.photo_id "
            "WHERE placement.article_id = ? ORDER BY placement.position, placement.id",
            (article_id,),
        )
        return [dict(row) for row in rows]

    @writes
    def take_story(
        self,
        story: dict,
        *,
        revision_name: str,
        new_photos: Iterable[PhotoSource] = (),
        photo_fields: dict[str, dict] | None = None,
    ) -> tuple[Article, bool]:
        """Bring the library to `story` ({"uuid", "fields", "placements"}); (article, created).

        `new_photos` are stored first (bytes already in the library are recognised by
        their hash and kept as they are); `photo_fields` gives text fields (description,
        credit...) for photos created here, by SHA-256. An existing article's state just
        before is kept as its latest revision (with its placements), so restoring that
        revision undoes the whole change. Anything refused undoes everything.
        """
        for source in new_photos:
            record, original, thumbnails = source()
            photo, created = self._photos.add_photo(record, original, thumbnails)
            wanted = (photo_fields or {}).get(photo.sha256)
            if created and wanted:
                self._photos.update_photo(photo.id, **wanted)
        placements = [self._placement_values(p) for p in story.get("placements", [])]
        article = self.find_article_by_uuid(story["uuid"])
        fields = {k: v for k, v in story["fields"].items() if k in ARTICLE_TEXT_FIELDS}
        if article is None:
            article = self._articles.create_article(story_uuid=story["uuid"], **fields)
            created = True
        else:
            self._keep_state_before(article)
            self._articles.change_fields(article, {k: v for k, v in fields.items() if k != "slug"})
            created = False
        local_ids = self._write_placements(article.id, placements)
        article = self._articles.get_article(article.id)
        body = _STORY_REFERENCE.sub(
            lambda m: f"(placement:{local_ids[m.group(1)]})" if m.group(1) in local_ids else m.group(0), article.body
        )
        article = self._articles.change_fields(article, {"body": body}) or article
        self._history.record(
            article, kind="snapshot", name=revision_name, coalesce=False, placements=self._placements(article.id)
        )
        return article, created

    @writes
    def restore_revision(self, ref: int | str, revision_id: int) -> Article:
        """Restore the text, and the placements when the revision kept them (see the module)."""
        article_id = self._articles.resolve_id(ref)
        revision = self._history.get_revision(revision_id, article_id)
        article = self._articles.restore_revision(article_id, revision_id)
        kept = revision.fields.get("placements")
        if kept is None:
            return article
        wanted = []
        for placement in kept:
            try:
                wanted.append(self._placement_values(placement))
            except InvalidFieldError:
                continue  # its photo has been deleted since: the rest comes back
        self._write_placements(article_id, wanted)
        latest = self._history.revisions(article_id)[0]
        self._history.keep_placements(latest.id, self._placements(article_id))
        return self._articles.get_article(article_id)

    # ------------------------------------------------------------------ helpers (writer thread)

    def _placement_values(self, placement: dict) -> dict:
        """A story placement checked, with its photo's id (None for a slot)."""
        role = placement.get("role", "inline")
        if role not in PLACEMENT_ROLES:
            raise InvalidFieldError(f"Unknown placement role {role!r}; use lead or inline.")
        photo_id = None
        if placement.get("photo"):
            photo = self._photos.find_photo_by_sha256(placement["photo"])
            if photo is None:
                raise InvalidFieldError(f"The photo {placement['photo'][:12]}... is not in the library.")
            photo_id = photo.id
        values = {name: str(placement.get(name) or "").strip() for name in ("caption", "credit", "alt_text")}
        return {"uuid": str(placement.get("uuid") or ""), "photo_id": photo_id, "role": role, **values}

    def _keep_state_before(self, article: Article) -> None:
        """Make the latest revision hold the article as it is now, placements included."""
        revisions = self._history.revisions(article.id)
        current = revision_fields(article)
        latest = revisions[0] if revisions else None
        if latest is None or {k: latest.fields.get(k) for k in current} != current:
            latest = self._history.record(article, kind="snapshot", name="Before taking a packet", coalesce=False)
        if "placements" not in latest.fields:
            self._history.keep_placements(latest.id, self._placements(article.id))

    def _write_placements(self, article_id: int, wanted: list[dict]) -> dict[str, int]:
        """Make the article's placements exactly `wanted`, in that order, matched by uuid
        (a placement kept keeps its id, so the caption desk's selection survives).
        Returns each wanted uuid's placement id here."""
        db = self.connections.db
        current = {
            row["uuid"]: row["id"]
            for row in self.connections.query("SELECT id, uuid FROM placement WHERE article_id = ?", (article_id,))
        }
        wanted_uuids = {p["uuid"] for p in wanted}
        for uuid, placement_id in current.items():
            if uuid not in wanted_uuids:
                db["placement"].delete(placement_id)
        # All inline first: the one-lead index must hold after every single statement.
        self.connections.execute("UPDATE placement SET role = 'inline' WHERE article_id = ?", (article_id,))
        now = iso(self._clock())
        lead_id = None
        local_ids: dict[str, int] = {}
        for position, placement in enumerate(wanted):
            values = {"photo_id": placement["photo_id"], "position": position, "caption": placement["caption"],
                      "credit": placement["credit"], "alt_text": placement["alt_text"], "role": "inline"}  # fmt: skip
            if placement["uuid"] in current:
                placement_id = current[placement["uuid"]]
                db["placement"].update(placement_id, values)
            else:
                uuid = placement["uuid"]
                if not uuid or self.connections.one("SELECT 1 FROM placement WHERE uuid = ?", (uuid,)):
                    uuid = str(uuid_module.uuid4())  # another article of this library uses it
                row = {"uuid": uuid, "article_id": article_id, "created_at": now, **values}
                placement_id = db["placement"].insert(row).last_rowid
            local_ids[placement["uuid"]] = placement_id
            if placement["role"] == "lead" and lead_id is None:
                lead_id = placement_id
        if lead_id is not None:
            db["placement"].update(lead_id, {"role": "lead"})
        self._search.refresh_captions(article_id)
        self._articles.touch(article_id)
        return local_ids


def check_story_fields(fields: dict) -> dict:
    """A story's article fields as the library would store them, or InvalidFieldError."""
    values = clean_article_fields({k: v for k, v in fields.items() if k in ARTICLE_TEXT_FIELDS})
    if "body" in values:
        check_body(values["body"])
    return values
