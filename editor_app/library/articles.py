"""Articles: creating, changing, listing and deleting them, with their tags and slugs."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterable, Sequence

from ..model import ARTICLE_TEXT_FIELDS, STATUSES, Article, ArticleSummary
from ..model.errors import BodyRefusedError
from ..model.limits import check_body_limits
from .base import Clock, iso
from .connections import MAX_ROW_ID, Connections, reads, row_id, writes
from .errors import ArticleNotFoundError, InvalidFieldError, SlugTakenError
from .history import RevisionHistory
from .text import count_words, slugify

# Control characters other than line breaks and tabs: never a writer's text, but an escape
# sequence in a headline (pasted, or from a packet) would drive the terminal that shows it.
_CONTROL_CHARACTERS = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])

SUMMARY_COLUMNS = "id, uuid, slug, headline, section, status, word_count, updated_at, created_at"


def normalise_status(value: str) -> str:
    """Accept 'in edit', 'In-Edit', 'in_edit' alike; reject anything else clearly."""
    key = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    if key not in STATUSES:
        allowed = ", ".join(s.replace("_", " ") for s in STATUSES)
        raise InvalidFieldError(f"Unknown status {value!r}; use one of: {allowed}.")
    return key


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for tag in tags:
        clean = " ".join(str(tag).split())
        if clean and clean.casefold() not in seen:
            seen[clean.casefold()] = clean
    return tuple(seen.values())


def normalise_section(section: str) -> str:
    """'news/ politics ' -> 'news / politics': one spelling of the separator."""
    parts = [" ".join(p.split()) for p in str(section).split("/")]
    return " / ".join(p for p in parts if p)


def check_body(body: str) -> None:
    """Refuse a body the renderer would refuse: the limits are one fact, kept in the model."""
    try:
        check_body_limits(body)
    except BodyRefusedError as exc:
        raise InvalidFieldError(str(exc)) from exc


def clean_article_fields(fields: dict) -> dict:
    """Field values as stored: normalised, or InvalidFieldError naming what is wrong.

    The body's render limits are checked by the caller, only for a body that changes,
    so an article stored before a limit existed can still have its headline edited.
    """
    allowed = set(ARTICLE_TEXT_FIELDS) | {"published_at"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidFieldError(f"Unknown article field(s): {', '.join(sorted(unknown))}.")
    values = {}
    for key, value in fields.items():
        if value is None and key not in ("target_words", "published_at"):
            continue
        if key == "status":
            value = normalise_status(value)
        elif key == "tags":
            value = normalise_tags([value] if isinstance(value, str) else value)
        elif key == "section":
            value = normalise_section(value)
        elif key == "target_words":
            value = _clean_target_words(value)
        elif key == "slug":
            cleaned = slugify(str(value))
            if not cleaned:
                raise InvalidFieldError(f"The slug {value!r} has no letters or digits.")
            value = cleaned
        elif key == "language":
            value = str(value).strip() or "en"
            if not all(part.isalnum() and len(part) <= 8 for part in value.split("-")):
                raise InvalidFieldError(f"{value!r} is not a language tag such as en, fa or ar-EG.")
        elif key in ("headline", "standfirst", "byline", "dateline", "editor_note"):
            value = str(value).replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL_CHARACTERS)
            if key != "editor_note":
                value = " ".join(value.split()) if key != "standfirst" else value.strip()
        elif key == "body":
            value = str(value).replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL_CHARACTERS)
        values[key] = value
    return values


def _clean_target_words(value) -> int | None:
    if value in ("", None, 0):
        return None
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise InvalidFieldError(f"Target length must be a whole number of words, not {value!r}.") from None
    if value <= 0:
        raise InvalidFieldError("Target length must be a positive number of words.")
    if value > MAX_ROW_ID:  # more than SQLite's integer holds (a packet from elsewhere may say so)
        raise InvalidFieldError(f"Target length must be at most {MAX_ROW_ID:,} words, not {value:,}.")
    return value


def article_filters(section, status, tag, alias="article") -> tuple[str, list]:
    """A WHERE clause (and its parameters) for listing or searching by section, status, tag."""
    clauses, params = [], []
    if section:
        # A section also matches its subsections: "News" lists "News / Politics".
        section = normalise_section(section)
        clauses.append(f"({alias}.section = ? OR {alias}.section LIKE ? ESCAPE '\\')")
        escaped = section.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [section, escaped + " / %"]
    if status:
        clauses.append(f"{alias}.status = ?")
        params.append(normalise_status(status))
    if tag:
        clauses.append(f"{alias}.id IN (SELECT article_id FROM article_tag WHERE tag = ?)")
        params.append(tag)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class ArticleStore:
    """The article and article_tag tables; records history through `RevisionHistory`."""

    def __init__(self, connections: Connections, clock: Clock, history: RevisionHistory):
        self.connections = connections
        self._clock = clock
        self._history = history

    # ------------------------------------------------------------------ reading

    @reads
    def resolve_id(self, ref: int | str) -> int:
        """The id of an article given by id, uuid or slug."""
        if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
            row = self.connections.one("SELECT id FROM article WHERE id = ?", (row_id(ref, ArticleNotFoundError),))
        else:
            row = self.connections.one("SELECT id FROM article WHERE uuid = ? OR slug = ?", (str(ref), str(ref)))
        if row is None:
            raise ArticleNotFoundError(ref)
        return row[0]

    @reads
    def get_article(self, ref: int | str) -> Article:
        """By id, uuid or slug."""
        article_id = self.resolve_id(ref)
        row = self.connections.one("SELECT * FROM article WHERE id = ?", (article_id,))
        if row is None:
            raise ArticleNotFoundError(ref)
        tags = self.connections.query(
            "SELECT tag FROM article_tag WHERE article_id = ? ORDER BY position", (article_id,)
        )
        return Article(tags=tuple(r[0] for r in tags), **_as_text(dict(row)))

    @reads
    def list_articles(
        self,
        *,
        section: str | None = None,
        status: str | None = None,
        tag: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        order: str = "updated",
    ) -> list[ArticleSummary]:
        """Newest first: by last change (`order="updated"`) or by creation (`"created"`)."""
        where, params = article_filters(section, status, tag)
        order_by = {"updated": "updated_at DESC, id DESC", "created": "id DESC", "headline": "headline COLLATE NOCASE"}[
            order
        ]
        sql = f"SELECT {SUMMARY_COLUMNS} FROM article{where} ORDER BY {order_by}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return [ArticleSummary(**dict(r)) for r in self.connections.query(sql, params)]

    @reads
    def count_articles(self, *, section: str | None = None, status: str | None = None, tag: str | None = None) -> int:
        where, params = article_filters(section, status, tag)
        return self.connections.one(f"SELECT count(*) FROM article{where}", params)[0]

    @reads
    def sections(self) -> list[str]:
        sql = "SELECT DISTINCT section FROM article WHERE section != '' ORDER BY section"
        return [r[0] for r in self.connections.query(sql)]

    @reads
    def tags(self) -> list[str]:
        return [
            r[0] for r in self.connections.query("SELECT DISTINCT tag FROM article_tag ORDER BY tag COLLATE NOCASE")
        ]

    # ------------------------------------------------------------------ writing

    @writes
    def create_article(self, headline: str = "", *, story_uuid: str | None = None, **fields) -> Article:
        """A new article; `story_uuid` keeps the uuid a story packet brought from another library."""
        now = iso(self._clock())
        values = clean_article_fields({"headline": headline, **fields})
        if "body" in values:
            check_body(values["body"])
        slug_source = values.pop("slug", None) or headline or "article"
        tags = values.pop("tags", ())
        row = {
            "uuid": story_uuid or str(uuid_module.uuid4()),
            "slug": self._unique_slug(slugify(slug_source) or "article", exclude_id=None),
            "created_at": now,
            "updated_at": now,
            "word_count": count_words(values.get("body", "")),
            **values,
        }
        if row.get("status") == "published" and not row.get("published_at"):
            row["published_at"] = now
        article_id = self.connections.db["article"].insert(row).last_rowid
        self._write_tags(article_id, tags)
        article = self.get_article(article_id)
        self._history.record(article, kind="auto", name=None, coalesce=False)
        return article

    @writes
    def update_article(self, ref: int | str, **fields) -> Article:
        """Change some fields; records (coalesced) history. Unchanged values are no-ops."""
        current = self.get_article(ref)
        article = self.change_fields(current, fields)
        if article is None:
            return current
        self._history.record(article, kind="auto", name=None, coalesce=True)
        return article

    @writes
    def change_fields(self, current: Article, fields: dict) -> Article | None:
        """`update_article` without recording history (its caller records the revision it
        names); None when nothing changed."""
        values = clean_article_fields(fields)
        changes = self._changes(current, values)
        if not changes:
            return None
        if "headline" in changes and "slug" not in values and _slug_follows_headline(current):
            derived = slugify(changes["headline"]) or "article"
            if derived != current.slug:
                changes["slug"] = self._unique_slug(derived, exclude_id=current.id)
        self._apply_changes(current, changes)
        return self.get_article(current.id)

    @writes
    def restore_revision(self, ref: int | str, revision_id: int) -> Article:
        """Put the article back as it was at `revision_id`; recorded as a new revision."""
        current = self.get_article(ref)
        revision = self._history.get_revision(revision_id, current.id)
        wanted = clean_article_fields({k: v for k, v in revision.fields.items() if k in ARTICLE_TEXT_FIELDS})
        changes = self._changes(current, wanted)
        if changes:
            self._apply_changes(current, changes)
        article = self.get_article(current.id)
        self._history.record(article, kind="restore", name=f"Restored revision {revision.id}", coalesce=False)
        return article

    @writes
    def take_snapshot(self, ref: int | str, name: str):
        name = " ".join(str(name).split())
        if not name:
            raise InvalidFieldError("A snapshot needs a name.")
        return self._history.record(self.get_article(ref), kind="snapshot", name=name, coalesce=False)

    @writes
    def duplicate_article(self, ref: int | str) -> Article:
        """A copy of the article's text as a new draft (its photos are the caller's to copy)."""
        source = self.get_article(ref)
        fields = {k: getattr(source, k) for k in ARTICLE_TEXT_FIELDS if k not in ("slug", "status")}
        return self.create_article(**fields, slug=f"{source.slug}-copy")

    @writes
    def delete_article(self, ref: int | str) -> None:
        self.connections.db["article"].delete(self.resolve_id(ref))

    @writes
    def touch(self, article_id: int) -> None:
        """Mark the article changed now (its photos changed)."""
        self.connections.db["article"].update(article_id, {"updated_at": iso(self._clock())})

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _changes(current: Article, values: dict) -> dict:
        changes = {k: v for k, v in values.items() if getattr(current, k) != v}
        if "body" in changes:
            check_body(changes["body"])
        return changes

    def _apply_changes(self, current: Article, changes: dict) -> None:
        now = iso(self._clock())
        tags = changes.pop("tags", None)
        if "slug" in changes:
            changes["slug"] = self._unique_slug(changes["slug"], exclude_id=current.id, strict=True)
        if "body" in changes:
            changes["word_count"] = count_words(changes["body"])
        if changes.get("status") == "published" and not current.published_at:
            changes["published_at"] = now
        changes["updated_at"] = now
        self.connections.db["article"].update(current.id, changes)
        if tags is not None:
            self._write_tags(current.id, tags)

    def _unique_slug(self, slug: str, exclude_id: int | None, strict: bool = False) -> str:
        def taken(candidate: str) -> bool:
            row = self.connections.one("SELECT id FROM article WHERE slug = ? COLLATE NOCASE", (candidate,))
            return row is not None and row[0] != exclude_id

        if not taken(slug):
            return slug
        if strict:
            raise SlugTakenError(slug)
        counter = 2
        while taken(f"{slug}-{counter}"):
            counter += 1
        return f"{slug}-{counter}"

    def _write_tags(self, article_id: int, tags: Sequence[str]) -> None:
        db = self.connections.db
        db.execute("DELETE FROM article_tag WHERE article_id = ?", (article_id,))
        db["article_tag"].insert_all(
            {"article_id": article_id, "position": i, "tag": tag} for i, tag in enumerate(tags)
        )


def _slug_follows_headline(article: Article) -> bool:
    """Whether the slug is still the one made from the headline (maybe with a -2 suffix).

    Such a slug follows headline edits, so an article started with an empty headline
    is not left as "article-7". It stops following once someone sets it by hand, and
    once the article is published: a published address must not change.
    """
    if article.status == "published":
        return False
    base = slugify(article.headline) or "article"
    return article.slug == base or (article.slug.startswith(base + "-") and article.slug[len(base) + 1 :].isdigit())


def _as_text(columns: dict) -> dict:
    """SQLite lets another program store a BLOB in a text column; the rest of Copydesk
    (renderer, preflight, window) handles text only, so such a value is read as UTF-8,
    with any undecodable byte shown as U+FFFD rather than failing every export."""
    return {
        name: value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
        for name, value in columns.items()
    }
