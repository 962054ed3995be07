"""Preflight: what an export sends and what is wrong in it, checked before a file is written.

A real library in tmp_path with real photos: a `ready` story whose caption was left over
from another story must not reach the export folder until the caption is fixed or the
error is overridden for that one export.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from editor_app.export import (
    ExportScope,
    PreflightFailedError,
    export_checked,
    export_site,
    run_preflight,
)
from editor_app.export.preflight import ERROR, WARNING, severity_of
from editor_app.photos import CaptionProblem, import_photos

STORY = {
    "headline": "Montreal police open an inquiry into a fatal crash",
    "section": "News / Canada",
    "byline": "Desk reporter",
    "dateline": "MONTREAL",
    "standfirst": "A pedestrian died after being struck by a police car on Wednesday.",
    "body": "Montreal police said on Wednesday that an inquiry had been opened.\n\n"
    "![](placement:{placement})\n\nInspector Marie Gagnon said the officers were cooperating.",
}
# Two people from another story altogether.
WRONG_CAPTION = "Justin Trudeau and Pierre Poilievre shake hands in Ottawa on Wednesday."
RIGHT_CAPTION = "Inspector Marie Gagnon speaks to reporters in Montreal on Wednesday."
ALT = "A police car parked on a city street, its logo on the door."


@pytest.fixture
def story(library, corpus_dir):
    """A `ready` story with one placed photo whose caption names two people absent from it."""
    (result,) = import_photos(library, [corpus_dir / "news_canadian_press.jpg"])
    assert result.error is None, result.error
    fields = dict(STORY)
    body = fields.pop("body")
    article = library.create_article(status="ready", **fields)
    placement = library.attach_photo(
        article.id,
        result.photo.id,
        role="inline",
        caption=WRONG_CAPTION,
        credit="The Canadian Press",
        alt_text=ALT,
    )
    article = library.update_article(article.id, body=body.format(placement=placement.id))
    return article, placement


def test_a_wrong_story_caption_stops_the_export_and_passes_once_fixed(library, story, tmp_path):
    article, placement = story
    out_dir = tmp_path / "site"

    preflight = run_preflight(library)
    assert preflight.article_ids == [article.id]
    absent = [p for p in preflight.errors if p.code == "person_not_in_article"]
    assert {p.placement_id for p in absent} == {placement.id}
    assert any("Trudeau" in p.message for p in absent)
    assert all(p.article_id == article.id and p.field == "caption" for p in absent)
    assert not preflight.ok
    with pytest.raises(PreflightFailedError, match="nothing was written|Nothing was written"):
        export_checked(library, out_dir, preflight)
    assert not out_dir.exists()

    library.update_placement(placement.id, caption=RIGHT_CAPTION)
    preflight = run_preflight(library)
    assert preflight.ok, preflight.report()
    report = export_checked(library, out_dir, preflight)
    assert report.articles == 1 and report.overridden == []
    page = (out_dir / "articles" / article.slug / "index.html").read_text(encoding="utf-8")
    assert "Inspector Marie Gagnon speaks" in page


def test_drafts_stay_home_unless_chosen(library, story, tmp_path):
    article, placement = story
    draft = library.create_article(headline="Half-written council story", body="Notes.", status="draft")
    in_edit = library.create_article(headline="Budget explainer", body="Being edited.", status="in_edit")

    default = run_preflight(library)
    assert default.article_ids == [article.id]
    assert {a.id for a in default.left_out} == {draft.id, in_edit.id}
    assert "2 drafts left out" in default.headline()
    assert all(p.article_id == article.id for p in default.problems)  # drafts are not even checked

    chosen = run_preflight(library, ExportScope(include_drafts=True))
    assert chosen.article_ids == [article.id, draft.id, in_edit.id] and chosen.left_out == []
    only_drafts = run_preflight(library, ExportScope(status="draft"))
    assert only_drafts.article_ids == [draft.id]

    library.update_placement(placement.id, caption=RIGHT_CAPTION)
    export_checked(library, tmp_path / "site", run_preflight(library))
    assert sorted(p.name for p in (tmp_path / "site" / "articles").iterdir()) == [article.slug]


def test_one_draft_asked_for_is_an_error_until_drafts_are_chosen(library):
    draft = library.create_article(headline="Half-written", body="Notes.", status="draft")
    preflight = run_preflight(library, ExportScope(article=draft.slug))
    assert preflight.article_ids == [draft.id]
    assert [(p.code, p.field) for p in preflight.errors] == [("not_ready", "status")]
    assert run_preflight(library, ExportScope(article=draft.id, include_drafts=True)).ok


def test_article_problems_and_their_severities(library, story):
    article, placement = story
    no_headline = library.create_article(headline="", body="Text.", status="ready")
    empty = library.create_article(headline="Nothing yet", body="", status="ready")
    library.update_placement(placement.id, caption=RIGHT_CAPTION, credit="", alt_text="")
    # The body still shows a placement the article no longer has (its photo was taken out).
    library.update_article(article.id, body=article.body + "\n\n![](placement:999)\n")

    preflight = run_preflight(library)
    found = {(p.article_id, p.code): p for p in preflight.problems}
    assert found[(no_headline.id, "missing_headline")].severity == ERROR
    assert found[(no_headline.id, "missing_headline")].field == "headline"
    assert found[(empty.id, "empty_body")].severity == WARNING
    assert found[(article.id, "missing_credit")].severity == ERROR
    assert found[(article.id, "missing_credit")].placement_id == placement.id
    assert found[(article.id, "missing_alt_text")].severity == WARNING
    gone = found[(article.id, "placement_without_photo")]
    assert (gone.severity, gone.placement_id, gone.field) == (ERROR, 999, "body")
    # Grouped by article with errors first, and each article's errors before its warnings.
    for _article, problems in preflight.problems_by_article():
        severities = [p.severity for p in problems]
        assert severities == sorted(severities)  # "error" < "warning"


def test_a_refused_body_leaves_its_article_out_of_a_site_but_stops_it_alone(library, story):
    article, _placement = story
    connection = sqlite3.connect(library.path)  # as an older Copydesk stored it, past today's checks
    with connection:
        connection.execute("UPDATE article SET body = ? WHERE id = ?", ("x" * 250_000, article.id))
    connection.close()
    site = run_preflight(library)
    refused = [p for p in site.problems if p.code == "body_refused"]
    assert len(refused) == 1 and refused[0].severity == WARNING and refused[0].field == "body"
    assert "250,000 characters" in refused[0].message and "left out" in refused[0].message
    alone = run_preflight(library, ExportScope(article=article.id))
    assert "body_refused" in [p.code for p in alone.errors]


def test_a_check_without_a_severity_is_a_warning():
    """A caption check another module adds informs at once; it stops exports only when its
    checker says it is an error."""
    new_check = CaptionProblem(3, "caption", "some_future_check", "Photo placement 3, caption: odd.")
    assert severity_of(new_check) == WARNING
    assert severity_of(type("Checked", (), {"severity": "error"})()) == ERROR


def test_force_exports_and_the_report_says_what_it_overrode(library, story, tmp_path):
    article, placement = story
    preflight = run_preflight(library)
    report = export_checked(library, tmp_path / "site", preflight, override=True)
    assert report.articles == 1
    assert {p.code for p in report.overridden} == {"person_not_in_article"}
    assert "Exported anyway over" in report.summary() and "Trudeau" in report.summary()
    data = json.loads(json.dumps(report.to_dict()))
    assert data["overridden"][0]["go_to"] == {
        "article_id": article.id,
        "placement_id": placement.id,
        "field": "caption",
    }


def test_an_override_covers_only_the_errors_that_were_seen(library, story, tmp_path):
    article, _placement = story
    seen = run_preflight(library)
    library.update_article(article.id, headline="")  # a new error after the editor said "export anyway"
    again = run_preflight(library)
    with pytest.raises(PreflightFailedError):
        export_checked(library, tmp_path / "site", again, override=seen.errors)
    assert not (tmp_path / "site").exists()
    library.update_article(article.id, headline=STORY["headline"])
    report = export_checked(library, tmp_path / "site", run_preflight(library), override=seen.errors)
    assert len(report.overridden) == len(seen.errors)


def test_the_json_shape_is_stable(library, story):
    article, placement = story
    data = run_preflight(library).to_dict()
    assert set(data) == {"ok", "errors", "warnings", "articles", "left_out", "problems"}
    assert data["ok"] is False and data["errors"] >= 1
    assert data["articles"] == [
        {"id": article.id, "slug": article.slug, "headline": article.headline, "status": "ready"}
    ]
    problem = data["problems"][0]
    assert set(problem) == {"article_id", "placement_id", "severity", "code", "message", "field", "go_to"}
    assert problem["severity"] == "error" and problem["placement_id"] == placement.id


@pytest.mark.usefixtures("story")
def test_plain_export_site_still_writes_what_it_is_given(library, tmp_path):
    """The writer itself does not choose: the preflight does, and passes it the ids."""
    draft = library.create_article(headline="Draft", body="Notes.", status="draft")
    report = export_site(library, tmp_path / "all", article_ids=[draft.id])
    assert report.articles == 1
    assert [p.name for p in (tmp_path / "all" / "articles").iterdir()] == [draft.slug]


def test_export_when_clean_hands_back_the_problems_or_exports(library, story, tmp_path):
    """The window's one job: problems come back for the dialog; once seen, the export goes."""
    from editor_app.export import Preflight, export_when_clean

    out_dir = tmp_path / "site"
    shown = export_when_clean(library, out_dir, ExportScope())
    assert isinstance(shown, Preflight) and not shown.ok and not out_dir.exists()
    report = export_when_clean(library, out_dir, ExportScope(), accepted=shown.errors)
    assert len(report.overridden) == len(shown.errors) and out_dir.is_dir()
    with pytest.raises(PreflightFailedError):  # warnings seen, but the errors were not accepted
        export_when_clean(library, tmp_path / "other", ExportScope(), accepted=[])
