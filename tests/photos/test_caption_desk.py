"""The caption desk over a real library and real files: templates per photo, credits against
the file, dates against the camera, problem counts for the library list."""

from __future__ import annotations

import pytest

from editor_app.library.desk import CAPTION_LENGTH_LIMIT
from editor_app.photos import import_photos
from editor_app.photos.caption_tools import apply_template, set_credits
from editor_app.photos.placements import caption_problem_counts, caption_problems

STORY = "Montreal police said on Wednesday that a pedestrian was struck. Paul Chiasson took photos."


@pytest.fixture
def three(library, corpus_dir):
    results = import_photos(
        library, [corpus_dir / n for n in ("news_canadian_press.jpg", "iptc_photo_mechanic.jpg", "tiff_iptc.tif")]
    )
    article = library.create_article("Pedestrian struck", dateline="MONTREAL", byline="By Leila Ahmadi", body=STORY)
    placements = [library.attach_photo(article.id, r.photo.id, alt_text="A police car.") for r in results]
    return article, placements


def test_a_template_applied_to_three_photos_fills_each_from_its_own_file(library, three):
    article, placements = three
    edit = apply_template(library, "{city}, {country}, {date:%B %-d, %Y}: {dateline}", [p.id for p in placements])
    assert [p.caption for p in library.placements(article.id)] == [
        "Montreal, Canada, July 8, 2020: MONTREAL",
        "kingston, Country, October 29, 2006: MONTREAL",
        "Kingston, Canada, February 20, 2004: MONTREAL",
    ]
    library.batch_update(**edit.undo())
    assert [p.caption for p in library.placements(article.id)] == [p.caption for p in placements]


def test_batch_credit_sets_placements_and_photos_in_one_step(library, three):
    article, placements = three
    edit = set_credits(
        library, [p.id for p in placements], credit="Reuters", creator="Jane Doe", copyright="Reuters 2026"
    )
    assert {p.credit for p in library.placements(article.id)} == {"Reuters"}
    assert {(library.get_photo(p.photo_id).creator, library.get_photo(p.photo_id).copyright) for p in placements} == {
        ("Jane Doe", "Reuters 2026")
    }
    library.batch_update(**edit.undo())
    assert [p.credit for p in library.placements(article.id)] == [p.credit for p in placements]


def _codes(problems):
    return [(p.placement_id, p.field, p.code, p.severity) for p in problems]


def test_a_good_caption_on_the_canadian_press_photo_has_no_problems(library, three):
    article, (cp, *_rest) = three
    caption = "The Montreal Police logo is seen on a police car in Montreal on Wednesday, July 8, 2020."
    library.update_placement(cp.id, caption=caption, credit="The Canadian Press")
    assert [p for p in caption_problems(library, article.id) if p.placement_id == cp.id] == []
    # The usual variants of the same credit agree with the file too.
    for credit in ("THE CANADIAN PRESS", "CP", "The Canadian Press/Paul Chiasson", "Paul Chiasson"):
        library.update_placement(cp.id, credit=credit)
        assert [p for p in caption_problems(library, article.id) if p.placement_id == cp.id] == []


def test_a_credit_that_disagrees_with_the_file_is_reported_with_a_fix(library, three):
    article, (cp, *_rest) = three
    library.update_placement(cp.id, caption="A police car in Montreal.", credit="AFP")
    [problem] = [p for p in caption_problems(library, article.id) if p.placement_id == cp.id]
    assert (problem.field, problem.code, problem.severity) == ("credit", "credit_differs_from_file", "warning")
    assert "says AFP" in problem.message and "The Canadian Press / Paul Chiasson" in problem.message
    assert problem.suggestion == "The Canadian Press"


def test_a_wire_credit_left_in_the_caption_is_checked_against_the_file(library, three):
    article, (cp, *_rest) = three
    library.update_placement(cp.id, caption="A police car in Montreal. REUTERS/Jane Doe", credit="The Canadian Press")
    problems = [p for p in caption_problems(library, article.id) if p.placement_id == cp.id]
    assert [(p.field, p.code) for p in problems] == [
        ("caption", "credit_differs_from_file"),
        ("caption", "creator_differs_from_file"),
    ]


