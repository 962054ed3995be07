"""Import photo files into the library: many at once, each one on its own.

The CPU work (reading metadata, decoding for thumbnails) runs in two worker processes
so a folder of 24-megapixel photos imports in seconds; writes happen in one writer
thread (so reading and hashing the next file overlaps storing the last), one atomic
``library.add_photo`` per file, so a file that fails leaves nothing behind and never
stops the batch. Bytes already in the library are recognised by their SHA-256 before any
decoding is done.

Nothing a folder holds can hang or sink the batch: only regular files are read (never a
device, a pipe or a socket, even behind a symlink), each at most ``MAX_PHOTO_BYTES``, and
every wait between the reading thread and the writer is bounded and gives up when the
other side has died or the import was cancelled. A failure that concerns the library
rather than one file (a full disk, a damaged or busy library) stops the batch with that
one message: ``ImportStoppedError``.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import queue
import stat
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from editor_app.library.errors import (
    LibraryBusyError,
    LibraryClosedError,
    LibraryDamagedError,
    LibraryError,
    LibraryReadOnlyError,
    NotSavedError,
)
from editor_app.model import STORED_PHOTO_FIELDS, Photo
from editor_app.paths import write_error_log
from editor_app.photos.errors import FileTooLargeError, ImportStoppedError, NotAFileError, PhotoError
from editor_app.photos.formats import SNIFF_BYTES, sniff
from editor_app.photos.reading import PhotoInfo, describe_image, open_image
from editor_app.photos.thumbnails import embedded_preview, thumbnails_from_image
from editor_app.processes import worker_pool

WORKERS = 2
# Files read and waiting in or for a worker. Bounds memory: each holds its original bytes
# (a 24 MP JPEG is ~10 MB) plus a reduced-size decode in the worker.
MAX_IN_FLIGHT = 2 * WORKERS
# Below this many files, starting worker processes costs more than it saves.
MIN_FILES_FOR_WORKERS = 3
# The largest file imported as a photo. A 50-megapixel 16-bit TIFF is 300 MB; a news
# photo is 5-30 MB. Files larger than this are refused before any byte is read, so a
# huge (or sparse, or endless) file cannot exhaust memory and lose the whole batch.
MAX_PHOTO_BYTES = 400 * 1024 * 1024
# How long one wait between the reading thread and the writer lasts before each side looks
# again at whether the other is alive and whether the import was cancelled.
HANDOVER_POLL_SECONDS = 0.2
# Failures of the library as a whole: storing the next file would fail the same way.
LIBRARY_WIDE_ERRORS = (NotSavedError, LibraryBusyError, LibraryDamagedError, LibraryClosedError, LibraryReadOnlyError)
# How much of a JPEG's start the preview scout reads at most to reach its first scan: the
# EXIF block (which holds the camera's thumbnail) is one segment of at most 64 KB, and all
# of a camera file's metadata segments together stay far below this.
MAX_JPEG_HEAD_BYTES = 1024 * 1024
# What the scout reads of a JPEG at a time: a camera's metadata (thumbnail included) fits in one.
JPEG_HEAD_CHUNK_BYTES = 64 * 1024
# How many files ahead the preview scout asks the kernel to start reading the heads of: a
# card's first reads are each a disk round trip, and several in flight overlap them (500
# heads from a cold cache in 0.5-0.75 s instead of 0.95-1.2 s, on a loaded machine).
SCOUT_READ_AHEAD_FILES = 16
# How long the import proper waits for the scout to offer every tile before it starts
# its workers and reads whole files: starting two Python processes (hundreds of module
# files, from a cold cache) and queueing 10 MB reads in front of the scout's small ones
# made a card's tiles come two to four times later.
TILES_FIRST_SECONDS = 2.0
# O_NONBLOCK: should a path be swapped for a FIFO after it was checked, opening returns at
# once instead of waiting for a writer, and the check after opening refuses it.
_OPEN_FOR_READING = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOT_A_FILE = "not a regular file (a device, pipe or socket), so it is not read; only photo files can be imported"


@dataclass(frozen=True)
class ImportResult:
    """What happened to one file: the photo (new or already there) or why it was refused."""

    path: Path
    photo: Photo | None
    created: bool
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class PhotoAnalysis:
    """Everything the library needs about a file, computed without touching the library."""

    info: PhotoInfo
    thumbnails: dict[str, bytes]


ProgressCallback = Callable[[int, int, ImportResult], None]
PreviewCallback = Callable[[Path, bytes], None]


def analyse_photo(data: bytes, name: str) -> PhotoAnalysis:
    """Read metadata and make thumbnails with one open and one decode: of the camera's own
    large preview when the file has a fitting one, else a reduced-size decode of the photo.

    The decode for the thumbnails is also the validation: a truncated or corrupt file
    raises its PhotoError here. A camera JPEG whose preview is used is checked by its
    structure instead: every scan long enough for its frame (``open_image``) and the main
    image ending exactly where the file's picture index says (``mpf``); a file cut short
    loses that index's agreement and is decoded, and refused, as before.
    """
    image, image_format = open_image(data, name)
    with image:
        info = describe_image(image, image_format, name)
        thumbnails = thumbnails_from_image(image, name, data)
    return PhotoAnalysis(info, thumbnails)


def photo_record(info: PhotoInfo, *, sha256: str, original_name: str, byte_size: int) -> dict:
    """The row ``library.add_photo`` stores for a photo described by ``info``."""
    record = {name: getattr(info, name) for name in STORED_PHOTO_FIELDS if hasattr(info, name)}
    record.update(sha256=sha256, original_name=original_name, byte_size=byte_size)
    # What the library has no column for stays with what the file said.
    record["embedded"] = {
        **info.embedded,
        "title": info.title,
        "keywords": list(info.keywords),
        "location_sources": list(info.location_sources),
    }
    return record


def read_photo_file(path: Path, limit: int = MAX_PHOTO_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, refused when it is not one or is too large.

    A symlink to a regular file is followed; one to a device is not opened at all (opening
    some devices acts on them), a FIFO is never read (it would block until a writer comes),
    and no more than ``limit`` bytes are read even from a file that grows while it is read.
    Raises NotAFileError, FileTooLargeError or OSError.
    """
    name = path.name
    _require_regular(os.stat(path), name, limit)
    descriptor = os.open(path, _OPEN_FOR_READING)
    with open(descriptor, "rb", closefd=True) as file:
        status = os.fstat(descriptor)
        _require_regular(status, name, limit)
        size = status.st_size
        data = file.read(size + 1)  # one byte more tells whether it grew since
        if len(data) > size:
            data += file.read(limit + 1 - len(data))
    if len(data) > limit:
        raise _too_large(name, len(data), limit)
    return data


