"""What an article's language tag means for the page: text direction and quote marks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# Languages written right to left, by primary subtag.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "iw", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "syr"})
# Scripts written right to left, for tags such as "az-Arab" or "pa-Arab"; any other
# explicit script ("ku-Latn", "sd-Deva") is written left to right.
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr"})

NARROW_NO_BREAK_SPACE = "\u202f"


def language_subtags(language: str) -> list[str]:
    """Lower-cased subtags of a BCP 47 tag, accepting "_" as a separator too."""
    return [part for part in language.strip().replace("_", "-").lower().split("-") if part]


def normalized_language(language: str) -> str:
    """The tag as `lang` should carry it ("en" when empty or malformed)."""
    parts = language_subtags(language)
    if not parts or not parts[0].isalpha() or not 2 <= len(parts[0]) <= 8:
        return "en"
    if not all(part.isalnum() and len(part) <= 8 for part in parts):
        return parts[0]
    cased = [parts[0]]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            cased.append(part.title())
        elif len(part) == 2 and part.isalpha():
            cased.append(part.upper())
        else:
            cased.append(part)
    return "-".join(cased)


def text_direction(language: str) -> str:
    """ "rtl" or "ltr" for the `dir` attribute; an explicit script subtag wins."""
    parts = language_subtags(language)
    if not parts:
        return "ltr"
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return "rtl" if part in RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class QuoteStyle:
    """The marks smart quotes become; `name` keys the cached Markdown instance.

    Apostrophes are always ’ whatever the style (see quotes.py), so German can
    nest ‚quotes‘ and still write geht’s.
    """

    name: str
    open_double: str
    close_double: str
    open_single: str
    close_single: str


ENGLISH_QUOTES = QuoteStyle("english", "\u201c", "\u201d", "\u2018", "\u2019")
FRENCH_QUOTES = QuoteStyle(
    "french",
    "\u00ab" + NARROW_NO_BREAK_SPACE,
    NARROW_NO_BREAK_SPACE + "\u00bb",
    "\u2018",
    "\u2019",
)
GERMAN_QUOTES = QuoteStyle("german", "\u201e", "\u201c", "\u201a", "\u2018")
GUILLEMET_QUOTES = QuoteStyle("guillemets", "\u00ab", "\u00bb", "\u2018", "\u2019")
SWISS_QUOTES = QuoteStyle("swiss", "\u00ab", "\u00bb", "\u2039", "\u203a")
POLISH_QUOTES = QuoteStyle("low-high", "\u201e", "\u201d", "\u2018", "\u2019")
CORNER_QUOTES = QuoteStyle("corner", "\u300c", "\u300d", "\u300e", "\u300f")

QUOTE_STYLES: Mapping[str, QuoteStyle] = MappingProxyType(
    {
        "fr": FRENCH_QUOTES,
        "de": GERMAN_QUOTES,
        "cs": GERMAN_QUOTES,
        "sk": GERMAN_QUOTES,
        "sl": GERMAN_QUOTES,
        "lt": GERMAN_QUOTES,
        "is": GERMAN_QUOTES,
        "pl": POLISH_QUOTES,
        "ro": POLISH_QUOTES,
        "hu": POLISH_QUOTES,
        "nl": ENGLISH_QUOTES,
        "ru": GUILLEMET_QUOTES,
        "uk": GUILLEMET_QUOTES,
        "be": GUILLEMET_QUOTES,
        "es": GUILLEMET_QUOTES,
        "ca": GUILLEMET_QUOTES,
        "it": GUILLEMET_QUOTES,
        "pt": GUILLEMET_QUOTES,
        "el": GUILLEMET_QUOTES,
        "tr": ENGLISH_QUOTES,
        "ar": GUILLEMET_QUOTES,
        "fa": GUILLEMET_QUOTES,
        "ur": GUILLEMET_QUOTES,
        "ps": GUILLEMET_QUOTES,
        "ckb": GUILLEMET_QUOTES,
        "ug": GUILLEMET_QUOTES,
        "he": POLISH_QUOTES,
        "ja": CORNER_QUOTES,
        "zh-TW": CORNER_QUOTES,
        "zh-HK": CORNER_QUOTES,
        "de-CH": SWISS_QUOTES,
        "de-LI": SWISS_QUOTES,
        "fr-CH": SWISS_QUOTES,
        "it-CH": SWISS_QUOTES,
        "pt-BR": ENGLISH_QUOTES,
    }
)


def quote_style(language: str) -> QuoteStyle:
    """The house quote style for a language; region-specific entries win ("de-CH")."""
    tag = normalized_language(language)
    parts = tag.split("-")
    for length in range(len(parts), 0, -1):
        style = QUOTE_STYLES.get("-".join(parts[:length]))
        if style is not None:
            return style
    return ENGLISH_QUOTES
