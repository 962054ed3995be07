"""Markdown with YAML front matter: the fields read back, the photos beside it, the body
shows what the article's page shows."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app.export.formats.blocks import Figure, Paragraph, Run, blocks_text, parse_body
from editor_app.export.formats.markdown_format import dump_front_matter, front_matter, markdown_body
from editor_app.render import PlacedPhoto, render_article, render_body

from .conftest import EDITOR_NOTE_MARK
from .formats_fixtures import (
    PERSIAN_CAPTION,
    PERSIAN_CREDIT,
    PERSIAN_HEADLINE,
    assert_private_parts_gone,
    export_as,
    make_rich_articles,
    split_front_matter,
)


@pytest.fixture
def rich(library, corpus_dir):
    return make_rich_articles(library, corpus_dir)


def _text_without_figures(body_html: str) -> str:
    blocks = [block for block in parse_body(body_html) if not isinstance(block, Figure)]
    return " ".join(blocks_text(blocks).split())


def test_front_matter_and_photos_of_a_rich_article(library, rich, tmp_path):
    article = rich["english"]
    library.update_article(article.id, editor_note=f"Hold until six. {EDITOR_NOTE_MARK}")
    out = tmp_path / "md"
    report = export_as(library, "markdown", out, article=article.id)

    assert report.articles == 1
    text = (out / "index.md").read_text(encoding="utf-8")
    fields, body = split_front_matter(text)
    placed = {placement.role: (placement, photo) for placement, photo in library.placed_photos(article.id)}
    lead, _lead_photo = placed["lead"]
    assert fields["title"] == article.headline
    assert fields["slug"] == article.slug
    assert fields["section"] == "News / Politics" and fields["categories"] == ["News", "Politics"]
    assert fields["tags"] == ["Iran", "Budget", "Parliament"]
    assert fields["byline"] == "Leila Ahmadi and Tom Becker"
    assert fields["dateline"] == "TEHRAN"
    assert fields["description"] == article.standfirst
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fields["date"])
    assert fields["draft"] is False
    image = fields["image"]
    assert image["caption"] == lead.caption and image["credit"] == lead.credit
    assert image["alt"] == lead.alt_text and fields["images"] == [image["src"]]
    # Photos beside the file: one file a placement (the widest rendition), stripped.
    photos = sorted(path.name for path in (out / "photos").iterdir())
    inline, _inline_photo = placed["inline"]
    assert len(photos) == 2 and image["src"] == f"photos/{next(p for p in photos if p.startswith('news'))}"
    assert (out / image["src"]).is_file()
    assert_private_parts_gone(out / image["src"], lead.caption, lead.credit)
    inline_file = next(p for p in photos if p.startswith("gps"))
    assert_private_parts_gone(out / "photos" / inline_file, inline.caption, inline.credit)
    # The body: subheads, bullets, quote, link, the inline photo with its caption and credit.
    assert "## A narrow path to a majority" in body
    assert "- Fuel subsidies stay at current levels until March." in body
    assert "> “We came because nobody asked us,”" in body
    assert "[the central bank’s outlook](https://example.org/outlook)" in body
    assert f"![{inline.alt_text}](photos/{inline_file})\n\n{inline.caption} *{inline.credit}*" in body
    assert "3. Third reading on **Sunday**.\n4. A *final* vote in `March`." in body
    assert "[^1]" in body and "[^1]: By the opposition’s own count." in body
    assert "| Party | Seats |" in body
    # What must not travel: the editor's note, the photo references, raw HTML and foreign images.
    for absent in (EDITOR_NOTE_MARK, "Hold until six", "placement:", "<script", "alert(", "tracker.example"):
        assert absent not in text


def test_the_body_reads_back_as_the_page_shows_it(library, rich, tmp_path):
    """The exported Markdown, rendered again, says exactly what the article's page says."""
    shown = {}
    for key, article in rich.items():
        out = tmp_path / article.slug
        export_as(library, "markdown", out, article=article.id)
        _fields, body = split_front_matter((out / "index.md").read_text(encoding="utf-8"))
        placed = [PlacedPhoto(p, photo) for p, photo in library.placed_photos(article.id)]
        page_body = render_article(article, placed).body_html
        again = render_body(body, language=article.language, placements={})
        expected = _text_without_figures(page_body)
        captions = [f"{p.placement.caption} {p.placement.credit}" for p in placed if p.placement.role == "inline"]
        got = _text_without_figures(again)
        for caption in captions:  # the caption is a paragraph of its own in Markdown
            got = got.replace(caption, "").replace("  ", " ")
        assert " ".join(got.split()) == expected
        shown[key] = expected
    # The markup characters of the English body were there to be kept, as text.
    assert "5 * 3 = 15, snake_case, [not a link], a | pipe, ~approx, {braces}, # and & and 2 < 3" in shown["english"]


