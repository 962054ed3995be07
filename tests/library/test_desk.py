"""The caption desk's shared state in the library: templates, code lists, batch edits, undoable removal."""

from __future__ import annotations

import pytest

from editor_app.library import InvalidFieldError, Library, PhotoNotFoundError
from editor_app.library.desk import TemplateNotFoundError
from editor_app.photos import import_photos
from editor_app.photos.caption_tools import TemplateError, save_template


def test_templates_are_stored_renamed_reordered_and_deleted(tmp_path):
    path = tmp_path / "desk.copydesk"
    with Library.create(path) as library:
        first = save_template(library, "Wire", "{city}, {country}: ")
        save_template(library, "Sport", "{date:%B %-d, %Y}")
        save_template(library, "Credit line", "{credit}/{creator}")
        library.update_caption_template(first.id, name="Wire dateline")
        library.move_caption_template("Credit line", 0)
    with Library.open(path) as library:
        assert [t.name for t in library.caption_templates()] == ["Credit line", "Wire dateline", "Sport"]
        assert library.get_caption_template("wire DATELINE").template == "{city}, {country}: "
        library.delete_caption_template("Sport")
        assert [(t.name, t.position) for t in library.caption_templates()] == [("Credit line", 0), ("Wire dateline", 1)]
        with pytest.raises(TemplateNotFoundError):
            library.get_caption_template("Sport")


def test_a_bad_template_or_a_taken_name_is_refused_with_a_sentence(library):
    with pytest.raises(TemplateError, match=r"\{cty\}"):
        save_template(library, "Wire", "{cty}")
    save_template(library, "Wire", "{city}")
    with pytest.raises(InvalidFieldError, match="already a caption template called 'wire'"):
        save_template(library, "wire", "{country}")
    with pytest.raises(InvalidFieldError, match="needs a name"):
        save_template(library, "  ", "{country}")
    assert [t.name for t in library.caption_templates()] == ["Wire"]


def test_code_lists_merge_or_replace(library):
    library.import_code_replacements({"=qal": "Speaker Qalibaf", "=pez": "President Pezeshkian"})
    library.import_code_replacements(
        {"=qal": "Iranian Parliament Speaker Mohammad Baqer Qalibaf", "=ara": "Abbas Araghchi"}
    )
    assert library.code_replacements() == {
        "=ara": "Abbas Araghchi", "=pez": "President Pezeshkian", "=qal": "Iranian Parliament Speaker Mohammad Baqer Qalibaf",
    }  # fmt: skip
    library.import_code_replacements({"=mtl": "Montreal"}, replace=True)
    assert library.code_replacements() == {"=mtl": "Montreal"}
    library.set_code_replacement("=mtl", None)
    assert library.code_replacements() == {}
    with pytest.raises(InvalidFieldError, match="no spaces"):
        library.set_code_replacement("= qal", "x")


def test_a_bad_code_in_an_import_stores_none_of_it(library):
    library.import_code_replacements({"=qal": "Qalibaf"})
    with pytest.raises(InvalidFieldError):
        library.import_code_replacements({"=a": "A", "two words": "B"}, replace=True)
    assert library.code_replacements() == {"=qal": "Qalibaf"}


@pytest.fixture
def placed(library, corpus_dir):
    results = import_photos(
        library, [corpus_dir / n for n in ("news_canadian_press.jpg", "iptc_photo_mechanic.jpg", "tiff_iptc.tif")]
    )
    article = library.create_article("Three photos")
    placements = [
        library.attach_photo(article.id, r.photo.id, caption=f"Caption {i}", credit=f"Credit {i}", alt_text=f"Alt {i}")
        for i, r in enumerate(results)
    ]
    library.set_lead(placements[1].id)
    return article, [library.get_placement(p.id) for p in placements]


def test_a_removed_photo_comes_back_with_its_words_role_and_position(library, placed):
    article, (first, lead, last) = placed
    removed = library.detach_photo(lead.id)
    assert removed == lead
    assert [p.id for p in library.placements(article.id)] == [first.id, last.id]
    restored = library.restore_placement(removed)
    assert restored == lead
    assert library.placements(article.id) == [first, lead, last]


def test_restoring_twice_or_after_the_photo_went_is_refused(library, placed):
    _article, (_first, _lead, last) = placed
    removed = library.detach_photo(last.id)
    library.restore_placement(removed)
    with pytest.raises(InvalidFieldError, match="already in its article"):
        library.restore_placement(removed)
    removed = library.detach_photo(last.id)
    library.delete_photo(last.photo_id)
    with pytest.raises(PhotoNotFoundError):
        library.restore_placement(removed)


def test_a_batch_edit_is_one_transaction_and_undoes_in_one(library, placed):
    article, placements = placed
    photo_ids = [p.photo_id for p in placements]
    edit = library.batch_update(
        placements={p.id: {"credit": "AFP"} for p in placements},
        photos={pid: {"creator": "Jane Doe", "copyright": "AFP 2026"} for pid in photo_ids},
    )
    assert [p.credit for p in library.placements(article.id)] == ["AFP"] * 3
    assert {library.get_photo(pid).creator for pid in photo_ids} == {"Jane Doe"}
    library.batch_update(**edit.undo())
    assert [p.credit for p in library.placements(article.id)] == ["Credit 0", "Credit 1", "Credit 2"]
    assert [library.get_photo(pid).creator for pid in photo_ids] == ["Paul Chiasson", "Photographer", "I'm the author"]


def test_a_batch_edit_that_fails_part_way_changes_nothing(library, placed):
    _article, placements = placed
    with pytest.raises(PhotoNotFoundError):
        library.batch_update(placements={placements[0].id: {"credit": "AFP"}}, photos={999: {"creator": "X"}})
    assert library.get_placement(placements[0].id).credit == "Credit 0"
