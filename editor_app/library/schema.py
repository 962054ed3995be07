"""The library's schema, built only through migrations.

Each migration is a function registered in order in one `sqlite_utils.Migrations`
set. The list is append-only: a released migration is never edited, so a library
saved by any earlier version reaches today's schema by the same steps, and the
fixture files under tests/fixtures prove it. `PRAGMA user_version` mirrors the
number of applied migrations so other tools (and a newer-version check that needs
no tables) can read the schema version from the header.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

# "CDSK" as a 32-bit integer in the SQLite header: how we tell our file from any other SQLite file.
APPLICATION_ID = 0x4344534B
MIGRATION_SET = "copydesk"

migrations = Migrations(MIGRATION_SET)
MIGRATION_NAMES: list[str] = []


def migration(name: str):
    """Register the next migration; the order of these decorators is the schema's history."""

    def register(function):
        MIGRATION_NAMES.append(name)
        return migrations(name=name)(function)

    return register


@migration("0001_articles_revisions_search")
def _articles(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE article (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            slug TEXT NOT NULL UNIQUE COLLATE NOCASE,
            section TEXT NOT NULL DEFAULT '',
            headline TEXT NOT NULL DEFAULT '',
            standfirst TEXT NOT NULL DEFAULT '',
            byline TEXT NOT NULL DEFAULT '',
            dateline TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'in_edit', 'ready', 'published')),
            language TEXT NOT NULL DEFAULT 'en',
            target_words INTEGER CHECK (target_words IS NULL OR target_words > 0),
            editor_note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            published_at TEXT,
            word_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX article_section_updated ON article (section, updated_at);
        CREATE INDEX article_status_updated ON article (status, updated_at);
        CREATE INDEX article_updated ON article (updated_at);

        CREATE TABLE article_tag (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            -- Key columns first: SQLite 3.40's integrity_check misreads NOT NULL
            -- columns placed between the key columns of a WITHOUT ROWID table.
            position INTEGER NOT NULL,
            PRIMARY KEY (article_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX article_tag_by_tag ON article_tag (tag, article_id);

        CREATE TABLE revision (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('auto', 'snapshot', 'restore')),
            name TEXT,
            fields TEXT NOT NULL
        );
        CREATE INDEX revision_by_article ON revision (article_id, id);

        -- Search index; rowid is the article id, so newest-first is a rowid scan.
        CREATE VIRTUAL TABLE article_fts USING fts5 (
            headline, standfirst, body, captions,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
            INSERT INTO article_fts (rowid, headline, standfirst, body, captions)
            VALUES (new.id, new.headline, new.standfirst, new.body, '');
        END;
        CREATE TRIGGER article_fts_update AFTER UPDATE OF headline, standfirst, body ON article BEGIN
            UPDATE article_fts SET headline = new.headline, standfirst = new.standfirst, body = new.body
            WHERE rowid = new.id;
        END;
        CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
            DELETE FROM article_fts WHERE rowid = old.id;
        END;
        """
    )


@migration("0002_photos_placements")
def _photos(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE photo (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            sha256 TEXT NOT NULL UNIQUE,
            original_name TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL,
            mime TEXT NOT NULL,
            byte_size INTEGER NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            orientation INTEGER NOT NULL DEFAULT 1,
            taken_at TEXT,
            description TEXT NOT NULL DEFAULT '',
            creator TEXT NOT NULL DEFAULT '',
            credit TEXT NOT NULL DEFAULT '',
            copyright TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            headline TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            alt_text TEXT NOT NULL DEFAULT '',
            usage_terms TEXT NOT NULL DEFAULT '',
            camera_make TEXT NOT NULL DEFAULT '',
            camera_model TEXT NOT NULL DEFAULT '',
            has_location INTEGER NOT NULL DEFAULT 0,
            has_alpha INTEGER NOT NULL DEFAULT 0,
            embedded TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL
        );

        -- Originals live apart so listing photos never reads their bytes.
        CREATE TABLE photo_original (
            photo_id INTEGER PRIMARY KEY REFERENCES photo (id) ON DELETE CASCADE,
            data BLOB NOT NULL
        );

        CREATE TABLE photo_thumbnail (
            photo_id INTEGER NOT NULL REFERENCES photo (id) ON DELETE CASCADE,
            size TEXT NOT NULL,
            mime TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (photo_id, size)
        ) WITHOUT ROWID;

        CREATE TABLE placement (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            photo_id INTEGER NOT NULL REFERENCES photo (id) ON DELETE RESTRICT,
            position INTEGER NOT NULL,
            role TEXT NOT NULL DEFAULT 'inline' CHECK (role IN ('lead', 'inline')),
            caption TEXT NOT NULL DEFAULT '',
            credit TEXT NOT NULL DEFAULT '',
            alt_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX placement_by_article ON placement (article_id, position);
        CREATE INDEX placement_by_photo ON placement (photo_id);
        CREATE UNIQUE INDEX placement_one_lead ON placement (article_id) WHERE role = 'lead';
        """
    )


@migration("0003_search_prefix_index")
def _search_prefix_index(db: Database) -> None:
    """Rebuild the search index with 2- and 3-letter prefix indexes.

    Without them a short prefix ("te*") merges the posting lists of every term that
    starts with it: 100+ ms on 100,000 articles. FTS5 options are fixed at creation,
    so the table is rebuilt and renamed; the triggers find it by name.
    """
    db.executescript(
        """
        CREATE TEMP TABLE article_fts_rows AS
            SELECT rowid AS id, headline, standfirst, body, captions FROM article_fts;
        DROP TABLE article_fts;
        CREATE VIRTUAL TABLE article_fts USING fts5 (
            headline, standfirst, body, captions,
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '2 3'
        );
        INSERT INTO article_fts (rowid, headline, standfirst, body, captions)
            SELECT id, headline, standfirst, body, captions FROM article_fts_rows;
        DROP TABLE article_fts_rows;
        """
    )


@migration("0004_desk_settings_templates_codes")
def _desk_settings(db: Database) -> None:
    """What a desk shares through its library: settings (site URL and name for export,
    caption length limit...), caption templates and the code-replacement list.

    Settings are one JSON value per key so a new setting needs no migration.
    """
    db.executescript(
        """
        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL  -- JSON
        );
        CREATE TABLE caption_template (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            template TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE code_replacement (
            code TEXT PRIMARY KEY,
            replacement TEXT NOT NULL
        );
        """
    )


@migration("0005_newsroom_dictionary")
def _newsroom_dictionary(db: Database) -> None:
    """Words the spellchecker learns for the whole desk (names such as Qalibaf), and words
    ignored in one article only. Kept in the library so they travel with it."""
    db.executescript(
        """
        CREATE TABLE dictionary_word (
            word TEXT PRIMARY KEY,
            added_at TEXT NOT NULL
        );
        CREATE TABLE article_ignored_word (
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            word TEXT NOT NULL,
            PRIMARY KEY (article_id, word)
        );
        """
    )


@migration("0006_photo_slots")
def _photo_slots(db: Database) -> None:
    """A placement may wait for its photo: a wire story's captions arrive before its photos,
    so the caption, credit and alt text are kept in a "slot" whose photo_id is NULL until
    the editor drops a photo on it.

    SQLite cannot drop a NOT NULL constraint, so the table is rebuilt under a new name and
    renamed, keeping its columns, ids, indexes and foreign keys (no trigger or view names
    placement; the search index's captions column is refreshed in Python). It runs inside
    the migration's transaction, so a crash mid-rebuild leaves the old table. Dropping
    placement is safe with foreign keys on: no table refers to it.
    """
    db.executescript(
        """
        CREATE TABLE placement_new (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            article_id INTEGER NOT NULL REFERENCES article (id) ON DELETE CASCADE,
            photo_id INTEGER REFERENCES photo (id) ON DELETE RESTRICT,  -- NULL: a slot awaiting its photo
            position INTEGER NOT NULL,
            role TEXT NOT NULL DEFAULT 'inline' CHECK (role IN ('lead', 'inline')),
            caption TEXT NOT NULL DEFAULT '',
            credit TEXT NOT NULL DEFAULT '',
            alt_text TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        INSERT INTO placement_new (id, uuid, article_id, photo_id, position, role, caption, credit, alt_text,
                                   created_at)
            SELECT id, uuid, article_id, photo_id, position, role, caption, credit, alt_text, created_at
            FROM placement;
        DROP TABLE placement;
        ALTER TABLE placement_new RENAME TO placement;
        CREATE INDEX placement_by_article ON placement (article_id, position);
        CREATE INDEX placement_by_photo ON placement (photo_id);
        CREATE UNIQUE INDEX placement_one_lead ON placement (article_id) WHERE role = 'lead';
        """
    )


LATEST_VERSION = len(MIGRATION_NAMES)
KNOWN_MIGRATIONS = tuple(MIGRATION_NAMES)


def apply_migrations(db: Database) -> list[str]:
    """Bring `db` to the latest schema; returns the names of the migrations applied."""
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        migrations.apply(db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {LATEST_VERSION}")
    return pending
