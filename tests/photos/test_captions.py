"""Caption rules: wire credits split off, problems found, and no false alarms on a good caption."""

from __future__ import annotations

import pytest

from editor_app.photos.captions import (
    ALT_TEXT_LIMIT,
    CaptionProblem,
    PlacementCheck,
    find_caption_problems,
    people_named_in,
    split_credit,
)


@pytest.mark.parametrize(
    ("caption", "expected_caption", "expected_credit"),
    [
        (
            "Protesters gather in Tehran on January 23, 2023. (Photo by ICANA)",
            "Protesters gather in Tehran on January 23, 2023.",
            "ICANA",
        ),
        ("Fans cheer in Doha. (AFP photo)", "Fans cheer in Doha.", "AFP"),
        ("Fans cheer in Doha. (AFP Photo)", "Fans cheer in Doha.", "AFP"),
        ("Smoke rises over the port. (Reuters/Jane Doe)", "Smoke rises over the port.", "Reuters/Jane Doe"),
        ("The mayor speaks. (AP Photo/John Smith)", "The mayor speaks.", "AP Photo/John Smith"),
        ("A market in Kabul. (Photo: Jane Doe/AFP)", "A market in Kabul.", "Jane Doe/AFP"),
        ("The red carpet. (Getty Images)", "The red carpet.", "Getty Images"),
        ("Police at the scene. (The Canadian Press/Paul Chiasson)", "Police at the scene.", "The Canadian Press/Paul Chiasson"),
        ("Rescue teams search. (Xinhua)", "Rescue teams search.", "Xinhua"),
        ("The family at home. (Courtesy of the Ahmadi family)", "The family at home.", "Courtesy of the Ahmadi family"),
        ("Voters queue.  (Credit: IRNA)  ", "Voters queue.", "IRNA"),
    ],
)
def test_wire_credits_are_split_off(caption, expected_caption, expected_credit):
    assert split_credit(caption) == (expected_caption, expected_credit)


@pytest.mark.parametrize(
    "caption",
    [
        "Maryam Ahmadi (left) speaks with her lawyer.",
        "Maryam Ahmadi speaks with her lawyer (left)",
        "The old bridge (file photo)",
        "The old bridge before the flood (2019)",
        "The minister (pictured)",
        "Seasons (2019/2020)",
        "A view of the harbour",
        "The Apple store (Apple)",
        "",
    ],
)
def test_captions_without_a_credit_tail_are_unchanged(caption):
    assert split_credit(caption) == (caption, None)


ARTICLE = """Parliament approves emergency budget after all-night session
Lawmakers passed the spending plan by 162 votes to 97.
By Leila Ahmadi and Tom Becker
TEHRAN
Speaker Mohammad Bagher Ghalibaf said the vote showed "responsibility". Finance Minister
Ehsan Khandouzi defended the subsidy cuts, while opposition deputy Zahra Sheikhi walked out.
"""


def _check(**fields) -> PlacementCheck:
    values = {"placement_id": 7, "caption": "", "credit": "ICANA", "alt_text": "Lawmakers vote in the chamber."}
    values.update(fields)
    return PlacementCheck(**values)


def _codes(problems: list[CaptionProblem]) -> list[tuple[str, str]]:
    return [(p.field, p.code) for p in problems]


def test_a_good_realistic_caption_has_no_problems():
    caption = (
        "Parliament Speaker Mohammad Bagher Ghalibaf (C) and Finance Minister Ehsan Khandouzi "
        "attend the session in Tehran on Wednesday, January 22, 2025. (Photo by ICANA)"
    )
    check = _check(caption=caption, credit="ICANA", alt_text="Two men in suits sit at a long desk in a wood-panelled chamber.")
    assert find_caption_problems(ARTICLE, [check]) == []


def test_surname_alone_in_the_article_is_enough():
    check = _check(caption="Zahra Sheikhi leaves the chamber.")
    assert find_caption_problems("Sheikhi walked out before the vote.", [check]) == []


def test_a_caption_from_another_story_is_flagged():
    check = _check(caption="Real Madrid coach Carlo Ancelotti gestures during the match against Girona at the Bernabeu.")
    problems = find_caption_problems(ARTICLE, [check])
    assert _codes(problems) == [("caption", "person_not_in_article")]
    assert "Carlo Ancelotti" in problems[0].message
    assert "placement 7" in problems[0].message and "caption" in problems[0].message