def _require_regular(status: os.stat_result, name: str, limit: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise NotAFileError(name, _NOT_A_FILE)
    if status.st_size > limit:
        raise _too_large(name, status.st_size, limit)


def _too_large(name: str, size: int, limit: int) -> FileTooLargeError:
    return FileTooLargeError(
        name, f"too large to import ({size / 2**20:,.0f} MB; the limit for one photo is {limit / 2**20:,.0f} MB)"
    )


def read_jpeg_head(path: Path, limit: int = MAX_JPEG_HEAD_BYTES) -> bytes | None:
    """A JPEG's bytes up to its first scan: every metadata segment, the camera's embedded
    thumbnail included, without the compressed pixels (a few KB of a 10 MB file).

    None when the file is not a regular JPEG file or its headers run past ``limit``.
    """
    descriptor = os.open(path, _OPEN_FOR_READING)
    with open(descriptor, "rb", closefd=True) as file:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        head = file.read(JPEG_HEAD_CHUNK_BYTES)
        if not head.startswith(b"\xff\xd8\xff"):
            return None
        position = 2
        while True:
            while len(head) < position + 4 and len(head) < limit:
                more = file.read(JPEG_HEAD_CHUNK_BYTES)
                if not more:
                    return head
                head += more
            if position + 4 > len(head) or head[position] != 0xFF:
                return head[:position] if position + 4 > len(head) else head
            marker = head[position + 1]
            if marker == 0xFF:  # fill byte before a marker
                position += 1
                continue
            if marker == 0xDA:  # start of scan: the pixels begin
                return head[:position]
            position += 2 + int.from_bytes(head[position + 2 : position + 4], "big")
            if position > limit:
                return None


def collect_photo_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[ImportResult]]:
    """Expand folders (recursively, sorted, skipping hidden files and folders) into files.

    Returns the files to import and a result for each path given that cannot be: missing,
    empty, or not a regular file. A file named explicitly is always tried (a hidden one
    too: the user asked for it), so a non-image is refused with its reason. Inside a folder
    only pictures are taken: documents, sidecars, devices, pipes, sockets and links to
    them are passed over quietly, while a picture that cannot be imported (an unsupported
    format, a broken file) is still listed with its reason.
    """
    files: list[Path] = []
    refused: list[ImportResult] = []
    for raw in paths:
        if os.fspath(raw) == "":
            refused.append(ImportResult(Path(""), None, False, "an empty path names no file or folder"))
            continue
        path = Path(raw)
        try:
            status = os.stat(path)
        except OSError as exc:
            reason = "no such file or folder" if isinstance(exc, FileNotFoundError) else f"cannot be read ({exc.strerror or exc})"
            refused.append(ImportResult(path, None, False, f"{path}: {reason}"))
            continue
        if stat.S_ISDIR(status.st_mode):
            files.extend(_pictures_in_folder(path))
        elif stat.S_ISREG(status.st_mode):
            files.append(path)
        else:
            refused.append(ImportResult(path, None, False, str(NotAFileError(path.name, _NOT_A_FILE))))
    return files, refused


