"""Two real library files, a reporter's and an editor's, and a story with photos and a slot."""

from __future__ import annotations

import pytest

from editor_app.library import Library
from editor_app.photos import import_photos
from tests.fixture_article import FIXTURE_FIELDS

PHOTOS = ("iptc_photo_mechanic.jpg", "news_canadian_press.jpg")


@pytest.fixture
def reporter(tmp_path):
    library = Library.create(tmp_path / "reporter.copydesk")
    yield library
    library.close()


@pytest.fixture
def editor(tmp_path):
    library = Library.create(tmp_path / "editor.copydesk")
    yield library
    library.close()


@pytest.fixture
def reporter_story(reporter, corpus_dir):
    """The wire-story fixture in the reporter's library: a lead photo, an inline photo the
    body places, and a slot (a caption still waiting for its photo)."""
    results = import_photos(reporter, [corpus_dir / name for name in PHOTOS])
    assert all(r.ok for r in results), [r.error for r in results]
    article = reporter.create_article(**{**FIXTURE_FIELDS, "body": "placeholder"})
    reporter.attach_photo(article.id, results[0].photo.id, role="lead", caption="Lawmakers vote. (AFP photo)")
    inline = reporter.attach_photo(
        article.id, results[1].photo.id, caption="Protesters outside parliament.", credit="CP", alt_text="A crowd"
    )
    reporter.add_photo_slot(article.id, caption="Finance Minister Reza Karimi speaks.", credit="REUTERS/Staff")
    body = FIXTURE_FIELDS["body"].format(inline_placement=inline.id)
    return reporter.update_article(article.id, body=body)
