"""ninjs 2.1: every exported file is valid against IPTC's schema (tests/ninjs), and says
what the article says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from editor_app.export.formats.ninjs_format import LEAD_ASSOCIATION, NINJS_FILE
from editor_app.render import PlacedPhoto, render_article

from .conftest import EDITOR_NOTE_MARK
from .formats_fixtures import (
    PERSIAN_CAPTION,
    PERSIAN_CREDIT,
    PERSIAN_HEADLINE,
    assert_private_parts_gone,
    export_as,
    make_rich_articles,
)

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "ninjs" / "ninjs-schema_2.1.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture
def rich(library, corpus_dir):
    return make_rich_articles(library, corpus_dir)


def assert_valid(validator, document: dict) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_rich_article_is_valid_ninjs_and_complete(library, rich, validator, tmp_path):
    article = rich["english"]
    library.update_article(article.id, editor_note=EDITOR_NOTE_MARK)
    lead_photo = next(photo for p, photo in library.placed_photos(article.id) if p.role == "lead")
    library.update_photo(lead_photo.id, copyright="© 2020 The Canadian Press", usage_terms="Editorial use only")
    out = tmp_path / "ninjs"
    export_as(library, "ninjs", out, article=article.id)
    text = (out / NINJS_FILE).read_text(encoding="utf-8")
    document = json.loads(text)
    assert_valid(validator, document)

    assert document["uri"] == f"urn:uuid:{article.uuid}"
    assert document["standard"] == {
        "name": "ninjs",
        "version": "2.1",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
    }
    assert document["headlines"] == [{"role": "main", "value": article.headline}]
    assert document["slugline"] == article.slug and document["by"] == article.byline
    assert document["located"] == "TEHRAN" and document["language"] == "en"
    assert document["descriptions"] == [{"role": "summary", "value": article.standfirst}]
    assert [s["name"] for s in document["subjects"] if s["rel"] == "about"] == ["Iran", "Budget", "Parliament"]
    assert {"name": "News / Politics", "rel": "section", "literal": "News / Politics"} in document["subjects"]
    assert document["pubstatus"] == "usable" and document["type"] == "text"
    # The body is the one renderer's, byte for byte.
    placed = [PlacedPhoto(p, photo) for p, photo in library.placed_photos(article.id)]
    (body,) = document["bodies"]
    assert body["contenttype"] == "text/html"
    assert body["value"] == render_article(library.get_article(article.id), placed).body_html
    assert body["wordcount"] > 200 and "<script" not in body["value"]
    assert EDITOR_NOTE_MARK not in text and "ednote" not in document
    # Photos: the lead first, then the body's, with caption, credit line, copyright, renditions.
    by_role = {p.placement.role: p for p in placed}
    lead, inline = document["associations"]
    assert lead["name"] == LEAD_ASSOCIATION and inline["name"] == "photo-1"
    for association, placed_photo in ((lead, by_role["lead"]), (inline, by_role["inline"])):
        placement, photo = placed_photo.placement, placed_photo.photo
        assert association["type"] == "picture" and association["uri"] == f"urn:uuid:{placement.uuid}"
        descriptions = {d["role"]: d["value"] for d in association["descriptions"]}
        assert descriptions["caption"] == placement.caption
        assert descriptions["creditline"] == placement.credit
        assert descriptions["alt"] == placement.alt_text
        if photo.copyright.strip():
            assert association["copyrightnotice"] == photo.copyright.strip()
        assert association["renditions"], association
        for rendition in association["renditions"]:
            assert (out / rendition["href"]).is_file()
            assert rendition["contenttype"] == "image/jpeg" and rendition["width"] <= 1600
            assert_private_parts_gone(out / rendition["href"], placement.caption, placement.credit)
    assert lead["copyrightnotice"] == "© 2020 The Canadian Press" and lead["usageterms"] == "Editorial use only"


def test_persian_and_several_articles_are_each_valid(library, rich, validator, tmp_path):
    library.create_article(headline="Draft left out", status="draft", body="Text.")
    out = tmp_path / "site"
    report = export_as(library, "ninjs", out)
    files = sorted(out.glob(f"*/{NINJS_FILE}"))
    assert report.articles == 2 and len(files) == 2
    documents = {path.parent.name: json.loads(path.read_text(encoding="utf-8")) for path in files}
    for document in documents.values():
        assert_valid(validator, document)
    persian = documents[rich["persian"].slug]
    assert persian["language"] == "fa" and persian["headlines"][0]["value"] == PERSIAN_HEADLINE
    (photo,) = persian["associations"]
    assert photo["name"] == "photo-1"
    descriptions = {d["role"]: d["value"] for d in photo["descriptions"]}
    assert descriptions == {"caption": PERSIAN_CAPTION, "creditline": PERSIAN_CREDIT, "alt": "جمعیت"}
    assert [r["width"] for r in photo["renditions"]] == [480, 960, 1600]
    for rendition in photo["renditions"]:
        path = out / rich["persian"].slug / rendition["href"]
        assert_private_parts_gone(path, PERSIAN_CAPTION, PERSIAN_CREDIT)


def test_the_schema_copy_refuses_what_ninjs_2_does_not_have(validator):
    """The validation is real: ninjs 2 has no creditline property, no body_html, and needs a uri."""
    assert list(validator.iter_errors({"uri": "urn:uuid:1", "creditline": "AFP"}))
    assert list(validator.iter_errors({"uri": "urn:uuid:1", "body_html": "<p>x</p>"}))
    assert list(validator.iter_errors({"headlines": [{"value": "No uri"}]}))
    assert list(validator.iter_errors({"uri": "urn:uuid:1", "associations": [{"name": "no uri"}]}))
    assert not list(validator.iter_errors({"uri": "urn:uuid:1", "headlines": [{"role": "main", "value": "x"}]}))
