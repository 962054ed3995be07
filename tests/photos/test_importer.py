"""Importing into a real library file: per-file results, duplicates, failures leave nothing."""

from __future__ import annotations

import io
import shutil

import pytest
from PIL import Image

from editor_app.library import Library
from editor_app.photos.importer import import_photos
from editor_app.photos.placements import caption_problems, render_photo
from tests.photos.conftest import CORPUS_DIR, load_expected

EXPECTED = load_expected()
PHOTO_FILES = sorted(EXPECTED)
# A folder import passes over files that are not pictures at all (a README named .jpg);
# named one by one they are refused with their reason.
NOT_PICTURES = sorted(name for name, entry in EXPECTED.items() if entry.get("error", "").startswith("not an image"))
PICTURE_FILES = [name for name in PHOTO_FILES if name not in NOT_PICTURES]


@pytest.fixture
def photo_library(tmp_path):
    library = Library.create(tmp_path / "lib.copydesk")
    yield library
    library.close()


@pytest.fixture
def corpus_copy(tmp_path):
    """The corpus photos (not MANIFEST/EXPECTED) in a folder of their own, plus a hidden file."""
    folder = tmp_path / "incoming"
    (folder / "nested").mkdir(parents=True)
    for name in PHOTO_FILES:
        target = folder / "nested" if name.startswith("orientation") else folder
        shutil.copy(CORPUS_DIR / name, target / name)
    shutil.copy(CORPUS_DIR / "cmyk.jpg", folder / ".hidden.jpg")
    return folder


def test_a_folder_imports_every_good_file_and_refuses_every_broken_one(photo_library, corpus_copy):
    seen = []
    results = import_photos(photo_library, [corpus_copy], progress=lambda done, total, result: seen.append((done, total)))

    assert NOT_PICTURES == ["not_an_image.jpg"]
    assert sorted(r.path.name for r in results) == PICTURE_FILES  # hidden file skipped, nested folder walked
    assert seen[-1] == (len(PICTURE_FILES), len(PICTURE_FILES))
    by_name = {r.path.name: r for r in results}
    for name in PICTURE_FILES:
        expected = EXPECTED[name]
        result = by_name[name]
        if "error" in expected:
            assert result.photo is None and result.created is False
            assert name in result.error
        else:
            assert result.error is None and result.created is True, result.error
            assert result.photo.original_name == name
            assert result.photo.has_location is expected["has_gps"]
            assert result.photo.description == (expected["caption"] or "")
    good = [n for n, e in EXPECTED.items() if "error" not in e]
    assert photo_library.count_photos() == len(good)


def test_photos_get_ids_in_the_order_files_were_found(photo_library, corpus_copy):
    results = import_photos(photo_library, [corpus_copy])
    ids = [r.photo.id for r in results if r.photo]
    assert ids == sorted(ids)


