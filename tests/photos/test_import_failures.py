"""An import always finishes and reports: storing that fails, cancelling, hostile folders.

The libraries here are real ones (real SQLite files); where storing must fail, a subclass
of the real Library fails the way a bug or a full disk would, for chosen files only.
Every import runs under a bounded wait, because the defects these tests guard against were
hangs: a test that hung would prove nothing and stop the suite.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from editor_app.library import Library
from editor_app.library.errors import DiskFullError
from editor_app.photos import importer
from editor_app.photos.errors import ImportStoppedError
from editor_app.photos.importer import MAX_PHOTO_BYTES, MIN_FILES_FOR_WORKERS, import_photos
from tests.photos.conftest import CORPUS_DIR

# Long enough for worker processes to start on a loaded machine; a hang is forever.
IMPORT_FINISHES_SECONDS = 120
GOOD_PHOTOS = ["cmyk.jpg", "gps_nikon_coolpix.jpg", "news_canadian_press.jpg", "orientation_1.jpg", "orientation_6.jpg", "xmp_bluesquare.jpg"]  # fmt: skip


class StoringFailsLibrary(Library):
    """A real library whose add_photo raises ``error`` for the files named in ``fail_for``."""

    fail_for: ClassVar[set[str]] = set()
    error: ClassVar[Exception] = RuntimeError("a bug while storing")

    def add_photo(self, record, original, thumbnails):
        if record["original_name"] in self.fail_for:
            raise self.error
        return super().add_photo(record, original, thumbnails)


def import_within_bound(*args, **kwargs):
    """import_photos in a thread; fails the test if it has not returned in time."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["results"] = import_photos(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(IMPORT_FINISHES_SECONDS)
    assert not thread.is_alive(), "the import hung"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["results"]


