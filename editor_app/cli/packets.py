"""Story packet commands: hand a story to another desk and take one back.

    copydesk packet export ID --out FILE [--sender NAME]
    copydesk packet import FILE [--take mine|theirs] [--take NAME=mine|theirs ...]
    copydesk packet send ID              (into this sender's outbox in the desk folder)
    copydesk packet inbox                (packets other senders left in the desk folder)
    copydesk packet desk-folder [FOLDER] [--clear]
    copydesk packet sender [NAME]

Importing a story the library already has merges it by field; when both sides changed
the same field, nothing is written until --take says which side wins: for all
conflicts, or by name (headline, body, body.2, photo.1.caption... as listed).
"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from .arguments import PATH, READS, path_text, record_ref
from .output import UserError, emit, table

EXIT_CONFLICTS = 1

TAKE_HELP = (
    "settle conflicts: mine or theirs for all, or NAME=mine|theirs (repeatable) with a NAME the conflict list "
    "shows: a field (headline, tags...), body.N for the conflict at paragraph N of this library's text, "
    "photo.N for photo N in this library's page order (the packet's new photos after), photo.N.caption..., "
    "photo.order; body or photo.N alone is every conflict under it"
)


def sender_text(text: str) -> str:
    """A sender name, refused here when every receiver would refuse the packets it signs."""
    from ..packets.reading import MAX_SENDER_CHARS

    if len(" ".join(text.split())) > MAX_SENDER_CHARS:
        raise argparse.ArgumentTypeError(
            f"a sender name has at most {MAX_SENDER_CHARS} characters (a longer one makes every packet unreadable)"
        )
    return text


def register(subparsers, common) -> None:
    packet = subparsers.add_parser("packet", parents=[common], help="story packets: send a story, take one in")
    commands = packet.add_subparsers(dest="packet_command", metavar="SUBCOMMAND", required=True)

    p = commands.add_parser("export", parents=[common], help="write an article as a .copydesk-story file")
    p.add_argument("article", metavar="ID", type=record_ref, help="article id, uuid or slug")
    p.add_argument("--out", required=True, type=path_text, metavar="FILE", help="the packet file to write")
    p.add_argument("--sender", type=sender_text, help="who it is from (default: the library's sender name)")
    p.set_defaults(handler=cmd_export, opens=PATH)

    p = commands.add_parser("import", parents=[common], help="take a packet in: a new article, or a merge")
    p.add_argument("file", metavar="FILE", type=path_text)
    p.add_argument(
        "--take",
        action="append",
        default=[],
        metavar="[NAME=]SIDE",
        help=TAKE_HELP,
    )
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("send", parents=[common], help="put an article's packet in the desk folder")
    p.add_argument("article", metavar="ID", type=record_ref)
    p.add_argument("--sender", type=sender_text, help="who it is from (default: the library's sender name)")
    p.set_defaults(handler=cmd_send, opens=PATH)

    p = commands.add_parser("inbox", parents=[common], help="packets other senders left in the desk folder")
    p.set_defaults(handler=cmd_inbox, opens=READS)

    p = commands.add_parser("desk-folder", parents=[common], help="show or set the shared desk folder")
    p.add_argument("folder", nargs="?", type=path_text)
    p.add_argument("--clear", action="store_true", help="forget the desk folder")
    p.set_defaults(handler=cmd_desk_folder, opens=PATH)

    p = commands.add_parser("sender", parents=[common], help="show or set the name packets are sent under")
    p.add_argument("name", nargs="?", type=sender_text)
    p.set_defaults(handler=cmd_sender, opens=PATH)


def _open_for_sending(library_path: Path):
    """Sending writes to the library too: what was sent is remembered as the story both
    sides share, the base the next packet is merged against. A read-only library is
    refused saying so, not only that it cannot be opened for writing."""
    from ..library.errors import LibraryReadOnlyError

    try:
        return _open_for(library_path, changing=True)
    except LibraryReadOnlyError as exc:
        raise UserError(
            f"{exc} Sending a packet records what was sent (the base of the next merge), so the library must be "
            "writable; no packet was written."
        ) from None


def cmd_export(args, library_path) -> int:
    with _open_for_sending(library_path) as library:
        return _export(args, library)


def _export(args, library) -> int:
    from ..packets.writing import write_packet

    try:
        path = write_packet(library, args.article, args.out, sender=args.sender)
    except OSError as exc:
        raise _not_written(exc, Path(args.out).absolute().parent) from None
    emit(args, {"path": str(path)}, f"Wrote {path}")
    return 0


def cmd_import(args, library) -> int:
    from ..packets.merge import choices_from_rules, parse_take_rules
    from ..packets.taking import plan_packet, take_packet

    rules = parse_take_rules(args.take)
    plan = plan_packet(library, args.file)
    conflicts = plan.conflicts
    choices = choices_from_rules(conflicts, rules) if conflicts else {}
    unsettled = [c for c in conflicts if c.key not in choices]
    if unsettled:
        data = {
            "conflicts": [c.__dict__ for c in conflicts],
            "taken": list(plan.merge.taken),
            "article": plan.existing.id,
        }
        rows = [[c.key, c.label, _short(c.mine), _short(c.theirs)] for c in conflicts]
        emit(args, data, table(rows, ["NAME", "WHAT", "MINE", "THEIRS"]))
        print(
            f"copydesk: {len(unsettled)} conflict(s) with {plan.packet.sender or 'the sender'}; nothing was changed. "
            "Choose with --take mine|theirs, or --take NAME=mine|theirs for each.",
            file=sys.stderr,
        )
        return EXIT_CONFLICTS
    result = take_packet(library, plan, choices)
    if rules and not conflicts:  # said once the packet is in: a refusal says enough alone
        print("copydesk: no conflicts, so --take was not needed", file=sys.stderr)
    article = result.article
    if result.created:
        text = f"New article {article.id}: {article.headline or article.slug} (from {plan.packet.sender or 'another desk'})"
    elif not result.changed:
        text = f"Article {article.id} already had everything in this packet; nothing changed"
    else:
        parts = [f"took {', '.join(result.taken)}"] if result.taken else []
        if conflicts:
            parts.append(f"settled {len(conflicts)} conflict(s)")
        text = f"Merged into article {article.id}: {'; '.join(parts)}"
    data = {
        "article": article.to_dict(),
        "created": result.created,
        "changed": result.changed,
        "taken": list(result.taken),
        "choices": choices,
        "photos_added": result.photos_added,
    }
    emit(args, data, text)
    return 0


def _short(text: str, width: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 3] + "..."


def cmd_send(args, library_path) -> int:
    with _open_for_sending(library_path) as library:
        return _send(args, library)


def _send(args, library) -> int:
    from ..packets.desk_folder import desk_folder, send_to_desk

    folder = desk_folder(library)
    if folder is None:
        raise UserError("No desk folder is set; set one with `copydesk packet desk-folder FOLDER`.")
    try:
        path = send_to_desk(library, args.article, folder, sender=args.sender)
    except OSError as exc:
        raise _not_written(exc, folder) from None
    emit(args, {"path": str(path)}, f"Sent to the desk: {path}")
    return 0


def _not_written(error: OSError, folder: Path) -> UserError:
    """A packet the OS would not write, said about its folder: the OS names the temporary
    file (or nothing, for a full disk), and the library's own disk is not the one at fault."""
    if error.errno == errno.ENOSPC:
        return UserError(
            f"The disk holding {folder} is full; the packet was not written. Free some space and try again."
        )
    if error.errno == errno.ENOENT and not folder.is_dir():
        return UserError(f"The folder {folder} does not exist; the packet was not written.")
    return UserError(f"The packet could not be written in {folder}: {error.strerror or error}.")


