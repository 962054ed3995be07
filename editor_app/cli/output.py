"""Printing for CLI commands: text for people, --json for scripts, errors as one line."""

from __future__ import annotations

import json
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


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain aligned table; the last column is not padded."""
    if not rows:
        return "(none)"
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c).ljust(widths[i]) if i < len(row) - 1 else str(c) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
