"""Import photo files into the library: many at once, each one on its own.

The CPU work (reading metadata, decoding for thumbnails) runs in two worker processes
so a folder of 24-megapixel photos imports in seconds; writes happen in one writer
thread (so reading and hashing the next file overlaps storing the last), one atomic
``library.add_photo`` per file, so a file that fails leaves nothing
behind and never stops the batch. Bytes already in the library are recognised by their
SHA-256 before any decoding is done.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from editor_app.model import STORED_PHOTO_FIELDS, Photo
from editor_app.photos.errors import PhotoError
from editor_app.photos.reading import PhotoInfo, describe_image, open_image
from editor_app.photos.thumbnails import embedded_preview, thumbnails_from_image
from editor_app.processes import worker_pool

WORKERS = 2
# Files read and waiting in or for a worker. Bounds memory: each holds its original bytes
# (a 24 MP JPEG is ~10 MB) plus a reduced-size decode in the worker.
MAX_IN_FLIGHT = 2 * WORKERS
# Below this many files, starting worker processes costs more than it saves.
MIN_FILES_FOR_WORKERS = 3


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
    """Read metadata and make thumbnails with one open and one reduced-size decode.

    The decode for the thumbnails is also the validation: a truncated or corrupt file
    raises its PhotoError here.
    """
    image, image_format = open_image(data, name)
    with image:
        info = describe_image(image, image_format, name)
        thumbnails = thumbnails_from_image(image, name)
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


def collect_photo_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[ImportResult]]:
    """Expand folders (recursively, sorted, skipping hidden files and folders) into files.

    Returns the files to import and a result for each path that does not exist. A hidden
    file named explicitly is imported: the user asked for it.
    """
    files: list[Path] = []
    missing: list[ImportResult] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                files.extend(Path(folder) / n for n in sorted(names) if not n.startswith("."))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(ImportResult(path, None, False, f"{path}: no such file or folder"))
    return files, missing


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
    true no new file is started; files already being processed are finished and stored,
    and the files never started get no result.

    ``preview(path, jpeg_bytes)`` is called as soon as a new file is read, with the
    camera's embedded EXIF thumbnail (upright) when it has one: the window shows it as a
    first tile long before the real thumbnails are made.
    """
    files, results = collect_photo_files(paths)
    batch = _ImportBatch(library, total=len(files) + len(results), progress=progress, preview=preview)
    for result in results:
        batch.report(result)
    if len(files) >= MIN_FILES_FOR_WORKERS:
        context = multiprocessing.get_context("spawn")  # fork is unsafe once Qt threads exist
        with worker_pool(WORKERS, context) as pool:
            batch.run(files, pool, cancel)
    else:
        batch.run(files, None, cancel)
    return batch.results


@dataclass
class _Pending:
    path: Path
    data: bytes
    sha256: str


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

    def report(self, result: ImportResult) -> None:
        with self._report_lock:  # the reading thread and the writer thread both report
            self.results.append(result)
            if self._progress is not None:
                self._progress(len(self.results), self._total, result)

    def run(self, files: list[Path], pool: ProcessPoolExecutor | None, cancel: Callable[[], bool] | None) -> None:
        if pool is None:
            for path in files:
                if cancel is not None and cancel():
                    break
                pending = self._read(path)
                if pending is not None:
                    self._store(pending, _analyse_or_error(pending.data, pending.path.name))
        else:
            self._run_pipelined(files, pool, cancel)
        for pending in self._duplicates:
            photo = self._library.find_photo_by_sha256(pending.sha256)
            first = self._seen_in_batch[pending.sha256]
            if photo is None:
                self.report(ImportResult(pending.path, None, False, f"{pending.path.name}: same bytes as {first.name}, which was refused"))
            else:
                self.report(ImportResult(pending.path, photo, False, None))
        self.results.sort(key=lambda result: _order_of(files, result.path))

    def _run_pipelined(self, files: list[Path], pool: ProcessPoolExecutor, cancel) -> None:
        """Read and hash here, analyse in the workers, store in a writer thread, all at once.

        Storing a 24 MP original is ~100 ms of SQLite I/O (it releases the GIL), about as
        long as reading and hashing the next file: doing them in turn made the batch 40%
        slower. The queue is bounded, which bounds memory to a few originals.
        """
        waiting: queue.Queue = queue.Queue(maxsize=MAX_IN_FLIGHT)
        writer = threading.Thread(target=self._store_in_order, args=(waiting,), name="photo-import-writer")
        writer.start()
        try:
            for path in files:
                if cancel is not None and cancel():
                    break
                pending = self._read(path)
                if pending is None:
                    continue
                # The worker reads the file itself: sending 10 MB through a pipe costs the
                # reading thread more than the worker's read from the page cache.
                waiting.put((pool.submit(_analyse_file, str(path), pending.sha256), pending))
        finally:
            waiting.put(None)
            writer.join()

    def _offer_preview(self, path: Path, data: bytes) -> None:
        try:
            tile = embedded_preview(data, path.name)
        except Exception:  # noqa: BLE001 - a broken file is reported by its analysis, not here
            return
        if tile is not None:
            self._preview(path, tile)

    def _store_in_order(self, waiting: queue.Queue) -> None:
        """Writer thread: store each file as its analysis arrives, in the order files were found."""
        while (item := waiting.get()) is not None:
            future, pending = item
            try:
                outcome = future.result()
            except BrokenProcessPool:
                outcome = f"{pending.path.name}: the import worker stopped unexpectedly (out of memory?)"
            self._store(pending, outcome)

    def _read(self, path: Path) -> _Pending | None:
        """Read and hash a file; None when it is already settled (unreadable or known)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.report(ImportResult(path, None, False, f"{path.name}: cannot be read ({exc.strerror or exc})"))
            return None
        sha256 = hashlib.sha256(data).hexdigest()
        existing = self._library.find_photo_by_sha256(sha256)
        if existing is not None:
            self.report(ImportResult(path, existing, False, None))
            return None
        pending = _Pending(path, data, sha256)
        if self._preview is not None:
            self._offer_preview(path, data)
        if sha256 in self._seen_in_batch:
            self._duplicates.append(pending)  # settled once the first copy is stored
            return None
        self._seen_in_batch[sha256] = path
        return pending

    def _store(self, pending: _Pending, outcome: PhotoAnalysis | str) -> None:
        if isinstance(outcome, str):
            self.report(ImportResult(pending.path, None, False, outcome))
            return
        record = photo_record(
            outcome.info, sha256=pending.sha256, original_name=pending.path.name, byte_size=len(pending.data)
        )
        try:
            photo, created = self._library.add_photo(record, pending.data, outcome.thumbnails)
        except sqlite3.Error as exc:
            # A full disk or a damaged file costs this photo, not the batch; add_photo is
            # atomic, so nothing of it was written.
            self.report(ImportResult(pending.path, None, False, f"{pending.path.name}: could not be stored ({exc})"))
            return
        self.report(ImportResult(pending.path, photo, created, None))


def _analyse_file(path: str, expected_sha256: str) -> PhotoAnalysis | str:
    """Worker entry point: analyse the file the writing thread has already hashed.

    The hash is checked again so the thumbnails and metadata stored are those of exactly the
    bytes the writing thread stores, even if the file was replaced in between.
    """
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
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
    except Exception as exc:  # noqa: BLE001 - any decoder bug must cost one file, not the batch
        return f"{name}: could not be read as an image ({type(exc).__name__}: {exc})"


def _order_of(files: list[Path], path: Path) -> int:
    try:
        return files.index(path)
    except ValueError:
        return -1  # paths that do not exist are reported first
