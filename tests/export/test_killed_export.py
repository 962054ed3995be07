"""A `copydesk export` killed while its worker processes render leaves none of them behind,
and its stdout reaches end of file, so a script reading the output does not wait forever.

Before, 3-4 workers (80-110 MB each) outlived a killed command and held its stdout open.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from editor_app.export.jobs import MIN_PAGES_FOR_WORKERS, WORKERS
from editor_app.export.staging import STAGING_MARK
from tests.photos.test_worker_processes import (
    WORKERS_APPEAR_SECONDS,
    descendants_of,
    is_pool_worker,
    kill_and_expect_nothing_left,
    stop,
    wait_until,
)

from .conftest import copydesk_command

# Enough long articles that rendering them takes seconds, so the kill lands mid-render.
ARTICLES = 12 * MIN_PAGES_FOR_WORKERS
BODY = "\n\n".join(
    f"Paragraph {n} with *emphasis*, a [link](https://example.org/{n}) and more words." for n in range(150)
)


def pages_written(parent: Path) -> int:
    """Article pages already in the export's staging folder (the parent writes what workers render)."""
    return sum(len(list(staging.glob("articles/*/index.html"))) for staging in parent.glob(f"*{STAGING_MARK}*"))


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to see child processes")
def test_a_killed_export_leaves_no_worker_and_its_output_ends(library, tmp_path):
    for number in range(ARTICLES):
        library.create_article(headline=f"Story {number}", section="News", body=BODY)
    library_path = library.path
    library.close()
    parent = tmp_path / "exports"
    parent.mkdir()
    command = subprocess.Popen(
        copydesk_command(library_path, "export", "--out", str(parent / "site"), "--include-drafts"),
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        rendering = wait_until(
            lambda: (
                sum(is_pool_worker(pid) for pid in descendants_of(command.pid)) > WORKERS and pages_written(parent) > 0
            ),
            WORKERS_APPEAR_SECONDS,
        )
        assert rendering, "the export never started rendering in worker processes"
        left_behind = descendants_of(command.pid)  # the fork server and its workers
        assert pages_written(parent) < ARTICLES, "the export finished before it could be killed"

        kill_and_expect_nothing_left(command, left_behind)
    finally:
        stop(command)
