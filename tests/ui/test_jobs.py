"""Long jobs from the window: export and backup run off the GUI thread and report back."""

from __future__ import annotations

import sqlite3
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from editor_app.ui.workers import StatusBarJob, Workers


def test_export_article_runs_in_the_status_bar_while_the_writer_types(qtbot, window, tmp_path):
    window.new_article_action.trigger()
    qtbot.keyClicks(window.editor.headline, "Ferry strike ends")
    # What an editor gives a story before exporting it, so the preflight lets it go.
    qtbot.keyClicks(window.editor.body, "The strike is over. ")
    window.set_article_status("ready")
    window.choose_export_folder = lambda parent, title: tmp_path / "out"
    window.export_article_action.trigger()
    jobs = window.statusBar().findChildren(StatusBarJob)
    assert jobs and QApplication.activeModalWidget() is None
    qtbot.keyClicks(window.editor.body, "Typing goes on.")  # not blocked by the export
    qtbot.waitUntil(lambda: getattr(window, "last_export_report", None) is not None, timeout=30000)
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Ferry strike ends" in html
    assert "Typing goes on." in window.editor.body.toPlainText()
    qtbot.waitUntil(lambda: not [j for j in window.statusBar().findChildren(StatusBarJob) if j.isVisible()])


def test_cancelling_an_export_from_the_status_bar_keeps_the_previous_export(qtbot, make_window, library, tmp_path):
    from editor_app.export import wait_for_cleanup

    for n in range(40):
        library.create_article(f"Story {n}", body="Paragraph. " * 200, status="ready")
    window = make_window(library, workers=Workers(max_threads=1))
    out = tmp_path / "site"
    window.export_site(out)
    qtbot.waitUntil(lambda: window.last_export_report is not None, timeout=60000)
    first_index = (out / "index.html").read_bytes()
    window.last_export_report = None
    for n in range(40):
        library.update_article(f"story-{n}", body="Rewritten. " * 200)
    library.create_article("Late story", body="Late.", status="ready")

    # The only pool thread is held, so the export is still waiting when Cancel is clicked:
    # whatever the machine's speed, the cancel must reach it.
    release = threading.Event()
    window.workers.submit(release.wait, 30)
    window.export_site(out)
    [job] = [j for j in window.statusBar().findChildren(StatusBarJob) if j.isVisible()]
    qtbot.mouseClick(job.cancel_button, Qt.MouseButton.LeftButton)
    assert job.label.text() == "Cancelling…"
    release.set()
    qtbot.waitUntil(lambda: not window.workers.busy, timeout=60000)
    wait_for_cleanup()
    assert window.last_export_report is None  # the export stopped, reporting nothing
    assert (out / "index.html").read_bytes() == first_index  # the previous export stands whole
    assert sorted(p.name for p in tmp_path.iterdir() if "site" in p.name) == ["site"]  # no staging debris


def test_backup_from_the_window_is_a_sound_copy(qtbot, window, library, tmp_path):
    library.create_article("Keep this", body="Words.")
    destination = tmp_path / "backup.copydesk"
    window.choose_backup_path = lambda parent, suggested: destination
    window.backup_library_requested()
    assert QApplication.activeModalWidget() is None  # the writer keeps typing beside the copy
    qtbot.waitUntil(destination.exists, timeout=30000)
    qtbot.waitUntil(lambda: not window.workers.busy, timeout=30000)
    with sqlite3.connect(destination) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT headline FROM article").fetchall() == [("Keep this",)]


def _library_with_stories(path, count: int):
    from editor_app.library import Library

    library = Library.create(path)
    for n in range(count):
        library.create_article(f"Story {n}", body="A paragraph of the story. " * 150, status="ready")
    return library


def _start_a_long_export(qtbot, window, out):
    window.export_site(out)
    [job] = [j for j in window.statusBar().findChildren(StatusBarJob) if j.isVisible()]
    qtbot.waitUntil(lambda: job.bar.maximum() > 0, timeout=30000)  # running: it has counted its work


def _lock_is_free(path) -> bool:
    from editor_app.library import Library

    with Library.open(path):  # raises LibraryLockedError while the window still holds it
        return True


def test_closing_the_window_cancels_a_running_export_and_lets_the_library_go(qtbot, make_window, tmp_path):
    library = _library_with_stories(tmp_path / "news.copydesk", 300)
    window = make_window(library)
    out = tmp_path / "site"
    _start_a_long_export(qtbot, window, out)
    window.close()
    assert not window.workers.busy  # the close waited for the job to end...
    assert window.last_export_report is None  # ...which it did by stopping, not by finishing
    assert not (out / "index.html").exists()
    assert library.closed and _lock_is_free(library.path)


def test_switching_library_cancels_a_running_export_and_closes_the_old_library(qtbot, make_window, tmp_path):
    from editor_app.library import Library

    library = _library_with_stories(tmp_path / "news.copydesk", 300)
    window = make_window(library)
    out = tmp_path / "site"
    _start_a_long_export(qtbot, window, out)
    Library.create(tmp_path / "other.copydesk").close()
    assert window.open_library_path(tmp_path / "other.copydesk")
    assert not window.workers.busy and window.last_export_report is None
    assert not (out / "index.html").exists()
    assert library.closed and _lock_is_free(library.path)
    assert window.library.path == tmp_path / "other.copydesk"


