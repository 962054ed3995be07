"""Reading beside the writer: read-only opening, per-thread read connections, backups."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest

from editor_app.library import (
    Library,
    LibraryClosedError,
    LibraryNeedsUpgradeError,
    LibraryReadOnlyError,
    schema,
)
from editor_app.library.errors import LibraryDamagedError
from tests.conftest import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures"


def test_read_only_open_beside_a_writer_in_this_process_sees_commits_and_refuses_writes(library):
    article = library.create_article("First", body="Words.")
    with Library.open(library.path, read_only=True) as reader:
        assert reader.read_only
        assert reader.get_article(article.id).headline == "First"
        library.update_article(article.id, headline="Second")
        assert reader.get_article(article.id).headline == "Second"
        assert [hit.article.id for hit in reader.search("second")] == [article.id]
        with pytest.raises(LibraryReadOnlyError, match="read-only"):
            reader.update_article(article.id, headline="Third")
        with pytest.raises(LibraryReadOnlyError):
            reader.submit(reader.create_article, "New")
        assert reader.recovered_stale_lock is None
    # Closing the reader released nothing of the writer's: it still writes.
    assert library.update_article(article.id, headline="Fourth").headline == "Fourth"


WINDOW_SCRIPT = textwrap.dedent(
    """
    import sys
    from editor_app.library import Library
    library = Library.open(sys.argv[1])
    article = library.create_article("Held by another process", body="Typed there.")
    print(article.id, flush=True)
    sys.stdin.readline()  # keep the lock until told
    library.update_article(article.id, headline="Changed there")
    print("changed", flush=True)
    sys.stdin.readline()
    library.close()
    """
)


def test_read_only_open_while_another_process_holds_the_lock_and_writes(tmp_path):
    path = tmp_path / "shared.copydesk"
    Library.create(path).close()
    window = subprocess.Popen(
        [sys.executable, "-c", WINDOW_SCRIPT, str(path)],
        cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        article_id = int(window.stdout.readline())
        assert (tmp_path / "shared.copydesk.lock").exists()
        with Library.open(path, read_only=True) as reader:
            assert reader.get_article(article_id).headline == "Held by another process"
            window.stdin.write("\n")
            window.stdin.flush()
            assert window.stdout.readline().strip() == "changed"
            assert reader.get_article(article_id).headline == "Changed there"
            with pytest.raises(LibraryReadOnlyError):
                reader.delete_article(article_id)
        window.stdin.write("\n")
        window.stdin.flush()
        assert window.wait(timeout=30) == 0
    finally:
        window.kill()
        window.wait()
    assert not (tmp_path / "shared.copydesk.lock").exists()


def test_read_only_open_takes_no_lock_and_changes_nothing(tmp_path):
    path = tmp_path / "quiet.copydesk"
    with Library.create(path) as library:
        library.create_article("Kept")
    before = path.read_bytes()
    with Library.open(path, read_only=True) as reader:
        assert not (tmp_path / "quiet.copydesk.lock").exists()
        assert [a.headline for a in reader.list_articles()] == ["Kept"]
        assert reader.check() == []
        assert reader.schema_version == schema.LATEST_VERSION
        # A writer can open it at the same time: the reader holds no lock.
        with Library.open(path) as writer:
            writer.create_article("Also kept")
        assert reader.count_articles() == 2
    assert path.read_bytes() != before  # the writer's article, folded in when it closed
    with Library.open(path, read_only=True) as reader:
        reader.list_articles()
        after = path.read_bytes()
    assert path.read_bytes() == after


def test_read_only_refuses_a_library_that_needs_upgrading_without_touching_it(tmp_path):
    path = tmp_path / "old.copydesk"
    shutil.copy(FIXTURES / "library-v1.copydesk", path)
    before = path.read_bytes()
    with pytest.raises(LibraryNeedsUpgradeError, match="open it once in the window"):
        Library.open(path, read_only=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.copydesk"]


def _mount_tiny_tmpfs(path, size: str) -> bool:
    if os.name != "posix" or os.geteuid() != 0:
        return False
    path.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=False, capture_output=True
    )
    return result.returncode == 0


def _fill(disk) -> None:
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)


def test_read_only_open_on_a_full_disk_reads_the_closed_library(tmp_path):
    disk = tmp_path / "disk"
    if not _mount_tiny_tmpfs(disk, "8m"):
        if os.environ.get("CI"):
            pytest.fail("CI must be able to mount a tmpfs (run as root)")
        pytest.skip("needs root and tmpfs to mount a tiny file system")
    try:
        path = disk / "full.copydesk"
        with Library.create(path) as library:
            article = library.create_article("Written before the disk filled", body="Still readable.")
        _fill(disk)
        assert shutil.disk_usage(disk).free == 0
        # SQLite cannot create the WAL index (-shm) on a full disk; with no WAL to read and
        # nobody holding the lock, the main file alone is the library.
        with Library.open(path, read_only=True) as reader:
            assert reader.get_article(article.id).body == "Still readable."
            assert [hit.article.id for hit in reader.search("readable")] == [article.id]
            assert reader.check() == []
        assert not (disk / "full.copydesk.lock").exists()
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_reader_made_by_a_thread_that_ended_is_closed_with_the_library(library):
    library.create_article("Read by a worker")
    connections = []

    def worker():
        library.list_articles()
        connections.append(library.connections.connection())

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    library.close()
    with pytest.raises(Exception, match="closed"):
        connections[0].execute("SELECT 1")
    with pytest.raises(LibraryClosedError):
        library.list_articles()


def test_a_read_that_meets_damage_says_the_library_is_damaged(tmp_path):
    path = tmp_path / "damaged.copydesk"
    with Library.create(path) as library:
        for n in range(60):
            library.create_article(f"Article {n}", body="Some words to fill a page. " * 40)
    with Library.open(path, read_only=True) as reader:
        # Damaged after opening, as a failing disk would: the next read meets it.
        conn = sqlite3.connect(path)
        [page_size] = conn.execute("PRAGMA page_size").fetchone()
        pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'article' AND pagetype = 'leaf'")]
        conn.close()
        with open(path, "r+b") as handle:
            handle.seek((pages[len(pages) // 2] - 1) * page_size)
            handle.write(b"\xff" * page_size)
        with pytest.raises(LibraryDamagedError, match="copydesk check"):
            reader.list_articles()
