"""Text rules shared by the library, the window and the exporters: word counts and slugs."""

from __future__ import annotations

import functools
import re
import unicodedata


def _combining_mark_class() -> str:
    r"""A regex class body of every combining mark (Unicode category M).

    Python's \w does not match them, so without this "हिन्दी" or a vowelled Arabic
    word would split at every vowel sign. Built once from unicodedata for the planes
    where writing systems live (0-1, ~50 ms), plus the variation selectors of plane 14.
    """
    ranges, start, previous = [(0xE0100, 0xE01EF)], None, None
    for code in range(0x20000):
        if unicodedata.category(chr(code))[0] == "M":
            if start is None:
                start = code
            previous = code
        elif start is not None:
            ranges.append((start, previous))
            start = None
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)


@functools.cache
def _word_pattern() -> re.Pattern:
    # A word is a run of letters/digits (with their combining marks), with inner
    # apostrophes or hyphens ("don't", "well-known", "Sheikh-ol-Eslam" count once).
    letter = f"[\\w{_combining_mark_class()}]"
    return re.compile(f"{letter}+(?:['’\\-]{letter}+)*")


@functools.cache
def _slug_junk_pattern() -> re.Pattern:
    return re.compile(f"[^\\w{_combining_mark_class()}]+")
# Markdown that is not prose: placement lines, link/image targets, HTML tags. None of the
# patterns reaches past a line break, so a text's counts are the sums of its lines' counts:
# the editor keeps a count per line and recounts only the lines an edit touched.
_PLACEMENT_LINE = re.compile(r"^[^\S\n]*!\[[^\]\n]*\]\(placement:[^)\n]*\)[^\S\n]*$", re.MULTILINE)
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\n]*>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")


def prose_of_markdown(markdown: str) -> str:
    """The words a reader sees, near enough for counting: no URLs, no tags, no photo lines."""
    text = _PLACEMENT_LINE.sub(" ", markdown)
    text = _LINK_TARGET.sub("]", text)
    text = _AUTOLINK.sub(" ", text)
    return _HTML_TAG.sub(" ", text)


def count_words(markdown: str) -> int:
    return sum(1 for _ in _word_pattern().finditer(prose_of_markdown(markdown)))


def count_characters(markdown: str) -> int:
    """Characters of prose excluding line breaks, as copy desks count length."""
    return len(prose_of_markdown(markdown).replace("\n", ""))


MAX_SLUG_LENGTH = 80


def slugify(text: str) -> str:
    """A URL- and file-name-safe slug that keeps non-Latin scripts readable.

    "Iran's élite—rally" -> "irans-élite-rally"; a Persian headline stays Persian.
    NFC first so the same headline typed on macOS and Linux gives the same slug.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("'", "").replace("’", "")
    slug = _slug_junk_pattern().sub("-", text).strip("-_")
    slug = re.sub(r"[-_]{2,}", "-", slug)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    return slug.strip("-_")
