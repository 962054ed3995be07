"""Argument parsing and dispatch for `copydesk`.

Each command module exposes `register(subparsers, common)`; a command's parser sets
`handler=fn` with `fn(args, library) -> int`. Commands that make their own library
(init) set `needs_library=False` and get `library=None`.
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..library import Library, LibraryError
from ..paths import chosen_library_path
from .output import UserError

COMMAND_MODULES = ("articles", "photos", "publishing")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copydesk",
        description="Copydesk, an offline newsroom editor. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    parser.add_argument(
        "--library",
        metavar="PATH",
        help="library file to use (default: $COPYDESK_LIBRARY, else the user data folder)",
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a --json given before the command is not reset by the subcommand's default.
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
            continue
        module.register(subparsers, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ..ui.app import run_window

        return run_window(library=args.library)
    try:
        if getattr(args, "needs_library", True):
            path, _is_default = chosen_library_path(args.library)
            with Library.open(path, program="copydesk command line") as library:
                return int(args.handler(args, library) or 0)
        return int(args.handler(args, None) or 0)
    except (UserError, LibraryError) as exc:
        print(f"copydesk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("copydesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
