"""Text rules shared by the library, the window and the exporters: word counts and slugs."""

from __future__ import annotations

import re
import unicodedata

# A word is a run of letters/digits, with inner apostrophes or hyphens ("don't",
# "well-known", "Sheikh-ol-Eslam" count once). Works for any script \w covers.
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# Markdown that is not prose: placement lines, link/image targets, HTML tags.
_PLACEMENT_LINE = re.compile(r"^\s*!\[[^\]]*\]\(placement:[^)]*\)\s*$", re.MULTILINE)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>]*>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def prose_of_markdown(markdown: str) -> str:
    """The words a reader sees, near enough for counting: no URLs, no tags, no photo lines."""
    text = _PLACEMENT_LINE.sub(" ", markdown)
    text = _LINK_TARGET.sub("]", text)
    text = _AUTOLINK.sub(" ", text)
    return _HTML_TAG.sub(" ", text)


def count_words(markdown: str) -> int:
    return sum(1 for _ in _WORD.finditer(prose_of_markdown(markdown)))


def count_characters(markdown: str) -> int:
    """Characters of prose excluding line breaks, as copy desks count length."""
    return len(prose_of_markdown(markdown).replace("\n", ""))


_SLUG_JUNK = re.compile(r"[^\w]+")
MAX_SLUG_LENGTH = 80


def slugify(text: str) -> str:
    """A URL- and file-name-safe slug that keeps non-Latin scripts readable.

    "Iran's élite—rally" -> "irans-élite-rally"; a Persian headline stays Persian.
    NFC first so the same headline typed on macOS and Linux gives the same slug.
    """
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("'", "").replace("’", "")
    slug = _SLUG_JUNK.sub("-", text).strip("-_")
    slug = re.sub(r"[-_]{2,}", "-", slug)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    return slug.strip("-_")
