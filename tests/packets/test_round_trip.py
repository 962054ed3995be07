"""A story handed from a reporter's library to an editor's and back, through real packet
files and two real library files."""

from __future__ import annotations

import json
import zipfile

import pytest

from editor_app.cli.main import main
from editor_app.packets.errors import UnresolvedConflictsError
from editor_app.packets.reading import read_packet
from editor_app.packets.taking import plan_packet, take_packet
from editor_app.packets.writing import shared_state, write_packet
from editor_app.render.page import render_article
from editor_app.render.photos import PlacedPhoto


def send(library, article_id, folder, name, sender):
    return write_packet(library, article_id, folder / name, sender=sender)


def take(library, path, choices=None):
    plan = plan_packet(library, path)
    return plan, take_packet(library, plan, choices)


def library_state(library) -> tuple:
    """Everything a failed or refused take must leave as it was."""
    articles = [library.story_state(a.id) for a in library.list_articles()]
    revisions = [len(library.revisions(a.id)) for a in library.list_articles()]
    return articles, revisions, library.count_photos()


def test_a_story_arrives_whole_in_another_library(reporter, editor, reporter_story, tmp_path):
    path = send(reporter, reporter_story.id, tmp_path, "to-desk", "Leila")
    plan, result = take(editor, path)
    assert not plan.is_update and result.created and result.photos_added == 2
    arrived = editor.get_article(reporter_story.uuid)
    assert editor.story_state(arrived.id) == reporter.story_state(reporter_story.id)
    for field in ("headline", "standfirst", "byline", "dateline", "section", "tags", "target_words", "editor_note"):
        assert getattr(arrived, field) == getattr(reporter_story, field)
    # The photos' originals are the same bytes; the slot came as a slot.
    theirs = editor.placements(arrived.id)
    ours = reporter.placements(reporter_story.id)
    assert [p.uuid for p in theirs] == [p.uuid for p in ours]
    assert theirs[2].is_slot and theirs[2].caption == "Finance Minister Reza Karimi speaks."
    for mine, other in zip(ours[:2], theirs[:2], strict=True):
        assert editor.photo_original(other.photo_id) == reporter.photo_original(mine.photo_id)
        assert (other.role, other.caption, other.credit, other.alt_text) == (
            mine.role, mine.caption, mine.credit, mine.alt_text,
        )  # fmt: skip
    # The body's photo reference now names the editor's own placement, so the page shows it.
    assert f"placement:{theirs[1].id})" in arrived.body
    page = render_article(arrived, [PlacedPhoto(p, photo) for p, photo in editor.placed_photos(arrived.id)])
    assert "Protesters outside parliament." in page.html and not page.warnings
    assert editor.revisions(arrived.id)[0].name == "Received packet from Leila"


def test_round_trip_reporter_editor_reporter_merges_different_fields_cleanly(
    reporter, editor, reporter_story, tmp_path
):
    _, first = take(editor, send(reporter, reporter_story.id, tmp_path, "one", "Leila"))
    desk_copy = first.article
    # The editor works on the headline, a caption, the status and a tag...
    editor.update_article(desk_copy.id, headline="Budget passes after all-night session", status="in edit",
                          tags=[*desk_copy.tags, "Economy"])  # fmt: skip
    inline = editor.placements(desk_copy.id)[1]
    editor.update_placement(inline.id, caption="Protesters outside parliament in Tehran.")
    # ...while the reporter rewrites one paragraph, the standfirst, and drops a tag.
    body = reporter.get_article(reporter_story.id).body
    reporter.update_article(
        reporter_story.id,
        body=body.replace("The plan passed by 162 votes to 97.", "The plan passed 162-97."),
        standfirst="Lawmakers passed the plan by 162 votes to 97.",
        tags=["Iran", "Budget"],
    )
    back = send(editor, desk_copy.id, tmp_path, "two", "Desk")
    assert read_packet(back).base == shared_state(reporter, reporter_story.uuid)  # both had the first packet
    plan, result = take(reporter, back)
    assert plan.is_update and plan.merge.clean and result.changed
    merged = reporter.get_article(reporter_story.id)
    assert merged.headline == "Budget passes after all-night session"
    assert merged.status == "in_edit"
    assert merged.standfirst == "Lawmakers passed the plan by 162 votes to 97."
    assert "The plan passed 162-97." in merged.body and "162 votes to 97. Opposition" not in merged.body
    assert list(merged.tags) == ["Iran", "Budget", "Economy"]
    assert reporter.placements(merged.id)[1].caption == "Protesters outside parliament in Tehran."
    assert reporter.count_photos() == 2  # the same photos came back: nothing stored twice
    assert reporter.revisions(merged.id)[0].name == "Merged packet from Desk"
    # And back to the desk once more: both libraries now hold the same story.
    _, last = take(editor, send(reporter, reporter_story.id, tmp_path, "three", "Leila"))
    assert last.changed
    assert editor.story_state(desk_copy.id) == reporter.story_state(reporter_story.id)


