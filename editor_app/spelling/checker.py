"""One language's spellchecker: dictionary verdicts cached per word, the newsroom's own words,
and the words one article ignores.

A 20,000-word article has a few thousand distinct words; each is looked up in Hunspell
once (about 20 µs) and its verdict kept, so rechecking a paragraph on every keystroke
costs dictionary lookups only for the word being typed.

Words in another script than the dictionary's (a Persian name in an English story, an
English brand in a Persian one) are not flagged: no dictionary of the article's language
can judge them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..render.language import language_subtags
from .tokens import script_of, words_in_text

# Scripts by the language's primary subtag; every other language is written in Latin letters.
SCRIPT_OF_LANGUAGE = {
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ckb", "sd", "ug", "ku"), "ARABIC"),
    **dict.fromkeys(("he", "iw", "yi"), "HEBREW"),
    **dict.fromkeys(("ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg"), "CYRILLIC"),
    "el": "GREEK",
    "hy": "ARMENIAN",
    "ka": "GEORGIAN",
}
# Beyond this many remembered verdicts the cache starts again (a desk's vocabulary is far smaller).
MAX_CACHED_VERDICTS = 200_000
MAX_SUGGESTIONS = 8
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


def script_of_language(language: str) -> str:
    parts = language_subtags(language)
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():  # an explicit script: sr-Latn, az-Arab
            return {"arab": "ARABIC", "cyrl": "CYRILLIC", "hebr": "HEBREW", "latn": "LATIN"}.get(part, part.upper())
    return SCRIPT_OF_LANGUAGE.get(parts[0] if parts else "", "LATIN")


@dataclass(frozen=True, slots=True)
class Misspelling:
    """A misspelled word in a text: offsets count characters (code points) from the text's start."""

    offset: int
    word: str
    line: int  # 1-based
    column: int  # 1-based

    @property
    def end(self) -> int:
        return self.offset + len(self.word)


class NewsroomWords:
    """The desk's learnt words (Qalibaf, Volodin), shared by every language's checker.

    Like Hunspell's own word lists: a word learnt with a capital ("Qalibaf") is accepted
    as written; a word learnt in lower case ("mullah") is accepted capitalised too.
    """

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._words = {normalized_word(word) for word in words}

    def __contains__(self, word: str) -> bool:
        words = self._words
        if word in words:
            return True
        return word[:1].isupper() and (word[:1].lower() + word[1:]) in words

    def add(self, word: str) -> None:
        self._words.add(normalized_word(word))

    def discard(self, word: str) -> None:
        self._words.discard(normalized_word(word))

    def __len__(self) -> int:
        return len(self._words)


ZWNJ = "\u200c"
# Parts a Persian word joins with a zero-width non-joiner that are not words of their own:
# plural, comparative and superlative endings, the verbal prefixes, personal endings.
PERSIAN_AFFIXES = frozenset(
    ["ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "تر", "ترین",
     "می", "نمی", "ای", "ی", "ام", "ات", "اش", "مان", "تان", "شان", "ایم", "اید", "اند"]
)  # fmt: skip
# Endings written joined (فشارهای, شورای): tried once, longest first.
PERSIAN_ENDINGS = ("هایی", "های", "ها", "ترین", "تر", "ای", "ی")


def word_to_learn(word: str) -> str:
    """The form to add to the newsroom dictionary: "Qalibaf's" teaches "Qalibaf", whose
    possessive the checker then accepts too."""
    word = word.strip()
    for ending in ("'s", "\u2019s"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: -len(ending)]
    return word


def normalized_word(word: str) -> str:
    """The form a word is looked up in: composed accents (NFC), straight apostrophes."""
    word = word.strip()
    if not word.isascii():
        word = unicodedata.normalize("NFC", word).translate(APOSTROPHES)
    return word


