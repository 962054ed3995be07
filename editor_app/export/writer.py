"""The shape every exporter shares: plan the files, reuse what is unchanged, render the
rest (in worker processes when it pays), flush, swap in, report.

A subclass only says which files an export holds and what each is made from
(`plan()`), plus anything written after the pages are rendered (`finish()`, e.g. a feed
that needs the pages' bodies). Everything about disks is here, once: the staging folder,
safe paths, the manifest, hard-linking unchanged files, and clean-up on failure or cancel.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from .. import __version__
from ..library.errors import LibraryDamagedError
from .errors import ExportError
from .jobs import (
    MAX_PHOTOS_IN_FLIGHT,
    PAGES_PER_TASK,
    ArticlePageJob,
    RenderedPage,
    RenditionJob,
    make_executor,
    render_pages,
    render_photo_files,
    start_workers_early,
)
from .manifest import MANIFEST_NAME, Manifest, ManifestEntry
from .paths import check_relative_path
from .progress import CancelCheck, ExportReport, ExportStep, ProgressCallback, SkippedArticle, drive
from .staging import StagedExport, resolve_destination


@dataclass(frozen=True)
class FileOutput:
    """A file whose bytes are known at planning time (stylesheet, listing pages)."""

    path: str
    key: str
    data: bytes | None = None
    make: object = None  # a callable returning bytes, for output that is costly to build

    def content(self) -> bytes:
        return self.data if self.data is not None else self.make()


@dataclass(frozen=True)
class PageOutput:
    """An article page, rendered from Markdown (in a worker when there are many)."""

    key: str
    job: ArticlePageJob


@dataclass(frozen=True)
class PhotoOutput:
    """One photo's renditions; `keys` by path. The original is read only if one is missing."""

    photo_id: int
    keys: dict[str, str]
    widths: dict[str, int]
    placement: object
    photo: object


@dataclass
class ExportPlan:
    files: list[FileOutput] = field(default_factory=list)
    pages: list[PageOutput] = field(default_factory=list)
    photos: list[PhotoOutput] = field(default_factory=list)
    articles: int = 0
    skipped: list[SkippedArticle] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the report: what this export could not do, and why

    @property
    def total(self) -> int:
        return len(self.files) + len(self.pages) + sum(len(p.keys) for p in self.photos)


class ExportSession:
    """The state of one build inside its staging folder."""

    def __init__(self, stage: StagedExport, previous: Manifest, report: ExportReport):
        self.stage = stage
        self.previous = previous
        self.report = report
        self.manifest = Manifest()

    def reuse(self, path: str, key: str) -> bool:
        """Link the previous export's file into the new one when its inputs are unchanged
        and the file is still what that export wrote."""
        entry = self.previous.files.get(path)
        if entry is None or entry.key != key or self.stage.previous is None:
            return False
        found = self.stage.previous.stat_file(path)
        if found is None or found.st_size != entry.size:
            return False  # removed or edited by hand since: write it again
        # Every file of an export is written (or linked, keeping its time) before its
        # manifest, so one modified later was touched since; only then are its bytes read.
        if found.st_mtime_ns > self.previous.written_ns and not self._still_holds(path, entry.sha256):
            return False
        try:
            linked = self.stage.tree.link_from(self.stage.previous, path, found)
        except FileNotFoundError:
            return False
        self.manifest.files[path] = ManifestEntry(key, entry.sha256, linked.st_size)
        self.report.files_reused += 1
        self.report.reused.append(path)
        return True

    def _still_holds(self, path: str, sha256: str) -> bool:
        data = self.read_previous(path)
        return data is not None and hashlib.sha256(data).hexdigest() == sha256

    def write(self, path: str, key: str, data: bytes) -> None:
        written = self.stage.tree.write_new(path, data)
        sha256 = hashlib.sha256(data).hexdigest()
        self.manifest.files[path] = ManifestEntry(key, sha256, written.st_size)
        self.report.files_written += 1
        self.report.written.append(path)

    def read_previous(self, path: str) -> bytes | None:
        if self.stage.previous is None or self.stage.previous.stat_file(path) is None:
            return None
        try:
            return self.stage.previous.read_file(path)
        except OSError:
            return None


