"""One writer thread takes every write; reads never wait for it."""

from __future__ import annotations

import concurrent.futures
import sqlite3
import threading

import pytest

from editor_app.library import Article, InvalidFieldError, Library, LibraryClosedError
from editor_app.library.errors import LibraryBusyError, LibraryDamagedError

WAIT = 30  # seconds: only reached when the code under test is broken


def hold_the_writer(library):
    """Submit a write that blocks the writer until the returned event is set."""
    entered, release = threading.Event(), threading.Event()

    def long_write():
        entered.set()
        assert release.wait(WAIT)

    future = library.submit(long_write)
    assert entered.wait(WAIT)
    return release, future


def test_reads_on_this_thread_complete_while_the_writer_is_inside_a_long_write(library, corpus_dir):
    from editor_app.photos.importer import import_photos

    [imported] = import_photos(library, [corpus_dir / "cmyk.jpg"])
    article = library.create_article("Searchable headline", body="Body words.")
    release, future = hold_the_writer(library)
    try:
        queued = library.submit(library.update_article, article.id, headline="Changed later")
        # Each of these would wait for the writer if reads shared its connection or a lock.
        assert [hit.article.id for hit in library.search("searcha*")] == [article.id]
        assert library.photo_thumbnail(imported.photo.id, "grid") is not None
        assert library.get_article(article.id).headline == "Searchable headline"
        assert not queued.done()
    finally:
        release.set()
    future.result(WAIT)
    assert queued.result(WAIT).headline == "Changed later"
    assert library.get_article(article.id).headline == "Changed later"


def test_reads_and_writes_complete_while_a_backup_runs_on_another_thread(library, tmp_path, monkeypatch):
    article = library.create_article("During a backup", body="Kept.")
    assert library.get_article(article.id)  # this thread's reader exists before the patch below
    copying, go_on = threading.Event(), threading.Event()

    class PausingConnection(sqlite3.Connection):
        def backup(self, target, **kwargs):
            copying.set()  # backup() is running and holds its own connection to the library
            assert go_on.wait(WAIT)
            return super().backup(target, **kwargs)

    def backup_source():
        return sqlite3.connect(library.path, factory=PausingConnection, isolation_level=None, check_same_thread=False)

    monkeypatch.setattr(library.connections, "open_reader", backup_source)
    result = {}
    thread = threading.Thread(target=lambda: result.update(path=library.backup(tmp_path / "copy.copydesk")))
    thread.start()
    try:
        assert copying.wait(WAIT)
        assert library.get_article(article.id).headline == "During a backup"
        assert library.search("kept")[0].article.id == article.id
        library.update_article(article.id, headline="Written during the backup")
    finally:
        go_on.set()
        thread.join(WAIT)
    assert result["path"] == tmp_path / "copy.copydesk"
    with Library.open(result["path"], read_only=True) as copy:
        assert copy.get_article(article.id).headline == "Written during the backup"


def test_writes_from_eight_threads_are_all_stored_one_at_a_time(library):
    article = library.create_article("Counter")
    inside = []
    overlaps = []

    def write(n):
        def one_write():
            if inside:
                overlaps.append(n)
            inside.append(n)
            try:
                library.db.execute("INSERT INTO article_tag (article_id, position, tag) VALUES (?, ?, ?)",
                                   (article.id, n, f"tag-{n}"))  # fmt: skip
                return threading.current_thread().name
            finally:
                inside.remove(n)

        return library.submit(one_write).result(WAIT)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        writers = list(pool.map(write, range(200)))
    assert set(writers) == {"copydesk-writer"}
    assert overlaps == []
    assert len(library.get_article(article.id).tags) == 200


def test_synchronous_writes_from_eight_threads_are_all_stored(library):
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        created = list(pool.map(lambda n: library.create_article(f"Story {n}", body=f"Body {n}."), range(80)))
    assert len({a.id for a in created}) == 80
    assert library.count_articles() == 80
    assert library.count_search_matches("body") == 80


