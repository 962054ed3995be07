"""Spellchecking in the article's language with Hunspell dictionaries through Enchant (no Qt).

tokens.py finds the words of Markdown worth checking; dictionaries.py picks and opens the
dictionary for a language; checker.py judges words (cached) with the newsroom's learnt
words and an article's ignored ones; article.py checks every field of a stored article.

The names below load their module when first used: the editor's highlighter imports
tokens.py before the window's first paint, and must not bring the renderer (Markdown)
with it, which checker.py and dictionaries.py import for the language rules.
"""

from __future__ import annotations

import importlib

_MODULE_OF = {
    "FieldMisspelling": "article",
    "article_misspellings": "article",
    "Misspelling": "checker",
    "NewsroomWords": "checker",
    "SpellChecker": "checker",
    "Dictionaries": "dictionaries",
    "DictionaryNotInstalledError": "dictionaries",
    "DictionaryUnreadableError": "dictionaries",
    "SpellingError": "dictionaries",
    "SpellingUnavailableError": "dictionaries",
    "dictionary_tag": "dictionaries",
}

__all__ = list(_MODULE_OF)


def __getattr__(name: str):
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_MODULE_OF[name]}", __name__), name)