class Exporter:
    """Base of the article and site writers: `steps(out_dir)` is the build, `write` runs it."""

    kind = "export"

    def __init__(self, library):
        self.library = library

    # ------------------------------------------------------------------ subclass hooks

    def plan(self) -> ExportPlan:
        raise NotImplementedError

    def finish(self, session: ExportSession, rendered: dict[str, RenderedPage]) -> Iterator[str]:
        """Write what depends on rendered pages; yields a message per file. Nothing by default."""
        return iter(())

    def finish_count(self) -> int:
        return 0

    def read_original(self, photo_id: int) -> bytes:
        return self.library.photo_original(photo_id)

    # ------------------------------------------------------------------ running

    def write(
        self,
        out_dir: os.PathLike | str,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
    ) -> ExportReport:
        return drive(self.steps(out_dir), progress, cancel)

    def check_library(self) -> None:
        """Refuse a damaged library rather than export a site with pieces silently missing
        (a damaged index hides rows without an error); the destination is left untouched."""
        problems = self.library.check_content()
        if problems:
            raise LibraryDamagedError(self.library.path, "; ".join(problems[:3]))

    def expected_pages(self) -> int:
        """How many pages the export will hold, known cheaply before planning."""
        return 1

    def steps(self, out_dir: os.PathLike | str) -> Generator[ExportStep, None, ExportReport]:
        started = time.perf_counter()
        destination = resolve_destination(out_dir)
        report = ExportReport(destination)
        yield ExportStep(0, 0, "Reading the library")
        self.check_library()
        with StagedExport(destination) as stage:
            previous = Manifest()
            manifest_stat = stage.previous.stat_file(MANIFEST_NAME) if stage.previous is not None else None
            if manifest_stat is not None:
                previous = Manifest.from_json(stage.previous.read_file(MANIFEST_NAME))
                previous.written_ns = manifest_stat.st_mtime_ns
            executor = None
            try:
                if not previous.files:
                    # A first export renders everything: start the workers now so they are
                    # ready when planning ends.
                    executor = start_workers_early(self.expected_pages())
                plan = self.plan()
                report.articles = plan.articles
                report.skipped = plan.skipped
                report.warnings.extend(plan.notes)
                total = plan.total + self.finish_count() + 1
                done = 0
                session = ExportSession(stage, previous, report)
                session.manifest.kind = self.kind
                session.manifest.generator = f"Copydesk {__version__}"

                stale_pages: list[PageOutput] = []
                for page in plan.pages:
                    check_relative_path(page.job.path)
                    if session.reuse(page.job.path, page.key):
                        done += 1
                        yield ExportStep(done, total, page.job.path)
                    else:
                        stale_pages.append(page)
                stale_photos: list[tuple[PhotoOutput, list[str]]] = []
                for photo in plan.photos:
                    missing = []
                    for path, key in photo.keys.items():
                        check_relative_path(path)
                        if session.reuse(path, key):
                            done += 1
                            yield ExportStep(done, total, path)
                        else:
                            missing.append(path)
                    if missing:
                        stale_photos.append((photo, missing))

                rendered: dict[str, RenderedPage] = {}
                page_keys = {page.job.path: page.key for page in stale_pages}
                if executor is None:
                    executor = make_executor(len(stale_pages), len(stale_photos))
                pending: dict[Future, tuple[str, dict]] = {}
                for batch in _batches([page.job for page in stale_pages], PAGES_PER_TASK):
                    pending[executor.submit(render_pages, batch)] = ("pages", {})
                # Listing pages and assets are drawn here while the workers render articles.
                for output in plan.files:
                    check_relative_path(output.path)
                    if not session.reuse(output.path, output.key):
                        session.write(output.path, output.key, output.content())
                    done += 1
                    yield ExportStep(done, total, output.path)
                waiting_photos = list(stale_photos)
                while pending or waiting_photos:
                    # Originals are read just in time: a folder of 24 MP photos must not sit in memory.
                    while (
                        waiting_photos and sum(kind == "photos" for kind, _ in pending.values()) < MAX_PHOTOS_IN_FLIGHT
                    ):
                        photo, missing = waiting_photos.pop(0)
                        future = executor.submit(render_photo_files, self._rendition_job(photo, missing))
                        pending[future] = ("photos", photo.keys)
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        kind, keys = pending.pop(future)
                        try:
                            results = future.result()
                        except BrokenProcessPool as exc:
                            raise ExportError(
                                "A worker process stopped unexpectedly (out of memory?); nothing was changed."
                            ) from exc
                        for result in results:
                            if kind == "pages":
                                rendered[result.path] = result
                                session.write(result.path, page_keys[result.path], result.html)
                                report.warnings.extend(f"{result.path}: {w}" for w in result.warnings)
                            else:
                                session.write(result.path, keys[result.path], result.data)
                                if result.extension and not result.path.endswith("." + result.extension):
                                    report.warnings.append(
                                        f"{result.path} holds {result.extension.upper()} data; "
                                        "browsers show it, but its name says otherwise."
                                    )
                            done += 1
                            yield ExportStep(done, total, result.path)
            finally:
                if executor is not None:
                    executor.shutdown(wait=True, cancel_futures=True)

            for message in self.finish(session, rendered):
                done += 1
                yield ExportStep(done, total, message)

            session.stage.tree.write_new(MANIFEST_NAME, session.manifest.to_json())
            yield ExportStep(done, total, "Saving to disk")
            stage.commit()
        report.seconds = time.perf_counter() - started
        yield ExportStep(total, total, "Done")
        return report

    def _rendition_job(self, photo: PhotoOutput, missing: list[str]) -> RenditionJob:
        return RenditionJob(
            photo_name=photo.photo.original_name or f"photo {photo.photo_id}",
            original=self.read_original(photo.photo_id),
            outputs=tuple((path, photo.widths[path]) for path in missing),
            placement=photo.placement,
            photo=photo.photo,
        )


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
