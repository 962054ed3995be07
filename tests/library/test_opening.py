"""Opening, creating and refusing files: every safety rule with a real file."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from editor_app.library import (
    Library,
    LibraryExistsError,
    LibraryLockedError,
    LibraryNotFoundError,
    LibraryReadOnlyError,
    LibraryTooNewError,
    NotALibraryError,
    schema,
)
from tests.conftest import REPO_ROOT


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_library_uses_safe_pragmas_and_latest_schema(library):
    conn = library.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert library.schema_version == schema.LATEST_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID


def test_create_refuses_existing_file(tmp_path):
    path = tmp_path / "x.copydesk"
    path.write_text("precious")
    with pytest.raises(LibraryExistsError):
        Library.create(path)
    assert path.read_text() == "precious"


def test_open_missing_path_creates_nothing(tmp_path):
    path = tmp_path / "typo.copydesk"
    with pytest.raises(LibraryNotFoundError, match="copydesk init"):
        Library.open(path)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_open_with_create_makes_the_default_library(tmp_path):
    path = tmp_path / "Copydesk" / "library.copydesk"
    path.parent.mkdir()
    with Library.open(path, create=True) as lib:
        lib.create_article("First")
    with Library.open(path) as lib:
        assert [a.headline for a in lib.list_articles()] == ["First"]


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"Dear editor,\nthis is a letter, not a library.\n", "not an SQLite database"),
        (b"\xff\xd8\xff\xe0" + bytes(200), "not an SQLite database"),
    ],
)
def test_file_that_is_not_a_library_is_refused_untouched(tmp_path, content, reason):
    path = tmp_path / "notes.copydesk"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(NotALibraryError, match=reason):
        Library.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.copydesk"]


def test_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotALibraryError, match="another program"):
        Library.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_folder_is_not_a_library(tmp_path):
    with pytest.raises(NotALibraryError, match="folder"):
        Library.open(tmp_path)


def _make_library(path):
    with Library.create(path) as lib:
        lib.create_article("Kept safe")


def test_library_from_newer_schema_version_is_refused_untouched(tmp_path):
    path = tmp_path / "future.copydesk"
    _make_library(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 5}")
    conn.close()
    before = digest(path)
    with pytest.raises(LibraryTooNewError, match="newer version"):
        Library.open(path)
    assert digest(path) == before


def test_library_with_unknown_migration_is_refused(tmp_path):
    path = tmp_path / "future.copydesk"
    _make_library(path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        (schema.MIGRATION_SET, "0099_from_the_future", "2030-01-01"),
    )
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(LibraryTooNewError, match="0099_from_the_future"):
        Library.open(path)
    assert digest(path) == before


def test_read_only_file_is_refused_untouched(tmp_path):
    path = tmp_path / "ro.copydesk"
    _make_library(path)
    before = digest(path)
    os.chmod(path, 0o444)
    try:
        with pytest.raises(LibraryReadOnlyError, match="read-only"):
            Library.open(path)
    finally:
        os.chmod(path, 0o644)
    assert digest(path) == before
    assert not (tmp_path / "ro.copydesk.lock").exists()


def test_read_only_folder_is_refused_untouched(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "lib.copydesk"
    _make_library(path)
    before = digest(path)
    os.chmod(folder, 0o555)
    try:
        with pytest.raises(LibraryReadOnlyError, match="folder"):
            Library.open(path)
        with pytest.raises(LibraryReadOnlyError):
            Library.create(folder / "new.copydesk")
    finally:
        os.chmod(folder, 0o755)
    assert digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == ["lib.copydesk"]


HOLD_SCRIPT = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from editor_app.library import Library
    lib = Library.open({path!r}, program="Copydesk window")
    print("holding", flush=True)
    sys.stdin.readline()
    lib.close()
    """
)


def _hold_in_subprocess(path):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_SCRIPT.format(root=str(REPO_ROOT), path=str(path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_second_process_gets_locked_error_naming_the_holder(tmp_path):
    path = tmp_path / "shared.copydesk"
    _make_library(path)
    holder = _hold_in_subprocess(path)
    try:
        with pytest.raises(LibraryLockedError) as caught:
            Library.open(path)
        assert caught.value.holder["pid"] == holder.pid
        assert f"process {holder.pid}" in str(caught.value)
        assert "Copydesk window" in str(caught.value)
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    with Library.open(path) as lib:  # released on close
        assert lib.recovered_stale_lock is None
        assert lib.count_articles() == 1


def test_second_open_in_the_same_process_is_locked_too(library):
    with pytest.raises(LibraryLockedError):
        Library.open(library.path)


def test_stale_lock_from_a_crashed_process_is_recovered(tmp_path):
    path = tmp_path / "crash.copydesk"
    _make_library(path)
    holder = _hold_in_subprocess(path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    assert (tmp_path / "crash.copydesk.lock").exists()  # left behind by the crash
    with Library.open(path) as lib:
        assert lib.recovered_stale_lock["pid"] == holder.pid
        assert [a.headline for a in lib.list_articles()] == ["Kept safe"]
    assert not (tmp_path / "crash.copydesk.lock").exists()


def test_uncommitted_work_of_a_killed_writer_never_corrupts_the_file(tmp_path):
    path = tmp_path / "kill.copydesk"
    _make_library(path)
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO_ROOT)!r})
        from editor_app.library import Library
        lib = Library.open({str(path)!r})
        for i in range(100000):
            lib.create_article(f"Article {{i}}", body="word " * 200)
            if i == 50:
                print("writing", flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with Library.open(path) as lib:
        assert lib.check() == []
        count = lib.count_articles()
        assert count >= 52
        # Every article that exists is complete: its revision and search row exist too.
        assert lib.db.execute("SELECT count(*) FROM revision").fetchone()[0] >= count
        assert lib.db.execute("SELECT count(*) FROM article_fts").fetchone()[0] == count


def test_wal_is_folded_back_in_the_background(tmp_path, monkeypatch):
    from editor_app.library import files

    monkeypatch.setattr(files, "CHECKPOINT_INTERVAL_SECONDS", 0.05)
    path = tmp_path / "wal.copydesk"
    with Library.create(path) as lib:
        for n in range(30):
            lib.create_article(f"Story {n}", body="paragraph " * 3000)
        # The writing connection never checkpoints by itself...
        assert lib.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        # ...the background thread copies the pages into the main file.
        import time

        deadline = time.monotonic() + 10
        while path.stat().st_size < 300_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert path.stat().st_size >= 300_000
    assert not (tmp_path / "wal.copydesk-wal").exists()
    with Library.open(path) as lib:
        assert lib.count_articles() == 30


def test_a_writer_waits_out_a_readers_brief_check_of_the_lock(tmp_path):
    # `lock_is_held` (read-only commands, the crash torture's probe) takes the lock shared
    # for an instant; a writer starting then used to say the library was open elsewhere.
    import fcntl
    import threading
    import time

    from editor_app.library.locking import lock_path_for

    path = tmp_path / "lib.copydesk"
    Library.create(path).close()
    fd = os.open(lock_path_for(path), os.O_RDONLY | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_SH)
    releaser = threading.Timer(0.2, lambda: os.close(fd))
    releaser.start()
    started = time.monotonic()
    with Library.open(path) as library:
        assert library.create_article("After the check").id == 1
    assert 0.15 < time.monotonic() - started
    releaser.join()

    # A holder that stays is still named, after the short wait.
    fd = os.open(lock_path_for(path), os.O_RDONLY | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_SH)
    try:
        with pytest.raises(LibraryLockedError):
            Library.open(path)
    finally:
        os.close(fd)
