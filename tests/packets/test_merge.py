"""The three-way merge on plain story dicts: fields, paragraphs, tags, placements, order."""

from __future__ import annotations

import pytest

from editor_app.packets.errors import PacketError, UnknownConflictError, UnresolvedConflictsError
from editor_app.packets.merge import (
    MERGED_FIELDS,
    choices_from_rules,
    diff3,
    merge_story,
    parse_take_rules,
    split_paragraphs,
)

SHA_A, SHA_B = "a" * 64, "b" * 64


def story(placements=(), **fields) -> dict:
    values = {name: "" for name in MERGED_FIELDS}
    values.update(status="draft", language="en", target_words=None, tags=[])
    values.update(fields)
    return {"fields": values, "placements": [dict(p) for p in placements]}


def placement(uuid, caption="", photo=SHA_A, role="inline", **fields) -> dict:
    return {"uuid": uuid, "photo": photo, "role": role, "caption": caption, "credit": "", "alt_text": "", **fields}


BODY = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n\nFourth paragraph.\n"


def test_a_field_changed_on_one_side_is_taken_from_that_side():
    base = story(headline="Old", byline="Leila", body=BODY)
    mine = story(headline="Old", byline="Leila Ahmadi", body=BODY)
    theirs = story(headline="New", byline="Leila", body=BODY)
    merge = merge_story(base, mine, theirs)
    assert merge.clean and merge.taken == ("Headline",)
    merged = merge.resolve()["fields"]
    assert (merged["headline"], merged["byline"]) == ("New", "Leila Ahmadi")


def test_the_same_change_on_both_sides_is_no_conflict():
    base = story(headline="Old")
    merge = merge_story(base, story(headline="Same"), story(headline="Same"))
    assert merge.clean and merge.resolve()["fields"]["headline"] == "Same"


def test_different_changes_to_one_field_are_a_conflict_settled_by_choice():
    merge = merge_story(story(headline="Old"), story(headline="Mine"), story(headline="Theirs"))
    [conflict] = merge.conflicts
    assert (conflict.key, conflict.base, conflict.mine, conflict.theirs) == ("headline", "Old", "Mine", "Theirs")
    with pytest.raises(UnresolvedConflictsError, match="headline"):
        merge.resolve()
    assert merge.resolve({"headline": "mine"})["fields"]["headline"] == "Mine"
    assert merge.resolve({"headline": "theirs"})["fields"]["headline"] == "Theirs"


def test_edits_to_different_paragraphs_both_land():
    mine = BODY.replace("Second paragraph.", "Second, edited here.")
    theirs = BODY.replace("Fourth paragraph.", "Fourth, edited there.") + "\nFifth, added there.\n"
    merge = merge_story(story(body=BODY), story(body=mine), story(body=theirs))
    assert merge.clean
    body = merge.resolve()["fields"]["body"]
    assert split_paragraphs(body) == [
        "First paragraph.", "Second, edited here.", "Third paragraph.", "Fourth, edited there.", "Fifth, added there.",
    ]  # fmt: skip
    assert body.endswith("\n")


def test_the_same_paragraph_edited_on_both_sides_is_one_conflict_with_its_number():
    mine = BODY.replace("Third paragraph.", "Third, mine.")
    theirs = BODY.replace("Third paragraph.", "Third, theirs.").replace("First paragraph.", "First, theirs.")
    merge = merge_story(story(body=BODY), story(body=mine), story(body=theirs))
    [conflict] = merge.conflicts
    assert (conflict.key, conflict.label) == ("body.3", "Body, paragraph 3")
    assert (conflict.base, conflict.mine, conflict.theirs) == ("Third paragraph.", "Third, mine.", "Third, theirs.")
    body = merge.resolve({"body.3": "theirs"})["fields"]["body"]
    assert split_paragraphs(body)[:3] == ["First, theirs.", "Second paragraph.", "Third, theirs."]


def test_a_body_changed_on_one_side_is_taken_byte_for_byte():
    theirs = "Odd   spacing.\n\n\n\nKept exactly.\r"
    merge = merge_story(story(body=BODY), story(body=BODY), story(body=theirs))
    assert merge.resolve()["fields"]["body"] == theirs


def test_tags_merge_as_a_set_and_never_conflict():
    base = story(tags=["Iran", "Budget"])
    mine = story(tags=["Iran", "Budget", "Economy"])
    theirs = story(tags=["Budget", "Parliament"])  # removed Iran, added Parliament
    merge = merge_story(base, mine, theirs)
    assert merge.clean and merge.resolve()["fields"]["tags"] == ["Budget", "Economy", "Parliament"]


def test_placement_fields_merge_one_by_one():
    base = story([placement("p1", "Caption", credit="AFP")])
    mine = story([placement("p1", "Caption", credit="AFP/Staff")])
    theirs = story([placement("p1", "Better caption", credit="AFP")])
    merged = merge_story(base, mine, theirs).resolve()["placements"]
    assert (merged[0]["caption"], merged[0]["credit"]) == ("Better caption", "AFP/Staff")


def test_a_caption_changed_on_both_sides_is_a_conflict_of_that_photo():
    base = story([placement("p1", "One"), placement("p2", "Two")])
    merge = merge_story(
        base,
        story([placement("p1", "One"), placement("p2", "Two, mine", alt_text="mine")]),
        story([placement("p1", "One"), placement("p2", "Two, theirs", alt_text="theirs")]),
    )
    assert [c.key for c in merge.conflicts] == ["photo.2.caption", "photo.2.alt_text"]
    assert merge.conflicts[0].label == "Photo 2 caption"
    rules = parse_take_rules(["photo.2=theirs"])
    resolved = merge.resolve(choices_from_rules(merge.conflicts, rules))["placements"][1]
    assert (resolved["caption"], resolved["alt_text"]) == ("Two, theirs", "theirs")


