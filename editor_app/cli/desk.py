"""Caption desk commands: caption templates and the code-replacement list a desk shares.

    copydesk templates list | add NAME TEMPLATE | remove NAME
    copydesk codes list | import FILE [--replace] | export FILE ("-" for stdout)

Code files are Photo Mechanic's format (`code<TAB>replacement` per line), so a desk can
bring the list it already has.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .arguments import READS, path_text
from .output import UserError, emit, table


def register(subparsers, common) -> None:
    templates = subparsers.add_parser("templates", parents=[common], help="caption templates the desk shares")
    commands = templates.add_subparsers(dest="templates_command", metavar="SUBCOMMAND", required=True)
    p = commands.add_parser("list", parents=[common], help="the templates, in menu order")
    p.set_defaults(handler=cmd_templates_list, opens=READS)
    p = commands.add_parser(
        "add", parents=[common], help="add a template, e.g. '{city}, {country}, {date:%%B %%-d, %%Y}: '"
    )
    p.add_argument("name")
    p.add_argument("template")
    p.set_defaults(handler=cmd_templates_add)
    p = commands.add_parser("remove", parents=[common], help="remove a template by name or id")
    p.add_argument("name")
    p.set_defaults(handler=cmd_templates_remove)

    codes = subparsers.add_parser("codes", parents=[common], help="code replacements (=qal -> a full name)")
    commands = codes.add_subparsers(dest="codes_command", metavar="SUBCOMMAND", required=True)
    p = commands.add_parser("list", parents=[common], help="every code and its replacement")
    p.set_defaults(handler=cmd_codes_list, opens=READS)
    p = commands.add_parser("import", parents=[common], help="merge a Photo Mechanic code file into the list")
    p.add_argument("file", type=path_text)
    p.add_argument("--replace", action="store_true", help="replace the whole list instead of merging")
    p.set_defaults(handler=cmd_codes_import)
    p = commands.add_parser("export", parents=[common], help="write the list as a Photo Mechanic code file")
    p.add_argument("file", type=path_text, help='a file, or "-" for standard output')
    p.set_defaults(handler=cmd_codes_export, opens=READS)


def cmd_templates_list(args, library) -> int:
    templates = library.caption_templates()
    rows = [[t.id, t.name, t.template] for t in templates]
    emit(args, [t.to_dict() for t in templates], table(rows, ["ID", "NAME", "TEMPLATE"]))
    return 0


def cmd_templates_add(args, library) -> int:
    from ..photos.caption_tools import save_template

    template = save_template(library, args.name, args.template)
    emit(args, template.to_dict(), f"Added caption template {template.name!r}")
    return 0


def cmd_templates_remove(args, library) -> int:
    library.delete_caption_template(args.name)
    emit(args, {"removed": args.name}, f"Removed caption template {args.name!r}")
    return 0


def cmd_codes_list(args, library) -> int:
    codes = library.code_replacements()
    emit(args, codes, table([[code, text] for code, text in codes.items()], ["CODE", "REPLACEMENT"]))
    return 0


# Photo Mechanic's code lists run to a few hundred KB; reading stops here so a device such
# as /dev/zero, given by mistake, is refused instead of being read until memory runs out.
MAX_CODE_FILE_BYTES = 16 * 1024 * 1024


def cmd_codes_import(args, library) -> int:
    from ..photos.caption_tools import decode_code_file, parse_code_list

    try:
        with open(args.file, "rb") as source:
            data = source.read(MAX_CODE_FILE_BYTES + 1)
    except OSError as exc:
        raise UserError(f"Cannot read {args.file}: {exc.strerror or exc}.") from None
    if len(data) > MAX_CODE_FILE_BYTES:
        raise UserError(f"{args.file} is larger than {MAX_CODE_FILE_BYTES // 2**20} MB, too large for a list of codes.")
    parsed = parse_code_list(decode_code_file(data))
    if not parsed.codes:
        raise UserError(f"{args.file} holds no codes ('code<TAB>replacement' per line).")
    stored = library.import_code_replacements(parsed.codes, replace=args.replace)
    for problem in parsed.problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    how = "replaced the list with" if args.replace else "merged"
    emit(args, {"stored": stored, "problems": parsed.problems}, f"{how.capitalize()} {stored} code(s) from {args.file}")
    return 0


def cmd_codes_export(args, library) -> int:
    from ..photos.caption_tools import format_code_list

    text = format_code_list(library.code_replacements())
    if args.file == "-":
        sys.stdout.write(text)
        return 0
    try:
        Path(args.file).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise UserError(f"Cannot write {args.file}: {exc.strerror or exc}.") from None
    print(f"Wrote {text.count(chr(10))} code(s) to {args.file}", file=sys.stderr if args.json else sys.stdout)
    return 0
