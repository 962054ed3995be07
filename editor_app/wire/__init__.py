"""Wire import: a story pasted or saved from an agency feed or a web page, read as an
article with its fields filled and its photos' captions waiting in slots (no Qt)."""

from editor_app.wire.errors import (
    EmptyWireStoryError,
    HtmlTooComplexError,
    NotTextError,
    WireImportError,
    WireStoryTooLargeError,
)
from editor_app.wire.parsing import REMOVED_HEADING, SlotDraft, WireDraft, parse_wire_story
from editor_app.wire.reading import (
    MAX_WIRE_BYTES,
    WIRE_FILE_SUFFIXES,
    WireText,
    decode_wire_bytes,
    read_wire_file,
    wire_text,
)
from editor_app.wire.storing import store_wire_draft

__all__ = [
    "MAX_WIRE_BYTES", "REMOVED_HEADING", "WIRE_FILE_SUFFIXES", "EmptyWireStoryError", "HtmlTooComplexError",
    "NotTextError", "SlotDraft", "WireDraft", "WireImportError", "WireStoryTooLargeError", "WireText",
    "decode_wire_bytes", "import_wire_story", "parse_wire_story", "read_wire_file", "store_wire_draft", "wire_text",
]  # fmt: skip


def import_wire_story(library, source: WireText):
    """Read `source` and store it: the new Article (its slots are `library.photo_slots(id)`)."""
    return store_wire_draft(library, parse_wire_story(source))
