"""The library: one SQLite file holding every article, photo, placement and revision.

`Library` opens the file (see files.py for the checks made before anything is
written), takes the lock, and composes the parts that do the work: ArticleStore,
RevisionHistory, SearchIndex, PhotoStore and Maintenance, which share one
`Connections` (connections.py): every write runs on one writer thread, every read
on the calling thread's own read connection. Library's methods only delegate, so
callers see one object.
"""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Self

from sqlite_utils import Database

from ..model import Article, ArticleSummary, Photo, Placement, Revision
from . import files, schema
from .articles import ArticleStore
from .base import Clock, utc_now
from .connections import Connections, LibraryNeedsUpgradeError, writes
from .desk import CaptionTemplate, DeskStore
from .dictionary import DictionaryStore
from .errors import LibraryExistsError, LibraryNotFoundError
from .files import (
    Checkpointer,
    check_folder_writable,
    check_writable,
    connect,
    fsync_folder,
    inspect_library_file,
)
from .history import RevisionHistory, diff_revisions
from .locking import LibraryLock
from .maintenance import LIBRARY_SUFFIX, Maintenance
from .photo_store import BatchEdit, PhotoStore
from .search import SearchHit, SearchIndex
from .settings import SettingsStore
from .stories import StoryStore

__all__ = ["LIBRARY_SUFFIX", "Library", "LibraryNeedsUpgradeError", "SearchHit", "diff_revisions"]