def test_both_sides_editing_the_headline_and_one_paragraph_are_conflicts(reporter, editor, reporter_story, tmp_path):
    _, first = take(editor, send(reporter, reporter_story.id, tmp_path, "one", "Leila"))
    paragraph = "Several hundred people gathered outside the parliament building through the night."
    body = reporter.get_article(reporter_story.id).body
    editor.update_article(
        first.article.id,
        headline="Desk headline",
        body=editor.get_article(first.article.id).body.replace(paragraph, "Hundreds gathered overnight."),
    )
    reporter.update_article(
        reporter_story.id, headline="Reporter headline", body=body.replace(paragraph, "About 300 people gathered.")
    )
    before = library_state(reporter)
    plan = plan_packet(reporter, send(editor, first.article.id, tmp_path, "two", "Desk"))
    assert [c.key for c in plan.conflicts] == ["headline", "body.7"]  # numbered as its label: paragraph 7
    headline, paragraph_conflict = plan.conflicts
    assert (headline.base, headline.mine, headline.theirs) == (
        "Parliament approves emergency budget after all-night session", "Reporter headline", "Desk headline",
    )  # fmt: skip
    assert "About 300 people gathered." in paragraph_conflict.mine
    assert "Hundreds gathered overnight." in paragraph_conflict.theirs
    assert paragraph_conflict.label == "Body, paragraph 7"
    with pytest.raises(UnresolvedConflictsError, match="body.7"):
        take_packet(reporter, plan, {"headline": "theirs"})
    assert library_state(reporter) == before
    take_packet(reporter, plan, {"headline": "theirs", "body.7": "mine"})
    merged = reporter.get_article(reporter_story.id)
    assert merged.headline == "Desk headline"
    assert "About 300 people gathered." in merged.body and "Hundreds" not in merged.body


def test_merge_is_undone_by_restoring_the_revision_before_it(reporter, editor, reporter_story, tmp_path):
    _, first = take(editor, send(reporter, reporter_story.id, tmp_path, "one", "Leila"))
    editor.update_article(first.article.id, headline="Desk headline")
    lead = editor.placements(first.article.id)[0]
    editor.update_placement(lead.id, caption="A new lead caption. (AFP photo)")
    before_state = reporter.story_state(reporter_story.id)
    revisions_before = reporter.revisions(reporter_story.id)
    take(reporter, send(editor, first.article.id, tmp_path, "two", "Desk"))
    revisions = reporter.revisions(reporter_story.id)
    assert len(revisions) == len(revisions_before) + 1  # the merge is one revision
    assert reporter.get_article(reporter_story.id).headline == "Desk headline"
    assert reporter.placements(reporter_story.id)[0].caption == "A new lead caption. (AFP photo)"
    kept = revisions[1]
    assert kept.id == revisions_before[0].id  # the state before the merge is kept as it was
    reporter.restore_revision(reporter_story.id, kept.id)
    assert reporter.story_state(reporter_story.id) == before_state  # text and captions alike


def test_a_photo_swapped_on_both_sides_is_a_conflict_shown_by_file_name(reporter, editor, reporter_story, tmp_path):
    _, first = take(editor, send(reporter, reporter_story.id, tmp_path, "one", "Leila"))
    editor_photos = {p.original_name: p for p in editor.list_photos()}
    slot = editor.placements(first.article.id)[2]
    editor.fill_photo_slot(slot.id, editor_photos["news_canadian_press.jpg"].id)
    reporter_photos = {p.original_name: p for p in reporter.list_photos()}
    reporter.fill_photo_slot(
        reporter.placements(reporter_story.id)[2].id, reporter_photos["iptc_photo_mechanic.jpg"].id
    )
    plan = plan_packet(reporter, send(editor, first.article.id, tmp_path, "two", "Desk"))
    [conflict] = plan.conflicts
    assert (conflict.key, conflict.base) == ("photo.3.photo", "(no photo yet: a slot)")
    assert (conflict.mine, conflict.theirs) == ("iptc_photo_mechanic.jpg", "news_canadian_press.jpg")
    take_packet(reporter, plan, {"photo.3.photo": "theirs"})
    filled = reporter.placements(reporter_story.id)[2]
    assert reporter.get_photo(filled.photo_id).original_name == "news_canadian_press.jpg"


def test_a_packet_taken_twice_changes_nothing_the_second_time(reporter, editor, reporter_story, tmp_path):
    path = send(reporter, reporter_story.id, tmp_path, "one", "Leila")
    take(editor, path)
    article = editor.get_article(reporter_story.uuid)
    revisions = len(editor.revisions(article.id))
    plan, again = take(editor, path)
    assert plan.is_update and plan.merge.clean and not again.changed and not again.created
    assert len(editor.revisions(article.id)) == revisions and editor.count_photos() == 2


