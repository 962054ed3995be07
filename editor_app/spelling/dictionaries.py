"""Hunspell dictionaries through Enchant: which one an article's language uses, and opening it.

pyenchant needs the libenchant-2 C library; either may be missing on a machine (the
Debian packages are in scripts/install-system-packages). Spelling is then off with one
clear sentence (SpellingUnavailableError), never a traceback. A language with no
dictionary installed raises DictionaryNotInstalledError, which names the language.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..render.language import language_subtags

# The dictionary a bare language code means, when several regional ones are installed.
PREFERRED_REGIONS = {
    "en": "en_US",
    "fr": "fr_FR",
    "de": "de_DE",
    "es": "es_ES",
    "pt": "pt_PT",
    "fa": "fa_IR",
    "it": "it_IT",
    "nl": "nl_NL",
    "sv": "sv_SE",
    "ru": "ru_RU",
}
# English outside North America spells as in Britain ("colour", "organise"): where a
# region's own dictionary is not installed, en_GB is nearer than en_US.
BRITISH_SPELLING_REGIONS = {"AU", "NZ", "IE", "ZA", "IN", "PK", "SG", "HK", "NG", "KE", "GH", "MT", "JM", "AE"}


class SpellingError(Exception):
    """Base class of the spelling problems a user can meet."""


class SpellingUnavailableError(SpellingError):
    def __init__(self, reason: str):
        super().__init__(
            f"Spellcheck is off: {reason}. Install libenchant-2 and the hunspell dictionaries "
            "(scripts/install-system-packages) to turn it on."
        )
        self.reason = reason


class DictionaryNotInstalledError(SpellingError):
    def __init__(self, language: str, installed: Iterable[str]):
        installed = sorted(installed)
        languages = sorted({tag.split("_", 1)[0] for tag in installed})
        listed = ", ".join(languages) if languages else "none"
        super().__init__(
            f"No spelling dictionary is installed for the language {language!r} "
            f"(installed: {listed}); its words are not checked."
        )
        self.language = language
        self.installed = installed


class DictionaryUnreadableError(SpellingError):
    def __init__(self, language: str, tag: str, reason: str):
        super().__init__(
            f"The spelling dictionary {tag} for {language!r} could not be loaded ({reason}); its words are not checked."
        )
        self.language = language


def dictionary_tag(language: str, installed: Iterable[str]) -> str | None:
    """The installed dictionary tag for a BCP 47 language ("en-GB" -> "en_GB", "fa" -> "fa_IR").

    The exact language and region first; then the usual dictionary of the language (en_US
    for "en"); then one named for the language alone ("ar"); then any of its regions.
    """
    installed = set(installed)
    parts = language_subtags(language)
    if not parts:
        return None
    primary = parts[0]
    regions = [part.upper() for part in parts[1:] if len(part) == 2 and part.isalpha()]
    candidates = [f"{primary}_{region}" for region in regions]
    if primary == "en" and any(region in BRITISH_SPELLING_REGIONS for region in regions):
        candidates.append("en_GB")
    candidates += [PREFERRED_REGIONS.get(primary, primary), primary]
    for candidate in candidates:
        if candidate in installed:
            return candidate
    regional = sorted(tag for tag in installed if tag.split("_", 1)[0].lower() == primary)
    return regional[0] if regional else None


def load_enchant():
    """The `enchant` module, or SpellingUnavailableError when it or its C library is missing."""
    try:
        import enchant
    except ImportError as exc:
        missing = "pyenchant is not installed" if exc.name == "enchant" else "the Enchant library was not found"
        raise SpellingUnavailableError(missing) from None
    except OSError as exc:  # a libenchant that exists but cannot be loaded
        raise SpellingUnavailableError(f"the Enchant library could not be loaded ({exc})") from None
    return enchant


class Dictionaries:
    """Opens Enchant dictionaries by article language, each once per process.

    Dictionary objects are not shared across threads: use one Dictionaries per thread.
    """

    def __init__(self) -> None:
        self._broker = None
        self._installed: frozenset[str] | None = None
        self._opened: dict[str, object] = {}

    def _get_broker(self):
        if self._broker is None:
            enchant = load_enchant()
            try:
                self._broker = enchant.Broker()
            except enchant.errors.Error as exc:
                raise SpellingUnavailableError(f"Enchant did not start ({exc})") from None
        return self._broker

    def installed(self) -> frozenset[str]:
        """Tags of every installed dictionary ("en_GB", "fa_IR", "ar"...)."""
        if self._installed is None:
            self._installed = frozenset(tag for tag, _provider in self._get_broker().list_dicts())
        return self._installed

    def tag_for(self, language: str) -> str:
        """The dictionary tag the language uses, or DictionaryNotInstalledError."""
        tag = dictionary_tag(language or "en", self.installed())
        if tag is None:
            raise DictionaryNotInstalledError(language, self.installed())
        return tag

    def open(self, language: str):
        """The Enchant dictionary for an article's language (an `enchant.Dict`)."""
        tag = self.tag_for(language)
        if tag not in self._opened:
            try:
                self._opened[tag] = self._get_broker().request_dict(tag)
            except Exception as exc:  # noqa: BLE001 - Enchant's errors for a damaged or vanished file
                raise DictionaryUnreadableError(language, tag, str(exc) or type(exc).__name__) from None
        return self._opened[tag]
