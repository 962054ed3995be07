"""The newsroom's languages: each listed once, labels that give their tag back."""

from __future__ import annotations

from editor_app.model.languages import LANGUAGE_BY_CODE, NEWSROOM_LANGUAGES, code_from_label, language_label
from editor_app.render.language import normalized_language


def test_each_language_listed_once_with_a_well_formed_tag():
    codes = [language.code for language in NEWSROOM_LANGUAGES]
    assert len(codes) == len(set(codes)) == len(LANGUAGE_BY_CODE)
    assert all(normalized_language(code) == code for code in codes)
    assert {"en-GB", "en-US", "fr", "de", "es", "ar", "fa"} <= set(codes)  # the dictionaries the desk needs


def test_labels_name_then_tag_and_give_the_tag_back():
    assert LANGUAGE_BY_CODE["en-gb"].label == "English (UK) - en-GB"
    assert LANGUAGE_BY_CODE["fa"].label == "فارسی - fa"
    for language in NEWSROOM_LANGUAGES:
        assert code_from_label(language.label) == language.code


def test_typed_or_unknown_tags_pass_through():
    assert code_from_label(" ar-EG ") == "ar-EG"
    assert code_from_label("") == ""
    assert language_label("", "x-klingon") == "x-klingon"
    assert code_from_label(language_label("Kiswahili (Kenya)", "sw-KE")) == "sw-KE"
