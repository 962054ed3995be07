"""The CPU-heavy parts of an export, as plain functions of plain data for worker processes.

Markdown rendering and photo renditions run in a pool of two processes so an export uses
both cores. Workers never see the library: the parent reads articles, placements, photos
and original bytes (frozen dataclasses and bytes, which pickle) and sends them here; the
parent alone writes files, so every write goes through the same safe-path checks.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Executor, Future
from dataclasses import dataclass

from editor_app.model import Article, Photo, Placement
from editor_app.processes import worker_pool

WORKERS = 2
# Below these amounts, starting worker processes costs more than it saves.
MIN_PAGES_FOR_WORKERS = 24
MIN_PHOTOS_FOR_WORKERS = 2
# Articles per task: large enough that pickling overhead is small, small enough that
# both workers stay busy to the end and progress moves smoothly.
PAGES_PER_TASK = 16
# Photos whose original bytes are held for a worker at once (a 24 MP JPEG is ~10 MB).
MAX_PHOTOS_IN_FLIGHT = 2 * WORKERS


@dataclass(frozen=True)
class ArticlePageJob:
    path: str  # where the page goes, relative to the export root
    article: Article  # with editor_note already blanked
    placed: tuple[tuple[Placement, Photo], ...]
    root: str  # relative prefix from the page to the export root
    site: object | None = None


@dataclass(frozen=True)
class RenderedPage:
    path: str
    html: bytes
    body_html: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class RenditionJob:
    photo_name: str
    original: bytes
    outputs: tuple[tuple[str, int], ...]  # (path, width) pairs for one photo
    placement: Placement
    photo: Photo


@dataclass(frozen=True)
class RenderedFile:
    path: str
    data: bytes
    extension: str = ""  # what the bytes are, for checking the name given to them


def render_pages(jobs: list[ArticlePageJob]) -> list[RenderedPage]:
    from editor_app.render import PlacedPhoto, render_article

    pages = []
    for job in jobs:
        placed = [PlacedPhoto(placement, photo) for placement, photo in job.placed]
        rendered = render_article(job.article, placed, root=job.root, site=job.site, path=job.path)
        pages.append(
            RenderedPage(job.path, rendered.html.encode("utf-8"), rendered.body_html, tuple(rendered.warnings))
        )
    return pages


def render_photo_files(job: RenditionJob) -> list[RenderedFile]:
    from editor_app.photos import render_rendition, rendition_metadata

    meta = rendition_metadata(job.placement, job.photo)
    files = []
    for path, width in job.outputs:
        rendition = render_rendition(job.original, width, meta, name=job.photo_name)
        files.append(RenderedFile(path, rendition.data, rendition.extension))
    return files


class InlineExecutor(Executor):
    """Runs each task at once in this process: small exports skip the pool's start-up."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - delivered through the future, as a pool would
            future.set_exception(exc)
        return future


def make_executor(page_count: int, photo_count: int) -> Executor:
    """Two worker processes when the work is worth it, else run in this process.

    Workers come from a fork server (where available) that has already imported the
    renderer, so they start in milliseconds, and never from a fork of a process that may
    have Qt threads running. They die with this process, however it dies (see
    editor_app.processes): a killed export must not leave them holding its stdout.
    """
    if page_count < MIN_PAGES_FOR_WORKERS and photo_count < MIN_PHOTOS_FOR_WORKERS:
        return InlineExecutor()
    if os.name == "posix" and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(
            ["editor_app.processes", "editor_app.export.jobs", "editor_app.render", "editor_app.photos"]
        )
    else:
        context = multiprocessing.get_context("spawn")
    return worker_pool(WORKERS, context)


def start_workers_early(expected_pages: int) -> Executor | None:
    """The worker pool, started before planning when a large export will need it.

    Starting the fork server and the workers blocks until they have imported the renderer,
    so it is done from a helper thread while this one reads the library. None for small
    exports.
    """
    if expected_pages < MIN_PAGES_FOR_WORKERS:
        return None
    executor = make_executor(expected_pages, 0)

    def warm_up() -> None:
        try:
            for _ in range(WORKERS):
                executor.submit(int)  # spawns a worker; the pool starts them one per pending task
        except RuntimeError:
            pass  # the export ended (cancelled) before the workers were needed

    threading.Thread(target=warm_up, name="copydesk-export-workers", daemon=True).start()
    return executor
