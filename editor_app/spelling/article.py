"""Spellchecking a whole article: headline, standfirst, body, and each photo's caption and alt text.

The window checks field by field as the writer types; this is the same check over a
stored article for `copydesk spellcheck` and anything else without a window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .checker import SpellChecker

# The article's own fields, in reading order; then each placement's caption and alt text.
ARTICLE_FIELDS = ("headline", "standfirst", "body")
PLACEMENT_FIELDS = ("caption", "alt_text")


@dataclass(frozen=True)
class FieldMisspelling:
    field: str  # "headline", "standfirst", "body", "caption" or "alt_text"
    placement_id: int | None  # for a caption or alt text
    word: str
    offset: int  # characters from the field's start
    line: int  # 1-based
    column: int  # 1-based
    suggestions: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "field": self.field,
            "placement_id": self.placement_id,
            "word": self.word,
            "line": self.line,
            "column": self.column,
            "offset": self.offset,
            "length": len(self.word),
            "suggestions": list(self.suggestions),
        }


def article_misspellings(
    checker: SpellChecker, article, placements: Iterable = (), *, suggest: bool = True
) -> list[FieldMisspelling]:
    """Every misspelled word of the article and its placements, in reading order."""
    texts: list[tuple[str, int | None, str]] = [(name, None, getattr(article, name) or "") for name in ARTICLE_FIELDS]
    for placement in placements:
        texts += [(name, placement.id, getattr(placement, name) or "") for name in PLACEMENT_FIELDS]
    found = []
    for field, placement_id, text in texts:
        for miss in checker.misspellings(text):
            suggestions = checker.suggestions(miss.word) if suggest else ()
            found.append(
                FieldMisspelling(field, placement_id, miss.word, miss.offset, miss.line, miss.column, suggestions)
            )
    return found
