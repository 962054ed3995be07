"""Story packets in the window: Send as Packet, Send to Desk, Take Story Packet (also by
dropping the file on the window or taking it from the desk inbox), and the desk folder.

Everything slow runs in a worker: writing a packet with its photos, reading and merging
one, storing it. The merge dialog opens on the GUI thread between the two halves of a
take (plan, then take), only when both sides changed the same thing. The window's
latest typing is saved first, so "mine" in a merge is what the writer sees.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from editor_app.packets.names import PACKET_SUFFIX

from .packet_inbox import DeskInbox

PACKET_FILTER = f"Story packets (*{PACKET_SUFFIX});;All files (*)"


def choose_packet_to_save(parent: QWidget, suggested: str) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(parent, "Send as Packet", suggested, PACKET_FILTER)
    return Path(path) if path else None


def choose_packet_to_open(parent: QWidget) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(parent, "Take Story Packet", "", PACKET_FILTER)
    return Path(path) if path else None


def choose_desk_folder(parent: QWidget, current: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, "Desk Folder (shared with the newsroom)", current)
    return Path(folder) if folder else None


def ask_sender_name(parent: QWidget, current: str) -> str | None:
    name, ok = QInputDialog.getText(parent, "Desk Folder", "Send packets as (your name, as colleagues know it):",
                                    text=current)  # fmt: skip
    return " ".join(name.split()) if ok and name.strip() else None


def ask_conflict_choices_lazily(parent: QWidget, plan):
    from .packet_merge_dialog import ask_conflict_choices

    return ask_conflict_choices(parent, plan)


def _take_job(library, plan, choices):
    """take_packet in a worker, its plan handed back with the result (to a bound method:
    PySide could mistake a later partial's receiver for one that is gone)."""
    from editor_app.packets.taking import take_packet

    return plan, take_packet(library, plan, choices)


def packet_paths(mime_data) -> list[Path]:
    """The story packet files among dragged URLs."""
    if not mime_data.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime_data.urls() if url.isLocalFile()]
    return [path for path in paths if path.name.lower().endswith(PACKET_SUFFIX)]


