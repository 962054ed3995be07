"""Caption templates and code replacements: filled per photo, expanded as typed, shared as Photo Mechanic files."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from editor_app.photos.caption_tools import (
    TemplateError,
    decode_code_file,
    expand_code_at,
    fill_template,
    format_code_list,
    format_date,
    parse_code_list,
    parse_template,
    template_problems,
)

ARTICLE = SimpleNamespace(
    dateline="TEHRAN", byline="By Leila Ahmadi", headline="Budget passes", section="News / Politics"
)


def _photo(**fields):
    values = {"creator": "Paul Chiasson", "credit": "The Canadian Press", "city": "Montreal", "country": "Canada",
              "taken_at": "2020-07-08T09:49:13", "headline": ""}  # fmt: skip
    values.update(fields)
    return SimpleNamespace(**values)


def test_every_variable_is_filled_from_the_article_and_the_photo():
    template = "{dateline} ({section}) {headline}: {city}, {country}, {date:%B %-d, %Y}. {byline}. {credit}/{creator}"
    assert fill_template(template, ARTICLE, _photo()) == (
        "TEHRAN (News / Politics) Budget passes: Montreal, Canada, July 8, 2020. By Leila Ahmadi. "
        "The Canadian Press/Paul Chiasson"
    )


def test_the_placement_credit_wins_over_the_photo_credit():
    placement = SimpleNamespace(credit="CP")
    assert fill_template("{credit}", ARTICLE, _photo(), placement) == "CP"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("%B %-d, %Y", "March 8, 2019"),
        ("%d/%m/%y", "08/03/19"),
        ("%#d.%-m.%Y", "8.3.2019"),
        ("%A %P %-d", "Friday March 8"),
        ("%a %b %e", "Fri Mar  8"),
        ("%j %%", "067 %"),
        ("%F", "2019-03-08"),
    ],
)
def test_date_formats_need_no_c_library(spec, expected):
    from datetime import date

    assert format_date(date(2019, 3, 8), spec) == expected


def test_ap_months_are_abbreviated_as_ap_writes_them():
    from datetime import date

    assert format_date(date(2020, 9, 3), "%P %-d") == "Sept. 3"


@pytest.mark.parametrize(
    ("template", "photo", "expected"),
    [
        ("{city}, {country}: protesters", _photo(city=""), "Canada: protesters"),
        ("Protesters in {city}, {country}.", _photo(country=""), "Protesters in Montreal."),
        ("Protesters ({date:%B %-d, %Y}) march", _photo(taken_at=None), "Protesters march"),
        ("{city} - {creator}", _photo(city=""), "Paul Chiasson"),
        ("{creator}  {city}", _photo(creator=""), "Montreal"),
        ("{city}{country}", _photo(city="", country=""), ""),
    ],
)
def test_a_missing_value_leaves_no_dangling_punctuation(template, photo, expected):
    assert fill_template(template, ARTICLE, photo) == expected


def test_no_article_still_fills_the_photo_variables():
    assert fill_template("{city} {dateline}{byline}", None, _photo()) == "Montreal"


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{cty}, {country}", "{cty}"),
        ("{city.__class__}", "{city.__class__}"),
        ("{0}", "{0}"),
        ("{date:%Q}", "%Q"),
        ("{city:>10}", "Only {date} takes a format"),
        ("{city", "never closed"),
        ("city}", "no '{'"),
    ],
)
def test_template_mistakes_are_named(template, words):
    problems = template_problems(template)
    assert len(problems) == 1 and words in problems[0]
    with pytest.raises(TemplateError):
        fill_template(template, ARTICLE, _photo())


def test_doubled_braces_are_literal_and_attribute_access_is_impossible():
    assert parse_template("{{city}}") == ["{city}"]
    assert fill_template("{{city}} {city}", ARTICLE, _photo()) == "{city} Montreal"
    assert template_problems("{city}, {date}") == []


# ---- code replacements

CODES = {"=qal": "Iranian Parliament Speaker Mohammad Baqer Qalibaf", "=pez": "President Masoud Pezeshkian"}


def _type(text: str, codes=CODES) -> str:
    """Type `text` one character at a time, expanding as the caption box does."""
    typed = ""
    for char in text:
        typed += char
        expanded = expand_code_at(typed, len(typed), codes)
        if expanded is not None:
            typed, cursor = expanded
            assert cursor == len(typed)
    return typed


def test_a_code_expands_when_followed_by_a_space_or_punctuation():
    assert _type("=qal speaks.") == "Iranian Parliament Speaker Mohammad Baqer Qalibaf speaks."
    assert (
        _type("With =pez, =qal.")
        == "With President Masoud Pezeshkian, Iranian Parliament Speaker Mohammad Baqer Qalibaf."
    )
    assert _type("(=qal)") == "(Iranian Parliament Speaker Mohammad Baqer Qalibaf)"


def test_a_code_inside_a_word_or_unfinished_is_left_alone():
    assert _type("x=qal y") == "x=qal y"
    assert _type("=qa") == "=qa"
    assert _type("=qalibaf ") == "=qalibaf "


def test_the_cursor_lands_after_the_terminator_in_the_middle_of_text():
    text = "Speaker =qal  said"
    result = expand_code_at(text, 13, CODES)
    assert result == ("Speaker Iranian Parliament Speaker Mohammad Baqer Qalibaf  said", 58)


def test_photo_mechanic_code_file_round_trips():
    exported = format_code_list(CODES)
    assert exported == "=pez\tPresident Masoud Pezeshkian\n=qal\tIranian Parliament Speaker Mohammad Baqer Qalibaf\n"
    assert parse_code_list(exported).codes == CODES
    assert parse_code_list(exported).problems == []


def test_reading_a_code_file_is_liberal_and_reports_what_it_skips():
    data = "\ufeff# our desk\r\n=qal\tIranian Parliament Speaker Mohammad Baqer Qalibaf\r\n\r\n=pez President\r\n=x\t\r\n".encode()
    parsed = parse_code_list(decode_code_file(data))
    assert parsed.codes == {"=qal": CODES["=qal"]}
    assert parsed.problems == [
        "Line 4 has no tab between the code and its replacement: '=pez President'.",
        "Line 5 has an empty replacement.",
    ]


def test_code_files_from_windows_decode():
    assert decode_code_file("=mtl\tMontréal\n".encode("cp1252")) == "=mtl\tMontréal\n"
    assert decode_code_file("=mtl\tMontréal\n".encode("utf-16")) == "=mtl\tMontréal\n"
