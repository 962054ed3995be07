"""Pathological bodies end with a clear error or a rendering, never a hang or a crash.

Timings are measured by `bench/render.py`, not asserted here.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_helpers import news_body

from editor_app.model.limits import MAX_BODY_CHARS, MAX_NESTING_DEPTH, body_refusal
from editor_app.render import (
    BodyTooComplexError,
    BodyTooDeeplyNestedError,
    BodyTooLargeError,
    RenderError,
    render_body,
)

PATHOLOGICAL = {
    "10 MB of text": "word " * 2_000_000,
    "> x 100000": ">" * 100_000 + " quote",
    "'> ' lines nesting deeper": "\n".join("> " * depth + "x" for depth in range(1, 200)),
    "list nested 1000 deep": "\n".join("    " * depth + "- x" for depth in range(1000)),
    "* x 50000": "*" * 50_000 + "x",
    "[ x 50000": "[" * 50_000 + "x",
    "[a]( x 4000": "[a](" * 4_000,
    "< x 100000": "<" * 100_000,
    "<a  x 20000": "<a " * 20_000,
    "<http://a x 20000": "<http://a" * 20_000,
    "<ul> x 50000": "<ul>" * 50_000,
    "<div> blocks x 20000": "<div>\n\n" * 20_000,
    "<div><object></div> x 3000": "<div><object></div>" * 3_000,
    "table 20000 rows": "|a|b|\n|-|-|\n" + "|x|y|\n" * 20_000,
    "# a x 5000 lines": "# a\n" * 5_000,
    "'a x 20000": "'a" * 20_000,
    "**a x 20000": "**a" * 20_000,
    "placements x 20000": "![](placement:1)\n" * 20_000,
    "loose list 20000": "- item\n\n" * 20_000,
    "hard breaks x 5000": "a  \n" * 5_000,
    "'a x 10000 (at the markup limit)": "'a" * 10_000,
    "**a x 3333 (at the markup limit)": "**a" * 3_333,
    '"a x 10000 (at the markup limit)': '"a' * 10_000,
    "[ x 1000 in a 10 KB block": "[" * 1_000 + "a" * 9_000,
    "[ x 50 in a 10 KB block (under the limit)": "[" * 50 + "a" * 9_950,
    "( x 2000 after a link": "[a](" + "(" * 2_000,
    "<a  x 600 with a long tail": "<a " * 600 + "b" * 14_000,
    "1000-line list block": "- item\n" * 1_000,
    "deep raw html at the limit": "<div>\n\n" * 256,
}


@pytest.mark.parametrize("body", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_body_ends_with_an_error_or_a_rendering(body):
    try:
        html = render_body(body, language="en", placements={})
    except RenderError as error:
        assert str(error)
    else:
        assert isinstance(html, str)


def test_too_large_body_says_so():
    with pytest.raises(BodyTooLargeError, match="characters"):
        render_body("a" * (MAX_BODY_CHARS + 1), language="en", placements={})


def test_deep_quotes_say_so():
    with pytest.raises(BodyTooDeeplyNestedError, match="levels"):
        render_body(">" * (MAX_NESTING_DEPTH + 1) + " x", language="en", placements={})


def test_nesting_at_the_limit_renders():
    html = render_body(">" * MAX_NESTING_DEPTH + " x", language="en", placements={})
    assert html.count("<blockquote>") == MAX_NESTING_DEPTH


def test_deep_raw_html_says_so():
    with pytest.raises(BodyTooDeeplyNestedError, match="HTML"):
        render_body("<div>\n\n" * 1_000, language="en", placements={})


def test_unclosed_tags_say_so():
    with pytest.raises(BodyTooComplexError, match="unclosed"):
        render_body("<a " * 2_000 + "\n\n" + "text " * 10_000, language="en", placements={})


@pytest.mark.parametrize("words", [800, 5_000, 20_000])
def test_realistic_articles_are_within_the_limits(words):
    body = news_body(words)
    assert len(body) < MAX_BODY_CHARS
    assert "<h2" in render_body(body, language="en", placements={})


def test_a_long_link_list_and_a_pasted_table_are_within_the_limits():
    links = "\n".join(f"- [Report {n}](https://example.org/{n}) [archived]" for n in range(300))
    table = "<table>\n" + "".join(f"<tr><td>{n}</td><td>{n * 2}</td></tr>\n" for n in range(400)) + "</table>"
    html = render_body(links + "\n\n" + table, language="en", placements={})
    assert html.count("<li>") == 300 and html.count("<td>") == 800


@pytest.mark.parametrize("body", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_body_refusal_is_the_renderers_answer(body):
    """The editor and the CLI ask `body_refusal`; it must refuse exactly what rendering refuses."""
    try:
        render_body(body, language="en", placements={})
    except RenderError as error:
        assert body_refusal(body) == str(error)
    else:
        assert body_refusal(body) is None


def test_body_refusal_names_the_limit():
    assert body_refusal("a" * 250_000) == "The body has 250,000 characters; the renderer accepts at most 200,000."
    assert body_refusal("> " * 40 + "deep") == "Line 1 opens 40 levels of quotes or lists; at most 32 are allowed."
    assert body_refusal(news_body(800)) is None


def exact_refusal(markdown: str) -> str | None:
    """Every scoring pass, none skipped: what `body_refusal` must agree with."""
    from editor_app.model import limits

    checks = [
        limits._check_nesting,
        limits._check_blocks,
        limits._check_tag_scan,
        limits._check_raw_html,
    ]
    try:
        if len(markdown) > MAX_BODY_CHARS:
            return body_refusal(markdown)
        for check in checks:
            check(markdown)
    except RenderError as error:
        return str(error)
    if len(limits._LIST_ITEM.findall(markdown)) > limits.MAX_LIST_ITEMS:
        return body_refusal(markdown)
    if len(limits._HEADING.findall(markdown)) > limits.MAX_HEADINGS:
        return body_refusal(markdown)
    return None


# Pieces repeated up to a few thousand times reach every limit from below and above.
limit_pieces = st.sampled_from(
    ["'a", '"', "*", "[", "(", "[a](b)", "<a ", "<div>", "</div>", ">", "<", "x\n", "- i\n", "# h\n",
     "\n\n", "> ", "    ", "\t", "1. ", "- ", "* ", "word ", "a  \n", "&amp;", "`c`", "!", "_"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(limit_pieces, st.integers(min_value=1, max_value=6_000)), min_size=1, max_size=6))
def test_shortcuts_never_change_the_answer(parts):
    """`check_body_limits` skips a pass when a cheap bound shows it cannot fail; the answer
    must be the one the full passes give, on either side of every limit."""
    body = "".join(piece * count for piece, count in parts)
    assert body_refusal(body) == exact_refusal(body)
