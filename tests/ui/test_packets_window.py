"""Story packets in the window: a packet dropped on it, a merge settled in the dialog, a
story sent as a packet."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from editor_app.library import Library
from editor_app.packets.reading import read_packet
from editor_app.packets.writing import write_packet


def drop_files(window, paths, target=None) -> bool:
    """Hand a drop of `paths` on `target` (the window by default) to the window's drop
    handling, its event filter: offscreen Qt delivers no synthetic drop without a drag."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    return window.packets.eventFilter(target or window, event) and event.isAccepted()


def test_a_dropped_packet_becomes_an_article_and_a_second_one_merges_through_the_dialog(
    qtbot, window, library, tmp_path
):
    with Library.create(tmp_path / "reporter.copydesk") as reporter:
        story = reporter.create_article("Budget vote", body="One.\n\nTwo.\n", byline="Leila")
        first = write_packet(reporter, story.id, tmp_path / "first", sender="Leila")
        assert drop_files(window, [first])
        qtbot.waitUntil(lambda: window.packets.last_taken is not None, timeout=10000)
        arrived = window.packets.last_taken.article
        assert arrived.uuid == story.uuid and window.article_id == arrived.id
        assert window.editor.headline.text() == "Budget vote"

        # Both sides change the headline; only the reporter changes the body.
        library.update_article(arrived.id, headline="Desk headline")
        reporter.update_article(story.id, headline="Reporter headline", body="One.\n\nTwo, longer.\n")
        second = write_packet(reporter, story.id, tmp_path / "second", sender="Leila")
    asked = []

    def choose(_parent, plan):
        asked.append([c.key for c in plan.conflicts])
        return {"headline": "theirs"}

    window.packets.ask_conflict_choices = choose
    window.article_id = None  # the window reads the desk's headline change afresh
    window.open_article(arrived.id)
    window.packets.take_packet_file(second)
    qtbot.waitUntil(lambda: window.packets.last_taken.article.headline == "Reporter headline", timeout=10000)
    assert asked == [["headline"]]
    assert window.editor.headline.text() == "Reporter headline"
    assert window.editor.body.toPlainText() == "One.\n\nTwo, longer.\n"
    assert library.revisions(arrived.id)[0].name == "Merged packet from Leila"


def test_a_packet_dropped_on_the_body_is_taken_not_pasted_as_a_path(qtbot, window, library, tmp_path):
    body = window.editor.body.viewport()
    assert body.acceptDrops()  # the body would take the drop itself (and insert the path)
    with Library.create(tmp_path / "reporter.copydesk") as reporter:
        story = reporter.create_article("Dropped on the text")
        packet = write_packet(reporter, story.id, tmp_path / "drop", sender="Leila")
    assert drop_files(window, [packet], target=body)
    qtbot.waitUntil(lambda: window.packets.last_taken is not None, timeout=10000)
    assert library.get_article(story.uuid).headline == "Dropped on the text"
    other = tmp_path / "notes.txt"
    other.write_text("not a packet")
    assert not drop_files(window, [other], target=body)  # any other file is the body's business


def test_a_cancelled_merge_changes_nothing(qtbot, window, library, tmp_path):
    with Library.create(tmp_path / "reporter.copydesk") as reporter:
        story = reporter.create_article("Budget vote")
        window.packets.take_packet_file(write_packet(reporter, story.id, tmp_path / "first", sender="Leila"))
        qtbot.waitUntil(lambda: window.packets.last_taken is not None, timeout=10000)
        library.update_article(story.uuid, headline="Desk headline")
        reporter.update_article(story.id, headline="Reporter headline")
        second = write_packet(reporter, story.id, tmp_path / "second", sender="Leila")
    window.packets.ask_conflict_choices = lambda _parent, _plan: None
    revisions = len(library.revisions(story.uuid))
    window.packets.take_packet_file(second)
    qtbot.waitUntil(lambda: "not taken" in window.statusBar().currentMessage(), timeout=10000)
    assert library.get_article(story.uuid).headline == "Desk headline"
    assert len(library.revisions(story.uuid)) == revisions


def test_send_as_packet_writes_the_open_article(qtbot, window, library, tmp_path):
    article = library.create_article("Sent from the window", body="Text.")
    window.open_article(article.id)
    target = tmp_path / "out.copydesk-story"
    window.packets.choose_packet_to_save = lambda _parent, _suggested: target
    window.packets.send_action.trigger()
    qtbot.waitUntil(target.exists, timeout=10000)
    assert read_packet(target).uuid == article.uuid


def test_send_to_desk_asks_for_the_folder_once_then_writes_into_the_outbox(qtbot, window, library, tmp_path):
    article = library.create_article("For the desk")
    window.open_article(article.id)
    desk = tmp_path / "Shared"
    desk.mkdir()
    asked = []
    window.packets.choose_desk_folder = lambda _parent, _current: asked.append("folder") or desk
    window.packets.ask_sender_name = lambda _parent, _current: "Leila Ahmadi"
    window.packets.send_to_desk_action.trigger()
    outbox = desk / "outbox" / "Leila Ahmadi"
    qtbot.waitUntil(lambda: len(list(outbox.glob("*.copydesk-story"))) == 1, timeout=10000)
    window.packets.send_to_desk_action.trigger()
    qtbot.waitUntil(lambda: len(list(outbox.glob("*.copydesk-story"))) == 2, timeout=10000)
    assert asked == ["folder"]
    assert window.packets.inbox.isVisible()
    qtbot.waitUntil(lambda: "you send as Leila Ahmadi" in window.packets.inbox.folder_label.text(), timeout=10000)
    assert window.packets.inbox.packet_rows() == []  # our own outbox is not our inbox


def test_a_damaged_packet_is_explained_in_a_message(qtbot, window, tmp_path):
    broken = tmp_path / "broken.copydesk-story"
    broken.write_bytes(b"not a packet")
    window.packets.take_packet_file(broken)

    def shown():
        boxes = [w for w in QApplication.topLevelWidgets() if w.accessibleName() == "Story packet problem"]
        assert boxes and "not a zip file" in boxes[0].text()
        return boxes[0]

    qtbot.waitUntil(lambda: bool(shown()), timeout=10000)
    shown().close()
