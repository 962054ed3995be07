"""An export is all or nothing: failures, full disks and cancels leave the previous export
complete and no staging folder behind."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import threading
import uuid

import pytest

from editor_app.export import (
    MANIFEST_NAME,
    ExportCancelled,
    ExportDestinationError,
    export_article,
    export_site,
    wait_for_cleanup,
)
from editor_app.export.paths import SafeTree
from editor_app.export.staging import RETIRED_MARK, STAGING_MARK

from .conftest import files_under


def snapshot(root):
    return {path: hashlib.sha256((root / path).read_bytes()).hexdigest() for path in files_under(root)}


@pytest.fixture
def exported(newsroom, library, tmp_path):
    parent = tmp_path / "exports"
    parent.mkdir()
    site = parent / "site"
    export_site(library, site)
    return site


def failing_after(monkeypatch, count: int, error: BaseException):
    """Make the file writer fail on its `count`-th file, as a full disk would."""
    original = SafeTree.write_new
    calls = {"n": 0}

    def write_new(self, relative, data):
        calls["n"] += 1
        if calls["n"] >= count:
            raise error
        return original(self, relative, data)

    monkeypatch.setattr(SafeTree, "write_new", write_new)
    return calls


@pytest.mark.parametrize("failing_file", [1, 3, 8])
def test_a_full_disk_midway_leaves_the_previous_export_complete(exported, newsroom, library, monkeypatch, failing_file):
    before = snapshot(exported)
    for article in newsroom.values():  # every page must be rewritten
        library.update_article(article.id, headline=article.headline + " (updated)")
    failing_after(monkeypatch, failing_file, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OSError) as caught:
        export_site(library, exported)
    assert caught.value.errno == errno.ENOSPC
    assert snapshot(exported) == before
    assert sorted(p.name for p in exported.parent.iterdir()) == ["site"]


def test_an_exception_from_a_renderer_leaves_no_debris(exported, newsroom, library, monkeypatch):
    before = snapshot(exported)
    library.update_article(newsroom["budget"].id, body="Changed body.")
    failing_after(monkeypatch, 1, RuntimeError("renderer exploded"))
    with pytest.raises(RuntimeError):
        export_site(library, exported)
    assert snapshot(exported) == before
    assert sorted(p.name for p in exported.parent.iterdir()) == ["site"]


def test_a_first_export_that_fails_leaves_nothing(newsroom, library, tmp_path, monkeypatch):
    failing_after(monkeypatch, 2, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(OSError):
        export_site(library, tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert not [p for p in tmp_path.iterdir() if STAGING_MARK in p.name]


def test_cancel_between_steps_keeps_the_previous_export(exported, newsroom, library):
    before = snapshot(exported)
    library.update_article(newsroom["world"].id, headline="Talks collapse")
    cancel = threading.Event()
    seen = []

    def progress(done, total, message):
        seen.append(done)
        if len(seen) == 4:
            cancel.set()

    with pytest.raises(ExportCancelled):
        export_site(library, exported, progress=progress, cancel=cancel)
    assert len(seen) == 4
    assert snapshot(exported) == before
    assert sorted(p.name for p in exported.parent.iterdir()) == ["site"]


def test_cancel_accepts_a_callable(newsroom, library, tmp_path):
    parent = tmp_path / "exports"
    parent.mkdir()
    with pytest.raises(ExportCancelled):
        export_article(library, newsroom["budget"].id, parent / "one", cancel=lambda: True)
    assert list(parent.iterdir()) == []  # neither the export nor a staging folder


def test_progress_counts_up_to_the_total(newsroom, library, tmp_path):
    steps = []
    export_site(library, tmp_path / "site", progress=lambda d, t, m: steps.append((d, t, m)))
    totals = {t for _d, t, _m in steps if t}
    assert len(totals) == 1
    total = totals.pop()
    dones = [d for d, t, _m in steps if t]
    assert dones == sorted(dones) and dones[-1] == total
    assert steps[-1][2] == "Done"


def test_a_crash_between_the_two_renames_is_repaired_by_the_next_export(exported, library):
    before = snapshot(exported)
    retired = exported.parent / f".site{RETIRED_MARK}999-dead"
    os.rename(exported, retired)  # as if the process died with the old export renamed out
    stale = exported.parent / f".site{STAGING_MARK}999-dead"
    stale.mkdir()
    (stale / "half.html").write_text("half")
    export_site(library, exported)
    wait_for_cleanup()
    assert snapshot(exported) == before
    assert sorted(p.name for p in exported.parent.iterdir()) == ["site"]


def test_replaced_export_is_removed_after_a_successful_export(exported, newsroom, library):
    library.update_article(newsroom["world"].id, headline="Talks collapse")
    export_site(library, exported)
    wait_for_cleanup()
    assert sorted(p.name for p in exported.parent.iterdir()) == ["site"]
    assert "Talks collapse" in (exported / "index.html").read_text(encoding="utf-8")


def test_an_old_export_that_cannot_be_listed_is_left_for_the_next_export(exported, newsroom, library, monkeypatch):
    """The new export is in place before the old one is removed: failing to remove it is
    not a failed export, and the next export clears it away."""
    real_scandir = os.scandir

    def scandir(path="."):
        if STAGING_MARK in os.fspath(path) or RETIRED_MARK in os.fspath(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    library.update_article(newsroom["world"].id, headline="Talks collapse")
    monkeypatch.setattr(os, "scandir", scandir)
    export_site(library, exported)
    monkeypatch.undo()
    wait_for_cleanup()
    assert "Talks collapse" in (exported / "index.html").read_text(encoding="utf-8")
    assert len(list(exported.parent.iterdir())) == 2  # the old export, still there
    export_site(library, exported)
    wait_for_cleanup()
    assert sorted(p.name for p in exported.parent.iterdir()) == ["site"]


def test_refuses_a_folder_that_is_not_an_export(newsroom, library, tmp_path):
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "thesis.odt").write_text("years of work")
    with pytest.raises(ExportDestinationError):
        export_site(library, documents)
    assert (documents / "thesis.odt").read_text() == "years of work"
    empty = tmp_path / "empty"
    empty.mkdir()
    export_site(library, empty)
    assert (empty / MANIFEST_NAME).is_file()


def test_refuses_a_destination_that_is_a_symlink(newsroom, library, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(real, tmp_path / "link")
    with pytest.raises(ExportDestinationError):
        export_site(library, tmp_path / "link")
    assert list(real.iterdir()) == []


def test_symlinks_planted_in_an_old_export_are_not_followed(exported, newsroom, library, tmp_path):
    victim_dir = tmp_path / "victim"
    victim_dir.mkdir()
    victim_file = tmp_path / "victim.txt"
    victim_file.write_text("keep")
    article_folder = exported / "articles" / newsroom["world"].slug
    for child in article_folder.iterdir():
        child.unlink()
    article_folder.rmdir()
    os.symlink(victim_dir, article_folder)
    (exported / "index.html").unlink()
    os.symlink(victim_file, exported / "index.html")
    export_site(library, exported)
    assert list(victim_dir.iterdir()) == [] and victim_file.read_text() == "keep"
    assert not (exported / "index.html").is_symlink() and not article_folder.is_symlink()
    assert (article_folder / "index.html").is_file()


def mount_tiny_tmpfs(path, size: str) -> None:
    """Mount a tmpfs of `size` at `path`; skip the test where that is impossible, but fail
    under CI, which runs as root: a full-disk test that quietly skips guards nothing."""
    if os.name != "posix" or os.geteuid() != 0:
        reason = "needs root to mount a tiny tmpfs"
    else:
        path.mkdir()
        command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode == 0:
            return
        reason = f"could not mount a tiny tmpfs: {result.stderr.strip() or result.returncode}"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the full-disk test: it {reason}")
    pytest.skip(reason)


def test_a_real_full_disk_leaves_the_previous_export_complete(newsroom, library, tmp_path):
    disk = tmp_path / "disk"
    mount_tiny_tmpfs(disk, "8m")
    try:
        site = disk / "site"
        export_site(library, site)
        before = snapshot(site)
        for article in newsroom.values():
            library.update_article(article.id, body=article.body + "\n\nA new paragraph. " * 50)
        filler = disk / f"filler-{uuid.uuid4().hex}"
        with open(filler, "wb", buffering=0) as stream:  # fill the disk to the last block
            try:
                while True:
                    stream.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        with pytest.raises(OSError) as caught:
            export_site(library, site)
        assert caught.value.errno == errno.ENOSPC
        assert snapshot(site) == before
        assert sorted(p.name for p in disk.iterdir()) == sorted(["site", filler.name])
        filler.unlink()
        export_site(library, site)
        assert "A new paragraph." in (site / "articles" / newsroom["budget"].slug / "index.html").read_text()
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_cancel_while_worker_processes_render_stops_them_and_leaves_nothing(library, tmp_path):
    from editor_app.export.jobs import MIN_PAGES_FOR_WORKERS

    for index in range(MIN_PAGES_FOR_WORKERS * 2):
        library.create_article(headline=f"Story {index}", section="News", body="Paragraph.\n\n" * 200)
    parent = tmp_path / "exports"
    parent.mkdir()
    calls = {"n": 0}

    def progress(done, total, message):
        calls["n"] += 1

    with pytest.raises(ExportCancelled):
        export_site(library, parent / "site", progress=progress, cancel=lambda: calls["n"] >= 3)
    assert list(parent.iterdir()) == []
    report = export_site(library, parent / "site")  # and the next export runs normally
    assert report.articles == MIN_PAGES_FOR_WORKERS * 2
