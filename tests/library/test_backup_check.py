"""Backups of a live library and integrity checks."""

from __future__ import annotations

import sqlite3

import pytest

from editor_app.library import BackupError, Library


def test_backup_of_a_live_library_is_complete_and_sound(library, tmp_path):
    for n in range(20):
        library.create_article(f"Story {n}", body="words " * 100)
    destination = library.backup(tmp_path / "copy.copydesk")
    library.create_article("Written after the backup")
    with sqlite3.connect(destination) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Library.open(destination) as copy:
        assert copy.count_articles() == 20
        assert copy.check() == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.copydesk"]


def test_backup_into_a_folder_gets_a_dated_name_and_never_overwrites(library, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    first = library.backup(folder)
    assert first.parent == folder and first.name.startswith("test-") and first.suffix == ".copydesk"
    with pytest.raises(BackupError, match="already exists"):
        library.backup(first)
    with pytest.raises(BackupError, match="does not exist"):
        library.backup(tmp_path / "missing" / "x.copydesk")
    with pytest.raises(BackupError, match="cannot overwrite"):
        library.backup(library.path, overwrite=True)


def test_check_reports_a_damaged_search_index(library):
    article = library.create_article("Indexed", body="apples")
    assert library.check() == []
    # Damage the index behind the library's back: the row no longer matches the article.
    library.db.execute("DELETE FROM article_fts WHERE rowid = ?", (article.id,))
    library.db.execute("INSERT INTO article_fts (rowid, headline, body) VALUES (?, 'x', 'y')", (article.id + 99,))
    assert library.check() == [
        "search index: 1 article(s) missing from the index",
        "search index: 1 entr(y/ies) for articles that no longer exist",
    ]


def test_check_reports_page_corruption(tmp_path):
    path = tmp_path / "damaged.copydesk"
    with Library.create(path) as lib:
        for n in range(300):
            lib.create_article(f"Story {n}", body=f"paragraph {n} " * 200)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Scribble over a page well inside the article table's B-tree.
    start = page_size * 40
    data[start : start + page_size] = b"\x0d" + bytes(range(256)) * (page_size // 256 - 1) + bytes(255)
    path.write_bytes(bytes(data))
    with Library.open(path) as lib:
        assert lib.check() != []
