"""Printing for CLI commands: text for people, --json for scripts, errors as one line."""

from __future__ import annotations

import json
import re
import sys


class UserError(Exception):
    """Something the user can fix; printed as one line on stderr, exit status 2."""


def read_standard_input(limit: int) -> bytes:
    """At most `limit` bytes of standard input (`-` for a file name).

    A shell's `<&-` starts the program with no standard input at all (sys.stdin is None);
    that is said, not read as an empty story or an empty body."""
    if sys.stdin is None:
        raise UserError("Standard input is closed; pipe the text in, or give a file name instead of -.")
    stream = getattr(sys.stdin, "buffer", None)  # a test's StringIO has no bytes under it
    return stream.read(limit) if stream is not None else sys.stdin.read(limit).encode("utf-8")


def emit(args, data, text: str | None = None) -> None:
    """Print `data` as JSON when --json was given, otherwise `text` (or a readable default)."""
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif text is not None:
        print(text)
    else:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    # Out now, not at exit: a script waiting for a saved article's id gets it as soon as
    # the save is committed, not after the library has been folded back and closed.
    sys.stdout.flush()


# Control characters in a cell: line breaks would split its row, and escape sequences in a
# name another desk chose (a packet's sender) would reach the terminal and be obeyed.
_CELL_BREAKS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
_CELL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _cell(value) -> str:
    return _CELL_CONTROLS.sub("\ufffd", _CELL_BREAKS.sub(" ", str(value)))


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain aligned table, one line a row; the last column is not padded."""
    if not rows:
        return "(none)"
    rows = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c).ljust(widths[i]) if i < len(row) - 1 else str(c) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
