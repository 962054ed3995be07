"""After a crash: a library whose WAL holds what its main file lacks opens whole; a
library SQLite itself finds damaged is called damaged (never "not a Copydesk
library"), and `copydesk check --recover` copies what can be read into a new file."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from editor_app.library import Library, inspect_library_file, schema
from editor_app.library.errors import LibraryDamagedError

PAGE = 4096


def _insert_articles(conn: sqlite3.Connection, headlines: list[str], body_words: int) -> None:
    for headline in headlines:
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO article (uuid, slug, headline, body, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')",
            (f"uuid-{headline}", headline.lower().replace(" ", "-"), headline, f"{headline} word " * body_words),
        )
        conn.execute("COMMIT")


def make_half_checkpointed_library(path: Path) -> list[str]:
    """A library as a crash (or a full disk) in the middle of a WAL checkpoint leaves it.

    A checkpoint copies pages from the WAL into the main file in page order, first
    page (with the new database size) first; killed after a few pages, the main file
    alone is half new, half old and shorter than its header says, while the WAL still
    holds every committed page. Built here by saving the WAL aside before a real
    checkpoint and putting back only the checkpoint's first pages.
    Returns the headlines the library holds.
    """
    with Library.create(path) as library:
        library.create_article("Written before the crash", body="First story. " * 200)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    later = [f"Acknowledged {n}" for n in range(3)]
    _insert_articles(conn, later, body_words=30_000)
    wal = Path(f"{path}-wal")
    wal_before_checkpoint = wal.read_bytes()
    main_before_checkpoint = path.read_bytes()
    conn.execute("PRAGMA wal_checkpoint(FULL)")
    main_after_checkpoint = path.read_bytes()
    conn.close()  # the last connection folds and deletes the WAL; the "crash" puts it back
    pages_copied = len(main_before_checkpoint) // PAGE // 2
    assert len(main_after_checkpoint) > len(main_before_checkpoint)  # the checkpoint grows the file
    path.write_bytes(main_after_checkpoint[: pages_copied * PAGE] + main_before_checkpoint[pages_copied * PAGE :])
    wal.write_bytes(wal_before_checkpoint)
    Path(f"{path}-shm").unlink(missing_ok=True)  # the crashed process's index is rebuilt from the WAL
    return ["Written before the crash", *later]


def test_the_helper_builds_a_main_file_that_is_unreadable_alone(tmp_path):
    path = tmp_path / "crashed.copydesk"
    make_half_checkpointed_library(path)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            conn.execute("SELECT name FROM _sqlite_migrations").fetchall()
        finally:
            conn.close()


def test_a_library_whose_wal_holds_the_data_opens_with_every_row(tmp_path):
    path = tmp_path / "crashed.copydesk"
    headlines = make_half_checkpointed_library(path)
    assert inspect_library_file(path) == schema.LATEST_VERSION
    with Library.open(path) as library:
        assert sorted(a.headline for a in library.list_articles()) == sorted(headlines)
        assert library.check() == []
    with Library.open(path) as library:  # and it stays whole after the checkpoint on close
        assert library.count_articles() == len(headlines)


def _pages_of_table(path: Path, table: str) -> list[int]:
    """The root pages of a table and of its indexes."""
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT rootpage FROM sqlite_master WHERE tbl_name = ?", (table,))]
    finally:
        conn.close()


def _scribble_on_page(path: Path, page_number: int) -> None:
    """Overwrite one page's b-tree header and cells, as a bad sector or a stray write would."""
    with open(path, "r+b") as handle:
        handle.seek((page_number - 1) * PAGE)
        handle.write(b"\xa5" * PAGE)


def _library_with_articles(path: Path, count: int) -> None:
    with Library.create(path) as library:
        for n in range(count):
            library.create_article(f"Story {n}", body=f"Paragraph of story {n}. " * 40)


def test_a_damaged_schema_record_is_damage_not_a_foreign_file(tmp_path):
    path = tmp_path / "damaged.copydesk"
    _library_with_articles(path, 3)
    for page in _pages_of_table(path, "_sqlite_migrations"):
        _scribble_on_page(path, page)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(LibraryDamagedError) as caught:
        inspect_library_file(path)
    message = str(caught.value)
    assert "is damaged" in message and "copydesk" in message and "check --recover" in message
    assert "not a Copydesk library" not in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.copydesk"]


def damage_one_table_page(path: Path) -> None:
    """Damage a leaf page of the article table in the middle of a multi-page table."""
    conn = sqlite3.connect(path)
    try:
        pages = [
            row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = 'article' AND pagetype = 'leaf'")
        ]
    finally:
        conn.close()
    assert len(pages) >= 3
    _scribble_on_page(path, pages[len(pages) // 2])


def make_damaged_library(path: Path, count: int = 60) -> None:
    _library_with_articles(path, count)
    damage_one_table_page(path)


def test_a_damaged_table_page_is_reported_by_check_as_damage(tmp_path):
    path = tmp_path / "damaged.copydesk"
    make_damaged_library(path)
    with Library.open(path) as library:
        problems = library.check()
    assert problems and any("malformed" in p or "corrupt" in p.lower() or "page" in p for p in problems)


def _cli(*argv: str) -> tuple[int, str, str]:
    """`copydesk ARGV` in a process of its own, as a user runs it."""
    import subprocess
    import sys

    from tests.conftest import REPO_ROOT

    result = subprocess.run(
        [sys.executable, "-m", "editor_app", *argv],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def test_check_reports_damage_and_recover_copies_the_readable_rows_into_a_new_library(tmp_path):
    path = tmp_path / "damaged.copydesk"
    make_damaged_library(path, count=60)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    status, out, err = _cli("--library", str(path), "check")
    assert status == 1, err
    assert "malformed" in out and "check --recover" in out and "Traceback" not in out + err
    recovered = tmp_path / "recovered.copydesk"
    status, out, err = _cli("--library", str(path), "check", "--recover", str(recovered), "--json")
    assert status == 0, err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the damaged file is untouched
    with Library.open(recovered) as library:
        assert library.check() == []
        # The damaged page held a few articles' rows; their revisions (on other pages)
        # still held every field, so every article comes back.
        assert {a.headline for a in library.list_articles(limit=1000)} == {f"Story {n}" for n in range(60)}
        lost_and_rebuilt = json.loads(out)["rebuilt_articles"]
        assert lost_and_rebuilt >= 1
        for n in range(60):
            article = library.get_article(f"story-{n}")
            assert (article.body, article.word_count) == (f"Paragraph of story {n}. " * 40, 160)
        assert [hit.article.headline for hit in library.search('"story 59"')] == ["Story 59"]
    status, _, err = _cli("--library", str(path), "check", "--recover", str(recovered))
    assert status == 2 and "already exists" in err  # never overwrites


def test_recovery_without_the_sqlite3_shell_copies_row_by_row(tmp_path):
    from editor_app.library.recovery import recover_library

    path = tmp_path / "damaged.copydesk"
    make_damaged_library(path, count=60)
    report = recover_library(path, tmp_path / "recovered.copydesk", use_shell=False)
    assert report.method == "a row-by-row copy"
    assert report.rows["article"] == 60 and 1 <= report.rebuilt_articles < 60
    assert report.dropped["revision"] == 0  # every revision found its article again
    with Library.open(report.destination) as library:
        assert library.check() == []
        assert library.count_articles() == 60
