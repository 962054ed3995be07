"""Optional Markdown extensions are skipped for bodies without their markers: same output."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from editor_app.render import body as body_module
from editor_app.render.body import OPTIONAL_EXTENSIONS, optional_extensions_for, render_body
from editor_app.render.language import ENGLISH_QUOTES

ALL_OPTIONAL = tuple(OPTIONAL_EXTENSIONS)
PIECES = ["word", "Ünïcode", " ", "\n", "\n\n", "# ", "## ", "> ", "* ", "1. ", "*", "_", "`", "[", "]", "(", ")",
          "http://example.org", "<b>", "</b>", "{: #id }", ":", "-", "+", "\\", "!", "&", "'", '"', "    ",
          "|", "^", "~", "---", "\n|---|---|\n"]  # fmt: skip


def convert(text: str, optional: tuple[str, ...]) -> str:
    instance = body_module._markdown_for(ENGLISH_QUOTES, optional)
    instance.md.reset()
    return instance.md.convert(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_bodies_without_markers_render_the_same_without_the_extensions(text):
    assume(optional_extensions_for(text) == ())
    assert convert(text, ()) == convert(text, ALL_OPTIONAL)


def test_each_extension_is_used_when_its_marker_is_there():
    assert "<table>" in render_body("| a | b |\n|---|---|\n| 1 | 2 |", language="en", placements={})
    assert 'class="footnote"' in render_body("Said so.[^1]\n\n[^1]: A source.", language="en", placements={})
    assert "<pre><code>" in render_body("```\ncode\n```", language="en", placements={})
    assert optional_extensions_for("a | b [^1] ~~~") == ("tables", "footnotes", "fenced_code")
