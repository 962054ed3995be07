"""Photo commands: photos import/list/show/edit, attach, placements, detach, check-captions."""

from __future__ import annotations

import sys

from ..library.photo_store import PhotoStore
from .arguments import READS, count, path_text, record_id, record_ref
from .output import UserError, emit, table

# One option per field the library lets an editor change (--alt-text for alt_text).
PHOTO_EDIT_OPTIONS = tuple(name.replace("_", "-") for name in PhotoStore.PHOTO_EDITABLE_FIELDS)


def register(subparsers, common) -> None:
    photos = subparsers.add_parser("photos", parents=[common], help="import, list, show and edit photos")
    photo_commands = photos.add_subparsers(dest="photos_command", metavar="SUBCOMMAND", required=True)

    p = photo_commands.add_parser("import", parents=[common], help="import photo files or folders (recursively)")
    p.add_argument("paths", nargs="+", metavar="PATH", type=path_text)
    p.set_defaults(handler=cmd_import)

    p = photo_commands.add_parser("list", parents=[common], help="list photos, newest import first")
    p.add_argument("--limit", type=count, default=None)
    p.add_argument("--query", help="words to look for in caption, creator, credit or file name")
    p.set_defaults(handler=cmd_list, opens=READS)

    p = photo_commands.add_parser("show", parents=[common], help="a photo's fields, as edited and as its file said")
    p.add_argument("photo", metavar="ID", type=record_ref)
    p.set_defaults(handler=cmd_show, opens=READS)

    p = photo_commands.add_parser("edit", parents=[common], help="change a photo's own caption, credit and rights")
    p.add_argument("photo", metavar="ID", type=record_ref)
    for option in PHOTO_EDIT_OPTIONS:
        p.add_argument(f"--{option}", dest=option.replace("-", "_"))
    p.set_defaults(handler=cmd_edit)

    p = subparsers.add_parser("attach", parents=[common], help="use a photo in an article")
    p.add_argument("article", metavar="ARTICLE", type=record_ref)
    p.add_argument("photo", metavar="PHOTO", type=record_ref)
    p.add_argument("--role", choices=("lead", "inline"), default="inline")
    p.add_argument("--caption", help="caption for this use; a trailing (Photo by X) becomes the credit")
    p.add_argument("--credit")
    p.add_argument("--alt-text", dest="alt_text")
    p.set_defaults(handler=cmd_attach)

    p = subparsers.add_parser("placements", parents=[common], help="the photos used in an article")
    p.add_argument("article", metavar="ARTICLE", type=record_ref)
    p.set_defaults(handler=cmd_placements, opens=READS)

    p = subparsers.add_parser("detach", parents=[common], help="remove a photo from an article")
    p.add_argument("article", metavar="ARTICLE", type=record_ref)
    p.add_argument("placement", metavar="PLACEMENT", type=record_id)
    p.set_defaults(handler=cmd_detach)

    p = subparsers.add_parser(
        "check-captions", parents=[common], help="caption, credit and alt text problems (exit 1 if any)"
    )
    p.add_argument("article", metavar="ARTICLE", type=record_ref)
    p.set_defaults(handler=cmd_check_captions, opens=READS)


# The photo readers, the importer and the caption rules are imported by the commands that
# use them: every other command (and the SIGKILL test's 200 writers) starts faster without.


