"""The library: one SQLite file holding every article, photo, placement and revision.

Opening is careful because the file is a journalist's only copy of their work:
we look at it read-only first (is it SQLite? is it ours? is it from a newer
Copydesk?) and only then take the lock and open it for writing, so a wrong file
is never touched. Every public method holds one re-entrant mutex, which lets a
worker thread (photo import, export) share the connection with the window.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import sqlite3
import stat
import threading
import uuid as uuid_module
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from sqlite_utils import Database

from . import schema
from .errors import (
    ArticleNotFoundError,
    BackupError,
    InvalidFieldError,
    LibraryClosedError,
    LibraryExistsError,
    LibraryNotFoundError,
    LibraryReadOnlyError,
    LibraryTooNewError,
    NotALibraryError,
    PhotoInUseError,
    PhotoNotFoundError,
    PlacementNotFoundError,
    RevisionNotFoundError,
    SlugTakenError,
)
from .locking import LibraryLock
from .models import (
    ARTICLE_TEXT_FIELDS,
    PLACEMENT_ROLES,
    STATUSES,
    Article,
    ArticleSummary,
    FieldChange,
    Photo,
    Placement,
    Revision,
)
from .search import build_fts_query
from .text import count_words, slugify

SQLITE_HEADER = b"SQLite format 3\x00"
LIBRARY_SUFFIX = ".copydesk"
# Typing into an article for longer than this starts a new automatic revision;
# within it, the latest automatic revision is brought up to date instead.
REVISION_COALESCE_SECONDS = 10 * 60
BUSY_TIMEOUT_MS = 5000
# How often the background thread folds the WAL back into the library file.
CHECKPOINT_INTERVAL_SECONDS = 5.0

Clock = Callable[[], datetime.datetime]


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse_iso(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


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


def _synchronised(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._mutex:
            if self._conn is None:
                raise LibraryClosedError()
            return method(self, *args, **kwargs)

    return wrapper


class Library:
    """An open Copydesk library. Use `Library.create` or `Library.open`; close when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: LibraryLock, clock: Clock):
        self.path = path
        self._conn: sqlite3.Connection | None = conn
        self.db = Database(conn)
        self._lock = lock
        self._clock = clock
        self._mutex = threading.RLock()
        # SQLite's automatic checkpoint runs inside whichever commit crosses the
        # threshold: on a 2 GB library that one autosave took 0.9 s on the GUI thread.
        # Checkpoints run on a thread of their own instead (PASSIVE never blocks writers).
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._checkpointer = _Checkpointer(path, CHECKPOINT_INTERVAL_SECONDS)
        self._checkpointer.start()

    # ------------------------------------------------------------------ opening

    @classmethod
    def create(cls, path: str | os.PathLike, *, clock: Clock = _utc_now, program: str = "Copydesk") -> Library:
        """Make a new, empty library at `path`; refuses to touch an existing file."""
        path = Path(path).expanduser().absolute()
        if path.exists():
            raise LibraryExistsError(path)
        if not path.parent.is_dir():
            raise LibraryNotFoundError(path.parent)
        _check_folder_writable(path)
        lock = LibraryLock(path, program)
        lock.acquire()
        try:
            # Build under a temporary name and rename, so a crash never leaves a
            # half-initialised file where the library should be.
            temporary = path.with_name(f".{path.name}.creating-{os.getpid()}")
            conn = _connect(temporary)
            try:
                schema.apply_migrations(Database(conn))
            finally:
                conn.close()
            os.replace(temporary, path)
            _fsync_folder(path.parent)
            conn = _connect(path)
            return cls(path, conn, lock, clock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open(
        cls,
        path: str | os.PathLike,
        *,
        create: bool = False,
        clock: Clock = _utc_now,
        program: str = "Copydesk",
    ) -> Library:
        """Open an existing library (or create it when `create` is true and it is missing)."""
        path = Path(path).expanduser().absolute()
        if not path.exists():
            if create:
                return cls.create(path, clock=clock, program=program)
            raise LibraryNotFoundError(path)
        inspect_library_file(path)  # read-only checks before anything can write
        _check_writable(path)
        lock = LibraryLock(path, program)
        lock.acquire()
        try:
            conn = _connect(path)
            try:
                schema.apply_migrations(Database(conn))
            except BaseException:
                conn.close()
                raise
            return cls(path, conn, lock, clock)
        except BaseException:
            lock.release()
            raise

    def close(self) -> None:
        with self._mutex:
            if self._conn is None:
                return
            self._checkpointer.stop()
            try:
                # Fold the WAL back so the single file is complete for copying.
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass
            self._conn.close()
            self._conn = None
            self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    def recovered_stale_lock(self) -> dict | None:
        """Who held the lock when their process died, if opening recovered it."""
        return self._lock.recovered_from

    @property
    @_synchronised
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    # ------------------------------------------------------------------ helpers

    def _now(self) -> str:
        return _iso(self._clock())

    def _atomic(self):
        return self.db.atomic()

    def _query(self, sql: str, params: Sequence | dict = ()) -> list[sqlite3.Row]:
        return self._conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence | dict = ()):
        return self._conn.execute(sql, params).fetchone()

    # ------------------------------------------------------------------ articles

    @_synchronised
    def create_article(self, headline: str = "", **fields) -> Article:
        now = self._now()
        values = self._clean_article_fields({"headline": headline, **fields}, article_id=None)
        slug_source = values.pop("slug", None) or headline or "article"
        tags = values.pop("tags", ())
        with self._atomic():
            slug = self._unique_slug(slugify(slug_source) or "article", exclude_id=None)
            row = {
                "uuid": str(uuid_module.uuid4()),
                "slug": slug,
                "created_at": now,
                "updated_at": now,
                "word_count": count_words(values.get("body", "")),
                **values,
            }
            if row.get("status") == "published" and not row.get("published_at"):
                row["published_at"] = now
            columns = ", ".join(row)
            marks = ", ".join(f":{k}" for k in row)
            cursor = self._conn.execute(f"INSERT INTO article ({columns}) VALUES ({marks})", row)
            article_id = cursor.lastrowid
            self._write_tags(article_id, tags)
            article = self._get_article(article_id)
            self._record_revision(article, kind="auto", name=None, coalesce=False)
        return article

    @_synchronised
    def get_article(self, ref: int | str) -> Article:
        """By id, uuid or slug."""
        return self._get_article(self._resolve_article_id(ref))

    def _resolve_article_id(self, ref: int | str) -> int:
        if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
            row = self._one("SELECT id FROM article WHERE id = ?", (int(ref),))
        else:
            row = self._one("SELECT id FROM article WHERE uuid = ? OR slug = ?", (str(ref), str(ref)))
        if row is None:
            raise ArticleNotFoundError(ref)
        return row[0]

    def _get_article(self, article_id: int) -> Article:
        row = self._one("SELECT * FROM article WHERE id = ?", (article_id,))
        if row is None:
            raise ArticleNotFoundError(article_id)
        tags = tuple(
            r[0] for r in self._query("SELECT tag FROM article_tag WHERE article_id = ? ORDER BY position", (article_id,))
        )
        data = dict(row)
        return Article(tags=tags, **data)

    @_synchronised
    def update_article(self, ref: int | str, **fields) -> Article:
        """Change some fields; records (coalesced) history. Unchanged values are no-ops."""
        article_id = self._resolve_article_id(ref)
        current = self._get_article(article_id)
        values = self._clean_article_fields(fields, article_id=article_id)
        changes = {k: v for k, v in values.items() if getattr(current, k) != v}
        if not changes:
            return current
        with self._atomic():
            if "headline" in changes and "slug" not in values and _slug_follows_headline(current):
                derived = slugify(changes["headline"]) or "article"
                if derived != current.slug:
                    changes["slug"] = self._unique_slug(derived, exclude_id=current.id)
            self._apply_article_changes(current, changes)
            article = self._get_article(article_id)
            self._record_revision(article, kind="auto", name=None, coalesce=True)
        return article

    def _apply_article_changes(self, current: Article, changes: dict) -> None:
        now = self._now()
        tags = changes.pop("tags", None)
        if "slug" in changes:
            changes["slug"] = self._unique_slug(changes["slug"], exclude_id=current.id, strict=True)
        if "body" in changes:
            changes["word_count"] = count_words(changes["body"])
        if changes.get("status") == "published" and not current.published_at:
            changes["published_at"] = now
        changes["updated_at"] = now
        assignments = ", ".join(f"{k} = :{k}" for k in changes)
        self._conn.execute(f"UPDATE article SET {assignments} WHERE id = :id", {**changes, "id": current.id})
        if tags is not None:
            self._write_tags(current.id, tags)

    def _clean_article_fields(self, fields: dict, article_id: int | None) -> dict:
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
                if value in ("", None, 0):
                    value = None
                else:
                    try:
                        value = int(value)
                    except (TypeError, ValueError):
                        raise InvalidFieldError(f"Target length must be a whole number of words, not {value!r}.")
                    if value <= 0:
                        raise InvalidFieldError("Target length must be a positive number of words.")
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
                value = str(value)
                if key != "editor_note":
                    value = " ".join(value.split()) if key != "standfirst" else value.strip()
            elif key == "body":
                value = str(value).replace("\r\n", "\n").replace("\r", "\n")
            values[key] = value
        return values

    def _unique_slug(self, slug: str, exclude_id: int | None, strict: bool = False) -> str:
        def taken(candidate: str) -> bool:
            row = self._one("SELECT id FROM article WHERE slug = ? COLLATE NOCASE", (candidate,))
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
        self._conn.execute("DELETE FROM article_tag WHERE article_id = ?", (article_id,))
        self._conn.executemany(
            "INSERT INTO article_tag (article_id, position, tag) VALUES (?, ?, ?)",
            [(article_id, i, tag) for i, tag in enumerate(tags)],
        )

    @_synchronised
    def duplicate_article(self, ref: int | str) -> Article:
        source = self._get_article(self._resolve_article_id(ref))
        fields = {k: getattr(source, k) for k in ARTICLE_TEXT_FIELDS if k not in ("slug", "status")}
        fields["headline"] = source.headline
        with self._atomic():
            copy = self.create_article(**fields, slug=f"{source.slug}-copy")
            for placement in self._placements(source.id):
                self._insert_placement(
                    copy.id, placement.photo_id, placement.role, placement.caption, placement.credit, placement.alt_text
                )
            self._refresh_captions_index(copy.id)
        return self._get_article(copy.id)

    @_synchronised
    def delete_article(self, ref: int | str) -> None:
        article_id = self._resolve_article_id(ref)
        with self._atomic():
            self._conn.execute("DELETE FROM article WHERE id = ?", (article_id,))

    def _article_filters(self, section, status, tag, alias="article") -> tuple[str, list]:
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

    _SUMMARY_COLUMNS = "id, uuid, slug, headline, section, status, word_count, updated_at, created_at"

    @_synchronised
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
        where, params = self._article_filters(section, status, tag)
        order_by = {"updated": "updated_at DESC, id DESC", "created": "id DESC", "headline": "headline COLLATE NOCASE"}[
            order
        ]
        sql = f"SELECT {self._SUMMARY_COLUMNS} FROM article{where} ORDER BY {order_by}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return [ArticleSummary(**dict(r)) for r in self._query(sql, params)]

    @_synchronised
    def count_articles(self, *, section: str | None = None, status: str | None = None, tag: str | None = None) -> int:
        where, params = self._article_filters(section, status, tag)
        return self._one(f"SELECT count(*) FROM article{where}", params)[0]

    @_synchronised
    def sections(self) -> list[str]:
        return [r[0] for r in self._query("SELECT DISTINCT section FROM article WHERE section != '' ORDER BY section")]

    @_synchronised
    def tags(self) -> list[str]:
        return [r[0] for r in self._query("SELECT DISTINCT tag FROM article_tag ORDER BY tag COLLATE NOCASE")]

    # ------------------------------------------------------------------ search

    @_synchronised
    def search(
        self,
        query: str,
        *,
        ranked: bool = False,
        limit: int = 50,
        offset: int = 0,
        section: str | None = None,
        status: str | None = None,
        tag: str | None = None,
        snippets: bool = True,
    ) -> list[SearchHit]:
        """Full-text search over headline, standfirst, body, captions and photo descriptions.

        Newest-first (the default, what search-as-you-type uses) walks the index in
        rowid order and stops at `limit`; `ranked=True` orders by BM25 relevance with
        the headline weighted highest.
        """
        fts = build_fts_query(query)
        if fts is None:
            return []
        where, params = self._article_filters(section, status, tag)
        order = "bm25(article_fts, 10.0, 4.0, 1.0, 2.0)" if ranked else "article_fts.rowid DESC"
        if where:
            sql = (
                "SELECT article_fts.rowid FROM article_fts JOIN article ON article.id = article_fts.rowid "
                f"WHERE article_fts MATCH ?{where.replace(' WHERE ', ' AND ', 1)} ORDER BY {order} LIMIT ? OFFSET ?"
            )
        else:
            # No join until the page is chosen: ranking touches every match, and each
            # joined row would cost an article lookup.
            sql = f"SELECT article_fts.rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY {order} LIMIT ? OFFSET ?"
        ids = [r[0] for r in self._query(sql, [fts, *params, int(limit), int(offset)])]
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = {r["id"]: r for r in self._query(f"SELECT {self._SUMMARY_COLUMNS} FROM article WHERE id IN ({marks})", ids)}
        # Snippets only for the page shown: SQLite re-reads and re-tokenises each body.
        found_snippets = {}
        if snippets:
            snippet_sql = (
                "SELECT rowid, snippet(article_fts, -1, '[', ']', '…', 12) FROM article_fts "
                "WHERE article_fts MATCH ? AND rowid BETWEEN ? AND ?"
            )
            if ranked or where:
                # Scattered ids: one lookup each (a range could hold thousands of matches).
                for article_id in ids:
                    found_snippets.update(self._query(snippet_sql, (fts, article_id, article_id)))
            else:
                # A newest-first page is a contiguous run of matches: one range scan,
                # which FTS5 seeks to directly (an IN list would make it walk every match).
                found_snippets.update(self._query(snippet_sql, (fts, ids[-1], ids[0])))
        return [SearchHit(ArticleSummary(**dict(rows[i])), found_snippets.get(i, "")) for i in ids if i in rows]

    @_synchronised
    def count_search_matches(self, query: str) -> int:
        """How many articles a search finds (for "1,234 found" without fetching them)."""
        fts = build_fts_query(query)
        if fts is None:
            return 0
        return self._one("SELECT count(*) FROM article_fts WHERE article_fts MATCH ?", (fts,))[0]

    def _refresh_captions_index(self, article_id: int) -> None:
        """Captions and photo descriptions of an article, as one searchable column."""
        rows = self._query(
            "SELECT placement.caption, placement.credit, photo.description FROM placement "
            "JOIN photo ON photo.id = placement.photo_id WHERE placement.article_id = ? ORDER BY position",
            (article_id,),
        )
        text = "\n".join(" ".join(part for part in row if part) for row in rows)
        self._conn.execute("UPDATE article_fts SET captions = ? WHERE rowid = ?", (text, article_id))

    # ------------------------------------------------------------------ revisions

    def _record_revision(self, article: Article, *, kind: str, name: str | None, coalesce: bool) -> Revision:
        now = self._now()
        snapshot = json.dumps(_revision_fields(article), ensure_ascii=False)
        if coalesce:
            latest = self._one(
                "SELECT id, kind, created_at FROM revision WHERE article_id = ? ORDER BY id DESC LIMIT 1", (article.id,)
            )
            if latest is not None and latest["kind"] == "auto":
                age = (_parse_iso(now) - _parse_iso(latest["created_at"])).total_seconds()
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

    @_synchronised
    def revisions(self, ref: int | str) -> list[Revision]:
        """Newest first."""
        article_id = self._resolve_article_id(ref)
        ids = [r[0] for r in self._query("SELECT id FROM revision WHERE article_id = ? ORDER BY id DESC", (article_id,))]
        return [self._get_revision(i) for i in ids]

    @_synchronised
    def get_revision(self, revision_id: int, article: int | str | None = None) -> Revision:
        article_id = self._resolve_article_id(article) if article is not None else None
        return self._get_revision(int(revision_id), article_id)

    @_synchronised
    def take_snapshot(self, ref: int | str, name: str) -> Revision:
        name = " ".join(str(name).split())
        if not name:
            raise InvalidFieldError("A snapshot needs a name.")
        article = self._get_article(self._resolve_article_id(ref))
        with self._atomic():
            return self._record_revision(article, kind="snapshot", name=name, coalesce=False)

    @_synchronised
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

    # ------------------------------------------------------------------ photos

    @_synchronised
    def find_photo_by_sha256(self, sha256: str) -> Photo | None:
        row = self._one("SELECT * FROM photo WHERE sha256 = ?", (sha256,))
        return _photo_from_row(row) if row is not None else None

    @_synchronised
    def add_photo(self, record: dict, original: bytes, thumbnails: dict[str, bytes]) -> tuple[Photo, bool]:
        """Store an imported photo with its original bytes and thumbnails, atomically.

        The same bytes imported again return the existing photo (`created` False).
        """
        existing = self.find_photo_by_sha256(record["sha256"])
        if existing is not None:
            return existing, False
        allowed = {
            "sha256", "original_name", "format", "mime", "byte_size", "width", "height", "orientation",
            "taken_at", "description", "creator", "credit", "copyright", "source", "headline", "city",
            "country", "alt_text", "usage_terms", "camera_make", "camera_model", "has_location",
            "has_alpha", "embedded",
        }  # fmt: skip
        row = {k: v for k, v in record.items() if k in allowed}
        for key in ("description", "creator", "credit", "copyright", "source", "headline", "city", "country",
                    "alt_text", "usage_terms", "camera_make", "camera_model", "original_name"):  # fmt: skip
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

    @_synchronised
    def get_photo(self, ref: int | str) -> Photo:
        if isinstance(ref, str) and not ref.strip().isdigit():
            row = self._one("SELECT * FROM photo WHERE uuid = ? OR sha256 = ?", (ref, ref))
            if row is None:
                raise PhotoNotFoundError(ref)
            return _photo_from_row(row)
        return self._get_photo(int(ref))

    @_synchronised
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

    @_synchronised
    def count_photos(self) -> int:
        return self._one("SELECT count(*) FROM photo")[0]

    PHOTO_EDITABLE_FIELDS = (
        "description", "creator", "credit", "copyright", "source", "headline", "city", "country",
        "alt_text", "usage_terms",
    )  # fmt: skip

    @_synchronised
    def update_photo(self, ref: int | str, **fields) -> Photo:
        photo = self.get_photo(ref)
        unknown = set(fields) - set(self.PHOTO_EDITABLE_FIELDS)
        if unknown:
            raise InvalidFieldError(f"Photo field(s) that cannot be edited: {', '.join(sorted(unknown))}.")
        changes = {k: str(v).strip() for k, v in fields.items() if v is not None and str(v).strip() != getattr(photo, k)}
        if not changes:
            return photo
        with self._atomic():
            assignments = ", ".join(f"{k} = :{k}" for k in changes)
            self._conn.execute(f"UPDATE photo SET {assignments} WHERE id = :id", {**changes, "id": photo.id})
            if "description" in changes:
                for (article_id,) in self._query("SELECT DISTINCT article_id FROM placement WHERE photo_id = ?", (photo.id,)):
                    self._refresh_captions_index(article_id)
        return self._get_photo(photo.id)

    @_synchronised
    def delete_photo(self, ref: int | str) -> None:
        photo = self.get_photo(ref)
        used = self._one("SELECT count(*) FROM placement WHERE photo_id = ?", (photo.id,))[0]
        if used:
            raise PhotoInUseError(photo.id, used)
        with self._atomic():
            self._conn.execute("DELETE FROM photo WHERE id = ?", (photo.id,))

    @_synchronised
    def photo_original(self, photo_id: int) -> bytes:
        row = self._one("SELECT data FROM photo_original WHERE photo_id = ?", (int(photo_id),))
        if row is None:
            raise PhotoNotFoundError(photo_id)
        return bytes(row[0])

    @_synchronised
    def photo_thumbnail(self, photo_id: int, size: str = "grid") -> tuple[bytes, str] | None:
        """(data, mime) of a stored thumbnail, or None when none of that size exists."""
        row = self._one("SELECT data, mime FROM photo_thumbnail WHERE photo_id = ? AND size = ?", (int(photo_id), size))
        return (bytes(row[0]), row[1]) if row is not None else None

    # ------------------------------------------------------------------ placements

    @_synchronised
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
        position = self._one("SELECT coalesce(max(position) + 1, 0) FROM placement WHERE article_id = ?", (article_id,))[0]
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

    @_synchronised
    def get_placement(self, placement_id: int, article: int | str | None = None) -> Placement:
        article_id = self._resolve_article_id(article) if article is not None else None
        return self._get_placement(placement_id, article_id)

    def _placements(self, article_id: int) -> list[Placement]:
        rows = self._query("SELECT * FROM placement WHERE article_id = ? ORDER BY position, id", (article_id,))
        return [Placement(**dict(r)) for r in rows]

    @_synchronised
    def placements(self, article: int | str) -> list[Placement]:
        """In order; the lead (if any) is wherever its position puts it."""
        return self._placements(self._resolve_article_id(article))

    @_synchronised
    def placed_photos(self, article: int | str) -> list[tuple[Placement, Photo]]:
        article_id = self._resolve_article_id(article)
        return [(p, self._get_photo(p.photo_id)) for p in self._placements(article_id)]

    @_synchronised
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

    @_synchronised
    def set_lead(self, placement_id: int) -> Placement:
        return self.update_placement(placement_id, role="lead")

    @_synchronised
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

    @_synchronised
    def detach_photo(self, placement_id: int, article: int | str | None = None) -> None:
        article_id = self._resolve_article_id(article) if article is not None else None
        placement = self._get_placement(placement_id, article_id)
        with self._atomic():
            self._conn.execute("DELETE FROM placement WHERE id = ?", (placement.id,))
            remaining = [p.id for p in self._placements(placement.article_id)]
            self._conn.executemany("UPDATE placement SET position = ? WHERE id = ?", list(enumerate(remaining)))
            self._refresh_captions_index(placement.article_id)
            self._touch_article(placement.article_id)

    # ------------------------------------------------------------------ maintenance

    @_synchronised
    def check(self) -> list[str]:
        """Problems found by SQLite's integrity, foreign-key and search-index checks; [] when sound.

        A damaged file can make any of the checks raise; that is reported as a problem
        too, never as a crash of the checker.
        """
        problems: list[str] = []
        checks = [
            ("integrity", "PRAGMA integrity_check", lambda rows: [r[0] for r in rows if r[0] != "ok"]),
            ("foreign keys", "PRAGMA foreign_key_check",
             lambda rows: [f"row {r[1]} of table {r[0]} points at a missing row of {r[2]}" for r in rows]),
            ("search index", "INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)",
             lambda rows: []),
            ("search index", "SELECT count(*) FROM article WHERE id NOT IN (SELECT rowid FROM article_fts)",
             lambda rows: [f"search index: {rows[0][0]} article(s) missing from the index"] if rows[0][0] else []),
            ("search index", "SELECT count(*) FROM article_fts WHERE rowid NOT IN (SELECT id FROM article)",
             lambda rows: [f"search index: {rows[0][0]} entr(y/ies) for articles that no longer exist"]
             if rows[0][0] else []),
        ]  # fmt: skip
        for label, sql, interpret in checks:
            try:
                problems += interpret(self._query(sql))
            except sqlite3.DatabaseError as exc:
                problems.append(f"{label}: {exc}")
        return problems

    @_synchronised
    def backup(self, destination: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """Copy the live library with SQLite's backup API, verify it, then move it into place.

        A folder as `destination` receives `<name>-<timestamp>.copydesk`.
        """
        destination = Path(destination).expanduser().absolute()
        if destination.is_dir():
            stamp = self._clock().astimezone(datetime.timezone.utc).strftime("%Y%m%d-%H%M%S")
            destination = destination / f"{self.path.stem}-{stamp}{LIBRARY_SUFFIX}"
        if destination == self.path:
            raise BackupError("A backup cannot overwrite the library it copies.")
        if destination.exists() and not overwrite:
            raise BackupError(f"{destination} already exists; choose another name.")
        if not destination.parent.is_dir():
            raise BackupError(f"The folder {destination.parent} does not exist.")
        temporary = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
        try:
            target = sqlite3.connect(temporary)
            try:
                self._conn.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
                result = target.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                target.close()
            if result != "ok":
                raise BackupError(f"The backup copy failed its integrity check: {result}")
            _fsync_file(temporary)
            os.replace(temporary, destination)
            _fsync_folder(destination.parent)
        except OSError as exc:
            raise BackupError(f"Could not write the backup to {destination}: {exc.strerror or exc}") from exc
        except sqlite3.Error as exc:
            raise BackupError(f"Could not write the backup to {destination}: {exc}") from exc
        finally:
            if temporary.exists():
                temporary.unlink()
        return destination


class _Checkpointer(threading.Thread):
    """Copies committed pages from the WAL into the library file in the background.

    Its own connection, so it never waits on the library's mutex; PASSIVE mode copies
    what it can without blocking the writer. Without it the WAL would grow for as long
    as the library stays open.
    """

    def __init__(self, path: Path, interval: float):
        super().__init__(name="copydesk-checkpoint", daemon=True)
        self._path = path
        self._interval = interval
        self._stopping = threading.Event()

    def run(self) -> None:
        try:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            conn.execute("PRAGMA synchronous = FULL")
            while not self._stopping.wait(self._interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    pass  # busy or a disk error: the WAL keeps the data; try again later
        finally:
            conn.close()

    def stop(self) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join()


class SearchHit:
    """An article found by search, with a snippet of the matching text ([marked])."""

    __slots__ = ("article", "snippet")

    def __init__(self, article: ArticleSummary, snippet: str):
        self.article = article
        self.snippet = snippet

    def to_dict(self) -> dict:
        return {**self.article.to_dict(), "snippet": self.snippet}

    def __repr__(self) -> str:
        return f"SearchHit({self.article.id}, {self.article.headline!r})"


# ---------------------------------------------------------------------- module helpers


def diff_revisions(old: Revision | Article | dict, new: Revision | Article | dict) -> list[FieldChange]:
    """Field-by-field changes from `old` to `new` (revisions, articles or field dicts)."""
    before, after = _revision_fields(old), _revision_fields(new)
    return [FieldChange(k, before.get(k), after.get(k)) for k in ARTICLE_TEXT_FIELDS if before.get(k) != after.get(k)]


def _slug_follows_headline(article: Article) -> bool:
    """Whether the slug is still the one made from the headline (maybe with a -2 suffix).

    Such a slug follows headline edits, so an article started with an empty headline
    is not left as "article-7". It stops following once someone sets it by hand, and
    once the article is published: a published address must not change.
    """
    if article.status == "published":
        return False
    base = slugify(article.headline) or "article"
    return article.slug == base or (
        article.slug.startswith(base + "-") and article.slug[len(base) + 1 :].isdigit()
    )


def _revision_fields(item) -> dict:
    if isinstance(item, Revision):
        data = dict(item.fields)
    elif isinstance(item, Article):
        data = {k: getattr(item, k) for k in ARTICLE_TEXT_FIELDS}
    else:
        data = dict(item)
    if "tags" in data:
        data["tags"] = list(data["tags"] or [])
    return data


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


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN ourselves (db.atomic), so a write is
    # never left in an implicit transaction that a crash would lose.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        conn.close()
        raise LibraryReadOnlyError(path, f"SQLite could not switch it to WAL journaling (got {mode})")
    conn.execute("PRAGMA synchronous = FULL")
    # 32 MB of page cache instead of 2 MB: search walks index pages that the default
    # cache keeps evicting on a large library (phrase and prefix queries ~1.5x faster).
    conn.execute("PRAGMA cache_size = -32768")
    return conn


def inspect_library_file(path: Path) -> int:
    """Check, without writing a byte, that `path` is a Copydesk library we can read.

    Returns its schema version. Raises NotALibraryError or LibraryTooNewError.
    """
    if not path.is_file():
        raise NotALibraryError(path, "it is a folder, not a file" if path.is_dir() else "it is not a regular file")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except PermissionError as exc:
        raise LibraryReadOnlyError(path, f"the file cannot be read ({exc.strerror})") from exc
    if len(header) == 0:
        raise NotALibraryError(path, "the file is empty")
    if not header.startswith(SQLITE_HEADER):
        raise NotALibraryError(path, "it is not an SQLite database")
    application_id = int.from_bytes(header[68:72], "big")
    user_version = int.from_bytes(header[60:64], "big")
    if application_id != schema.APPLICATION_ID:
        raise NotALibraryError(path, "it is an SQLite database made by another program")
    if user_version > schema.LATEST_VERSION:
        raise LibraryTooNewError(path, f"schema version {user_version}, this Copydesk knows up to {schema.LATEST_VERSION}")
    try:
        # immutable: read the main file only, creating no -wal/-shm files beside it.
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            rows = conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (schema.MIGRATION_SET,)
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotALibraryError(path, f"SQLite cannot read it ({exc})") from exc
    unknown = sorted({r[0] for r in rows} - set(schema.KNOWN_MIGRATIONS))
    if unknown:
        raise LibraryTooNewError(path, f"unknown schema change {unknown[0]}")
    return user_version


def _check_writable(path: Path) -> None:
    """A read-only file or folder gets its own error before SQLite half-opens it.

    Mode bits are checked as well as access(): a root user can write anything, but a
    file someone marked read-only should still be treated as read-only.
    """
    mode = path.stat().st_mode
    if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise LibraryReadOnlyError(path, "the file is read-only")
    _check_folder_writable(path)


def _check_folder_writable(path: Path) -> None:
    folder = path.parent
    mode = folder.stat().st_mode
    if not os.access(folder, os.W_OK | os.X_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise LibraryReadOnlyError(
            path, f"its folder {folder} is read-only (SQLite needs to write its journal and the lock file there)"
        )


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - folders cannot be fsynced on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