def test_photos_added_on_either_side_are_kept_and_a_slot_filled_on_one_side_is_taken():
    base = story([placement("p1", "One"), placement("slot", "Waiting", photo=None)])
    mine = story([placement("p1", "One"), placement("slot", "Waiting", photo=None), placement("mine", "Mine")])
    theirs = story([placement("theirs", "Theirs", photo=SHA_B), placement("p1", "One"),
                    placement("slot", "Waiting", photo=SHA_B)])  # fmt: skip
    merge = merge_story(base, mine, theirs)
    assert merge.clean
    placements = merge.resolve()["placements"]
    assert [p["uuid"] for p in placements] == ["theirs", "p1", "slot", "mine"]
    assert placements[2]["photo"] == SHA_B


def test_a_photo_removed_on_one_side_goes_unless_the_other_side_edited_it():
    base = story([placement("p1", "One"), placement("p2", "Two")])
    removed = merge_story(
        base, story([placement("p1", "One"), placement("p2", "Two")]), story([placement("p1", "One")])
    )
    assert removed.clean and [p["uuid"] for p in removed.resolve()["placements"]] == ["p1"]
    edited = merge_story(base, story([placement("p1", "One"), placement("p2", "Two, edited")]),
                         story([placement("p1", "One")]))  # fmt: skip
    [conflict] = edited.conflicts
    assert (conflict.key, conflict.theirs) == ("photo.2", "(removed)")
    assert [p["uuid"] for p in edited.resolve({"photo.2": "mine"})["placements"]] == ["p1", "p2"]
    assert [p["uuid"] for p in edited.resolve({"photo.2": "theirs"})["placements"]] == ["p1"]


def test_photo_order_follows_the_side_that_reordered_and_conflicts_when_both_did():
    one, two, three = placement("1"), placement("2"), placement("3")
    base = story([one, two, three])
    theirs_moved = merge_story(base, story([one, two, three]), story([three, one, two]))
    assert [p["uuid"] for p in theirs_moved.resolve()["placements"]] == ["3", "1", "2"]
    both = merge_story(base, story([two, one, three]), story([one, three, two]))
    [conflict] = both.conflicts
    assert conflict.key == "photo.order"
    assert [p["uuid"] for p in both.resolve({"photo.order": "theirs"})["placements"]] == ["1", "3", "2"]


def test_only_one_lead_survives_a_merge():
    base = story([placement("1", role="lead"), placement("2")])
    mine = story([placement("1", role="lead"), placement("2")])
    theirs = story([placement("1", role="inline"), placement("2", role="lead")])
    placements = merge_story(base, mine, theirs).resolve()["placements"]
    assert [p["role"] for p in placements] == ["inline", "lead"]
    both_leads = merge_story(story([placement("1"), placement("2")]), story([placement("1", role="lead"),
                             placement("2")]), story([placement("1"), placement("2", role="lead")]))  # fmt: skip
    assert [p["role"] for p in both_leads.resolve()["placements"]] == ["lead", "inline"]


def test_without_a_base_every_difference_is_a_conflict_and_nothing_is_lost():
    mine = story([placement("p1", "Mine")], headline="Mine", body="Shared.\n\nOnly mine.")
    theirs = story(
        [placement("p1", "Theirs"), placement("p2", "New")], headline="Theirs", body="Shared.\n\nOnly theirs."
    )
    merge = merge_story(None, mine, theirs)
    # A photo only one side has is a conflict too: removed by one side, or added by the other?
    assert {c.key for c in merge.conflicts} == {"headline", "body.2", "photo.1.caption", "photo.2"}
    merged = merge.resolve({c.key: "mine" for c in merge.conflicts})
    assert merged["fields"]["body"] == "Shared.\n\nOnly mine."
    assert [p["uuid"] for p in merged["placements"]] == ["p1"]
    merged = merge.resolve({**{c.key: "mine" for c in merge.conflicts}, "photo.2": "theirs"})
    assert [p["uuid"] for p in merged["placements"]] == ["p1", "p2"]


def test_diff3_chunks_cover_all_three_versions():
    base, mine, theirs = list("abcdefg"), list("abXdefg"), list("abcdeYg")
    chunks = diff3(base, mine, theirs)
    assert "".join("".join(c.mine) for c in chunks) == "".join(mine)
    assert "".join("".join(c.theirs) for c in chunks) == "".join(theirs)
    assert "".join("".join(c.base) for c in chunks) == "".join(base)
    assert [c.stable for c in chunks] == [True, False, True, False, True]


def test_take_rules_all_then_named_and_unknown_names_refused():
    merge = merge_story(
        story(headline="H", byline="B", body=BODY),
        story(headline="H1", byline="B1", body=BODY.replace("First", "1st")),
        story(headline="H2", byline="B2", body=BODY.replace("First", "Erst")),
    )
    assert [c.key for c in merge.conflicts] == ["headline", "byline", "body.1"]
    choices = choices_from_rules(merge.conflicts, parse_take_rules(["theirs", "body=mine", "headline=mine"]))
    assert choices == {"headline": "mine", "byline": "theirs", "body.1": "mine"}
    with pytest.raises(UnknownConflictError, match="headline, byline, body.1"):
        choices_from_rules(merge.conflicts, parse_take_rules(["standfirst=mine"]))
    with pytest.raises(PacketError, match="say mine or theirs"):
        parse_take_rules(["headline=both"])