@pytest.fixture
def folder_of_photos(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for name in GOOD_PHOTOS:
        shutil.copy(CORPUS_DIR / name, folder / name)
    return folder


@pytest.fixture
def failing_library(tmp_path):
    library = StoringFailsLibrary.create(tmp_path / "failing.copydesk")
    yield library
    library.close()


@pytest.mark.parametrize("how_many", [len(GOOD_PHOTOS), MIN_FILES_FOR_WORKERS - 1], ids=["with workers", "in process"])
@pytest.mark.parametrize("error", [RuntimeError("a bug while storing"), TypeError(), MemoryError()], ids=repr)
def test_a_file_whose_storing_raises_anything_is_refused_alone(failing_library, folder_of_photos, how_many, error):
    failing_library.fail_for = {"gps_nikon_coolpix.jpg"}
    failing_library.error = error
    paths = [folder_of_photos / name for name in GOOD_PHOTOS[:how_many]]

    results = import_within_bound(failing_library, paths)

    by_name = {result.path.name: result for result in results}
    assert len(results) == how_many
    failed = by_name["gps_nikon_coolpix.jpg"]
    assert failed.photo is None and failed.error.startswith("gps_nikon_coolpix.jpg: could not be stored (")
    assert type(error).__name__ in failed.error
    assert all(result.created for name, result in by_name.items() if name != "gps_nikon_coolpix.jpg")
    assert failing_library.count_photos() == how_many - 1


def test_a_full_disk_stops_the_import_with_one_message(failing_library, folder_of_photos):
    failing_library.fail_for = {"news_canadian_press.jpg"}  # the third file found
    failing_library.error = DiskFullError(failing_library.path, 0)
    files = sorted(folder_of_photos.iterdir())

    with pytest.raises(ImportStoppedError) as stopped:
        import_within_bound(failing_library, [folder_of_photos])

    message = str(stopped.value)
    assert message.startswith(f"Not saved: the disk holding {failing_library.path} is full")
    assert message.count("Not saved") == 1  # one message, not one per remaining file
    assert isinstance(stopped.value.cause, DiskFullError)
    stored = [result.path.name for result in stopped.value.results if result.created]
    assert stored == ["cmyk.jpg", "gps_nikon_coolpix.jpg"]
    assert failing_library.count_photos() == 2
    assert not any(result.error for result in stopped.value.results)
    assert [path.name for path in stopped.value.not_imported] == [path.name for path in files[2:]]
    assert f"{len(files) - 2} file(s) were not imported" in message


def test_a_progress_callback_that_raises_ends_the_import_with_its_error(tmp_path, folder_of_photos):
    def progress(done, total, result):
        raise ValueError("the progress display broke")

    with Library.create(tmp_path / "lib.copydesk") as library, pytest.raises(ValueError, match="progress display broke"):
        import_within_bound(library, [folder_of_photos], progress=progress)


@pytest.mark.parametrize("stop_after", [1, 3])
def test_cancel_mid_import_returns_what_was_stored(tmp_path, folder_of_photos, stop_after):
    cancelled = threading.Event()

    def progress(done, total, result):
        if done >= stop_after:
            cancelled.set()

    with Library.create(tmp_path / "lib.copydesk") as library:
        results = import_within_bound(library, [folder_of_photos], progress=progress, cancel=cancelled.is_set)
        stored = library.count_photos()
    assert stop_after <= len(results) < len(GOOD_PHOTOS)
    assert stored == sum(result.created for result in results)  # every stored photo is reported


# ---------------------------------------------------------------------- hostile folders


def _sparse_file(path: Path, size: int, head: bytes = b"") -> Path:
    with open(path, "wb") as file:
        file.write(head)
        file.truncate(size)  # no blocks are written: a huge file that costs no disk
    return path


@pytest.fixture
def hostile_folder(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    shutil.copy(CORPUS_DIR / "orientation_1.jpg", folder / "a_real_photo.jpg")
    (folder / "b_link_to_a_photo.jpg").symlink_to(CORPUS_DIR / "orientation_3.jpg")
    os.mkfifo(folder / "c_fifo.jpg")
    (folder / "d_zero.jpg").symlink_to("/dev/zero")
    (folder / "e_urandom.jpg").symlink_to("/dev/urandom")
    _sparse_file(folder / "f_huge_photo.jpg", 64 * 2**30, head=(CORPUS_DIR / "orientation_1.jpg").read_bytes()[:4096])
    _sparse_file(folder / "g_huge_zeros.jpg", 64 * 2**30)
    (folder / "h_readme.jpg").write_text("Photos from the desk, see the caption file.\n", encoding="utf-8")
    (folder / "i_dangling.jpg").symlink_to(folder / "nowhere.jpg")
    shutil.copy(CORPUS_DIR / "truncated.jpg", folder / "j_truncated.jpg")
    return folder


def test_a_folder_import_reads_only_regular_files_and_lists_refused_pictures(tmp_path, hostile_folder):
    with Library.create(tmp_path / "lib.copydesk") as library:
        results = import_within_bound(library, [hostile_folder])
        stored = library.count_photos()

    by_name = {result.path.name: result for result in results}
    # The FIFO, the devices, the zeros, the text and the dangling link are passed over quietly.
    assert sorted(by_name) == ["a_real_photo.jpg", "b_link_to_a_photo.jpg", "f_huge_photo.jpg", "j_truncated.jpg"]
    assert by_name["a_real_photo.jpg"].created and by_name["b_link_to_a_photo.jpg"].created
    limit_mb = f"{MAX_PHOTO_BYTES / 2**20:,.0f} MB"
    assert by_name["f_huge_photo.jpg"].error == (
        f"f_huge_photo.jpg: too large to import (65,536 MB; the limit for one photo is {limit_mb})"
    )
    assert "truncated" in by_name["j_truncated.jpg"].error
    assert stored == 2


def test_files_named_one_by_one_are_refused_with_their_reason(tmp_path, hostile_folder):
    names = ["c_fifo.jpg", "d_zero.jpg", "e_urandom.jpg", "f_huge_photo.jpg", "g_huge_zeros.jpg", "h_readme.jpg", "i_dangling.jpg"]  # fmt: skip
    with Library.create(tmp_path / "lib.copydesk") as library:
        results = import_within_bound(library, [hostile_folder / name for name in names])
        assert library.count_photos() == 0

    errors = {result.path.name: result.error for result in results}
    for name in ("c_fifo.jpg", "d_zero.jpg", "e_urandom.jpg"):
        assert errors[name] == f"{name}: not a regular file (a device, pipe or socket), so it is not read; only photo files can be imported"
    for name in ("f_huge_photo.jpg", "g_huge_zeros.jpg"):
        assert errors[name].startswith(f"{name}: too large to import (65,536 MB; the limit for one photo is ")
    assert errors["h_readme.jpg"] == "h_readme.jpg: plain text, not an image"
    assert "no such file" in errors["i_dangling.jpg"]


def test_an_empty_path_is_refused_not_taken_for_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(CORPUS_DIR)
    with Library.create(tmp_path / "lib.copydesk") as library:
        [result] = import_within_bound(library, [""])
        assert library.count_photos() == 0
    assert result.error == "an empty path names no file or folder"


def test_read_photo_file_returns_every_byte_and_refuses_a_file_over_the_limit(tmp_path):
    from editor_app.photos.errors import FileTooLargeError
    from editor_app.photos.importer import read_photo_file

    photo = tmp_path / "photo.jpg"
    photo.write_bytes((CORPUS_DIR / "orientation_1.jpg").read_bytes())
    assert read_photo_file(photo) == photo.read_bytes()
    with pytest.raises(FileTooLargeError, match="too large to import"):
        read_photo_file(photo, limit=1000)


class WorkerKillingLibrary(Library):
    """A real library that, when the first photo is stored, kills the import's workers
    (as the kernel's out-of-memory killer would)."""

    def add_photo(self, record, original, thumbnails):
        for worker in multiprocessing.active_children():
            # A worker the pool's manager is already reaping may be gone by now.
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
        return super().add_photo(record, original, thumbnails)


def test_an_import_whose_workers_are_killed_still_settles_every_file(tmp_path, folder_of_photos):
    # Twice the photos, as distinct files: more than the reader can have in flight when the
    # writer first sees the broken pool.
    for path in sorted(folder_of_photos.iterdir()):
        path.with_name(f"second_{path.name}").write_bytes(path.read_bytes() + b"second copy")
    names = sorted(path.name for path in folder_of_photos.iterdir())
    with WorkerKillingLibrary.create(tmp_path / "lib.copydesk") as library:
        results = import_within_bound(library, [folder_of_photos])
        stored = library.count_photos()

    assert [result.path.name for result in results] == names
    refused = [result for result in results if result.error]
    assert all("the import worker stopped unexpectedly" in result.error for result in refused), refused
    assert stored == len(names) - len(refused)
    in_flight_at_most = 2 + importer.MAX_IN_FLIGHT  # the one stored, the one awaited, the queue
    assert len(refused) <= in_flight_at_most
    # The refused are the files in flight when the pool broke: one run, after the first photo
    # stored (analyses finished before the kill stay good). Every file after the run was
    # analysed in this process and imported.
    positions = [index for index, result in enumerate(results) if result.error]
    if positions:
        assert positions == list(range(positions[0], positions[-1] + 1))
        assert positions[0] >= 1
        assert all(result.created for result in results[positions[-1] + 1 :])