class PacketDesk(QObject):
    """The window's packet actions and desk inbox. `window` is the MainWindow: its library,
    workers, open article and status bar are what these actions use."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        # Replaceable dialogs: tests inject answers instead of modal dialogs.
        self.choose_packet_to_save = choose_packet_to_save
        self.choose_packet_to_open = choose_packet_to_open
        self.choose_desk_folder = choose_desk_folder
        self.ask_sender_name = ask_sender_name
        self.ask_conflict_choices = ask_conflict_choices_lazily
        self.last_taken = None  # the TakenPacket of the latest take, for tests and the status line
        self._waiting: list[Path] = []  # packets dropped or chosen, taken one at a time
        self._taking = False

        self.send_action = self._action("Send as &Packet…", self.send_as_packet_requested,
                                        "Write this article, its photos and captions as one file")  # fmt: skip
        self.send_to_desk_action = self._action("Send to &Desk", self.send_to_desk_requested,
                                                "Put this article's packet in your outbox in the desk folder")  # fmt: skip
        self.take_action = self._action("Ta&ke Story Packet…", self.take_packet_requested,
                                        "A new article, or a merge into the one you have")  # fmt: skip
        self.desk_folder_action = self._action("Desk &Folder…", self.desk_folder_requested,
                                               "The folder your newsroom shares for packets")  # fmt: skip
        self.inbox = DeskInbox(window.workers, parent=window)
        self.inbox.hide()
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inbox)
        self.inbox_action = self.inbox.toggleViewAction()
        self.inbox_action.setText("Des&k Inbox")
        self.inbox.takeRequested.connect(self.take_packet_file)
        window.setAcceptDrops(True)
        # The window, and every pane that takes drops of its own (the body would insert a
        # dropped file's path as text, the photos pane import it): a packet dropped anywhere
        # on the window is taken, whatever is under the pointer.
        self._drop_targets = [window, *(w for w in window.findChildren(QWidget) if w.acceptDrops())]
        for target in self._drop_targets:
            target.installEventFilter(self)

    def _action(self, text: str, slot, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def update_actions(self, has_library: bool, has_article: bool) -> None:
        self.take_action.setEnabled(has_library)
        self.desk_folder_action.setEnabled(has_library)
        self.send_action.setEnabled(has_article)
        self.send_to_desk_action.setEnabled(has_article)

    def set_library(self, library) -> None:
        """Follow the window's library: its desk folder and sender name."""
        from editor_app.packets.desk_folder import desk_folder
        from editor_app.packets.writing import sender_name

        if library is None:
            self.inbox.stop()
            return
        self.inbox.set_folder(library, desk_folder(library), sender_name(library))

    # ------------------------------------------------------------------ sending

    @Slot()
    def send_as_packet_requested(self) -> None:
        window = self.window
        if window.library is None or window.article_id is None:
            return
        from editor_app.packets.writing import packet_file_name

        suggested = packet_file_name(window.library, window.article_id)
        path = self.choose_packet_to_save(window, suggested)
        if path is not None:
            self.send_as_packet(path)

    def send_as_packet(self, path: Path) -> None:
        from editor_app.packets.writing import write_packet

        window = self.window
        window._save_everything()
        window.workers.submit(write_packet, window.library, window.article_id, path, on_result=self._sent,
                              on_error=self._failed)  # fmt: skip
        window.show_message(f"Writing {path.name}…")

    @Slot()
    def send_to_desk_requested(self) -> None:
        from editor_app.packets.desk_folder import desk_folder, send_to_desk

        window = self.window
        if window.library is None or window.article_id is None:
            return
        folder = desk_folder(window.library)
        if folder is None:
            self.desk_folder_requested()
            folder = desk_folder(window.library)
            if folder is None:
                return
        window._save_everything()
        window.workers.submit(send_to_desk, window.library, window.article_id, folder,
                              on_result=self._sent, on_error=self._failed)  # fmt: skip

    def _sent(self, path: Path) -> None:
        self.window.show_message(f"Sent: {path}")

    @Slot()
    def desk_folder_requested(self) -> None:
        """Choose the shared folder, and the name this library's packets go out under."""
        from editor_app.packets.desk_folder import DESK_FOLDER_SETTING, desk_folder
        from editor_app.packets.writing import SENDER_SETTING, sender_name

        window = self.window
        if window.library is None:
            return
        current = desk_folder(window.library)
        folder = self.choose_desk_folder(window, str(current or ""))
        if folder is None:
            return
        window.library.set_setting(DESK_FOLDER_SETTING, str(folder))
        name = self.ask_sender_name(window, sender_name(window.library))
        if name is not None:
            window.library.set_setting(SENDER_SETTING, name)
        self.set_library(window.library)
        self.inbox.show()

    # ------------------------------------------------------------------ taking

    @Slot()
    def take_packet_requested(self) -> None:
        if self.window.library is None:
            return
        path = self.choose_packet_to_open(self.window)
        if path is not None:
            self.take_packet_file(path)

    @Slot(Path)
    def take_packet_file(self, path: Path) -> None:
        """Queue the packet: each is read and merged in a worker, its conflicts settled, and
        stored, one packet after the other (a merge is planned against the latest state)."""
        if self.window.library is None:
            return
        self._waiting.append(Path(path))
        if not self._taking:
            self._take_next()

    def _take_next(self) -> None:
        from editor_app.packets.taking import plan_packet

        window = self.window
        self._taking = bool(self._waiting) and window.library is not None
        if not self._taking:
            self._waiting.clear()
            return
        window._save_everything()
        window.workers.submit(plan_packet, window.library, self._waiting.pop(0), on_result=self._planned,
                              on_error=self._take_failed)  # fmt: skip

    def _planned(self, plan) -> None:
        choices = None
        if plan.conflicts:
            choices = self.ask_conflict_choices(self.window, plan)
            if choices is None:
                self.window.show_message("The packet was not taken; nothing changed.")
                self._take_next()
                return
        self.window.workers.submit(_take_job, self.window.library, plan, choices, on_result=self._taken,
                                   on_error=self._take_failed)  # fmt: skip

    def _take_failed(self, failure) -> None:
        self._failed(failure)
        self._take_next()

    def _taken(self, result: tuple) -> None:
        plan, taken = result
        window = self.window
        self.last_taken = taken
        sender = plan.packet.sender or "another desk"
        if taken.created:
            text = f"New article from {sender}: {taken.article.headline}"
        elif not taken.changed:
            text = f"This library already had everything in the packet from {sender}."
        else:
            text = f"Merged the packet from {sender}" + (f": took {', '.join(taken.taken)}" if taken.taken else "")
        editor = window.editor
        if plan.existing is not None and editor.article is not None and editor.article.id == taken.article.id:
            # Fields the editor holds as "changed" but whose values are still those stored
            # before the merge are no edits: saving them on the way out (open_article saves
            # first) would put the old text back over the merge.
            stale = {k: v for k, v in editor.pending_changes().items() if v == getattr(plan.existing, k, None)}
            editor.mark_saved(stale, editor.article)
        window.library_pane.refresh_filters()
        window.library_pane.run_query()
        window.article_id = None  # show the article as it now is, even if it was open
        window.open_article(taken.article.id)
        window.show_message(text)
        self.inbox.scan()
        self._take_next()

    def _failed(self, failure) -> None:
        from editor_app.packets.errors import PacketError

        from .writes import is_user_facing

        error = failure.error
        if isinstance(error, (PacketError, OSError)) or is_user_facing(error):
            box = QMessageBox(QMessageBox.Icon.Warning, "Story packet", str(error), QMessageBox.StandardButton.Ok,
                              self.window)  # fmt: skip
            box.setAccessibleName("Story packet problem")
            box.setTextFormat(Qt.TextFormat.PlainText)  # names from the packet are never markup
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        else:
            self.window.workers.jobFailed.emit(failure)

    # ------------------------------------------------------------------ dropping

    def eventFilter(self, watched, event) -> bool:
        """A packet file dragged over or dropped on the window or one of its panes."""
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop) or (
            watched not in self._drop_targets
        ):
            return super().eventFilter(watched, event)
        paths = packet_paths(event.mimeData())
        if not paths or self.window.library is None:
            return super().eventFilter(watched, event)
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            for path in paths:
                self.take_packet_file(path)
        return True