def test_each_unknown_person_is_named_once():
    check = _check(caption="Joe Biden meets Olaf Scholz. Joe Biden later left.")
    problems = find_caption_problems(ARTICLE, [check])
    assert [p.message.split("names ")[1].split(",")[0] for p in problems] == ["Joe Biden", "Olaf Scholz"]


def test_the_photographer_in_a_credit_line_is_not_a_person_of_the_story():
    caption = (
        "The Montreal Police logo is seen on a police car in Montreal on Wednesday, July 8, 2020. "
        "THE CANADIAN PRESS/Paul Chiasson"
    )
    check = _check(caption=caption, credit="The Canadian Press")
    assert find_caption_problems("Montreal police said on Wednesday ...", [check]) == []


def test_photographer_named_in_the_credit_field_is_ignored():
    check = _check(caption="Lionel Messi celebrates. Photo by Ana Fotógrafa", credit="Ana Fotógrafa/AFP")
    assert people_named_in(check.caption, check.credit) == ["Lionel Messi"]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("President Joe Biden greets Iranian Foreign Minister Hossein Amir-Abdollahian at the White House.", ["Joe Biden", "Hossein Amir-Abdollahian"]),
        ("Ludwig van Beethoven and Jean-Claude Juncker", ["Ludwig van Beethoven", "Jean-Claude Juncker"]),
        ("Protesters march down Valiasr Street in Tehran on Monday, March 3.", []),
        ("The United Nations Security Council meets in New York.", []),
        ("Members of the Revolutionary Guards parade.", []),
        ("A view of the city. AFP PHOTO", []),
        ("معترضان در تهران", []),
    ],
)
def test_person_names_are_found_and_places_are_not(caption, expected):
    assert people_named_in(caption) == expected


def test_missing_fields_are_each_reported():
    problems = find_caption_problems(ARTICLE, [_check(caption="", credit="", alt_text="  ")])
    assert _codes(problems) == [("caption", "missing_caption"), ("credit", "missing_credit"), ("alt_text", "missing_alt_text")]


def test_alt_text_identical_to_the_caption():
    caption = "Lawmakers vote in the chamber."
    problems = find_caption_problems(ARTICLE, [_check(caption=caption, alt_text="lawmakers vote in the chamber")])
    assert _codes(problems) == [("alt_text", "alt_text_same_as_caption")]


def test_alt_text_too_long():
    alt = "A crowded chamber. " * 20
    assert len(alt.strip()) > ALT_TEXT_LIMIT
    problems = find_caption_problems(ARTICLE, [_check(caption="Lawmakers vote.", alt_text=alt)])
    assert _codes(problems) == [("alt_text", "alt_text_too_long")]
    assert str(len(alt.strip())) in problems[0].message


def test_alt_text_at_the_limit_is_fine():
    problems = find_caption_problems(ARTICLE, [_check(caption="Lawmakers vote.", alt_text="a" * ALT_TEXT_LIMIT)])
    assert problems == []


@pytest.mark.parametrize(
    "caption",
    [
        "[CAPTION]",
        "XXX speaks to reporters in Tehran.",
        "{name} speaks to reporters.",
        "TK speaks to reporters.",
        "Lorem ipsum dolor sit amet.",
        "INSERT CAPTION",
        "<caption>",
        "Caption goes here",
    ],
)
def test_template_placeholders_are_flagged(caption):
    problems = find_caption_problems(ARTICLE, [_check(caption=caption)])
    assert ("caption", "placeholder") in _codes(problems)


def test_placeholders_in_credit_and_alt_text_name_their_field():
    problems = find_caption_problems(ARTICLE, [_check(caption="Lawmakers vote.", credit="[CREDIT]", alt_text="XXX")])
    assert _codes(problems) == [("credit", "placeholder"), ("alt_text", "placeholder")]
    assert "credit" in problems[0].message and "alt text" in problems[1].message


@pytest.mark.parametrize("caption", ["Tikrit residents return home.", "The Xxx Festival opens.", "An insert in the newspaper."])
def test_ordinary_words_are_not_placeholders(caption):
    problems = find_caption_problems(caption, [_check(caption=caption)])
    assert ("caption", "placeholder") not in _codes(problems)


def test_problems_are_listed_per_placement():
    checks = [_check(placement_id=1, caption="Lawmakers vote."), _check(placement_id=2, caption="", credit="")]
    problems = find_caption_problems(ARTICLE, checks)
    assert [(p.placement_id, p.code) for p in problems] == [(2, "missing_caption"), (2, "missing_credit")]
