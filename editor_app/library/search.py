"""Turn what a person types in a search box into a safe SQLite FTS5 query.

Supported: plain words (all must match), "quoted phrases", prefix* and -exclusions.
Every term is emitted as a double-quoted FTS5 string, so FTS5 operators or stray
punctuation typed by the user can never produce a syntax error; an unbalanced
quote is taken literally (it is not a word character, so it matches nothing and
is simply dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Mirrors the unicode61 tokenizer closely enough: runs of letters and digits.
_TOKEN = re.compile(r"\w+")
_TERM = re.compile(r'(?P<neg>-?)(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))(?P<star>\*?)')


@dataclass(frozen=True)
class SearchTerm:
    tokens: tuple[str, ...]
    prefix: bool = False
    exclude: bool = False

    def to_fts(self) -> str:
        body = " ".join(self.tokens)
        return f'"{body}"' + ("*" if self.prefix else "")


def parse_query(text: str) -> list[SearchTerm]:
    if text.count('"') % 2:
        # Unbalanced: the last quote is a literal character, not a phrase opener.
        index = text.rfind('"')
        text = text[:index] + " " + text[index + 1 :]
    terms: list[SearchTerm] = []
    for match in _TERM.finditer(text):
        raw = match.group("phrase") if match.group("phrase") is not None else match.group("word")
        prefix = bool(match.group("star")) or raw.endswith("*")
        tokens = tuple(_TOKEN.findall(raw))
        if not tokens:
            continue
        terms.append(SearchTerm(tokens=tokens, prefix=prefix, exclude=bool(match.group("neg"))))
    return terms


def build_fts_query(text: str) -> str | None:
    """The FTS5 MATCH expression, or None when nothing searchable was typed.

    Only exclusions ("-sport") cannot be expressed in FTS5 alone and also make a
    poor search; they return None like an empty query.
    """
    terms = parse_query(text)
    wanted = [t.to_fts() for t in terms if not t.exclude]
    if not wanted:
        return None
    query = " AND ".join(wanted)
    for term in terms:
        if term.exclude:
            query += " NOT " + term.to_fts()
    return query