class SpellChecker:
    """Checks words of one language against an Enchant dictionary, the newsroom's words and
    the current article's ignored words. Not thread-safe: use it from one thread."""

    def __init__(self, dictionary, language: str, newsroom: NewsroomWords | None = None) -> None:
        self._dictionary = dictionary
        self.language = language
        self.tag: str = getattr(dictionary, "tag", language)
        self.script = script_of_language(language)
        self.newsroom = newsroom if newsroom is not None else NewsroomWords()
        self._ignored: set[str] = set()
        self._verdicts: dict[str, bool] = {}
        self._suggestions: dict[str, tuple[str, ...]] = {}
        # Counts the changes that can turn a verdict (a word learnt or ignored): a caller that
        # keeps verdicts of its own (the editor's, per paragraph) keeps them while this stays.
        self.revision = 0

    # ------------------------------------------------------------------ verdicts

    def is_correct(self, word: str) -> bool:
        if word in self._ignored:
            return True
        verdict = self._verdicts.get(word)
        if verdict is None:
            if len(self._verdicts) >= MAX_CACHED_VERDICTS:
                self._verdicts.clear()
            verdict = self._verdicts[word] = self._look_up(word)
        return verdict

    def _look_up(self, word: str) -> bool:
        if script_of(word) != self.script:
            return True
        word = normalized_word(word)
        if word in self.newsroom or self._dictionary.check(word):
            return True
        # Possessives of learnt names (Qalibaf's): Hunspell knows its own words' forms only.
        for ending in ("'s", "'"):
            if word.endswith(ending) and len(word) > len(ending) + 1:
                base = word[: -len(ending)]
                if base in self.newsroom:
                    return True
        if self.language.split("-", 1)[0].lower() == "fa":
            return self._persian_form_known(word)
        return False

    def _persian_form_known(self, word: str, affix_stripped: bool = False) -> bool:
        """Persian forms Debian's fa_IR dictionary lacks, though it has their stem: words
        written with the zero-width non-joiner (تحریم‌ها, نمی‌کنیم, سخت‌ترین), plural and
        ezafe endings (فشارهای, شورای), and ئ spelt for ی (رئیس). Without this a correct
        Persian story was one word in five underlined."""
        check = self._dictionary.check
        if check(word) or word in self.newsroom:
            return True
        if "\u0626" in word and check(word.replace("\u0626", "\u06cc")):
            return True
        if ZWNJ in word:
            if check(word.replace(ZWNJ, "")):
                return True
            parts = [part for part in word.split(ZWNJ) if part]
            stems = [part for part in parts if part not in PERSIAN_AFFIXES]
            if stems and all(self._persian_form_known(stem, True) for stem in stems):
                return True
        if not affix_stripped:
            for ending in PERSIAN_ENDINGS:
                stem = word[: -len(ending)]
                if word.endswith(ending) and len(stem) >= 2 and self._persian_form_known(stem, True):
                    return True
        return False

    def suggestions(self, word: str) -> tuple[str, ...]:
        """Up to MAX_SUGGESTIONS corrections, best first (Hunspell takes ~0.1 s: asked on demand)."""
        found = self._suggestions.get(word)
        if found is None:
            normalized = normalized_word(word)
            found = tuple(dict.fromkeys(self._dictionary.suggest(normalized)))[:MAX_SUGGESTIONS] if normalized else ()
            self._suggestions[word] = found
        return found

    # ------------------------------------------------------------------ learning

    def learn(self, word: str) -> None:
        """Accept `word` from now on (the caller stores it in the library's newsroom dictionary)."""
        self.newsroom.add(word)
        self.forget_misspelled_verdicts()

    def forget_misspelled_verdicts(self) -> None:
        """After a word was learnt (here or in another language's checker): only verdicts of
        "misspelled" can change, and there are few; the thousands of correct ones stay."""
        self._verdicts = {word: verdict for word, verdict in self._verdicts.items() if verdict}
        self.revision += 1

    def set_ignored_words(self, words: Iterable[str]) -> None:
        """The words the current article ignores ("Ignore in this article")."""
        self._ignored = {word for word in words if word}
        self.revision += 1

    def ignore(self, word: str) -> None:
        if word:
            self._ignored.add(word)
            self.revision += 1

    # ------------------------------------------------------------------ texts

    def misspellings(self, text: str) -> list[Misspelling]:
        """Every misspelled word of a (multi-line, Markdown) text, in order."""
        found = []
        for index, line_start, span in words_in_text(text):
            start, word = span
            if not self.is_correct(word):
                found.append(Misspelling(line_start + start, word, index + 1, start + 1))
        return found
