"""`copydesk import-wire FILE|-`: a wire story from a file or standard input as a new article."""

from __future__ import annotations

from ..wire import MAX_WIRE_BYTES, WireImportError, decode_wire_bytes, import_wire_story, read_wire_file
from .arguments import path_text, record_id, record_ref
from .output import UserError, emit, read_standard_input

_FORMATS = {"auto": None, "text": False, "html": True}


def register(subparsers, common) -> None:
    p = subparsers.add_parser(
        "import-wire",
        parents=[common],
        help="turn a wire story (plain text or HTML) into a new article, its photo captions into slots",
    )
    p.add_argument("source", metavar="FILE", type=path_text, help="a .txt, .md, .html or .htm file, or - for stdin")
    p.add_argument(
        "--format",
        choices=sorted(_FORMATS),
        default="auto",
        help="read the input as plain text or HTML (default: by the file's suffix, else by its content)",
    )
    p.set_defaults(handler=cmd_import_wire)

    p = subparsers.add_parser(
        "fill-slot", parents=[common], help="put a library photo in a photo slot (its caption stays)"
    )
    p.add_argument(
        "placement", metavar="PLACEMENT", type=record_id, help="the slot's placement id (copydesk placements)"
    )
    p.add_argument("photo", metavar="PHOTO", type=record_ref, help="photo id, uuid or SHA-256")
    p.set_defaults(handler=cmd_fill_slot)


def cmd_import_wire(args, library) -> int:
    try:
        source = _read_source(args.source, _FORMATS[args.format])
        article = import_wire_story(library, source)
    except WireImportError as exc:
        raise UserError(str(exc)) from None
    slots = library.photo_slots(article.id)
    removed = article.editor_note.count("\n- ")
    text = f"Imported article {article.id} “{article.headline or article.slug}”"
    details = []
    if slots:
        details.append(f"{len(slots)} photo slot{'s' if len(slots) != 1 else ''} waiting for photos")
    if removed:
        details.append(f"{removed} line{'s' if removed != 1 else ''} of boilerplate moved to the editor's note")
    if details:
        text += f" ({'; '.join(details)})"
    emit(args, {**article.to_dict(), "photo_slots": [slot.to_dict() for slot in slots]}, text)
    return 0


def cmd_fill_slot(args, library) -> int:
    placement = library.fill_photo_slot(args.placement, args.photo)
    emit(
        args,
        placement.to_dict(),
        f"Placement {placement.id}: photo {placement.photo_id} in the slot ({placement.role})",
    )
    return 0


def _read_source(name: str, is_html: bool | None):
    if name != "-":
        return read_wire_file(name, is_html=is_html)
    # At most one byte past the limit: /dev/zero or an endless pipe is refused, not read forever.
    data = read_standard_input(MAX_WIRE_BYTES + 1)
    return decode_wire_bytes(data, "Standard input", is_html=is_html)