def test_photos_the_library_already_has_are_not_stored_again(reporter, editor, reporter_story, tmp_path, corpus_dir):
    from editor_app.photos import import_photos

    import_photos(editor, [corpus_dir / "iptc_photo_mechanic.jpg"])
    _, result = take(editor, send(reporter, reporter_story.id, tmp_path, "one", "Leila"))
    assert result.photos_added == 1 and editor.count_photos() == 2


def test_photo_fields_travel_with_a_new_photo(reporter, editor, reporter_story, tmp_path):
    lead = reporter.placements(reporter_story.id)[0]
    reporter.update_photo(lead.photo_id, creator="Staff Photographer", usage_terms="Editorial use only")
    take(editor, send(reporter, reporter_story.id, tmp_path, "one", "Leila"))
    photo = editor.get_photo(reporter.get_photo(lead.photo_id).sha256)
    assert (photo.creator, photo.usage_terms) == ("Staff Photographer", "Editorial use only")


def test_the_packet_file_is_a_zip_with_a_versioned_story(reporter, reporter_story, tmp_path):
    path = send(reporter, reporter_story.id, tmp_path, "story", "Leila")
    assert path.name == "story.copydesk-story"
    with zipfile.ZipFile(path) as archive:
        document = json.loads(archive.read("story.json"))
        names = set(archive.namelist())
    assert (document["format"], document["version"], document["sender"]) == ("copydesk-story", 1, "Leila")
    assert document["story"]["uuid"] == reporter_story.uuid and document["base"] is None
    assert {p["member"] for p in document["photos"]} <= names
    assert [p["photo"] is None for p in document["story"]["placements"]] == [False, False, True]
    assert list(tmp_path.glob(".*partial")) == []  # no temporary file left behind


# ---------------------------------------------------------------------- the command line


def _cli_conflict_setup(reporter, editor, reporter_story, tmp_path):
    _, first = take(editor, send(reporter, reporter_story.id, tmp_path, "one", "Leila"))
    editor.update_article(first.article.id, headline="Desk headline", byline="Desk byline")
    reporter.update_article(
        reporter_story.id, headline="Reporter headline", byline="Reporter byline", dateline="TABRIZ"
    )
    path = send(editor, first.article.id, tmp_path, "two", "Desk")
    library_path = reporter.path
    reporter.close()  # the command line opens the library itself
    return library_path, path


@pytest.mark.parametrize(
    ("takes", "headline", "byline"),
    [
        (["mine"], "Reporter headline", "Reporter byline"),
        (["theirs"], "Desk headline", "Desk byline"),
        (["headline=theirs", "byline=mine"], "Desk headline", "Reporter byline"),
        (["theirs", "byline=mine"], "Desk headline", "Reporter byline"),
    ],
)
def test_cli_settles_conflicts_with_take(reporter, editor, reporter_story, tmp_path, capsys, takes, headline, byline):
    library_path, packet = _cli_conflict_setup(reporter, editor, reporter_story, tmp_path)
    command = ["--library", str(library_path), "packet", "import", str(packet)]
    assert main(command) == 1
    out, err = capsys.readouterr()
    assert "headline" in out and "byline" in out and "nothing was changed" in err
    assert main([*command, *[arg for t in takes for arg in ("--take", t)], "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["article"]["headline"], result["article"]["byline"]) == (headline, byline)
    assert result["article"]["dateline"] == "TABRIZ"  # changed on one side only: kept


def test_cli_refuses_a_take_naming_no_conflict(reporter, editor, reporter_story, tmp_path, capsys):
    library_path, packet = _cli_conflict_setup(reporter, editor, reporter_story, tmp_path)
    status = main(["--library", str(library_path), "packet", "import", str(packet), "--take", "standfirst=mine"])
    err = capsys.readouterr().err
    assert status == 2 and "no conflict is named 'standfirst'" in err and "headline, byline" in err


def test_cli_exports_and_imports_a_new_story(reporter, reporter_story, tmp_path, capsys):
    reporter_path = reporter.path
    reporter.close()
    packet = tmp_path / "out.copydesk-story"
    assert (
        main(["--library", str(reporter_path), "packet", "export", str(reporter_story.id), "--out", str(packet)]) == 0
    )
    other = tmp_path / "other.copydesk"
    assert main(["init", str(other)]) == 0
    capsys.readouterr()
    assert main(["--library", str(other), "--json", "packet", "import", str(packet)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["created"] and result["article"]["uuid"] == reporter_story.uuid and result["photos_added"] == 2
