"""The article's language: names with their tags ("English (UK) - en-GB", "فارسی - fa").

The newsroom's languages come from `editor_app.model.languages`. A tag outside that list
(an article from the wire in Swahili, a tag typed by hand) is named from Qt's locale data
when Qt knows the language, and shown as the bare tag when it does not; either way the
tag itself is what is kept, exactly as the article stored it.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from editor_app.model.languages import LANGUAGE_BY_CODE, NEWSROOM_LANGUAGES, code_from_label, language_label
from editor_app.render.language import language_subtags


def describe_language(code: str) -> tuple[str, str]:
    """(native name, English name) of a tag; empty strings when nobody knows it."""
    listed = LANGUAGE_BY_CODE.get(code.strip().lower())
    if listed is not None:
        return listed.native_name, listed.english_name
    parts = language_subtags(code)
    if not parts:
        return "", ""
    language = QLocale(parts[0])
    if language.language() == QLocale.Language.C or QLocale.languageToCode(language.language()) != parts[0]:
        return "", ""
    english = QLocale.languageToString(language.language())
    # The language's own name from the list where it is there: Qt names a bare language
    # after its main country's variety ("es" is "español de España"), wrong for es-MX.
    listed = LANGUAGE_BY_CODE.get(parts[0])
    native = listed.native_name if listed else language.nativeLanguageName() or english
    native = native[:1].upper() + native[1:]
    regions = [part for part in parts[1:] if len(part) == 2 and part.isalpha()]
    if regions:
        territory = QLocale.codeToTerritory(regions[0])
        if territory != QLocale.Country.AnyTerritory:
            local = QLocale(language.language(), territory)
            place = local.nativeTerritoryName() if local.territory() == territory else ""
            native = f"{native} ({place or QLocale.territoryToString(territory)})"
            english = f"{english} ({QLocale.territoryToString(territory)})"
    return native, english


class LanguageChooser(QComboBox):
    """An editable list of languages; `code()` is the tag chosen or typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # Narrow in the form (the fields row must fit a laptop screen); the list opens as wide
        # as its longest name.
        self.setMinimumContentsLength(10)
        for language in NEWSROOM_LANGUAGES:
            self._add(language.label, language.code, language.english_name)
        self._listed = self.count()
        self.view().setMinimumWidth(
            self.view().sizeHintForColumn(0) + self.view().verticalScrollBar().sizeHint().width()
        )
        # Typing "fa" or "Pers" finds "فارسی - fa" anywhere in the label, in a popup, so
        # nothing is completed into the field while a tag such as "ar-EG" is being typed.
        completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)

    def _add(self, label: str, code: str, english: str) -> None:
        self.addItem(label, code)
        if english:
            self.setItemData(self.count() - 1, english, Qt.ItemDataRole.ToolTipRole)

    def set_code(self, code: str) -> None:
        """Show an article's tag: its entry in the list, or a new one naming it."""
        while self.count() > self._listed:  # the unlisted tag of the article shown before
            self.removeItem(self.count() - 1)
        index = self.findData(code)
        if index < 0:
            native, english = describe_language(code)
            self._add(language_label(native, code), code, english)
            index = self.count() - 1
        self.setCurrentIndex(index)
        self.setEditText(self.itemText(index))

    def code(self) -> str:
        """The tag chosen or typed ("" when the field is empty)."""
        text = self.currentText()
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            return self.itemData(index)
        return code_from_label(text)