def test_closing_says_so_while_a_job_is_still_stopping_and_waits_no_longer_than_its_bound(
    qtbot, make_window, library, monkeypatch
):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    from editor_app.ui import main_window

    monkeypatch.setattr(main_window, "JOBS_STOP_TIMEOUT_MS", 1500)
    window = make_window(library)
    release = threading.Event()
    window.workers.submit(release.wait, 60)  # a job that does not listen to Cancel
    seen = []
    look = QTimer(interval=50)
    look.timeout.connect(lambda: seen.extend(d.labelText() for d in window.findChildren(QProgressDialog)
                                             if d.isVisible()))  # fmt: skip
    look.start()
    try:
        window.close()
        look.stop()
        assert main_window.STOPPING_MESSAGE in seen  # the window said why it waited
        assert window.workers.busy and library.closed  # and let the library go once the bound had passed
    finally:
        release.set()
    qtbot.waitUntil(lambda: not window.workers.busy)


def test_job_callbacks_may_be_partials_and_lambdas_across_many_short_jobs(qtbot):
    from functools import partial

    from PySide6.QtCore import QObject

    workers = Workers(max_threads=2)
    results: list[tuple[str, int]] = []
    failures: list[str] = []
    progress: list[int] = []
    for n in range(300):
        workers.submit(
            lambda value, progress: progress(1, 2, "half") or value * 2,
            n,
            on_result=partial(lambda tag, value: results.append((tag, value)), "doubled"),
            on_error=lambda failure: failures.append(str(failure.error)),
            on_progress=lambda done, total, message: progress.append(done),
            with_progress=True,
        )
    workers.submit(int, "not a number", on_error=partial(lambda failures, failure: failures.append("bad"), failures))
    qtbot.waitUntil(lambda: not workers.busy, timeout=30000)
    assert sorted(value for _tag, value in results) == [2 * n for n in range(300)]
    assert failures == ["bad"] and progress == [1] * 300

    # A method of a QObject deleted before the result arrives is not called, as a signal
    # connected to it directly would have been disconnected.
    class Receiver(QObject):
        def take(self, value, extra=None):
            results.append(("late", value))

    for callback in (lambda receiver: receiver.take, lambda receiver: partial(receiver.take, extra=1)):
        receiver = Receiver()
        gate = threading.Event()
        workers.submit(lambda gate=gate: gate.wait(10) and 7, on_result=callback(receiver))
        receiver.deleteLater()
        QApplication.sendPostedEvents(None, 0)
        gate.set()
        qtbot.waitUntil(lambda: not workers.busy, timeout=10000)
    assert ("late", 7) not in results
    workers.deleteLater()


def test_a_failed_job_lets_go_of_its_function_before_it_reports(qtbot):
    """Once a job's outcome is out, the GUI thread may delete what the job held (a pane
    whose method it ran), so the pool thread must not be the one to let go of it last;
    nor may the failure's traceback, which reaches the GUI thread, keep it."""
    import weakref

    workers = Workers(max_threads=1)

    class Work:
        def run(self, seen):
            raise ValueError("the photo is damaged")

    work = Work()
    held = weakref.ref(work)
    outcome = []

    def failed(failure):
        outcome.append((str(failure.error), held() is None, "the photo is damaged" in failure.traceback))

    workers.submit(work.run, object(), on_error=failed)
    del work
    qtbot.waitUntil(lambda: bool(outcome), timeout=10000)
    assert outcome == [("the photo is damaged", True, True)]  # let go of, and the traceback kept as text
    qtbot.waitUntil(lambda: not workers.busy)
    workers.deleteLater()


def test_jobs_on_one_pool_thread_share_its_reader_connection_and_markdown_converters(qtbot, library):
    """PySide gives a Qt pool thread a new Python thread state for every job, so a
    threading.local did not outlive a job: each thumbnail read opened its own SQLite
    connection (the old one left for the garbage collector to close, in a frame of a
    scrolling contact sheet), and each preview render built its Markdown again."""
    from editor_app.render.body import _markdown_for
    from editor_app.render.language import quote_style

    library.create_article("Read by jobs")
    workers = Workers(max_threads=1)  # every job on the same thread
    seen: list[tuple] = []

    def job():
        library.list_articles()
        # The objects themselves, held: a freed one's id could be reused by its successor.
        return threading.get_ident(), library.connections.connection(), _markdown_for(quote_style("en"), ())

    for _ in range(5):
        workers.submit(job, on_result=seen.append)
    qtbot.waitUntil(lambda: len(seen) == 5, timeout=10000)
    thread, connection, converter = seen[0]
    assert all(other == (thread, connection, converter) for other in seen), seen  # one of each
    connection_count = len(library.connections._readers)
    assert connection_count == 1  # this thread's; the test's own thread has read nothing
    qtbot.waitUntil(lambda: not workers.busy)
    workers.deleteLater()
