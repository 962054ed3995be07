"""Typographer's quotes per language, without touching code or the editor's captions."""

from __future__ import annotations

import pytest

from editor_app.render import render_body


def body(markdown: str, language: str = "en") -> str:
    return render_body(markdown, language=language, placements={})


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "<p>“Fuel is our bread,” he said. ‘Not now’, she said.</p>"),
        ("fr", "<p>«\u202fFuel is our bread,\u202f» he said. ‘Not now’, she said.</p>"),
        ("de", "<p>„Fuel is our bread,“ he said. ‚Not now‘, she said.</p>"),
        ("fa", "<p>«Fuel is our bread,» he said. ‘Not now’, she said.</p>"),
    ],
)
def test_quote_marks_follow_the_article_language(language, expected):
    assert body("\"Fuel is our bread,\" he said. 'Not now', she said.", language) == expected


def test_apostrophes_stay_apostrophes_in_every_style():
    assert body("Geht's? Die Arbeiter' Lohn, 'Ja' sagt er, in den '90ern.", "de") == (
        "<p>Geht’s? Die Arbeiter’ Lohn, ‚Ja‘ sagt er, in den ’90ern.</p>"
    )
    assert body("Don't stop the workers' union.") == "<p>Don’t stop the workers’ union.</p>"


def test_quotes_around_inline_markup_use_the_text_before_them():
    assert body('"*Never*," he said. He wrote "`code`" there.') == (
        "<p>“<em>Never</em>,” he said. He wrote “<code>code</code>” there.</p>"
    )


def test_dashes_and_ellipses():
    assert body("Wait... 1990--1995 --- then") == "<p>Wait… 1990–1995 — then</p>"


def test_code_is_left_exactly_as_typed():
    html = body("```\nprint(\"it's\") -- ...\n```\n\nand `'raw' -- \"x\"`")
    assert "<code>print(\"it's\") -- ...\n</code>" in html
    assert "<code>'raw' -- \"x\"</code>" in html