def cmd_import(args, library) -> int:
    from ..photos.importer import import_photos

    def show_progress(done: int, total: int, result) -> None:
        if not getattr(args, "json", False) and sys.stderr.isatty():
            print(f"\r{done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    results = import_photos(library, args.paths, progress=show_progress)
    data = [
        {
            "path": str(r.path),
            "id": r.photo.id if r.photo else None,
            "created": r.created,
            "error": r.error,
        }
        for r in results
    ]
    lines = []
    for r in results:
        if r.error:
            lines.append(f"error\t{r.path}\t{r.error}")
        else:
            lines.append(f"{r.photo.id}\t{'new' if r.created else 'already in library'}\t{r.path}")
    if not results:
        lines.append("(no files found)")
    emit(args, data, "\n".join(lines))
    return 1 if any(r.error for r in results) else 0


def cmd_list(args, library) -> int:
    photos = library.list_photos(limit=args.limit, query=args.query)
    rows = [
        [
            p.id,
            p.format,
            f"{p.display_size[0]}x{p.display_size[1]}",
            p.credit,
            p.original_name,
            _one_line(p.description, 60),
        ]
        for p in photos
    ]
    emit(args, [p.to_dict() for p in photos], table(rows, ["ID", "FORMAT", "SIZE", "CREDIT", "FILE", "CAPTION"]))
    return 0


def format_photo(photo) -> str:
    width, height = photo.display_size
    lines = [
        f"id:           {photo.id}",
        f"file:         {photo.original_name} ({photo.format}, {photo.byte_size} bytes)",
        f"sha256:       {photo.sha256}",
        f"size:         {width}x{height} (stored {photo.width}x{photo.height}, orientation {photo.orientation})",
        f"taken:        {photo.taken_at or '-'}",
        f"camera:       {' '.join(filter(None, (photo.camera_make, photo.camera_model))) or '-'}",
        f"location:     {'present in the original (never exported)' if photo.has_location else 'none'}",
        f"alpha:        {'yes' if photo.has_alpha else 'no'}",
        "",
    ]
    for field in ("description", "creator", "credit", "copyright", "source", "headline", "city", "country",
                  "alt_text", "usage_terms"):  # fmt: skip
        lines.append(f"{field + ':':<14}{getattr(photo, field) or '-'}")
    said = photo.embedded or {}
    for container in ("xmp", "iptc", "exif"):
        values = said.get(container)
        if not values:
            continue
        lines += ["", f"as the file said ({container.upper()}):"]
        for key, value in values.items():
            shown = "; ".join(value) if isinstance(value, list) else value
            lines.append(f"  {key + ':':<14}{shown}")
    return "\n".join(lines)


def cmd_show(args, library) -> int:
    photo = library.get_photo(args.photo)
    emit(args, photo.to_dict(), format_photo(photo))
    return 0


def cmd_edit(args, library) -> int:
    fields = {
        option.replace("-", "_"): getattr(args, option.replace("-", "_"))
        for option in PHOTO_EDIT_OPTIONS
        if getattr(args, option.replace("-", "_")) is not None
    }
    if not fields:
        raise UserError("Nothing to change: give at least one field option (see copydesk photos edit --help).")
    photo = library.update_photo(args.photo, **fields)
    emit(args, photo.to_dict(), f"Updated photo {photo.id}")
    return 0


def cmd_attach(args, library) -> int:
    from ..photos.captions import split_credit

    caption, credit = args.caption, args.credit
    if caption is not None and credit is None:
        # A wire caption pasted whole: "... (Photo by ICANA)" -> caption and credit.
        caption, split = split_credit(caption)
        credit = split
    placement = library.attach_photo(
        args.article, args.photo, role=args.role, caption=caption, credit=credit, alt_text=args.alt_text
    )
    emit(args, placement.to_dict(), f"Placement {placement.id}: photo {placement.photo_id} ({placement.role})")
    return 0


def cmd_placements(args, library) -> int:
    placements = library.placements(args.article)
    rows = [
        [p.id, p.position, p.role, "(slot)" if p.is_slot else p.photo_id, p.credit, _one_line(p.caption, 60)]
        for p in placements
    ]
    emit(
        args, [p.to_dict() for p in placements], table(rows, ["PLACEMENT", "POS", "ROLE", "PHOTO", "CREDIT", "CAPTION"])
    )
    return 0


def cmd_detach(args, library) -> int:
    library.detach_photo(args.placement, args.article)
    emit(args, {"detached": args.placement}, f"Detached placement {args.placement}")
    return 0


def cmd_check_captions(args, library) -> int:
    from ..photos.placements import caption_problems

    problems = caption_problems(library, args.article)
    # Errors first, as the preflight and the inspector list them; each says which it is.
    problems = sorted(problems, key=lambda p: not p.is_error)
    data = [
        {"placement_id": p.placement_id, "field": p.field, "code": p.code, "severity": p.severity, "message": p.message}
        for p in problems
    ]
    emit(args, data, "\n".join(f"{p.severity}: {p.message}" for p in problems) or "No caption problems.")
    return 1 if problems else 0


def _one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
