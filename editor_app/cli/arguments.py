"""Argument types shared by every command, so each kind of value is checked once.

argparse calls these on the raw text; a ValueError or ArgumentTypeError becomes the
parser's one-line error. Ids and counts are bounded by what SQLite can store (a
signed 64-bit integer): a larger number is a typo, not a request to search for it.
"""

from __future__ import annotations

import argparse
import re

# How a command uses the library (its parser's `opens=` default): locked for writing,
# read-only (no lock, no disk space), only its path (the handler opens it), not at all.
WRITES, READS, PATH, NOTHING = "writes", "reads", "path", "nothing"

# The largest id or count SQLite holds.
MAX_INTEGER = 2**63 - 1

_WHOLE_NUMBER = re.compile(r"[+-]?\d+")


def _whole_number(text: str, what: str, minimum: int) -> int:
    cleaned = text.strip().replace("_", "")
    if not _WHOLE_NUMBER.fullmatch(cleaned):
        raise argparse.ArgumentTypeError(f"{what} must be a whole number, not {text!r}")
    number = int(cleaned)
    if not minimum <= number <= MAX_INTEGER:
        raise argparse.ArgumentTypeError(f"{what} must be from {minimum} to {MAX_INTEGER:,}, not {text}")
    return number


def record_id(text: str) -> int:
    """A revision or placement number: a whole number from 1 up."""
    return _whole_number(text, "an id", 1)


def record_ref(text: str) -> str:
    """An article or photo: its id, uuid or slug. Digits are an id and must fit one."""
    cleaned = text.strip()
    if not cleaned:
        raise argparse.ArgumentTypeError("an empty id; give an id, uuid or slug")
    if _WHOLE_NUMBER.fullmatch(cleaned.replace("_", "")):
        return str(record_id(cleaned))
    return cleaned


def count(text: str) -> int:
    """How many (a --limit, a word target): a whole number from 0 up."""
    return _whole_number(text, "a count", 0)


def path_text(text: str) -> str:
    """A file or folder name; empty text is refused rather than read as the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path; give a file or folder name")
    return text
