"""A real full disk (an 8 MB tmpfs), a file-size limit and a foreign SQLite lock, met
through the command line: reading goes on, writing fails with one sentence, nothing
acknowledged is lost and no stale lock is left. Each command runs in its own process,
as a user runs it."""

from __future__ import annotations

import errno
import os
import resource
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from editor_app.model.limits import MAX_BODY_CHARS
from tests.conftest import REPO_ROOT

DISK_FULL = "Not saved: the disk holding"


def copydesk(library: Path, *argv: str, limit_file_size: int | None = None) -> subprocess.CompletedProcess:
    def set_limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [sys.executable, "-m", "editor_app", "--library", str(library), *argv],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
        preexec_fn=set_limit if limit_file_size is not None else None,
    )


def assert_one_line_refusal(result: subprocess.CompletedProcess, words: str) -> None:
    err = result.stderr.strip()
    assert result.returncode == 2, (result.returncode, err)
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert words in err, err


@pytest.fixture
def tiny_disk(tmp_path):
    """An 8 MB file system of its own; under CI a missing mount fails instead of skipping."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = os.name == "posix" and os.geteuid() == 0
    if mounted:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True, check=False
        )
        mounted = result.returncode == 0
    if not mounted:
        message = "needs root and tmpfs to mount a tiny file system"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the full-disk tests: {message}")
        pytest.skip(message)
    yield disk
    subprocess.run(["umount", str(disk)], check=False)


def fill(disk: Path, leave_bytes: int = 0) -> Path:
    """Fill `disk` to its last block (or leave about `leave_bytes` free)."""
    filler = disk / f"filler-{uuid.uuid4().hex}"
    if leave_bytes:
        filler.write_bytes(b"\0" * max(0, os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize - leave_bytes))
        return filler
    with open(filler, "wb", buffering=0) as stream:
        try:
            while True:
                stream.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def new_library(disk: Path) -> Path:
    library = disk / "lib.copydesk"
    assert copydesk(library, "init", str(library)).returncode == 0
    created = copydesk(library, "new", "--headline", "Budget passes after all-night session")
    assert created.returncode == 0, created.stderr
    return library


def test_with_no_space_left_reading_works_and_writing_says_the_disk_is_full(tiny_disk):
    library = new_library(tiny_disk)
    filler = fill(tiny_disk)
    for argv in (["list"], ["show", "1"], ["search", "budget"], ["check"], ["photos", "list"], ["history", "1"]):
        result = copydesk(library, *argv)
        assert result.returncode == 0, (argv, result.stderr)
    assert "Budget passes" in copydesk(library, "list").stdout
    for argv in (["new", "--headline", "Lost?"], ["edit", "1", "--headline", "Changed"]):
        assert_one_line_refusal(copydesk(library, *argv), DISK_FULL)
        assert "Nothing was lost; free some space and try again." in copydesk(library, *argv).stderr
    assert not (tiny_disk / "lib.copydesk.lock").exists()
    filler.unlink()
    assert copydesk(library, "new", "--headline", "After the space came back").returncode == 0
    listed = copydesk(library, "list").stdout
    assert "Budget passes" in listed and "After the space came back" in listed and "Lost?" not in listed
    assert copydesk(library, "check").returncode == 0


def test_a_photo_import_that_fills_the_disk_leaves_a_library_every_command_opens(tiny_disk, corpus_dir):
    """The issue's reproduction: 1 MB free, three photos, the big one cannot be stored;
    the checkpoint on close then fails part-way, and the main file alone is unreadable."""
    library = new_library(tiny_disk)
    fill(tiny_disk, leave_bytes=1024 * 1024)
    photos = [corpus_dir / name for name in ("large_phone_gps.jpg", "gps_nikon_coolpix.jpg", "news_canadian_press.jpg")]
    imported = copydesk(library, "photos", "import", *map(str, photos))
    assert imported.returncode != 0  # the big one could not be stored
    for argv in (["list"], ["photos", "list"], ["check"]):
        result = copydesk(library, *argv)
        assert result.returncode == 0, (argv, result.stderr)
        assert "not a Copydesk library" not in result.stderr
    assert "Budget passes" in copydesk(library, "list").stdout
    stored = [line for line in imported.stdout.splitlines() if "\tnew\t" in line]
    photos_listed = copydesk(library, "photos", "list").stdout
    for line in stored:
        assert Path(line.split("\t")[2]).name in photos_listed


def test_a_file_size_limit_is_one_sentence_and_loses_nothing(tmp_path):
    library = tmp_path / "lib.copydesk"
    assert copydesk(library, "init", str(library)).returncode == 0
    assert copydesk(library, "new", "--headline", "Small and safe").returncode == 0
    body = tmp_path / "long.md"
    body.write_text("A long paragraph of the longread. " * (MAX_BODY_CHARS // 40), encoding="utf-8")
    limit = library.stat().st_size + 64 * 1024  # the body alone is 170 KB
    result = copydesk(library, "new", "--headline", "Too big", "--body-file", str(body), limit_file_size=limit)
    assert_one_line_refusal(result, "Not saved:")
    assert "ulimit -f" in result.stderr
    listed = copydesk(library, "list")
    assert "Small and safe" in listed.stdout and "Too big" not in listed.stdout
    assert copydesk(library, "check").returncode == 0


def test_a_foreign_write_lock_makes_writes_busy_not_damaged(tmp_path):
    library = tmp_path / "lib.copydesk"
    assert copydesk(library, "init", str(library)).returncode == 0
    assert copydesk(library, "new", "--headline", "Before the lock").returncode == 0
    other_program = sqlite3.connect(library, isolation_level=None)
    try:
        other_program.execute("BEGIN EXCLUSIVE")  # in WAL mode: no other writer; readers go on
        assert_one_line_refusal(copydesk(library, "new", "--headline", "Blocked"), "is busy (another program holds it)")
        checked = copydesk(library, "check")
        assert checked.returncode == 0 and "damaged" not in checked.stdout + checked.stderr
        assert "Before the lock" in copydesk(library, "list").stdout
    finally:
        other_program.execute("ROLLBACK")
        other_program.close()
    assert not (tmp_path / "lib.copydesk.lock").exists()
    assert copydesk(library, "new", "--headline", "After the lock").returncode == 0


def test_a_full_disk_under_an_export_is_not_called_the_librarys(tiny_disk, tmp_path):
    library = tmp_path / "lib.copydesk"
    assert copydesk(library, "init", str(library)).returncode == 0
    assert copydesk(library, "new", "--headline", "Exported").returncode == 0
    fill(tiny_disk)
    result = copydesk(library, "export", "--out", str(tiny_disk / "site"))
    err = result.stderr.strip()
    assert result.returncode == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert str(library) not in err


def test_a_file_size_limit_under_a_megabyte_is_not_called_zero():
    from editor_app.library.errors import FileSizeLimitError

    assert "(102 KB, `ulimit -f`)" in str(FileSizeLimitError("/tmp/desk.copydesk", 102_400))
    assert "(5 MB, `ulimit -f`)" in str(FileSizeLimitError("/tmp/desk.copydesk", 5_300_000))