def _pictures_in_folder(folder: Path) -> list[Path]:
    pictures = []
    # os.walk does not descend into symlinked folders, so a link cannot make a loop.
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            candidate = Path(parent) / name
            if not name.startswith(".") and _looks_like_a_picture(candidate):
                pictures.append(candidate)
    return pictures


def _looks_like_a_picture(path: Path) -> bool:
    """A regular file whose first bytes are those of a picture, supported or not."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        descriptor = os.open(path, _OPEN_FOR_READING)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return False
            head = os.read(descriptor, SNIFF_BYTES)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        return False  # a dangling symlink (or a file gone since the folder was listed)
    except OSError:
        return True  # unreadable: the import says why
    return sniff(head).is_picture


def import_photos(
    library,
    paths: Iterable[str | os.PathLike],
    *,
    progress: ProgressCallback | None = None,
    cancel: Callable[[], bool] | None = None,
    preview: PreviewCallback | None = None,
) -> list[ImportResult]:
    """Import files and folders; one result per file, in the order the files were found.

    ``progress(done, total, result)`` is called after each file. When ``cancel()`` turns
    true no new file is read or stored (a file being stored is finished), and the files
    not stored get no result.

    ``preview(path, jpeg_bytes)`` offers the camera's embedded EXIF thumbnail (upright) of
    each file that has one, as a first tile long before the real thumbnails are made. A
    scout thread reads only the headers of the JPEGs (a few KB each, not the 10 MB of
    pixels), so a card's tiles all come within a second or two, from a thread of its own;
    the import proper starts its workers and reads whole files once they have come (or
    after ``TILES_FIRST_SECONDS``). Other formats are offered when the import reads them. A file already in the library may be offered too.

    Raises ImportStoppedError when the library itself fails (disk full, busy, damaged,
    closed): the files stored until then stay in the library.
    """
    files, results = collect_photo_files(paths)
    batch = _ImportBatch(library, total=len(files) + len(results), progress=progress, preview=preview)
    for result in results:
        batch.report(result)
    scout = _PreviewScout(files, preview, batch.must_stop) if preview is not None and files else None
    if scout is not None:
        scout.start()
    try:
        if len(files) >= MIN_FILES_FOR_WORKERS:
            context = multiprocessing.get_context("spawn")  # fork is unsafe once Qt threads exist
            with worker_pool(WORKERS, context) as pool:
                batch.run(files, pool, cancel, tiles_first=scout)
        else:
            batch.run(files, None, cancel)
    finally:
        if scout is not None:
            scout.stop()
    return batch.results


class _PreviewScout(threading.Thread):
    """Offers the embedded previews of the JPEGs to import, reading only their headers.

    Runs ahead of the import proper, which reads whole files; any failure here only
    means no early tile for that file (the import reports what is wrong with it).
    """

    def __init__(self, files: list[Path], preview: PreviewCallback, must_stop: Callable[[], bool]) -> None:
        super().__init__(name="photo-import-previews", daemon=True)
        self._files = files
        self._preview = preview
        self._must_stop = must_stop
        self._stopping = threading.Event()
        self.all_offered = threading.Event()

    def run(self) -> None:
        try:
            self._offer_all()
        finally:
            self.all_offered.set()

    def wait_for_tiles(self, timeout: float, must_stop: Callable[[], bool]) -> None:
        """Wait until every tile was offered, at most ``timeout`` seconds, or the import stops."""
        deadline = time.monotonic() + timeout
        while not self.all_offered.wait(min(HANDOVER_POLL_SECONDS, max(0.0, deadline - time.monotonic()))):
            if must_stop() or time.monotonic() >= deadline:
                return

    def _offer_all(self) -> None:
        for path in self._files[:SCOUT_READ_AHEAD_FILES]:
            _read_head_ahead(path)
        for position, path in enumerate(self._files):
            if self._stopping.is_set() or self._must_stop():
                return
            if position + SCOUT_READ_AHEAD_FILES < len(self._files):
                _read_head_ahead(self._files[position + SCOUT_READ_AHEAD_FILES])
            tile = self._tile(path)
            if tile is not None:
                try:
                    self._preview(path, tile)
                except Exception:  # noqa: BLE001 - a failing tile callback must not stop the import
                    return

    def _tile(self, path: Path) -> bytes | None:
        try:
            head = read_jpeg_head(path)
            return embedded_preview(head, path.name) if head is not None else None
        except Exception:  # noqa: BLE001 - a broken header means no early tile, nothing more
            return None

    def stop(self) -> None:
        self._stopping.set()
        self.join()


def _read_head_ahead(path: Path) -> None:
    """Ask the kernel to start reading the head of a regular file now, without waiting."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    try:
        descriptor = os.open(path, _OPEN_FOR_READING)
    except OSError:
        return  # the scout and the import say what is wrong with it
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            advise(descriptor, 0, JPEG_HEAD_CHUNK_BYTES, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@dataclass
class _Pending:
    path: Path
    data: bytes
    sha256: str


# Tells the writer thread that no more files are coming.
_NO_MORE_FILES = None


class _ImportBatch:
    """Reads files, asks workers to analyse them, and stores results as they arrive."""

    def __init__(
        self, library, total: int, progress: ProgressCallback | None, preview: PreviewCallback | None = None
    ) -> None:
        self._preview = preview
        self._library = library
        self._total = total
        self._progress = progress
        self._seen_in_batch: dict[str, Path] = {}
        self._duplicates: list[_Pending] = []
        self.results: list[ImportResult] = []
        self._report_lock = threading.Lock()
        self._stopped_by: LibraryError | None = None
        self._cancel: Callable[[], bool] = lambda: False
        self.workers_broken = threading.Event()

    def report(self, result: ImportResult) -> None:
        with self._report_lock:  # the reading thread and the writer thread both report
            self.results.append(result)
            if self._progress is not None:
                self._progress(len(self.results), self._total, result)

    def run(
        self,
        files: list[Path],
        pool: ProcessPoolExecutor | None,
        cancel: Callable[[], bool] | None,
        tiles_first: _PreviewScout | None = None,
    ) -> None:
        if cancel is not None:
            self._cancel = cancel
        if pool is not None and tiles_first is not None:
            tiles_first.wait_for_tiles(TILES_FIRST_SECONDS, self.must_stop)
        if pool is None:
            for path in files:
                if self.must_stop():
                    break
                pending = self._read(path)
                if pending is not None:
                    self.store(pending, _analyse_or_error(pending.data, pending.path.name))
        else:
            self._run_pipelined(files, pool)
        if not self.must_stop():
            self._settle_duplicates()
        found_at = {path: index for index, path in enumerate(files)}
        # Paths that could not be imported at all (missing, not a file) come first.
        self.results.sort(key=lambda result: found_at.get(result.path, -1))
        if self._stopped_by is not None:
            settled = {result.path for result in self.results}
            not_imported = [path for path in files if path not in settled]
            raise ImportStoppedError(self._stopped_by, self.results, not_imported) from self._stopped_by

    def must_stop(self) -> bool:
        return self._stopped_by is not None or self._cancel()

    def _stop(self, error: LibraryError) -> None:
        if self._stopped_by is None:
            self._stopped_by = error

    def _settle_duplicates(self) -> None:
        for pending in self._duplicates:
            try:
                photo = self._library.find_photo_by_sha256(pending.sha256)
            except LIBRARY_WIDE_ERRORS as exc:
                self._stop(exc)
                return
            first = self._seen_in_batch[pending.sha256]
            if photo is None:
                self.report(ImportResult(pending.path, None, False, f"{pending.path.name}: same bytes as {first.name}, which was refused"))
            else:
                self.report(ImportResult(pending.path, photo, False, None))

    def _run_pipelined(self, files: list[Path], pool: ProcessPoolExecutor) -> None:
        """Read and hash here, analyse in the workers, store in a writer thread, all at once.

        Storing a 24 MP original is ~100 ms of SQLite I/O (it releases the GIL), about as
        long as reading and hashing the next file: doing them in turn made the batch 40%
        slower. The queue is bounded, which bounds memory to a few originals.
        """
        waiting: queue.Queue = queue.Queue(maxsize=MAX_IN_FLIGHT)
        writer = _Writer(self, waiting, reader=threading.current_thread())
        writer.start()
        try:
            for path in files:
                if self.must_stop() or not writer.is_alive():
                    break
                pending = self._read(path)
                if pending is None:
                    continue
                future = self._analyse_in_a_worker(pool, pending)
                if not self._hand_over(waiting, (future, pending), writer):
                    future.cancel()
                    break
        finally:
            self._hand_over(waiting, _NO_MORE_FILES, writer)
            writer.join()
        if writer.failure is not None:
            raise writer.failure

    def _analyse_in_a_worker(self, pool: ProcessPoolExecutor, pending: _Pending) -> Future:
        if not self.workers_broken.is_set():
            try:
                # The worker reads the file itself: sending 10 MB through a pipe costs the
                # reading thread more than the worker's read from the page cache.
                return pool.submit(_analyse_file, str(pending.path), pending.sha256)
            except BrokenProcessPool:
                self.workers_broken.set()
        # A worker died (killed, out of memory): the files in flight were refused with that
        # reason; the rest of the batch is analysed here, more slowly, but imported.
        future: Future = Future()
        future.set_result(_analyse_or_error(pending.data, pending.path.name))
        return future

    def _hand_over(self, waiting: queue.Queue, item, writer: threading.Thread) -> bool:
        """Queue ``item`` for the writer; False if the writer is gone or the import stops first."""
        while writer.is_alive():
            try:
                waiting.put(item, timeout=HANDOVER_POLL_SECONDS)
                return True
            except queue.Full:
                if item is not _NO_MORE_FILES and self.must_stop():
                    return False
        return False

    def _offer_preview(self, path: Path, data: bytes) -> None:
        try:
            tile = embedded_preview(data, path.name)
        except Exception:  # noqa: BLE001 - a broken file is reported by its analysis, not here
            return
        if tile is not None:
            self._preview(path, tile)

    def _read(self, path: Path) -> _Pending | None:
        """Read and hash a file; None when it is already settled (refused or known)."""
        try:
            data = read_photo_file(path)
        except PhotoError as exc:
            self.report(ImportResult(path, None, False, str(exc)))
            return None
        except OSError as exc:
            self.report(ImportResult(path, None, False, f"{path.name}: cannot be read ({exc.strerror or exc})"))
            return None
        sha256 = hashlib.sha256(data).hexdigest()
        try:
            existing = self._library.find_photo_by_sha256(sha256)
        except LIBRARY_WIDE_ERRORS as exc:
            self._stop(exc)
            return None
        if existing is not None:
            self.report(ImportResult(path, existing, False, None))
            return None
        pending = _Pending(path, data, sha256)
        if self._preview is not None and not data.startswith(b"\xff\xd8\xff"):
            self._offer_preview(path, data)  # JPEGs are the preview scout's
        if sha256 in self._seen_in_batch:
            self._duplicates.append(pending)  # settled once the first copy is stored
            return None
        self._seen_in_batch[sha256] = path
        return pending

    def store(self, pending: _Pending, outcome: PhotoAnalysis | str) -> None:
        if isinstance(outcome, str):
            self.report(ImportResult(pending.path, None, False, outcome))
            return
        name = pending.path.name
        try:
            record = photo_record(outcome.info, sha256=pending.sha256, original_name=name, byte_size=len(pending.data))
            photo, created = self._library.add_photo(record, pending.data, outcome.thumbnails)
        except LIBRARY_WIDE_ERRORS as exc:
            self._stop(exc)  # the next file would fail the same way: one message, not forty
            return
        except LibraryError as exc:
            self.report(ImportResult(pending.path, None, False, f"{name}: could not be stored ({exc})"))
            return
        except Exception as exc:  # noqa: BLE001 - a bug storing one file costs that file, not the batch
            # add_photo is atomic, so nothing of this photo was written.
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            self.report(ImportResult(pending.path, None, False, f"{name}: could not be stored ({detail})"))
            return
        self.report(ImportResult(pending.path, photo, created, None))


class _Writer(threading.Thread):
    """Stores each file as its analysis arrives, in the order the files were found.

    Every wait is bounded: for the next file (the reading thread may have died) and for a
    worker's analysis (the import may be cancelled meanwhile). An error that escapes the
    per-file handling (a progress callback that raises) is kept for the reading thread to
    raise, which stops reading as soon as it sees this thread gone.
    """

    def __init__(self, batch: _ImportBatch, waiting: queue.Queue, reader: threading.Thread) -> None:
        super().__init__(name="photo-import-writer", daemon=True)
        self._batch = batch
        self._waiting = waiting
        self._reader = reader
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            while (item := self._next()) is not _NO_MORE_FILES:
                future, pending = item
                if self._batch.must_stop():
                    future.cancel()  # drained, not stored: the import was cancelled or stopped
                    continue
                outcome = self._analysis(future, pending)
                if outcome is not None:
                    self._batch.store(pending, outcome)
        except BaseException as exc:  # noqa: BLE001 - handed to the reading thread, which raises it
            self.failure = exc

    def _next(self):
        while True:
            try:
                return self._waiting.get(timeout=HANDOVER_POLL_SECONDS)
            except queue.Empty:
                if not self._reader.is_alive():
                    return _NO_MORE_FILES

    def _analysis(self, future: Future, pending: _Pending) -> PhotoAnalysis | str | None:
        """The worker's outcome, or None when the import stops while waiting for it."""
        while True:
            try:
                return future.result(timeout=HANDOVER_POLL_SECONDS)
            except FutureTimeoutError:
                if self._batch.must_stop():
                    future.cancel()
                    return None
            except BrokenProcessPool:
                self._batch.workers_broken.set()
                return f"{pending.path.name}: the import worker stopped unexpectedly (out of memory?)"
            except Exception as exc:  # noqa: BLE001 - e.g. a result that would not unpickle: this file's loss
                return f"{pending.path.name}: the import worker failed ({type(exc).__name__}: {exc})"


def _analyse_file(path: str, expected_sha256: str) -> PhotoAnalysis | str:
    """Worker entry point: analyse the file the writing thread has already hashed.

    The hash is checked again so the thumbnails and metadata stored are those of exactly the
    bytes the writing thread stores, even if the file was replaced in between.
    """
    name = Path(path).name
    try:
        data = read_photo_file(Path(path))
    except PhotoError as exc:
        return str(exc)
    except OSError as exc:
        return f"{name}: cannot be read ({exc.strerror or exc})"
    if hashlib.sha256(data).hexdigest() != expected_sha256:
        return f"{name}: the file changed while it was being imported; import it again"
    return _analyse_or_error(data, name)


def _analyse_or_error(data: bytes, name: str) -> PhotoAnalysis | str:
    """Worker entry point: the analysis, or the refusal as one line of text."""
    try:
        return analyse_photo(data, name)
    except PhotoError as exc:
        return str(exc)
    except MemoryError:
        return f"{name}: not enough memory to decode this image"
    except Exception:  # noqa: BLE001 - any decoder bug must cost one file, not the batch
        # A bug, not a property of the file: the traceback goes to the error log for a bug
        # report, and the editor reads one plain sentence.
        log_path = write_error_log(f"Importing {name} failed unexpectedly:\n{traceback.format_exc()}")
        return f"{name}: could not be read as an image because of an error in Copydesk (details in {log_path})"

