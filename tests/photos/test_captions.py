"""Caption rules: wire credits split off, problems found, and no false alarms on a good caption."""

from __future__ import annotations

import pytest

from editor_app.photos.captions import (
    ALT_TEXT_LIMIT,
    CaptionProblem,
    PlacementCheck,
    canonical_agency,
    find_caption_problems,
    people_named_in,
    split_credit,
    split_wire_credit,
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


# ---- credit and creator apart (split_wire_credit)



@pytest.mark.parametrize(
    ("caption", "expected_caption", "credit", "creator"),
    [
        ("Fans cheer in Doha. (AFP photo)", "Fans cheer in Doha.", "AFP", ""),
        ("Protesters gather in Tehran. (Photo by ICANA)", "Protesters gather in Tehran.", "ICANA", ""),
        ("Smoke rises over the port. REUTERS/Jane Doe", "Smoke rises over the port.", "Reuters", "Jane Doe"),
        ("Smoke rises over the port (Reuters/Jane Doe)", "Smoke rises over the port", "Reuters", "Jane Doe"),
        ("The mayor speaks. AP Photo/John Smith", "The mayor speaks.", "AP", "John Smith"),
        ("The mayor speaks. (AP Photo/John Smith)", "The mayor speaks.", "AP", "John Smith"),
        ("Leaders meet in Rome. Jane Doe/Getty Images", "Leaders meet in Rome.", "Getty Images", "Jane Doe"),
        ("The red carpet. (Getty Images)", "The red carpet.", "Getty Images", ""),
        ("Crowds in Tehran EPA-EFE/ABEDIN TAHERKENAREH", "Crowds in Tehran", "EPA-EFE", "Abedin Taherkenareh"),
        ("Crowds in Tehran. EPA/Abedin Taherkenareh", "Crowds in Tehran.", "EPA", "Abedin Taherkenareh"),
        ("Erdogan speaks in Ankara. Anadolu Agency", "Erdogan speaks in Ankara.", "Anadolu", ""),
        ("Rescue teams in Hebei. Xinhua/Li Ming", "Rescue teams in Hebei.", "Xinhua", "Li Ming"),
        ("Merkel arrives in Berlin. (dpa)", "Merkel arrives in Berlin.", "dpa", ""),
        ("The pope in Rome. ANSA/ETTORE FERRARI", "The pope in Rome.", "ANSA", "Ettore Ferrari"),
        ("Fireworks in Tokyo. Kyodo", "Fireworks in Tokyo.", "Kyodo", ""),
        ("The King in London. PA Wire/PA Images", "The King in London.", "PA", ""),
        ("The star arrives. REX/Shutterstock", "The star arrives.", "Shutterstock", ""),
        ("A police car. THE CANADIAN PRESS/Paul Chiasson", "A police car.", "The Canadian Press", "Paul Chiasson"),
        ("A market in Kabul. (Photo: Jane Doe/AFP)", "A market in Kabul.", "AFP", "Jane Doe"),
        ("Voters queue in Tehran. IRNA/Ali Reza", "Voters queue in Tehran.", "IRNA", "Ali Reza"),
        ("A view of the city. AFP PHOTO", "A view of the city.", "AFP", ""),
        ("The family at home. (Courtesy of the Ahmadi family)", "The family at home.", "Courtesy of the Ahmadi family", ""),
    ],
)
def test_wire_credits_split_into_credit_and_creator(caption, expected_caption, credit, creator):
    split = split_wire_credit(caption)
    assert (split.caption, split.credit, split.creator) == (expected_caption, credit, creator)
    assert split.as_typed == caption  # what Undo puts back


@pytest.mark.parametrize(
    "caption",
    [
        "Maryam Ahmadi (left) speaks with her lawyer.",
        "The old bridge (file photo)",
        "Seasons (2019/2020)",
        "Three quarters (3/4) of the city voted.",
        "He said yes. Then he left.",
        "Fans watch the match on TV/radio",
        "Workers in Doha. Some wore masks",
        "",
    ],
)
def test_captions_without_a_wire_credit_are_not_split(caption):
    assert split_wire_credit(caption) is None


def test_the_split_says_what_moved():
    assert split_wire_credit("Smoke. REUTERS/Jane Doe").notice == "Credit moved to Credit: Reuters, Creator: Jane Doe"
    assert split_wire_credit("Fans. (AFP photo)").notice == "Credit moved to Credit: AFP"


@pytest.mark.parametrize(("written", "agency"), [("REUTERS", "Reuters"), ("Associated Press", "AP"), ("AFP PHOTO", "AFP"), ("Jane Doe", None)])
def test_agency_names_are_recognised_in_their_usual_spellings(written, agency):
    assert canonical_agency(written) == agency


def test_every_absent_person_is_reported_as_an_error():
    caption = "Israeli Prime Minister Benjamin Netanyahu meets US President Joe Biden in Tehran."
    problems = find_caption_problems(ARTICLE, [_check(caption=caption)])
    assert [(p.code, p.severity) for p in problems] == [("person_not_in_article", "error")] * 2
    assert "Benjamin Netanyahu" in problems[0].message and "Joe Biden" in problems[1].message


def test_severities_mark_what_stops_an_export():
    problems = find_caption_problems(ARTICLE, [_check(caption="", credit="", alt_text="")])
    assert [(p.code, p.severity) for p in problems] == [
        ("missing_caption", "warning"), ("missing_credit", "error"), ("missing_alt_text", "warning"),
    ]  # fmt: skip


def test_a_caption_longer_than_the_desk_limit():
    caption = "Lawmakers vote in the chamber. " * 5
    problems = find_caption_problems(ARTICLE, [_check(caption=caption)], caption_limit=100)
    assert [(p.code, p.severity) for p in problems] == [("caption_too_long", "warning")]
    assert find_caption_problems(ARTICLE, [_check(caption=caption)]) == []