def cmd_inbox(args, library) -> int:
    from ..packets.desk_folder import DeskFolderScanner, desk_folder
    from ..packets.taking import packet_was_taken
    from ..packets.writing import sender_name

    folder = desk_folder(library)
    if folder is None:
        raise UserError("No desk folder is set; set one with `copydesk packet desk-folder FOLDER`.")
    incoming = DeskFolderScanner(folder, sender_name(library)).scan()
    data, rows = [], []
    for item in incoming:
        if item.error:
            kind = "refused"
        elif packet_was_taken(library, item.packet_id):
            kind = "taken"
        else:
            kind = "update" if library.find_article_by_uuid(item.story_uuid) else "new"
        data.append({**item.__dict__, "path": str(item.path), "kind": kind})
        rows.append([item.sender, item.sent_at, kind, item.error or item.headline, str(item.path)])
    emit(args, data, table(rows, ["FROM", "SENT", "KIND", "HEADLINE", "FILE"]))
    return 0


def _open_for(library_path: Path, *, changing: bool):
    """Showing a setting only reads the library, so it works beside the window that holds
    it (and on a read-only copy); changing one opens it for writing."""
    from .main import open_library

    return open_library(library_path, read_only=not changing)


def cmd_desk_folder(args, library_path) -> int:
    with _open_for(library_path, changing=args.clear or args.folder is not None) as library:
        return _desk_folder(args, library)


def _desk_folder(args, library) -> int:
    from ..packets.desk_folder import DESK_FOLDER_SETTING, desk_folder

    if args.clear:
        library.set_setting(DESK_FOLDER_SETTING, None)
        emit(args, {"desk_folder": None}, "The desk folder is forgotten")
        return 0
    if args.folder is not None:
        folder = Path(args.folder).expanduser().absolute()
        if not folder.is_dir():
            raise UserError(f"{folder} is not a folder.")
        library.set_setting(DESK_FOLDER_SETTING, str(folder))
    folder = desk_folder(library)
    emit(args, {"desk_folder": str(folder) if folder else None}, str(folder) if folder else "(no desk folder set)")
    return 0


def cmd_sender(args, library_path) -> int:
    with _open_for(library_path, changing=args.name is not None) as library:
        return _sender(args, library)


def _sender(args, library) -> int:
    from ..packets.writing import SENDER_SETTING, sender_name

    if args.name is not None:
        name = " ".join(args.name.split())
        library.set_setting(SENDER_SETTING, name or None)
    name = sender_name(library)
    emit(args, {"sender": name}, name)
    return 0
