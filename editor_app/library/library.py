"""The library: one SQLite file holding every article, photo, placement and revision.

`Library` opens the file (see files.py for the checks made before anything is
written), takes the lock, and holds one re-entrant mutex around every public method,
which lets a worker thread (photo import, export) share the connection with the
window. Articles, search and maintenance live here; revisions and photos are mixed
in from history.py and photo_store.py.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
import threading
import uuid as uuid_module
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlite_utils import Database

from ..model import ARTICLE_TEXT_FIELDS, STATUSES, Article, ArticleSummary
from . import files, schema
from .base import Clock, iso, synchronised, utc_now
from .errors import (
    ArticleNotFoundError,
    BackupError,
    InvalidFieldError,
    LibraryExistsError,
    LibraryNotFoundError,
    SlugTakenError,
)
from .files import (
    Checkpointer,
    check_folder_writable,
    check_writable,
    connect,
    fsync_file,
    fsync_folder,
    inspect_library_file,  # noqa: F401 - part of this module's public face
)
from .history import RevisionHistory, diff_revisions  # noqa: F401 - diff_revisions is public here too
from .locking import LibraryLock
from .photo_store import PhotoStore
from .search import build_fts_query
from .text import count_words, slugify

LIBRARY_SUFFIX = ".copydesk"


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


class Library(RevisionHistory, PhotoStore):
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
        self._checkpointer = Checkpointer(path, files.CHECKPOINT_INTERVAL_SECONDS)
        self._checkpointer.start()

    # ------------------------------------------------------------------ opening

    @classmethod
    def create(cls, path: str | os.PathLike, *, clock: Clock = utc_now, program: str = "Copydesk") -> Library:
        """Make a new, empty library at `path`; refuses to touch an existing file."""
        path = Path(path).expanduser().absolute()
        if path.exists():
            raise LibraryExistsError(path)
        if not path.parent.is_dir():
            raise LibraryNotFoundError(path.parent)
        check_folder_writable(path)
        lock = LibraryLock(path, program)
        lock.acquire()
        try:
            # Build under a temporary name and rename, so a crash never leaves a
            # half-initialised file where the library should be.
            temporary = path.with_name(f".{path.name}.creating-{os.getpid()}")
            conn = connect(temporary)
            try:
                schema.apply_migrations(Database(conn))
            finally:
                conn.close()
            os.replace(temporary, path)
            fsync_folder(path.parent)
            conn = connect(path)
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
        clock: Clock = utc_now,
        program: str = "Copydesk",
    ) -> Library:
        """Open an existing library (or create it when `create` is true and it is missing)."""
        path = Path(path).expanduser().absolute()
        if not path.exists():
            if create:
                return cls.create(path, clock=clock, program=program)
            raise LibraryNotFoundError(path)
        inspect_library_file(path)  # read-only checks before anything can write
        check_writable(path)
        lock = LibraryLock(path, program)
        lock.acquire()
        try:
            conn = connect(path)
            try:
                if schema.apply_migrations(Database(conn)):
                    # A migration can rewrite most of the file (0003 rebuilds the search
                    # index); fold that WAL back now rather than under the writer's typing.
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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
    @synchronised
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    # ------------------------------------------------------------------ helpers

    def _now(self) -> str:
        return iso(self._clock())

    def _atomic(self):
        return self.db.atomic()

    def _query(self, sql: str, params: Sequence | dict = ()) -> list[sqlite3.Row]:
        return self._conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence | dict = ()):
        return self._conn.execute(sql, params).fetchone()

    # ------------------------------------------------------------------ articles

    @synchronised
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

    @synchronised
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
            r[0]
            for r in self._query("SELECT tag FROM article_tag WHERE article_id = ? ORDER BY position", (article_id,))
        )
        data = dict(row)
        return Article(tags=tags, **data)

    @synchronised
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

    @synchronised
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

    @synchronised
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

    @synchronised
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

    @synchronised
    def count_articles(self, *, section: str | None = None, status: str | None = None, tag: str | None = None) -> int:
        where, params = self._article_filters(section, status, tag)
        return self._one(f"SELECT count(*) FROM article{where}", params)[0]

    @synchronised
    def sections(self) -> list[str]:
        return [r[0] for r in self._query("SELECT DISTINCT section FROM article WHERE section != '' ORDER BY section")]

    @synchronised
    def tags(self) -> list[str]:
        return [r[0] for r in self._query("SELECT DISTINCT tag FROM article_tag ORDER BY tag COLLATE NOCASE")]

    # ------------------------------------------------------------------ search

    @synchronised
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
            sql = (
                f"SELECT article_fts.rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY {order} LIMIT ? OFFSET ?"
            )
        ids = [r[0] for r in self._query(sql, [fts, *params, int(limit), int(offset)])]
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = {
            r["id"]: r for r in self._query(f"SELECT {self._SUMMARY_COLUMNS} FROM article WHERE id IN ({marks})", ids)
        }
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

    @synchronised
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

    # ------------------------------------------------------------------ maintenance

    @synchronised
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

    @synchronised
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
            fsync_file(temporary)
            os.replace(temporary, destination)
            fsync_folder(destination.parent)
        except OSError as exc:
            raise BackupError(f"Could not write the backup to {destination}: {exc.strerror or exc}") from exc
        except sqlite3.Error as exc:
            raise BackupError(f"Could not write the backup to {destination}: {exc}") from exc
        finally:
            if temporary.exists():
                temporary.unlink()
        return destination


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
