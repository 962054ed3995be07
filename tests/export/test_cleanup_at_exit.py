"""A command-line export that replaces an earlier one removes the old files before the
process exits, and prints nothing about it.

The old export is removed by a thread so the new one is visible at once; when that thread
queued its work after `copydesk export` had returned, the interpreter's shutdown refused it
("cannot schedule new futures after interpreter shutdown", 56 of 74 runs) and the old
export stayed behind as `.DIR.copydesk-staging-*`.
"""

from __future__ import annotations

from editor_app.export.staging import PARALLEL_REMOVAL_MIN_ENTRIES, RETIRED_MARK, STAGING_MARK

from .conftest import run_copydesk

# Enough article folders that the removal uses its threads, as in the libraries where it failed.
ARTICLES = 70
RUNS = 5


def test_replacing_an_export_from_the_command_line_leaves_no_debris_and_no_exception(library, tmp_path):
    for number in range(ARTICLES):
        library.create_article(headline=f"Story {number}", section="News", body=f"Paragraph {number}.\n\nMore.")
    library_path = library.path
    library.close()
    parent = tmp_path / "exports"
    parent.mkdir()
    for run in range(RUNS):  # every run after the first replaces the export before it
        result = run_copydesk(library_path, "export", "--out", str(parent / "site"), "--include-drafts")
        assert result.returncode == 0, result.stderr
        assert "Exception" not in result.stderr and "Traceback" not in result.stderr, f"run {run}: {result.stderr}"
        leftovers = [p.name for p in parent.iterdir() if STAGING_MARK in p.name or RETIRED_MARK in p.name]
        assert leftovers == [], f"run {run} left {leftovers}"
        assert len(list((parent / "site" / "articles").iterdir())) == ARTICLES
    assert ARTICLES >= PARALLEL_REMOVAL_MIN_ENTRIES  # the removal really used its thread pool
