"""The desk inbox: a small dock listing the packets other senders left in the desk folder.

A QFileSystemWatcher on the folder, its outbox and each sender's folder notices a packet
as soon as the sync tool renames it into place; a rescan every few seconds catches what
the watcher misses (network shares often send no notices at all). Scans run in a worker,
since a share may be slow, and read only the packets that changed (DeskFolderScanner's
cache). Taking a packet is the window's business: the dock asks through `takeRequested`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

RESCAN_INTERVAL_MS = 5000
# Notices come in bursts while a sync tool writes (temp file, rename, metadata): scan once.
NOTICE_SETTLE_MS = 250

KIND_LABELS = {"new": "New story", "update": "Update", "taken": "Taken", "refused": "Cannot be taken"}


def scan_inbox(scanner, library) -> tuple:
    """(scanner, reachable, rows): whether the folder can be reached, and (IncomingPacket,
    kind) for each packet, kind as in KIND_LABELS. Runs in a worker: on a share that went
    away even a stat can hang. The scanner comes back so the dock can tell a stale scan
    (the result goes to a plain bound method: a partial's receiver outlived the dock in PySide)."""
    from editor_app.packets.taking import packet_was_taken

    if not scanner.folder.is_dir():
        return scanner, False, []
    rows = []
    for item in scanner.scan():
        if item.error:
            kind = "refused"
        elif packet_was_taken(library, item.packet_id):
            kind = "taken"
        else:
            kind = "update" if library.find_article_by_uuid(item.story_uuid) is not None else "new"
        rows.append((item, kind))
    return scanner, True, rows


class DeskInbox(QDockWidget):
    """Lists incoming packets; `takeRequested(path)` when the user takes one."""

    takeRequested = Signal(Path)

    def __init__(self, workers=None, rescan_ms: int = RESCAN_INTERVAL_MS, parent: QWidget | None = None) -> None:
        super().__init__("Desk Inbox", parent)
        self.setObjectName("deskInbox")
        self.setAccessibleName("Desk inbox")
        self.workers = workers
        self.library = None
        self.scanner = None
        self._own_sender = ""
        self._scanning = False
        self._scan_again = False

        body = QWidget()
        layout = QVBoxLayout(body)
        self.folder_label = QLabel("No desk folder is set (File › Desk Folder…).")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.folder_label)
        self.table = QTreeWidget()
        self.table.setAccessibleName("Incoming story packets")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["From", "Sent", "Headline", "Kind"])
        self.table.header().setAccessibleName("Packet columns")
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.take_button = QPushButton("&Take")
        self.take_button.setEnabled(False)
        self.take_button.setAccessibleName("Take the selected packet")
        self.rescan_button = QPushButton("&Rescan")
        self.rescan_button.setAccessibleName("Rescan the desk folder")
        buttons.addWidget(self.take_button)
        buttons.addWidget(self.rescan_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setWidget(body)

        self.watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self, singleShot=True, interval=NOTICE_SETTLE_MS)
        self.rescan_timer = QTimer(self, interval=rescan_ms)
        self.watcher.directoryChanged.connect(self._settle.start)
        self._settle.timeout.connect(self.scan)
        self.rescan_timer.timeout.connect(self.scan)
        self.take_button.clicked.connect(self._take_selected)
        self.rescan_button.clicked.connect(self.scan)
        self.table.itemDoubleClicked.connect(self._take_selected)
        self.table.itemSelectionChanged.connect(self._update_take_button)

    # ------------------------------------------------------------------ folder

    def set_folder(self, library, folder: Path | None, own_sender: str) -> None:
        """Watch `folder` for `library` (None: no desk folder, nothing watched)."""
        from editor_app.packets.desk_folder import DeskFolderScanner

        self.library = library
        self._unwatch()
        self.table.blockSignals(True)
        self.table.clear()
        self.table.blockSignals(False)
        self._update_take_button()
        if library is None or folder is None:
            self.scanner = None
            self.rescan_timer.stop()
            self.folder_label.setText("No desk folder is set (File › Desk Folder…).")
            return
        self.scanner = DeskFolderScanner(folder, own_sender)
        self._own_sender = own_sender
        self.folder_label.setText(f"Looking in {folder}…")
        self.rescan_timer.start()
        self.scan()

    def _watch(self) -> None:
        existing = [str(p) for p in self.scanner.watched_folders() if p.is_dir()]
        missing = sorted(set(existing) - set(self.watcher.directories()))
        if missing:
            self.watcher.addPaths(missing)

    def _unwatch(self) -> None:
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())

    # ------------------------------------------------------------------ scanning

    @Slot()
    def scan(self) -> None:
        """Rescan now (in a worker); a scan asked for while one runs follows it."""
        if self.scanner is None or self.library is None:
            return
        if self._scanning:
            self._scan_again = True
            return
        self._scanning = True
        if self.workers is None:
            self._show(scan_inbox(self.scanner, self.library))
            return
        self.workers.submit(scan_inbox, self.scanner, self.library, on_result=self._show, on_error=self._scan_failed)

    def _show(self, scanned: tuple) -> None:
        self._scanning = False
        scanner, reachable, rows = scanned
        if scanner is not self.scanner:
            return  # the folder or library changed while this scan ran
        if reachable:
            self.folder_label.setText(f"Packets in {scanner.folder} (you send as {self._own_sender}).")
            self._watch()  # a sender's folder may have appeared, or the share come back
        else:
            self.folder_label.setText(
                f"The desk folder {scanner.folder} cannot be reached (is the shared drive connected?). "
                "It is looked at again every few seconds."
            )
        chosen = self.selected_path()
        # Quiet while the rows are rebuilt: clear() deletes the current item, and a
        # currentItemChanged carrying it would hand Python an item being destroyed.
        self.table.blockSignals(True)
        self.table.clear()
        for item, kind in rows:
            sent = item.sent_at.replace("T", " ").replace("Z", " UTC")
            label = KIND_LABELS[kind]
            row = QTreeWidgetItem([item.sender, sent, item.error or item.headline, label])
            row.setData(0, Qt.ItemDataRole.UserRole, str(item.path))
            row.setToolTip(2, item.error or str(item.path))
            row.setDisabled(kind == "refused")
            self.table.addTopLevelItem(row)
            if str(item.path) == chosen:
                self.table.setCurrentItem(row)
        self.table.blockSignals(False)
        self._update_take_button()
        if self._scan_again:
            self._scan_again = False
            self.scan()

    def _scan_failed(self, failure) -> None:
        """A library closed under the scan: the next scan (of the next library) shows the list."""
        from .writes import is_user_facing

        self._scanning = False
        if not is_user_facing(failure.error) and self.workers is not None:
            self.workers.jobFailed.emit(failure)

    def packet_rows(self) -> list[tuple[str, str, str, str]]:
        """(from, sent, headline, kind) as listed, for tests and screen readers alike."""
        return [
            tuple(self.table.topLevelItem(i).text(c) for c in range(4)) for i in range(self.table.topLevelItemCount())
        ]

    # ------------------------------------------------------------------ taking

    def selected_path(self) -> str | None:
        item = self.table.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_take_button(self, *_args) -> None:
        item = self.table.currentItem()
        self.take_button.setEnabled(item is not None and not item.isDisabled())

    def _take_selected(self, *_args) -> None:
        item = self.table.currentItem()
        if item is not None and not item.isDisabled():
            self.takeRequested.emit(Path(item.data(0, Qt.ItemDataRole.UserRole)))

    def stop(self) -> None:
        """Stop watching (the library is going away)."""
        self.rescan_timer.stop()
        self._settle.stop()
        self._unwatch()
        self.scanner = None
        self.library = None