class Library:
    """An open Copydesk library. Use `Library.create` or `Library.open`; close when done.

    Any thread may call any method. Writes run one at a time on the library's writer
    thread; the calling thread waits for the result (or use `submit` not to wait).
    Reads run on the calling thread beside the writer and never wait for it.
    """

    def __init__(self, path: Path, connections: Connections, lock: LibraryLock | None, clock: Clock):
        self.path = path
        self._connections = connections
        self._lock = lock
        self._history = RevisionHistory(connections, clock)
        self._articles = ArticleStore(connections, clock, self._history)
        self._search = SearchIndex(connections)
        self._photos = PhotoStore(connections, clock, self._articles, self._search)
        self._maintenance = Maintenance(connections, clock)
        self._desk = DeskStore(connections)
        self._settings = SettingsStore(connections)
        self._dictionary = DictionaryStore(connections, clock, self._articles)
        self._stories = StoryStore(connections, clock, self._articles, self._photos, self._history, self._search)
        self._checkpointer: Checkpointer | None = None
        if not connections.read_only:
            # SQLite's automatic checkpoint runs inside whichever commit crosses the
            # threshold: on a 2 GB library that one autosave took 0.9 s. Checkpoints run
            # on a thread of their own instead (PASSIVE never blocks the writer).
            connections.write_db.execute("PRAGMA wal_autocheckpoint = 0")
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
            return cls(path, Connections(path, write_connection=connect(path)), lock, clock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open(
        cls,
        path: str | os.PathLike,
        *,
        create: bool = False,
        read_only: bool = False,
        clock: Clock = utc_now,
        program: str = "Copydesk",
    ) -> Library:
        """Open an existing library (or create it when `create` is true and it is missing).

        `read_only` opens it for reading only: no lock file is taken, no migration runs and
        no thread is started, so it works while a window holds the library and writes to it,
        and on a disk with no space left. Its write methods raise LibraryReadOnlyError.
        """
        path = Path(path).expanduser().absolute()
        if not path.exists():
            if create and not read_only:
                return cls.create(path, clock=clock, program=program)
            raise LibraryNotFoundError(path)
        version = inspect_library_file(path)  # read-only checks before anything can write
        if read_only:
            return cls._open_read_only(path, version, clock)
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
            return cls(path, Connections(path, write_connection=conn), lock, clock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_read_only(cls, path: Path, version: int, clock: Clock) -> Library:
        if version < schema.LATEST_VERSION:
            raise LibraryNeedsUpgradeError(path, version, schema.LATEST_VERSION)
        library = cls(path, Connections(path, write_connection=None), None, clock)
        try:
            library.schema_version  # noqa: B018 - reads the file now, so a bad one fails here
        except BaseException:
            library.close()
            raise
        return library

    def close(self) -> None:
        """Finish the queued writes, fold the WAL back, close every connection, release the lock.

        Queued writes get up to 10 seconds (connections.CLOSE_WAIT_SECONDS). After that,
        writes not yet started fail with LibraryClosedError and one still running is
        abandoned: SQLite rolls it back when its connection closes, so nothing
        half-written is kept. Writes submitted after close raise LibraryClosedError.
        """
        if self._connections.closed:
            return
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self._connections.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._connections.closed

    @property
    def read_only(self) -> bool:
        return self._connections.read_only

    @property
    def recovered_stale_lock(self) -> dict | None:
        """Who held the lock when their process died, if opening recovered it."""
        return self._lock.recovered_from if self._lock is not None else None

    @property
    def schema_version(self) -> int:
        with self._connections.reading() as conn:
            return conn.execute("PRAGMA user_version").fetchone()[0]

    @property
    def db(self) -> Database:
        """The write connection as a sqlite-utils Database, for tests and benchmarks that
        set up data directly (it bypasses the writer thread: not for the application).
        Opened read-only, this thread's read connection."""
        if self._connections.write_db is not None:
            return self._connections.write_db
        return Database(self._connections.connection())

    # ------------------------------------------------------------------ the writer

    def submit(self, fn: Callable, *args, **kwargs) -> concurrent.futures.Future:
        """Queue `fn(*args, **kwargs)` (typically a write method, such as
        `library.update_article`) to run on the writer thread, without waiting.

        The Future holds its result, or the error it raised (also given to the error
        listeners unless it only refused an invalid request). Raises LibraryClosedError
        after close and LibraryReadOnlyError on a library opened read-only.
        """
        return self._connections.submit(fn, *args, **kwargs)

    def add_error_listener(self, listener: Callable[[BaseException], None]) -> None:
        """Call `listener(error)` on the writer thread for every write that fails.

        Failed writes are those the disk or the database refused (a NotSavedError such
        as DiskFullError, LibraryBusyError, LibraryDamagedError, ...) or that hit a bug.
        Requests refused as invalid (InvalidFieldError, NotFoundError, PhotoInUseError)
        are only raised to their caller. Either way the write left nothing behind.
        """
        self._connections.add_error_listener(listener)

    # ------------------------------------------------------------------ articles

    def create_article(self, headline: str = "", **fields) -> Article:
        return self._articles.create_article(headline, **fields)

    def get_article(self, ref: int | str) -> Article:
        """By id, uuid or slug."""
        return self._articles.get_article(ref)

    def update_article(self, ref: int | str, **fields) -> Article:
        """Change some fields; records (coalesced) history. Unchanged values are no-ops."""
        return self._articles.update_article(ref, **fields)

    @writes
    def duplicate_article(self, ref: int | str) -> Article:
        """A new draft with the article's text and photos."""
        source_id = self._articles.resolve_id(ref)
        copy = self._articles.duplicate_article(source_id)
        self._photos.copy_placements(source_id, copy.id)
        return self._articles.get_article(copy.id)

    def delete_article(self, ref: int | str) -> None:
        self._articles.delete_article(ref)

    def list_articles(self, **filters) -> list[ArticleSummary]:
        """Newest first: by last change (`order="updated"`) or by creation (`"created"`);
        `section`, `status`, `tag`, `limit`, `offset` as keywords."""
        return self._articles.list_articles(**filters)

    def count_articles(self, **filters) -> int:
        return self._articles.count_articles(**filters)

    def sections(self) -> list[str]:
        return self._articles.sections()

    def tags(self) -> list[str]:
        return self._articles.tags()

    # ------------------------------------------------------------------ search

    def search(self, query: str, **options) -> list[SearchHit]:
        """Full-text search; see SearchIndex.search for `ranked`, `limit`, `offset` and filters."""
        return self._search.search(query, **options)

    def count_search_matches(self, query: str) -> int:
        return self._search.count_search_matches(query)

    # ------------------------------------------------------------------ revisions

    def revisions(self, ref: int | str) -> list[Revision]:
        """Newest first."""
        return self._history.revisions(self._articles.resolve_id(ref))

    def get_revision(self, revision_id: int, article: int | str | None = None) -> Revision:
        article_id = self._articles.resolve_id(article) if article is not None else None
        return self._history.get_revision(revision_id, article_id)

    def take_snapshot(self, ref: int | str, name: str) -> Revision:
        return self._articles.take_snapshot(ref, name)

    def restore_revision(self, ref: int | str, revision_id: int) -> Article:
        """Put the article back as it was at `revision_id`; recorded as a new revision.
        A revision that kept the placements (a story packet's) puts them back too."""
        return self._stories.restore_revision(ref, revision_id)

    # ------------------------------------------------------------------ stories (packets)

    def find_article_by_uuid(self, story_uuid: str) -> Article | None:
        return self._stories.find_article_by_uuid(story_uuid)

    def story_state(self, ref: int | str) -> dict:
        """The article as a story packet carries it: {"uuid", "fields", "placements"}."""
        return self._stories.story_state(ref)

    def take_story(self, story: dict, **options) -> tuple[Article, bool]:
        """Create or update the article `story` describes, in one transaction and one revision
        (`revision_name`, `new_photos`, `photo_fields`); (article, created)."""
        return self._stories.take_story(story, **options)

    # ------------------------------------------------------------------ photos

    def find_photo_by_sha256(self, sha256: str) -> Photo | None:
        return self._photos.find_photo_by_sha256(sha256)

    def add_photo(self, record: dict, original: bytes, thumbnails: dict[str, bytes]) -> tuple[Photo, bool]:
        """Store an imported photo with its original and thumbnails; (photo, created)."""
        return self._photos.add_photo(record, original, thumbnails)

    def get_photo(self, ref: int | str) -> Photo:
        return self._photos.get_photo(ref)

    def list_photos(self, **options) -> list[Photo]:
        """Newest import first; `query`, `limit`, `offset` as keywords."""
        return self._photos.list_photos(**options)

    def photo_ids(self, **options) -> list[int]:
        """The ids `list_photos` would list, in its order (`query`, `unused` as keywords)."""
        return self._photos.photo_ids(**options)

    def photo_fields_by_id(self, ids: list[int], fields: Sequence[str]) -> dict[int, tuple]:
        """Just these fields of the photos with these ids, as plain tuples in that order, by id."""
        return self._photos.photo_fields_by_id(ids, fields)

    def count_photos(self) -> int:
        return self._photos.count_photos()

    def update_photo(self, ref: int | str, **fields) -> Photo:
        return self._photos.update_photo(ref, **fields)

    def delete_photo(self, ref: int | str) -> None:
        self._photos.delete_photo(ref)

    def photo_original(self, photo_id: int) -> bytes:
        return self._photos.photo_original(photo_id)

    def photo_thumbnail(self, photo_id: int, size: str = "grid") -> tuple[bytes, str] | None:
        return self._photos.photo_thumbnail(photo_id, size)

    def photo_thumbnails(self, photo_ids: list[int], size: str = "grid") -> dict[int, tuple[bytes, str]]:
        """(data, mime) of many photos' stored thumbnails in one read, by id; those without one are left out."""
        return self._photos.photo_thumbnails(photo_ids, size)

    # ------------------------------------------------------------------ placements

    def attach_photo(self, article: int | str, photo: int | str, **options) -> Placement:
        """Use a photo in an article (`role`, `caption`, `credit`, `alt_text`, `position`)."""
        return self._photos.attach_photo(article, photo, **options)

    def add_photo_slot(self, article: int | str, *, caption: str, **options) -> Placement:
        """A placement waiting for its photo (`credit`, `alt_text`, `role`, `position`)."""
        return self._photos.add_photo_slot(article, caption=caption, **options)

    def fill_photo_slot(self, placement_id: int, photo: int | str, article: int | str | None = None) -> Placement:
        """Put a photo in a slot; its caption stays, an empty credit or alt text comes from the photo."""
        return self._photos.fill_photo_slot(placement_id, photo, article)

    def restore_photo_slot(self, slot: Placement) -> Placement:
        """Undo `fill_photo_slot`: the placement as `slot` was, with no photo."""
        return self._photos.restore_photo_slot(slot)

    def get_placement(self, placement_id: int, article: int | str | None = None) -> Placement:
        return self._photos.get_placement(placement_id, article)

    def placements(self, article: int | str) -> list[Placement]:
        """Every placement in order, slots (photo_id None) included."""
        return self._photos.placements(article)

    def placed_photos(self, article: int | str) -> list[tuple[Placement, Photo]]:
        """Placements that have a photo, with it: what the page shows (slots left out)."""
        return self._photos.placed_photos(article)

    def photo_slots(self, article: int | str) -> list[Placement]:
        """Placements still waiting for a photo."""
        return self._photos.photo_slots(article)

    def update_placement(self, placement_id: int, **fields) -> Placement:
        return self._photos.update_placement(placement_id, **fields)

    def set_lead(self, placement_id: int) -> Placement:
        return self._photos.set_lead(placement_id)

    def move_placement(self, placement_id: int, new_position: int) -> list[Placement]:
        return self._photos.move_placement(placement_id, new_position)

    def detach_photo(self, placement_id: int, article: int | str | None = None) -> Placement:
        """Remove a photo from an article; returns what `restore_placement` needs to undo it."""
        return self._photos.detach_photo(placement_id, article)

    def restore_placement(self, placement: Placement) -> Placement:
        """Put back a placement `detach_photo` removed, with its caption, credit, alt text,
        role and position (one write)."""
        return self._photos.restore_placement(placement)

    def batch_update(self, placements: dict | None = None, photos: dict | None = None) -> BatchEdit:
        """Change many placements ({id: fields}) and photos ({id: fields}) in one transaction;
        `batch_update(**edit.undo())` undoes it."""
        return self._photos.batch_update(placements, photos)

    def placed_photos_of(self, article_ids: list[int]) -> dict[int, list[tuple[Placement, Photo | None]]]:
        """Placements of many articles with their photos (None if missing), in two queries."""
        return self._photos.placed_photos_of(article_ids)

    # ------------------------------------------------------------------ caption desk

    def caption_templates(self) -> list[CaptionTemplate]:
        """In menu order. Add them through photos.caption_tools.save_template, which checks them."""
        return self._desk.templates()

    def get_caption_template(self, ref: int | str) -> CaptionTemplate:
        return self._desk.get_template(ref)

    def add_caption_template(self, name: str, template: str) -> CaptionTemplate:
        return self._desk.add_template(name, template)

    def update_caption_template(self, ref: int | str, **fields) -> CaptionTemplate:
        """`name` and/or `template`."""
        return self._desk.update_template(ref, **fields)

    def delete_caption_template(self, ref: int | str) -> None:
        self._desk.delete_template(ref)

    def move_caption_template(self, ref: int | str, new_position: int) -> list[CaptionTemplate]:
        return self._desk.move_template(ref, new_position)

    def code_replacements(self) -> dict[str, str]:
        return self._desk.codes()

    def set_code_replacement(self, code: str, replacement: str | None) -> None:
        """Add or change a code; None or "" removes it."""
        self._desk.set_code(code, replacement)

    def import_code_replacements(self, codes: dict[str, str], *, replace: bool = False) -> int:
        """Merge a code list into the library's (or replace it all), in one transaction."""
        return self._desk.import_codes(codes, replace=replace)

    # ------------------------------------------------------------------ newsroom dictionary

    def newsroom_words(self) -> list[str]:
        """The words the spellchecker learnt for the whole desk, alphabetically."""
        return self._dictionary.newsroom_words()

    def add_newsroom_word(self, word: str) -> str:
        """Add to Newsroom Dictionary: accepted in every article of the library."""
        return self._dictionary.add_newsroom_word(word)

    def remove_newsroom_word(self, word: str) -> None:
        self._dictionary.remove_newsroom_word(word)

    def ignored_words(self, article: int | str) -> list[str]:
        """The words one article's spellcheck ignores."""
        return self._dictionary.ignored_words(article)

    def ignore_word(self, article: int | str, word: str) -> str:
        """Ignore in this article: not flagged in this article, still flagged elsewhere."""
        return self._dictionary.ignore_word(article, word)

    def unignore_word(self, article: int | str, word: str) -> None:
        self._dictionary.unignore_word(article, word)

    # ------------------------------------------------------------------ settings

    def get_setting(self, key: str, default=None):
        """A desk-wide setting (a JSON value), or `default` when it was never set."""
        return self._settings.get(key, default)

    def set_setting(self, key: str, value) -> None:
        """Remember a setting in the library (on the writer thread); None forgets it."""
        self._settings.set(key, value)

    # ------------------------------------------------------------------ maintenance

    def check(self) -> list[str]:
        """Problems SQLite's checks find; [] when the library is sound."""
        return self._maintenance.check()

    def check_content(self) -> list[str]:
        """Problems in the articles, tags, placements and photo records only; cheap (export runs it)."""
        return self._maintenance.check_content()

    def backup(self, destination: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """A verified copy at `destination` (a folder gets `<name>-<timestamp>.copydesk`)."""
        return self._maintenance.backup(destination, overwrite=overwrite)

    # `@writes` on duplicate_article needs these two names.
    @property
    def connections(self) -> Connections:
        return self._connections
