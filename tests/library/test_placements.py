"""Photos and placements as the library stores them (import itself is tested in tests/photos)."""

from __future__ import annotations

import pytest

from editor_app.library import InvalidFieldError, Library, PhotoInUseError, PlacementNotFoundError
from editor_app.photos import import_photos
from tests.fixture_article import FIXTURE_FIELDS, INLINE_ALT, LEAD_ALT


def test_fixture_article_round_trips_through_the_file(tmp_path, corpus_dir):
    from tests.fixture_article import build_fixture_article

    path = tmp_path / "wire.copydesk"
    with Library.create(path) as lib:
        built = build_fixture_article(lib, corpus_dir)
    with Library.open(path) as lib:
        article = lib.get_article(built.slug)
        for key in ("section", "headline", "standfirst", "byline", "dateline", "language", "target_words"):
            assert getattr(article, key) == FIXTURE_FIELDS[key]
        assert article.tags == tuple(FIXTURE_FIELDS["tags"])
        assert article.body.count("## ") == 3
        lead, inline = lib.placements(article.id)
        assert (lead.role, lead.credit, lead.alt_text) == ("lead", "AFP", LEAD_ALT)
        assert lead.caption.endswith("on January 23, 2023.")
        assert (inline.role, inline.credit, inline.alt_text) == ("inline", "ICANA", INLINE_ALT)
        assert f"![](placement:{inline.id})" in article.body
        assert lib.photo_original(inline.photo_id) == (corpus_dir / "gps_nikon_coolpix.jpg").read_bytes()
        assert lib.get_photo(inline.photo_id).has_location is True


def test_the_same_photo_runs_in_two_stories_with_two_captions(library, corpus_dir):
    [result] = import_photos(library, [corpus_dir / "news_canadian_press.jpg"])
    photo = result.photo
    first = library.create_article("Police story")
    second = library.create_article("City budget")
    a = library.attach_photo(first.id, photo.id)
    b = library.attach_photo(second.id, photo.id, caption="Police cars parked at city hall.", credit="CP")
    # A new placement starts from the photo's own fields.
    assert a.caption == photo.description and a.credit == photo.credit and photo.credit
    library.update_placement(a.id, caption="Edited for the police story.")
    assert library.get_placement(b.id).caption == "Police cars parked at city hall."
    assert library.get_photo(photo.id).description == photo.description


def test_one_lead_per_article_and_ordering(library, corpus_dir):
    results = import_photos(library, [corpus_dir / f"orientation_{n}.jpg" for n in (1, 3, 6)])
    article = library.create_article("Gallery")
    p1, p2, p3 = (library.attach_photo(article.id, r.photo.id) for r in results)
    library.set_lead(p2.id)
    library.attach_photo(article.id, results[0].photo.id, role="lead")  # demotes p2
    roles = {p.id: p.role for p in library.placements(article.id)}
    assert list(roles.values()).count("lead") == 1 and roles[p2.id] == "inline"
    order = [p.id for p in library.move_placement(p3.id, 0)]
    assert order[:3] == [p3.id, p1.id, p2.id]
    library.detach_photo(p1.id, article.id)
    assert [p.position for p in library.placements(article.id)] == [0, 1, 2]
    with pytest.raises(PlacementNotFoundError):
        library.detach_photo(p1.id)
    with pytest.raises(InvalidFieldError):
        library.update_placement(p2.id, role="hero")


def test_photo_in_use_cannot_be_deleted_and_article_delete_releases_it(library, corpus_dir):
    [result] = import_photos(library, [corpus_dir / "cmyk.jpg"])
    article = library.create_article("Uses a photo")
    library.attach_photo(article.id, result.photo.id)
    with pytest.raises(PhotoInUseError):
        library.delete_photo(result.photo.id)
    library.delete_article(article.id)
    library.delete_photo(result.photo.id)
    assert library.count_photos() == 0
    assert library.db.execute("SELECT count(*) FROM photo_original").fetchone()[0] == 0


def test_listing_photos_never_reads_original_bytes(library, corpus_dir):
    import_photos(library, [corpus_dir / "large_phone_gps.jpg"])
    statements = []
    reader = library.connections.connection()  # reads run on this thread's own connection
    reader.set_trace_callback(statements.append)
    try:
        [photo] = library.list_photos()
    finally:
        reader.set_trace_callback(None)
    assert any("FROM photo" in s for s in statements)
    assert photo.byte_size == (corpus_dir / "large_phone_gps.jpg").stat().st_size
    assert not any("photo_original" in s for s in statements)
    assert library.photo_thumbnail(photo.id, "grid")[1] in ("image/jpeg", "image/png", "image/webp")


def test_photo_ids_list_what_list_photos_lists_and_fields_and_thumbnails_are_read_by_id(library, corpus_dir):
    names = ["news_canadian_press.jpg", "gps_nikon_coolpix.jpg", "cmyk.jpg"]
    photos = [r.photo for r in import_photos(library, [corpus_dir / name for name in names])]
    article = library.create_article("Ferry strike")
    library.attach_photo(article.id, photos[0].id)
    assert library.photo_ids() == [p.id for p in library.list_photos()] == sorted((p.id for p in photos), reverse=True)
    assert library.photo_ids(unused=True) == [p.id for p in library.list_photos(unused=True)]
    assert photos[0].id not in library.photo_ids(unused=True)
    assert library.photo_ids(query="Nikon coolpix") == [p.id for p in library.list_photos(query="Nikon coolpix")] == [photos[1].id]
    # Ids with no photo, one beyond SQLite's integers included, are left out, not an error.
    wanted = [photos[2].id, photos[0].id, 2**62, 2**63]
    press = photos[0]
    fields = library.photo_fields_by_id(wanted, ("original_name", "credit", "has_location"))
    assert fields == {p.id: (p.original_name, p.credit, int(p.has_location)) for p in (photos[2], press)}
    assert press.credit and fields[press.id][1] == press.credit  # in the order asked
    with pytest.raises(InvalidFieldError, match="embedded; DROP"):
        library.photo_fields_by_id(wanted, ("credit", "embedded; DROP TABLE photo"))
    with pytest.raises(InvalidFieldError):
        library.photo_fields_by_id(wanted, ())
    assert library.photo_fields_by_id([], ("credit",)) == {}

    statements = []
    reader = library.connections.connection()
    reader.set_trace_callback(statements.append)
    try:
        thumbnails = library.photo_thumbnails(wanted, "grid")
    finally:
        reader.set_trace_callback(None)
    assert thumbnails == {p.id: library.photo_thumbnail(p.id, "grid") for p in (photos[2], press)}
    assert len([s for s in statements if "photo_thumbnail" in s]) == 1  # one query for the batch
    assert library.photo_thumbnails([], "grid") == {}
