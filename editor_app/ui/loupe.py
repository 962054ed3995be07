"""The loupe: one photo large, next/previous with the arrow keys, its caption beside it.

The picture shows at once from the 1024-pixel thumbnail stored at import; the
original is then decoded at screen size in a worker (a 24-megapixel JPEG takes a few
hundred milliseconds even at reduced DCT scale) and replaces it when it arrives, if
the loupe still shows that photo. The caption field edits the placement's caption:
the loupe only says what was typed (`captionEdited`), and the pane that opened it
hands it to its inspector, which shows the same placement, to be written as if typed
there. So a caption typed in the loupe gets the inspector's code expansion (`codes`, as
the editor types) and credit split (at the pause): the pane passes the split on with
`show_credit_split`, the loupe says it under the caption with an Undo link, and the Undo
(or Ctrl+Z right after the split) asks the inspector to put the text back as typed
(`creditSplitUndoRequested`, answered with `show_split_undone`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from .contact_sheet import FactsRole, KeyRole, PhotoIdRole
from .photo_inspector import CountedTextEdit, replace_text_keeping_undo

CaptionRole = Qt.ItemDataRole.UserRole + 4  # the words under the photo, for models that have them
SCREEN_BOX = (2560, 2560)
PAGE_KEYS = {Qt.Key.Key_PageDown: 1, Qt.Key.Key_PageUp: -1}


def decode_for_screen(library, photo_id: int, box: tuple[int, int] = SCREEN_BOX) -> tuple[int, QImage]:
    """(photo_id, the photo upright in sRGB fitted in `box`): a worker job (QImage is safe off
    the GUI thread)."""
    from PIL import ImageOps

    from editor_app.photos.color import to_srgb
    from editor_app.photos.reading import decode, guarded_decoding, open_image

    name = f"photo {photo_id}"
    image, _format = open_image(library.photo_original(photo_id), name, check_pixel_data=False)
    with image:
        icc_profile = image.info.get("icc_profile")
        decoded = decode(image, name, display_box=box)
        with guarded_decoding(name):
            upright = ImageOps.exif_transpose(decoded)
            upright.thumbnail(box)
            rgb = to_srgb(upright, icc_profile).convert("RGB")
    data = rgb.tobytes()
    return photo_id, QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()


class Loupe(QDialog):
    """Opened on a sheet's model at a row; Left/Right (Page Up/Down while typing) move, Escape closes."""

    captionEdited = Signal(int, str)  # KeyRole id, caption as typed
    creditSplitUndoRequested = Signal(int)  # KeyRole id whose credit split the editor undid
    rowChanged = Signal(int)

    def __init__(self, model, row: int, library, workers, *, editable: bool = True, caption_delay_ms: int = 800,
                 codes: Callable[[], dict] | None = None, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle("Loupe")
        self.setAccessibleName("Loupe")
        self.model = model
        self.library = library
        self.workers = workers
        self.row = -1
        self.full_pixels_shown = False
        self._source = QPixmap()
        self.picture = QLabel()
        self.picture.setAccessibleName("Photo")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(QSize(320, 240))
        self.picture.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows move while the picture has focus
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setAccessibleName("About this photo")
        self.caption = CountedTextEdit(None)
        self.caption.setAccessibleName("Caption")
        self.caption.setReadOnly(not editable)
        self.caption.codes = codes if editable else None
        self.caption.undo_override = self._undo_split_by_key
        self.split_notice = QLabel()
        self.split_notice.setAccessibleName("Credit moved")
        self.split_notice.setWordWrap(True)
        self.split_notice.setTextFormat(Qt.TextFormat.RichText)
        self.split_notice.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                                                  | Qt.TextInteractionFlag.LinksAccessibleByMouse)  # fmt: skip
        self.split_notice.hide()
        self._split_caption: str | None = None  # the caption as the shown split left it
        caption_label = QLabel("&Caption")
        caption_label.setBuddy(self.caption)
        side = QVBoxLayout()
        side.addWidget(self.facts)
        side.addWidget(caption_label)
        side.addWidget(self.caption, 1)
        side.addWidget(self.split_notice)
        side_box = QWidget()
        side_box.setLayout(side)
        side_box.setFixedWidth(320)
        layout = QHBoxLayout(self)
        layout.addWidget(self.picture, 1)
        layout.addWidget(side_box)
        self.resize(1280, 800)

        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(caption_delay_ms)
        self._commit_timer.timeout.connect(self.commit_caption)
        self.caption.textChanged.connect(self._caption_typed)
        self.split_notice.linkActivated.connect(self._split_undo_clicked)
        self.caption.installEventFilter(self)  # Page Up/Down would otherwise scroll the caption
        self._loading = False
        self._typed = False
        self.show_row(row)

    # ------------------------------------------------------------------ moving

    def show_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        self.commit_caption()
        self.row = row
        index = self.model.index(row, 0)
        photo_id = index.data(PhotoIdRole)
        facts = index.data(FactsRole)
        self.facts.setText(facts.describe() if facts is not None else "")
        self._loading = True
        self.caption.setPlainText(index.data(CaptionRole) or "")
        self._loading = False
        self._typed = False
        self._hide_split()
        self.full_pixels_shown = False
        self._source = QPixmap()
        if photo_id is not None and self.library is not None:
            stored = self.library.photo_thumbnail(photo_id, "inspector") or self.library.photo_thumbnail(photo_id)
            if stored is not None:
                self._source.loadFromData(stored[0])
            if self.workers is not None:
                self.workers.submit(decode_for_screen, self.library, photo_id,
                                    on_result=self._decoded, on_error=self._decode_failed)  # fmt: skip
        self._fit()
        self.rowChanged.emit(row)

    def current_photo_id(self) -> int | None:
        return self.model.index(self.row, 0).data(PhotoIdRole) if self.row >= 0 else None

    @Slot(object)
    def _decoded(self, decoded: tuple[int, QImage]) -> None:
        """Bound to the loupe itself, so Qt drops the delivery when the loupe has closed."""
        photo_id, image = decoded
        if photo_id != self.current_photo_id() or not self.isVisible():
            return
        self._source = QPixmap.fromImage(image)
        self.full_pixels_shown = True
        self._fit()

    @Slot(object)
    def _decode_failed(self, failure) -> None:
        # The stored preview stays; the status line says why the full photo did not come.
        self.facts.setText(f"{self.facts.text()}\nThe full photo cannot be shown: {failure.error}")

    def _fit(self) -> None:
        if self._source.isNull():
            self.picture.setPixmap(QPixmap())
            self.picture.setText("No picture")
            return
        size = self.picture.size()
        if self._source.width() > size.width() or self._source.height() > size.height():
            shown = self._source.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)  # fmt: skip
        else:
            shown = self._source
        self.picture.setPixmap(shown)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched, event) -> bool:
        # Page Up/Down move even while typing a caption; the arrows only outside it.
        if watched is self.caption and event.type() == QEvent.Type.KeyPress and event.key() in PAGE_KEYS:
            self.show_row(self.row + PAGE_KEYS[event.key()])
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        if event.key() in PAGE_KEYS:
            self.show_row(self.row + PAGE_KEYS[event.key()])
            return
        if not self.caption.hasFocus():
            if event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Down):
                self.show_row(self.row + 1)
                return
            if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up):
                self.show_row(self.row - 1)
                return
            if event.key() == Qt.Key.Key_Space:
                self.accept()
                return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ caption

    @Slot()
    def _caption_typed(self) -> None:
        if not self._loading:
            self._typed = True
            self._commit_timer.start()

    @Slot()
    def commit_caption(self) -> None:
        self._commit_timer.stop()
        if not self._typed or self.row < 0:
            return
        self._typed = False
        key = self.model.index(self.row, 0).data(KeyRole)
        if key is not None:
            self.captionEdited.emit(key, self.caption.toPlainText().strip())

    def current_key(self) -> int | None:
        return self.model.index(self.row, 0).data(KeyRole) if self.row >= 0 else None

    @Slot(int, str, str)
    def show_credit_split(self, key: int, caption: str, notice: str) -> None:
        """The inspector moved a wire credit out of this caption: show the caption it left
        (an edit Ctrl+Z can take back) and say so, with an Undo link."""
        if key != self.current_key():
            return
        self._show_caption(caption)
        self._split_caption = caption
        self.split_notice.setText(f'{notice} — <a href="undo">Undo</a>')
        self.split_notice.setAccessibleDescription(f"{notice}. Activate Undo to keep the caption as typed.")
        self.split_notice.show()

    @Slot(int, str)
    def show_split_undone(self, key: int, caption: str) -> None:
        if key != self.current_key():
            return
        self._show_caption(caption)
        self._hide_split()

    def _show_caption(self, caption: str) -> None:
        if caption == self.caption.toPlainText().strip():
            return
        self._loading = True
        replace_text_keeping_undo(self.caption, caption)
        self._loading = False

    def _hide_split(self) -> None:
        self._split_caption = None
        self.split_notice.hide()
        self.split_notice.clear()

    @Slot()
    def _split_undo_clicked(self, *_args) -> None:
        key = self.current_key()
        if key is not None and self._split_caption is not None:
            self.creditSplitUndoRequested.emit(key)

    def _undo_split_by_key(self) -> bool:
        """Ctrl+Z in the caption right after a split undoes the whole split, as in the inspector."""
        if self._split_caption is None or self.caption.toPlainText().strip() != self._split_caption:
            return False
        self._split_undo_clicked()
        return True

    def done(self, result: int) -> None:
        self.commit_caption()
        super().done(result)
