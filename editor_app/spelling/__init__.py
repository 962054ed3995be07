"""Spellchecking in the article's language with Hunspell dictionaries through Enchant (no Qt).

tokens.py finds the words of Markdown worth checking; dictionaries.py picks and opens the
dictionary for a language; checker.py judges words (cached) with the newsroom's learnt
words and an article's ignored ones; article.py checks every field of a stored article.
"""

from .article import FieldMisspelling, article_misspellings
from .checker import Misspelling, NewsroomWords, SpellChecker
from .dictionaries import (
    Dictionaries,
    DictionaryNotInstalledError,
    SpellingError,
    SpellingUnavailableError,
    dictionary_tag,
)

__all__ = [
    "Dictionaries",
    "DictionaryNotInstalledError",
    "FieldMisspelling",
    "Misspelling",
    "NewsroomWords",
    "SpellChecker",
    "SpellingError",
    "SpellingUnavailableError",
    "article_misspellings",
    "dictionary_tag",
]