def test_persian_article_keeps_its_language_and_text(library, rich, tmp_path):
    article = rich["persian"]
    out = tmp_path / "fa"
    export_as(library, "markdown", out, article=article.id)
    fields, body = split_front_matter((out / "index.md").read_text(encoding="utf-8"))
    assert fields["title"] == PERSIAN_HEADLINE and fields["language"] == "fa"
    assert fields["tags"] == ["Iran", "بودجه"]
    assert "## واکنش مخالفان" in body and f"{PERSIAN_CAPTION} *{PERSIAN_CREDIT}*" in body
    (photo,) = (out / "photos").iterdir()
    assert_private_parts_gone(photo, PERSIAN_CAPTION, PERSIAN_CREDIT)


HOSTILE = [
    'Budget: "the vote" passes',
    "'single' and \"double\" quotes",
    "- a leading dash",
    "line one\nline two",
    "ends with a newline\n",
    "---\ntitle: injected\n---",
    "# not a comment",
    "key: value, [list], {map}, &anchor *alias !tag %directive @at `tick",
    "yes",
    "null",
    "2026-01-01",
    "  padded  ",
    "تهران: «بودجه»",
    "tab\tand \\ backslash",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_read_back_from_front_matter(library, rich, value):
    article = dataclasses.replace(
        rich["english"], headline=value, byline=value, standfirst=value, dateline=value, tags=(value, "plain")
    )
    image = {"src": "photos/a.jpg", "caption": value, "credit": value, "alt": value}
    fields = front_matter(article, image)
    text = dump_front_matter(fields)
    read, rest = split_front_matter(text + "Body.\n")
    assert rest == "Body.\n"  # no value closed the front matter early
    assert read == fields
    stripped = value.strip()
    assert read["title"] == stripped and read["byline"] == stripped and read["tags"] == [value, "plain"]
    assert read["image"]["caption"] == value


def test_hostile_headline_and_byline_through_the_library(library, rich, tmp_path):
    """The library folds a headline's line breaks into spaces; the rest arrives as typed."""
    library.update_article(rich["english"].id, headline='- "Budget": passes\n---\ndraft: true', byline="Ali: #1 & 'co'")
    out = tmp_path / "md"
    export_as(library, "markdown", out, article=rich["english"].id)
    fields, body = split_front_matter((out / "index.md").read_text(encoding="utf-8"))
    assert fields["title"] == '- "Budget": passes --- draft: true'
    assert fields["byline"] == "Ali: #1 & 'co'" and fields["draft"] is False
    assert "## A narrow path to a majority" in body


# Markdown's own characters and HTML's, in any order; quotes, dashes and dots are left out
# because the renderer turns them typographic (both times, so the page and the re-render agree).
_MARKUP = st.lists(
    st.sampled_from([*"ab 12\\`*_[](){}<>#+=|~!&;:^\n", "&amp;", "&#42;", "1. ", "- ", "<b>", "</b>", "<x-y "]),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(_MARKUP)
def test_escaped_text_renders_as_written(text):
    shown = " ".join(text.split())
    if not shown:
        return
    written = markdown_body([Paragraph([Run(shown)])])
    rendered = render_body(written, language="en", placements={})
    blocks = parse_body(rendered)
    assert " ".join(blocks_text(blocks).split()) == shown, rendered


def test_yaml_emitter_is_the_safe_one():
    """Front matter never carries Python-specific tags a loader would refuse or run."""
    text = dump_front_matter({"title": "x", "tags": ["a"], "draft": False})
    assert "!!" not in text and yaml.safe_load(text.strip("-\n")) == {"title": "x", "tags": ["a"], "draft": False}
