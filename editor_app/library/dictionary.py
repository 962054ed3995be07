"""The newsroom dictionary: words the spellchecker learns for the whole desk, and words one
article ignores. Both tables come from migration 0005.

Kept in the library, not in a per-user file, so "Qalibaf" and "Volodin" are learnt once
per desk and travel with the library to the next computer and the next editor.
"""

from __future__ import annotations

from .articles import ArticleStore
from .base import Clock, iso
from .connections import Connections, reads, writes
from .errors import InvalidFieldError, NotFoundError

# Longer than any word of any language (the longest dictionary words are ~45 letters).
MAX_WORD_LENGTH = 100


class WordNotInDictionaryError(NotFoundError):
    def __init__(self, word: str):
        super().__init__(f"{word!r} is not in the newsroom dictionary.")
        self.word = word


def checked_word(word) -> str:
    """`word` as stored, or InvalidFieldError: one word, no spaces or control characters."""
    if not isinstance(word, str) or not word.strip():
        raise InvalidFieldError("A dictionary word cannot be empty.")
    word = word.strip()
    if len(word) > MAX_WORD_LENGTH:
        raise InvalidFieldError(f"A dictionary word has at most {MAX_WORD_LENGTH} characters.")
    if any(
        character.isspace() or (not character.isprintable() and character not in "\u200c\u200d") for character in word
    ):
        raise InvalidFieldError(f"{word!r} is not one word: a dictionary word has no spaces or control characters.")
    return word


class DictionaryStore:
    """The dictionary_word and article_ignored_word tables."""

    def __init__(self, connections: Connections, clock: Clock, articles: ArticleStore):
        self.connections = connections
        self._clock = clock
        self._articles = articles

    # ------------------------------------------------------------------ the desk's words

    @reads
    def newsroom_words(self) -> list[str]:
        """Every learnt word, alphabetically (case-insensitive)."""
        rows = self.connections.query("SELECT word FROM dictionary_word")
        return sorted((row[0] for row in rows), key=lambda word: (word.casefold(), word))

    @writes
    def add_newsroom_word(self, word: str) -> str:
        """Learn `word` for the whole desk; learning it again changes nothing. Returns it as stored."""
        word = checked_word(word)
        self.connections.db["dictionary_word"].insert({"word": word, "added_at": iso(self._clock())}, ignore=True)
        return word

    @writes
    def remove_newsroom_word(self, word: str) -> None:
        """Forget a learnt word (WordNotInDictionaryError if it was never learnt)."""
        word = checked_word(word)
        if self.connections.one("SELECT 1 FROM dictionary_word WHERE word = ?", (word,)) is None:
            raise WordNotInDictionaryError(word)
        self.connections.db["dictionary_word"].delete(word)

    # ------------------------------------------------------------------ one article's words

    @reads
    def ignored_words(self, article: int | str) -> list[str]:
        article_id = self._articles.resolve_id(article)
        rows = self.connections.query("SELECT word FROM article_ignored_word WHERE article_id = ?", (article_id,))
        return sorted((row[0] for row in rows), key=lambda word: (word.casefold(), word))

    @writes
    def ignore_word(self, article: int | str, word: str) -> str:
        """Stop flagging `word` in this article only ("Ignore in this article")."""
        word = checked_word(word)
        article_id = self._articles.resolve_id(article)
        self.connections.db["article_ignored_word"].insert({"article_id": article_id, "word": word}, ignore=True)
        return word

    @writes
    def unignore_word(self, article: int | str, word: str) -> None:
        word = checked_word(word)
        article_id = self._articles.resolve_id(article)
        self.connections.db["article_ignored_word"].delete_where("article_id = ? AND word = ?", [article_id, word])
