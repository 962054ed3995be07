"""Full-text search: the index over articles and their captions, and the query language.

What a person types in a search box becomes a safe SQLite FTS5 query.

Supported: plain words (all must match), "quoted phrases", prefix* and -exclusions.
Every term is emitted as a double-quoted FTS5 string, so FTS5 operators or stray
punctuation typed by the user can never produce a syntax error; an unbalanced
quote is taken literally (it is not a word character, so it matches nothing and
is simply dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import ArticleSummary
from .articles import SUMMARY_COLUMNS, article_filters
from .connections import Connections, reads, writes

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


class SearchHit:
    """An article found by search, with a snippet of the matching text ([marked])."""

    __slots__ = ("article", "snippet")

    def __init__(self, article: ArticleSummary, snippet: str):
        self.article = article
        self.snippet = snippet

    def to_dict(self) -> dict:
        return {**self.article.to_dict(), "snippet": self.snippet}

    def __repr__(self) -> str:
        return f"SearchHit({self.article.id}, {self.article.headline!r})"


class SearchIndex:
    """The article_fts table: triggers keep headline, standfirst and body in step with
    the article; the captions column is refreshed here when an article's photos change."""

    def __init__(self, connections: Connections):
        self.connections = connections

    @reads
    def search(
        self,
        query: str,
        *,
        ranked: bool = False,
        limit: int = 50,
        offset: int = 0,
        section: str | None = None,
        status: str | None = None,
        tag: str | None = None,
        snippets: bool = True,
    ) -> list[SearchHit]:
        """Full-text search over headline, standfirst, body, captions and photo descriptions.

        Newest-first (the default, what search-as-you-type uses) walks the index in
        rowid order and stops at `limit`; `ranked=True` orders by BM25 relevance with
        the headline weighted highest.
        """
        fts = build_fts_query(query)
        if fts is None:
            return []
        where, params = article_filters(section, status, tag)
        order = "bm25(article_fts, 10.0, 4.0, 1.0, 2.0)" if ranked else "article_fts.rowid DESC"
        if where:
            sql = (
                "SELECT article_fts.rowid FROM article_fts JOIN article ON article.id = article_fts.rowid "
                f"WHERE article_fts MATCH ?{where.replace(' WHERE ', ' AND ', 1)} ORDER BY {order} LIMIT ? OFFSET ?"
            )
        else:
            # No join until the page is chosen: ranking touches every match, and each
            # joined row would cost an article lookup.
            sql = (
                f"SELECT article_fts.rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY {order} LIMIT ? OFFSET ?"
            )
        query_rows = self.connections.query
        ids = [r[0] for r in query_rows(sql, [fts, *params, int(limit), int(offset)])]
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = {r["id"]: r for r in query_rows(f"SELECT {SUMMARY_COLUMNS} FROM article WHERE id IN ({marks})", ids)}
        # Snippets only for the page shown: SQLite re-reads and re-tokenises each body.
        found_snippets = {}
        if snippets:
            snippet_sql = (
                "SELECT rowid, snippet(article_fts, -1, '[', ']', '…', 12) FROM article_fts "
                "WHERE article_fts MATCH ? AND rowid BETWEEN ? AND ?"
            )
            if ranked or where:
                # Scattered ids: one lookup each (a range could hold thousands of matches).
                for article_id in ids:
                    found_snippets.update(query_rows(snippet_sql, (fts, article_id, article_id)))
            else:
                # A newest-first page is a contiguous run of matches: one range scan,
                # which FTS5 seeks to directly (an IN list would make it walk every match).
                found_snippets.update(query_rows(snippet_sql, (fts, ids[-1], ids[0])))
        return [SearchHit(ArticleSummary(**dict(rows[i])), found_snippets.get(i, "")) for i in ids if i in rows]

    @reads
    def count_search_matches(self, query: str) -> int:
        """How many articles a search finds (for "1,234 found" without fetching them)."""
        fts = build_fts_query(query)
        if fts is None:
            return 0
        return self.connections.one("SELECT count(*) FROM article_fts WHERE article_fts MATCH ?", (fts,))[0]

    @writes
    def refresh_captions(self, article_id: int) -> None:
        """Captions and photo descriptions of an article, as one searchable column (a slot's
        caption too, though it has no photo yet)."""
        rows = self.connections.query(
            "SELECT placement.caption, placement.credit, photo.description FROM placement "
            "LEFT JOIN photo ON photo.id = placement.photo_id WHERE placement.article_id = ? ORDER BY position",
            (article_id,),
        )
        text = "\n".join(" ".join(part for part in row if part) for row in rows)
        # FTS5 tables are written with SQL: sqlite-utils' update() looks rows up by primary key.
        self.connections.execute("UPDATE article_fts SET captions = ? WHERE rowid = ?", (text, article_id))