def test_a_creator_changed_away_from_the_file_is_reported(library, three):
    article, (cp, *_rest) = three
    library.update_placement(cp.id, caption="A police car in Montreal.", credit="The Canadian Press")
    library.update_photo(cp.photo_id, creator="John Smith")
    [problem] = [p for p in caption_problems(library, article.id) if p.placement_id == cp.id]
    assert (problem.field, problem.code, problem.suggestion) == (
        "creator",
        "creator_differs_from_file",
        "Paul Chiasson",
    )


@pytest.mark.parametrize("written", ["March 08, 2019", "8 March 2019", "2019-03-08", "Mar. 8, 2019", "July 12, 2020"])
def test_a_date_far_from_the_taken_date_is_reported(library, three, written):
    article, (cp, *_rest) = three
    library.update_placement(cp.id, caption=f"A police car in Montreal on {written}.", credit="The Canadian Press")
    problems = [p for p in caption_problems(library, article.id) if p.placement_id == cp.id]
    assert [(p.code, p.severity) for p in problems] == [("date_differs_from_photo", "warning")]
    assert written in problems[0].message and "July 8, 2020" in problems[0].message


@pytest.mark.parametrize("written", ["July 8, 2020", "8 July 2020", "2020-07-10", "July 5, 2020", "July 8"])
def test_a_date_within_a_few_days_is_fine(library, three, written):
    article, (cp, *_rest) = three
    library.update_placement(cp.id, caption=f"A police car in Montreal on {written}.", credit="The Canadian Press")
    assert [p for p in caption_problems(library, article.id) if p.placement_id == cp.id] == []


def test_both_absent_people_are_reported_as_errors(library, three):
    article, (cp, *_rest) = three
    library.update_placement(
        cp.id,
        caption="Real Madrid coach Carlo Ancelotti and Vinicius Junior arrive in Montreal.",
        credit="The Canadian Press",
    )
    problems = [p for p in caption_problems(library, article.id) if p.placement_id == cp.id]
    assert [(p.code, p.severity) for p in problems] == [("person_not_in_article", "error")] * 2
    assert "Carlo Ancelotti" in problems[0].message and "Vinicius Junior" in problems[1].message


def test_the_caption_limit_is_a_desk_setting(library, three):
    article, (cp, *_rest) = three
    caption = "A police car in Montreal. " * 10
    library.update_placement(cp.id, caption=caption, credit="The Canadian Press")
    assert [p for p in caption_problems(library, article.id) if p.placement_id == cp.id] == []
    library.set_setting(CAPTION_LENGTH_LIMIT.key, 100)
    [problem] = [p for p in caption_problems(library, article.id) if p.placement_id == cp.id]
    assert problem.code == "caption_too_long" and "limit is 100" in problem.message


def test_a_placement_whose_photo_was_removed_is_an_error(library, three):
    article, (cp, *_rest) = three
    # Only a damaged or hand-edited library gets here: the library refuses to delete a used photo.
    library.db.execute("PRAGMA foreign_keys = OFF")
    library.db.execute("DELETE FROM photo WHERE id = ?", [cp.photo_id])
    library.db.execute("PRAGMA foreign_keys = ON")
    problems = [p for p in caption_problems(library, article.id) if p.placement_id == cp.id]
    assert ("photo", "photo_missing", "error") in [(p.field, p.code, p.severity) for p in problems]


def test_problem_counts_for_a_page_of_the_library_list(library, three):
    article, placements = three
    empty = library.create_article("No photos")
    library.update_placement(placements[0].id, caption="Joe Biden in Montreal.", credit="")
    counts = caption_problem_counts(library, [article.id, empty.id])
    problems = caption_problems(library, article.id)
    errors = sum(1 for p in problems if p.is_error)
    assert (counts[article.id].errors, counts[article.id].total) == (errors, len(problems))
    assert errors == 2  # Joe Biden, and the missing credit
    assert counts[empty.id].total == 0


def test_the_window_can_queue_a_whole_template_application_as_one_write(library, three):
    """The window never writes on the GUI thread: it submits the whole step to the writer."""
    article, placements = three
    future = library.submit(apply_template, library, "{city}", [p.id for p in placements])
    edit = future.result(timeout=30)
    assert [p.caption for p in library.placements(article.id)] == ["Montreal", "kingston", "Kingston"]
    library.submit(library.batch_update, **edit.undo()).result(timeout=30)
    assert [p.caption for p in library.placements(article.id)] == [p.caption for p in placements]
