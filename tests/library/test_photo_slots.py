"""Photo slots: placements that hold a wire caption and wait for their photo (schema 0006).

Real libraries in tmp_path, real photos from the shared corpus, and the v5 fixture file
that a Copydesk before slots saved.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from editor_app.export import ExportScope, PreflightFailedError, export_checked, run_preflight
from editor_app.library import InvalidFieldError, Library, PhotoInUseError
from editor_app.photos import import_photos
from editor_app.photos.placements import caption_problem_counts, caption_problems, render_photo

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CAPTION = "Iranian lawmakers attend a session of parliament in Tehran on March 8."
STRANGER_CAPTION = "Justin Trudeau waves to supporters in Ottawa."
BODY = "Parliament in Tehran passed the budget on Sunday.\n\n![](placement:{slot})\n\nThe vote was 190 to 52."


def _index_names(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'placement'")
    return {name for (name,) in rows if not name.startswith("sqlite_autoindex")}


def _photo(library, corpus_dir, name="news_canadian_press.jpg"):
    (result,) = import_photos(library, [corpus_dir / name])
    assert result.error is None, result.error
    return result.photo


@pytest.fixture
def story(library):
    article = library.create_article("Budget vote in Tehran", status="ready", dateline="TEHRAN", byline="Desk")
    slot = library.add_photo_slot(article.id, caption=CAPTION, credit="ICANA")
    article = library.update_article(article.id, body=BODY.format(slot=slot.id))
    return article, slot


def test_a_v5_library_is_rebuilt_with_its_placement_indexes_and_takes_slots(tmp_path):
    path = tmp_path / "library-v5.copydesk"
    shutil.copy(FIXTURES / "library-v5.copydesk", path)
    with sqlite3.connect(path) as conn:
        before_indexes = _index_names(conn)
        before_rows = conn.execute("SELECT * FROM placement ORDER BY id").fetchall()
    with Library.open(path) as library:
        article = library.get_article("budget-vote-in-tehran")
        slot = library.add_photo_slot(article.id, caption="Lawmakers leave the chamber", credit="ICANA")
        assert slot.is_slot and slot.position == 1
        assert library.check() == []
        with pytest.raises(sqlite3.IntegrityError):  # the lead stays unique after the rebuild
            library.db.execute(
                "INSERT INTO placement (uuid, article_id, photo_id, position, role, created_at)"
                " VALUES ('x', ?, NULL, 9, 'lead', '2026-01-01')",
                (article.id,),
            )
    with sqlite3.connect(path) as conn:
        assert _index_names(conn) == before_indexes == {
            "placement_by_article", "placement_by_photo", "placement_one_lead"
        }  # fmt: skip
        assert conn.execute("SELECT * FROM placement WHERE id = 1").fetchall() == before_rows
        notnull = {row[1]: row[3] for row in conn.execute("PRAGMA table_info(placement)")}
        assert notnull["photo_id"] == 0 and notnull["article_id"] == 1
        foreign = {row[3]: (row[2], row[6]) for row in conn.execute("PRAGMA foreign_key_list(placement)")}
        assert foreign == {"article_id": ("article", "CASCADE"), "photo_id": ("photo", "RESTRICT")}
        assert conn.execute("SELECT word FROM dictionary_word").fetchall() == [("Qalibaf",)]


def test_a_slot_is_listed_searched_and_checked_but_never_given_to_the_page(library, story):
    article, slot = story
    assert slot.photo_id is None and slot.caption == CAPTION and slot.credit == "ICANA"
    assert library.placements(article.id) == [slot]
    assert library.photo_slots(article.id) == [slot]
    assert library.placed_photos(article.id) == []
    assert [h.article.id for h in library.search("lawmakers")] == [article.id]
    assert library.placed_photos_of([article.id]) == {article.id: [(slot, None)]}
    assert library.check() == []
    with pytest.raises(ValueError, match="slot waiting for its photo"):
        render_photo(library, slot.id, 480)


def test_a_dropped_photo_fills_the_slot_keeping_its_caption_and_undo_empties_it(library, story, corpus_dir):
    article, slot = story
    photo = _photo(library, corpus_dir)
    filled = library.fill_photo_slot(slot.id, photo.id, article.id)
    assert (filled.id, filled.photo_id, filled.caption, filled.credit) == (slot.id, photo.id, CAPTION, "ICANA")
    assert filled.alt_text == photo.alt_text
    assert library.placed_photos(article.id) == [(filled, photo)]
    assert library.photo_slots(article.id) == []
    with pytest.raises(InvalidFieldError, match="already has a photo"):
        library.fill_photo_slot(slot.id, photo.id)
    with pytest.raises(PhotoInUseError):
        library.delete_photo(photo.id)
    emptied = library.restore_photo_slot(slot)
    assert emptied == library.get_placement(slot.id) and emptied.photo_id is None
    assert (emptied.caption, emptied.credit, emptied.alt_text) == (CAPTION, "ICANA", "")
    library.delete_photo(photo.id)  # nothing uses it any more


def test_an_empty_credit_of_a_slot_comes_from_the_photo(library, corpus_dir):
    article = library.create_article("Police story")
    slot = library.add_photo_slot(article.id, caption="Police cars at city hall.", role="lead")
    photo = _photo(library, corpus_dir)
    filled = library.fill_photo_slot(slot.id, photo.id)
    assert filled.credit == photo.credit and photo.credit
    assert filled.role == "lead" and filled.caption == "Police cars at city hall."


def test_slots_survive_detach_and_restore_duplicate_and_article_deletion(library, story):
    article, slot = story
    removed = library.detach_photo(slot.id, article.id)
    assert library.placements(article.id) == []
    assert library.restore_placement(removed) == slot
    copy = library.duplicate_article(article.id)
    [copied] = library.placements(copy.id)
    assert copied.is_slot and copied.caption == CAPTION and copied.id != slot.id
    library.delete_article(copy.id)
    assert library.placements(article.id) == [slot]
    assert library.check() == []


def test_a_slot_caption_naming_a_stranger_is_flagged_before_any_photo_arrives(library, story):
    article, slot = story
    stranger = library.add_photo_slot(article.id, caption=STRANGER_CAPTION, credit="AFP")
    problems = {(p.placement_id, p.code): p for p in caption_problems(library, article.id)}
    assert (stranger.id, "person_not_in_article") in problems
    assert (slot.id, "person_not_in_article") not in problems
    assert problems[(slot.id, "photo_slot_empty")].is_error
    assert problems[(slot.id, "photo_slot_empty")].field == "photo"
    assert not any(code == "photo_missing" for _pid, code in problems)
    counts = caption_problem_counts(library, [article.id])[article.id]
    assert counts.errors == 3  # two empty slots and one stranger


def test_preflight_refuses_a_slot_with_no_photo_and_the_page_skips_it_when_forced(library, story, tmp_path):
    article, slot = story
    preflight = run_preflight(library, ExportScope(article=article.id))
    [error] = preflight.errors
    assert (error.code, error.placement_id, error.field) == ("photo_slot_empty", slot.id, "photo")
    assert error.to_dict()["go_to"] == {"article_id": article.id, "placement_id": slot.id, "field": "photo"}
    with pytest.raises(PreflightFailedError):
        export_checked(library, tmp_path / "out", preflight)
    assert not (tmp_path / "out").exists()
    export_checked(library, tmp_path / "out", preflight, override=True)
    [page] = [p for p in (tmp_path / "out").rglob("*.html")]
    html = page.read_text(encoding="utf-8")
    assert "The vote was 190 to 52." in html and "placement:" not in html
    assert "<figure" not in html and CAPTION not in html


def test_preflight_passes_once_the_slot_is_filled(library, story, corpus_dir):
    article, slot = story
    photo = _photo(library, corpus_dir)
    library.fill_photo_slot(slot.id, photo.id)
    library.update_placement(slot.id, alt_text="A police car parked on a street.")
    preflight = run_preflight(library, ExportScope(article=article.id))
    assert [p.code for p in preflight.errors] == []
