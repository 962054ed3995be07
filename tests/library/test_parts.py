"""Rules every part of the library keeps: render limits are refused, huge ids are not found."""

from __future__ import annotations

import pytest

from editor_app.library import (
    ArticleNotFoundError,
    InvalidFieldError,
    PhotoNotFoundError,
    PlacementNotFoundError,
    RevisionNotFoundError,
)
from editor_app.model.errors import BodyRefusedError
from editor_app.model.limits import MAX_BODY_CHARS, MAX_NESTING_DEPTH
from editor_app.render.body import render_body

TOO_LONG = "word " * (MAX_BODY_CHARS // 5 + 1)
TOO_DEEP = "> " * (MAX_NESTING_DEPTH + 8) + "quoted"


@pytest.mark.parametrize("body", [TOO_LONG, TOO_DEEP], ids=["250k-characters", "40-nested-quotes"])
def test_a_body_the_renderer_refuses_is_refused_by_create_and_update(library, body):
    with pytest.raises(InvalidFieldError) as refused:
        library.create_article("Too much", body=body)
    assert library.count_articles() == 0
    article = library.create_article("Fine", body="Short.")
    with pytest.raises(InvalidFieldError) as refused_again:
        library.update_article(article.id, body=body)
    assert str(refused_again.value) == str(refused.value)
    assert library.get_article(article.id).body == "Short."
    # The same fact, the same sentence: the renderer refuses this body with this message.
    with pytest.raises(BodyRefusedError) as rendered:
        render_body(body, language="en", placements={})
    assert str(rendered.value) == str(refused.value)


def test_a_body_at_the_limit_is_stored(library):
    body = "a" * MAX_BODY_CHARS
    assert library.create_article("Long", body=body).body == body


def test_restore_refuses_a_revision_whose_body_the_renderer_refuses(library):
    article = library.create_article("Old", body="Short.")
    first = library.take_snapshot(article.id, "Before")
    # A revision saved before the limit existed (written directly, as an old library holds it).
    library.db.execute("UPDATE revision SET fields = json_set(fields, '$.body', ?) WHERE id = ?", (TOO_DEEP, first.id))
    library.update_article(article.id, body="Newer.")
    with pytest.raises(InvalidFieldError, match="levels of quotes"):
        library.restore_revision(article.id, first.id)
    assert library.get_article(article.id).body == "Newer."


def test_an_old_body_over_the_limit_does_not_block_editing_other_fields(library):
    article = library.create_article("Stored before the limit", body="Short.")
    library.db.execute("UPDATE article SET body = ? WHERE id = ?", (TOO_DEEP, article.id))
    assert library.update_article(article.id, headline="New headline").headline == "New headline"


HUGE_IDS = [2**63, 2**64, -1, 10**30]


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_beyond_sqlite_integers_are_not_found(library, huge):
    article = library.create_article("Exists")
    for call in (
        lambda: library.get_article(huge),
        lambda: library.get_article(str(huge)),
        lambda: library.update_article(huge, headline="x"),
        lambda: library.delete_article(huge),
        lambda: library.revisions(huge),
        lambda: library.placements(huge),
        lambda: library.attach_photo(huge, 1),
    ):
        with pytest.raises(ArticleNotFoundError):
            call()
    for call in (
        lambda: library.get_photo(huge),
        lambda: library.photo_original(huge),
        lambda: library.photo_thumbnail(huge),
        lambda: library.update_photo(huge, credit="x"),
        lambda: library.delete_photo(huge),
        lambda: library.attach_photo(article.id, huge),
    ):
        with pytest.raises(PhotoNotFoundError):
            call()
    for call in (
        lambda: library.get_placement(huge),
        lambda: library.update_placement(huge, caption="x"),
        lambda: library.set_lead(huge),
        lambda: library.move_placement(huge, 0),
        lambda: library.detach_photo(huge),
    ):
        with pytest.raises(PlacementNotFoundError):
            call()
    for call in (
        lambda: library.get_revision(huge),
        lambda: library.restore_revision(article.id, huge),
    ):
        with pytest.raises(RevisionNotFoundError):
            call()
