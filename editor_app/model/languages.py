"""The languages a newsroom writes in, as the language chooser offers them.

Each is a BCP 47 tag with its name in its own language (what a Persian desk looks for is
"فارسی", not "Persian") and in English (a tooltip for the rest of the desk). A tag that
is not listed is still a valid article language: the window names it as best it can and
keeps the tag exactly as stored.
"""

from __future__ import annotations

from dataclasses import dataclass

# "English (UK) - en-GB": the name first, for reading; the tag last, the part that is kept.
LABEL_SEPARATOR = " - "


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    english_name: str

    @property
    def label(self) -> str:
        return language_label(self.native_name, self.code)


NEWSROOM_LANGUAGES = (
    Language("en", "English", "English"),
    Language("en-GB", "English (UK)", "British English"),
    Language("en-US", "English (US)", "American English"),
    Language("fa", "فارسی", "Persian"),
    Language("ar", "العربية", "Arabic"),
    Language("he", "עברית", "Hebrew"),
    Language("ur", "اردو", "Urdu"),
    Language("ps", "پښتو", "Pashto"),
    Language("ckb", "کوردیی ناوەندی", "Central Kurdish (Sorani)"),
    Language("tr", "Türkçe", "Turkish"),
    Language("fr", "Français", "French"),
    Language("de", "Deutsch", "German"),
    Language("es", "Español", "Spanish"),
    Language("it", "Italiano", "Italian"),
    Language("pt", "Português", "Portuguese"),
    Language("ru", "Русский", "Russian"),
    Language("uk", "Українська", "Ukrainian"),
    Language("zh", "中文", "Chinese"),
)
LANGUAGE_BY_CODE = {language.code.lower(): language for language in NEWSROOM_LANGUAGES}


def language_label(name: str, code: str) -> str:
    return f"{name}{LABEL_SEPARATOR}{code}" if name and name != code else code


def code_from_label(text: str) -> str:
    """The tag in a chooser's text: after the last separator of a label, or the text as typed."""
    text = text.strip()
    if LABEL_SEPARATOR in text:
        text = text.rsplit(LABEL_SEPARATOR, 1)[1]
    return text.strip()
