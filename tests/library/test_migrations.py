"""Schema migrations: from an empty file and from a saved library of every earlier version."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from editor_app.library import Library, inspect_library_file, schema

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EARLIER_VERSIONS = sorted(FIXTURES.glob("library-v*.copydesk"))


def test_there_is_a_fixture_for_every_earlier_schema_version():
    versions = sorted(int(p.stem.split("-v")[1]) for p in EARLIER_VERSIONS)
    assert versions == list(range(1, schema.LATEST_VERSION))


def test_empty_library_gets_every_migration_in_order(library):
    applied = [row["name"] for row in library.db["_sqlite_migrations"].rows_where(order_by="id")]
    assert applied == list(schema.KNOWN_MIGRATIONS)
    tables = set(library.db.table_names())
    assert {"article", "article_tag", "revision", "article_fts", "photo", "photo_original", "placement"} <= tables


@pytest.mark.parametrize("fixture", EARLIER_VERSIONS, ids=lambda p: p.stem)
def test_saved_library_of_an_earlier_version_is_migrated_without_loss(tmp_path, fixture):
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    old_version = int(fixture.stem.split("-v")[1])
    assert inspect_library_file(path) == old_version
    with Library.open(path) as library:
        assert library.schema_version == schema.LATEST_VERSION
        article = library.get_article("budget-vote-in-tehran")
        assert article.headline == "Budget vote in Tehran"
        assert article.tags == ("Iran", "Budget")
        assert article.editor_note == "Check the vote count."
        assert [r.name for r in library.revisions(article.id)] == ["First draft"]
        assert [h.article.id for h in library.search("families")] == [article.id]
        assert [h.article.id for h in library.search("fam*")] == [article.id]
        if old_version >= 2:
            [placement] = library.placements(article.id)
            assert (placement.role, placement.caption) == ("lead", "Protesters in Tehran")
            assert library.get_photo(placement.photo_id).creator == "Ana Fotógrafa"
            assert [h.article.id for h in library.search("protesters")] == [article.id]
        if old_version >= 4:
            assert library.get_setting("caption_length_limit") == 300
            assert [(t.name, t.template) for t in library.caption_templates()] == [
                ("Wire", "{dateline}: {creator} ({credit})")
            ]
            assert library.code_replacements() == {"=qal": "Iranian Parliament Speaker Mohammad Baqer Qalibaf"}
        assert library.check() == []
        # The migrated library takes new work of every kind.
        restored = library.restore_revision(article.id, library.revisions(article.id)[0].id)
        assert restored.headline == "Budget vote"
        assert restored.editor_note == "Check the vote count."  # not in the old snapshot: kept
        library.create_article("After the upgrade")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION


def test_an_upgraded_library_leaves_no_pending_wal(tmp_path):
    path = tmp_path / EARLIER_VERSIONS[0].name
    shutil.copy(EARLIER_VERSIONS[0], path)
    with Library.open(path) as library:
        wal = path.with_name(path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        assert library.schema_version == schema.LATEST_VERSION