def test_submit_returns_a_future_with_the_stored_article(library):
    future = library.submit(library.create_article, "Submitted", body="Queued.")
    assert isinstance(future, concurrent.futures.Future)
    article = future.result(WAIT)
    assert isinstance(article, Article)
    assert library.get_article(article.id).body == "Queued."


def test_a_failed_write_is_reported_and_raised_and_leaves_nothing_behind(library):
    reported = []
    library.add_error_listener(lambda error: reported.append((error, threading.current_thread().name)))
    article = library.create_article("Before")

    def half_a_write():
        library.update_article(article.id, headline="Half written")
        # A lock another program holds: what SQLite says after its busy timeout.
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(LibraryBusyError, match="is busy"):
        library.submit(half_a_write).result(WAIT)
    [(error, thread_name)] = reported
    assert isinstance(error, LibraryBusyError)
    assert thread_name == "copydesk-writer"
    assert library.get_article(article.id).headline == "Before"
    # The writer keeps running.
    assert library.update_article(article.id, headline="After").headline == "After"


def test_a_damaged_page_met_by_a_write_is_translated(library):
    reported = []
    library.add_error_listener(reported.append)

    def meets_damage():
        raise sqlite3.DatabaseError("database disk image is malformed")

    with pytest.raises(LibraryDamagedError, match="copydesk check"):
        library.submit(meets_damage).result(WAIT)
    assert [type(e) for e in reported] == [LibraryDamagedError]


def test_a_refused_request_is_raised_but_not_reported(library):
    reported = []
    library.add_error_listener(reported.append)
    article = library.create_article("Valid")
    with pytest.raises(InvalidFieldError):
        library.update_article(article.id, status="lost")
    assert reported == []


def test_nested_writes_on_the_writer_thread_run_directly(library):
    article = library.create_article("Original", body="Text.")
    copy = library.submit(library.duplicate_article, article.id).result(WAIT)
    assert copy.slug == "original-copy"


def test_close_finishes_queued_writes_then_refuses_new_ones(tmp_path):
    library = Library.create(tmp_path / "closing.copydesk")
    release, held = hold_the_writer(library)
    queued = [library.submit(library.create_article, f"Queued {n}") for n in range(5)]
    threading.Timer(0.2, release.set).start()
    library.close()
    assert held.done() and all(f.result(0).id for f in queued)
    with pytest.raises(LibraryClosedError):
        library.submit(library.create_article, "Too late")
    with pytest.raises(LibraryClosedError):
        library.create_article("Too late")
    with Library.open(tmp_path / "closing.copydesk", read_only=True) as reopened:
        assert reopened.count_articles() == 5


def test_close_gives_up_on_a_write_that_never_ends_and_keeps_nothing_of_it(tmp_path, monkeypatch):
    from editor_app.library import connections

    monkeypatch.setattr(connections, "CLOSE_WAIT_SECONDS", 0.3)
    path = tmp_path / "stuck.copydesk"
    library = Library.create(path)
    kept = library.create_article("Saved before")
    entered, release = threading.Event(), threading.Event()

    def stuck_write():
        library.update_article(kept.id, headline="Never committed")
        entered.set()
        assert release.wait(WAIT)

    stuck = library.submit(stuck_write)
    assert entered.wait(WAIT)
    queued = library.submit(library.create_article, "Never started")
    library.close()  # returns after the bounded wait instead of hanging
    assert library.closed
    assert not (tmp_path / "stuck.copydesk.lock").exists()
    with pytest.raises(LibraryClosedError):
        queued.result(WAIT)
    release.set()
    with pytest.raises(LibraryClosedError):
        stuck.result(WAIT)
    with Library.open(path, read_only=True) as reopened:
        assert [a.headline for a in reopened.list_articles()] == ["Saved before"]
