"""Argument parsing and dispatch for `copydesk`.

Each command module exposes `register(subparsers, common)`; a command's parser sets
`handler=fn` with `fn(args, library) -> int` and says how it uses the library with
`opens=`: WRITES (the default: locked, migrated), READS (read-only: no lock, no disk
space needed, runs beside an open window), PATH (the handler gets the library's path
and opens it itself, as `check` does) or NOTHING (init).

Every error a user can meet ends as one line "copydesk: ..." and exit status 2; an
unexpected one gets a short line too, with its traceback in the error log.
"""

from __future__ import annotations

import argparse
import errno
import os
import sqlite3
import sys
import traceback
from pathlib import Path

from .. import __version__
from ..library import Library, LibraryError
from ..library.files import translate_sqlite_error
from ..paths import chosen_library_path, write_error_log
from .arguments import NOTHING, PATH, READS, WRITES, path_text
from .output import UserError

COMMAND_MODULES = ("articles", "photos", "publishing", "desk", "packets", "spelling", "wire")

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug in Copydesk, not something the user did


class CommandLineParser(argparse.ArgumentParser):
    """argparse with its errors on one line (usage stays in --help), exit status 2."""

    def error(self, message: str):
        self.exit(EXIT_USER_ERROR, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = CommandLineParser(
        prog="copydesk",
        description="Copydesk, an offline newsroom editor. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"copydesk {__version__}")
    parser.add_argument(
        "--library",
        metavar="PATH",
        type=path_text,
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
    try:
        args = parser.parse_args(argv)
    except SystemExit as finished:  # --help, --version, or a usage error already printed
        return finished.code if isinstance(finished.code, int) else EXIT_USER_ERROR
    if args.command is None:
        from ..ui.app import run_window

        return run_window(library=args.library)
    if sys.stdout is None:
        # Started with `>&-`: an article saved before its id could not be printed would
        # read as a failure, and be made again. Refused before anything is done.
        print("copydesk: Standard output is closed; nothing was done. Send it to /dev/null to discard it.",
              file=sys.stderr)  # fmt: skip
        return EXIT_USER_ERROR
    library_path: Path | None = None
    try:
        opens = getattr(args, "opens", WRITES)
        if opens == NOTHING:
            return int(args.handler(args, None) or 0)
        library_path, _is_default = chosen_library_path(args.library)
        if opens == PATH:
            return int(args.handler(args, library_path) or 0)
        with open_library(library_path, read_only=opens == READS) as library:
            return int(args.handler(args, library) or 0)
    except KeyboardInterrupt:
        print("copydesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`copydesk list | head -1`): what is left to print has
        # nowhere to go, and Python's own flush at exit must not complain about it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the one place every error becomes a sentence
        return report_error(exc, library_path, argv)


def open_library(path: Path, *, read_only: bool) -> Library:
    """The library for one command; a read-only command on a library saved by an older
    Copydesk opens it for writing once, which upgrades it, as every command used to."""
    if not read_only:
        return Library.open(path, program="copydesk command line")
    from ..library.library import LibraryNeedsUpgradeError

    try:
        return Library.open(path, read_only=True)
    except LibraryNeedsUpgradeError:
        return Library.open(path, program="copydesk command line")


def report_error(error: BaseException, library_path: Path | None, argv: list[str] | None) -> int:
    """Print what went wrong as one line and return the exit status."""
    message = user_message(error, library_path)
    if message is not None:
        one_line = " ".join(message.splitlines())
        print(f"copydesk: {one_line}", file=sys.stderr)
        return EXIT_USER_ERROR
    details = "".join(traceback.format_exception(error))
    command = " ".join(sys.argv if argv is None else ["copydesk", *argv])
    try:
        log = write_error_log(f"command: {command}\n{details}")
        where = f"the details are in {log}"
    except OSError as exc:
        where = f"the details could not be written to the error log ({exc.strerror or exc})"
    print(
        f"copydesk: unexpected error ({type(error).__name__}: {_first_line(error)}); {where}. Please report it.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL_ERROR


def user_message(error: BaseException, library_path: Path | None) -> str | None:
    """The sentence for an error a user can meet, or None for a bug."""
    from ..export.errors import ExportError
    from ..model.errors import BodyRefusedError
    from ..packets.errors import PacketError

    # An article the renderer refuses, an export folder that cannot be used, a damaged
    # story packet: the message already says what to change.
    if isinstance(error, (UserError, LibraryError, ExportError, BodyRefusedError, PacketError)):
        return str(error)
    if isinstance(error, (sqlite3.Error, OSError)) and library_path is not None and _about_library(error, library_path):
        translated = translate_sqlite_error(error, library_path)
        if isinstance(translated, LibraryError):
            return str(translated)
    if isinstance(error, OSError):
        return _os_error_sentence(error)
    if isinstance(error, UnicodeEncodeError) and "surrogates not allowed" in str(error):
        return "an argument is not valid UTF-8 text; check the command line's encoding."
    if isinstance(error, MemoryError):
        return "not enough memory for this command."
    return None


def _about_library(error: BaseException, library_path: Path) -> bool:
    """SQLite's errors are; an OSError is when it names no file or one of the library's
    (a full disk under an export folder is not the library's disk being full)."""
    filename = getattr(error, "filename", None)
    if not isinstance(error, OSError) or filename is None:
        return True
    own = {library_path.name + suffix for suffix in ("", "-wal", "-shm", "-journal", ".lock")}
    named = Path(os.fsdecode(filename)).absolute()
    return named.parent == library_path.absolute().parent and named.name in own


def _os_error_sentence(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        what = f" writing {error.filename}" if error.filename else ""
        return f"the disk is full{what}. Nothing was lost; free some space and try again."
    reason = error.strerror or str(error)
    if error.filename is not None:
        return f"{error.filename}: {reason}."
    return f"{reason}."


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else "no details"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
