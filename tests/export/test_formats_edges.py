"""The edges of the export formats: an empty article, a long one, nesting, hostile
Markdown, and the block tree they are all written from."""

from __future__ import annotations

import json

import docx
import pytest

from editor_app.export.formats.blocks import (
    CodeBlock,
    Figure,
    FootnoteReference,
    Footnotes,
    Heading,
    LineBreak,
    ListBlock,
    Paragraph,
    Quote,
    Run,
    Table,
    parse_body,
)
from editor_app.export.formats.markdown_format import markdown_body
from editor_app.render import render_body

from .formats_fixtures import export_as, split_front_matter

FORMATS = ("markdown", "ninjs", "docx")


def _main_file(out, export_format, article):
    return out / {"markdown": "index.md", "ninjs": "ninjs.json", "docx": f"{article.slug}.docx"}[export_format]


@pytest.mark.parametrize("export_format", FORMATS)
def test_an_article_with_only_a_headline(library, tmp_path, export_format):
    article = library.create_article(headline="Only a headline", status="ready")
    out = tmp_path / export_format
    export_as(library, export_format, out, article=article.id)
    path = _main_file(out, export_format, article)
    if export_format == "markdown":
        fields, body = split_front_matter(path.read_text(encoding="utf-8"))
        assert fields["title"] == "Only a headline" and body.strip() == ""
        assert "image" not in fields and "tags" not in fields
    elif export_format == "ninjs":
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["bodies"][0]["value"] == "" and "associations" not in document
    else:
        headline, dated = docx.Document(str(path)).paragraphs  # the date is the article's
        assert headline.text == "Only a headline" and dated.text.endswith(" UTC")
    assert not (out / "photos").exists()


@pytest.mark.parametrize("export_format", FORMATS)
def test_a_long_nested_hostile_body(library, tmp_path, export_format):
    nested = "\n".join(f"{'    ' * depth}- level {depth}" for depth in range(6))
    quotes = "\n".join(">" * depth + f" quote {depth}" for depth in range(1, 6))
    hostile = (
        '<iframe src="https://evil.example/"></iframe><a href="javascript:alert(1)">click</a> <b onclick="x()">bold</b>'
    )
    paragraph = "A sentence of ordinary news words that goes on for a while. " * 8
    body = "\n\n".join([nested, quotes, hostile, "```\ncode <not html> `x`\n```"] + [paragraph] * 150)
    article = library.create_article(headline="Long", body=body, status="ready")
    out = tmp_path / export_format
    export_as(library, export_format, out, article=article.id)
    data = _main_file(out, export_format, article).read_bytes()
    assert len(data) > 10_000
    if export_format != "docx":
        text = data.decode("utf-8")
        assert "evil.example" not in text and "javascript:" not in text and "onclick" not in text
    else:
        document = docx.Document(str(_main_file(out, export_format, article)))
        texts = [p.text for p in document.paragraphs]
        assert "level 5" in texts and "code <not html> `x`" in texts
        rels = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
        assert rels == []  # the javascript: link lost its address in the sanitizer


def test_block_tree_of_a_rendered_body():
    html = render_body(
        "## Sub *head*\n\nOne **two** [three](https://example.org/a) `four`  \nfive.\n\n"
        "> Quote\n\n3. c\n4. d\n    - nested\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nNote.[^n]\n\n[^n]: Footnote.\n\n"
        "```\nx = 1\n```\n",
        language="en",
        placements={},
    )
    blocks = parse_body(html)
    kinds = [type(block) for block in blocks]
    assert kinds == [Heading, Paragraph, Quote, ListBlock, Table, Paragraph, CodeBlock, Footnotes]
    heading, paragraph, quote, numbered, table, noted, code, notes = blocks
    assert heading.level == 2 and heading.runs == [Run("Sub "), Run("head", italic=True)]
    assert paragraph.runs == [
        Run("One "),
        Run("two", bold=True),
        Run(" "),
        Run("three", href="https://example.org/a"),
        Run(" "),
        Run("four", code=True),
        LineBreak(),
        Run("five."),
    ]
    assert isinstance(quote.blocks[0], Paragraph)
    assert numbered.ordered and numbered.start == 3 and len(numbered.items) == 2
    assert isinstance(numbered.items[1][-1], ListBlock) and not numbered.items[1][-1].ordered
    assert table.header_rows == 1 and [[c[0].text for c in row] for row in table.rows] == [["A", "B"], ["1", "2"]]
    assert noted.runs == [Run("Note."), FootnoteReference("1")]
    assert code.text == "x = 1"
    (label, note_blocks), *_ = notes.notes
    assert label == "1" and note_blocks[0].runs == [Run("Footnote.")]


def test_markdown_writer_nests_what_the_tree_nests():
    blocks = [
        ListBlock(False, [[Paragraph([Run("a")]), ListBlock(True, [[Paragraph([Run("b")])]], start=2)]]),
        Quote([Paragraph([Run("q")]), Quote([Paragraph([Run("deeper")])])]),
        Figure("photos/x.jpg", "alt [text]", "", "Credit"),
    ]
    text = markdown_body(blocks)
    assert text == "- a\n\n    2. b\n\n> q\n>\n> > deeper\n\n![alt \\[text\\]](photos/x.jpg)\n\n*Credit*\n"
    again = parse_body(render_body(text, language="en", placements={}))
    assert isinstance(again[0], ListBlock) and isinstance(again[0].items[0][1], ListBlock)
    assert isinstance(again[1], Quote) and isinstance(again[1].blocks[1], Quote)