def test_thumbnails_are_stored_with_the_photo(photo_library):
    [result] = import_photos(photo_library, [CORPUS_DIR / "orientation_6.jpg"])
    for size, longest in (("grid", 256), ("inspector", 600)):
        data, mime = photo_library.photo_thumbnail(result.photo.id, size)
        assert mime == "image/jpeg"
        assert Image.open(io.BytesIO(data)).size == (longest, longest * 3 // 4)
    assert photo_library.photo_original(result.photo.id) == (CORPUS_DIR / "orientation_6.jpg").read_bytes()


def test_the_same_bytes_are_one_photo(photo_library, tmp_path):
    copy = tmp_path / "renamed.jpg"
    shutil.copy(CORPUS_DIR / "news_canadian_press.jpg", copy)
    first = import_photos(photo_library, [CORPUS_DIR / "news_canadian_press.jpg"])
    again = import_photos(photo_library, [copy, CORPUS_DIR / "news_canadian_press.jpg"])
    assert first[0].created is True
    assert [(r.photo.id, r.created) for r in again] == [(first[0].photo.id, False)] * 2
    assert photo_library.count_photos() == 1


def test_duplicates_within_one_batch_are_one_photo(photo_library, tmp_path):
    folder = tmp_path / "copies"
    folder.mkdir()
    for index in range(4):
        shutil.copy(CORPUS_DIR / "orientation_1.jpg", folder / f"copy{index}.jpg")
    results = import_photos(photo_library, [folder])
    assert [r.created for r in results] == [True, False, False, False]
    assert len({r.photo.id for r in results}) == 1


def test_a_missing_path_is_reported_and_the_rest_imported(photo_library, tmp_path):
    results = import_photos(photo_library, [tmp_path / "nope.jpg", CORPUS_DIR / "cmyk.jpg"])
    assert results[0].error and "no such file" in results[0].error
    assert results[1].created


def test_a_failed_file_writes_nothing(photo_library):
    [result] = import_photos(photo_library, [CORPUS_DIR / "truncated.jpg"])
    assert "truncated" in result.error
    assert photo_library.count_photos() == 0


def test_cancel_stops_before_the_next_file(photo_library, corpus_copy):
    results = import_photos(photo_library, [corpus_copy], cancel=lambda: photo_library.count_photos() >= 1)
    assert 1 <= len(results) < len(PICTURE_FILES)


def test_render_photo_uses_the_placement_words_and_the_photo_rights(photo_library):
    [result] = import_photos(photo_library, [CORPUS_DIR / "gps_nikon_coolpix.jpg"])
    photo = photo_library.update_photo(result.photo.id, creator="Ana Fotógrafa", copyright="© 2024 Desk")
    article = photo_library.create_article("Tuscany harvest begins", body="Growers near Arezzo began the harvest.")
    placement = photo_library.attach_photo(article.id, photo.id, caption="Vineyards near Arezzo.", credit="Desk", alt_text="Rows of vines.")

    rendition = render_photo(photo_library, placement.id, 200)

    from editor_app.photos.reading import read_photo

    info = read_photo(rendition.data, "r.jpg")
    assert (info.description, info.credit, info.alt_text, info.creator, info.copyright) == (
        "Vineyards near Arezzo.", "Desk", "Rows of vines.", "Ana Fotógrafa", "© 2024 Desk",
    )  # fmt: skip
    assert info.has_location is False and rendition.width == 200


def test_caption_problems_reads_the_article_and_its_placements(photo_library):
    [result] = import_photos(photo_library, [CORPUS_DIR / "iptc_photo_mechanic.jpg"])
    article = photo_library.create_article(
        "Budget passes", standfirst="Lawmakers approved it.", body="Speaker Ghalibaf called the vote.", byline="Leila Ahmadi"
    )
    good = photo_library.attach_photo(article.id, result.photo.id, caption="Speaker Mohammad Ghalibaf votes.", credit="ICANA", alt_text="A man raises his hand.")
    stale = photo_library.attach_photo(article.id, result.photo.id, caption="Carlo Ancelotti watches the game.", credit="", alt_text="A coach.")

    # Errors only: the file's own credit ("Credit", a reference file) disagrees with both (a warning).
    problems = [p for p in caption_problems(photo_library, article.id) if p.is_error]

    assert {(p.placement_id, p.code) for p in problems} == {(stale.id, "person_not_in_article"), (stale.id, "missing_credit")}
    assert good.id not in {p.placement_id for p in problems}


def test_embedded_previews_are_offered_before_the_photos_are_stored(tmp_path, corpus_dir):
    from editor_app.library import Library
    from editor_app.photos import import_photos

    offered = []
    stored_when_offered = []
    with Library.create(tmp_path / "previews.copydesk") as library:

        def preview(path, tile):
            offered.append((path.name, tile[:2]))
            stored_when_offered.append(library.count_photos())

        names = ["gps_nikon_coolpix.jpg", "alpha_rgba.png", "large_phone_gps.jpg", "orientation_6.jpg"]
        results = import_photos(library, [corpus_dir / n for n in names], preview=preview)
    assert all(r.ok for r in results)
    # Files with an EXIF thumbnail offer it (as a JPEG); the PNG has none.
    offered_names = [name for name, _ in offered]
    assert "alpha_rgba.png" not in offered_names
    assert "gps_nikon_coolpix.jpg" in offered_names
    assert all(magic == b"\xff\xd8" for _, magic in offered)
    assert stored_when_offered[0] == 0  # the first tile came before anything was stored
