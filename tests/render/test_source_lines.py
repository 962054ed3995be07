"""Source lines for the preview (`data-source-line`), and the export left exactly as it was.

The golden page `rich_article_export.html` was written by the renderer as it was before
source lines existed (the commit before them), from the rich article below: every block
kind, raw HTML, footnotes, a table, code, photos and Persian text. The export must keep
producing it byte for byte.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile_payloads import HOSTILE_BODIES, HOSTILE_TEXT
from render_helpers import make_article, make_photo, make_placement

from editor_app.render import PlacedPhoto, render_article
from editor_app.render.body import SOURCE_LINE_SEARCH_WINDOW, render_body_parts
from editor_app.render.sanitize import sanitize_body_html, sanitize_without_images

GOLDEN_RICH_EXPORT = Path(__file__).parent / "golden" / "rich_article_export.html"

RICH_BODY = """\
Lead paragraph with *emphasis*, **strong**, `code`, a [link](https://example.org/a?b=1&c=2) and "quotes".

![](placement:12)

## Subhead one {: #custom-id }

> A quoted paragraph
> over two lines.
>
> - a list inside the quote

1. First
2. Second

    An indented paragraph of the second item.

- Bullet
- Another bullet with a footnote.[^note]

| Party | Seats |
|:------|------:|
| A     | 162   |
| B     | 97    |

```
fenced code
  kept as is
```

<div class="box" data-source-line="1" data-x="y">Raw HTML <img src="https://tracker.example/p.gif"></div>

Paragraph
### Heading without a blank line before it

---

Text with attributes of its own
{: data-source-line="3" data-y="z" }

متن فارسی در یک بند.

![](placement:13)

Last paragraph after the photo.

[^note]: The footnote text.
"""


def rich_placements() -> list[PlacedPhoto]:
    return [
        PlacedPhoto(make_placement(11, 3, role="lead", position=0, caption="The lead."), make_photo(3)),
        PlacedPhoto(make_placement(12, 1, caption="Inline one."), make_photo(1)),
        PlacedPhoto(make_placement(13, 2, caption="Inline two."), make_photo(2, width=1200, height=800)),
    ]


def rich_article():
    return make_article(body=RICH_BODY)


def marked_lines(html: str) -> list[tuple[str, int]]:
    """(tag, line) of each element carrying a source line, in page order."""
    return [(tag, int(line)) for tag, line in re.findall(r'<(\w+)[^>]*\sdata-source-line="(\d+)"', html)]


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if line.startswith(needle))


def test_export_is_byte_for_byte_what_it_was_before_source_lines():
    rendered = render_article(rich_article(), rich_placements())
    assert rendered.html == GOLDEN_RICH_EXPORT.read_text(encoding="utf-8")
    assert "data-source-line" not in rendered.html
    assert "data-x" not in rendered.html and "data-y" not in rendered.html


def test_preview_differs_from_the_export_only_by_the_source_lines():
    export = render_article(rich_article(), rich_placements()).html
    preview = render_article(rich_article(), rich_placements(), source_lines=True).html
    assert marked_lines(preview)
    assert re.sub(r' data-source-line="\d+"', "", preview) == export


def test_each_top_level_block_carries_the_line_it_starts_on():
    html = render_body_parts(
        RICH_BODY, language="en", placements={p.id: p for p in rich_placements()[1:]}, source_lines=True
    ).html
    lines = {tag: line for tag, line in reversed(marked_lines(html))}  # first of each tag
    assert lines["p"] == 1
    assert lines["figure"] == line_of(RICH_BODY, "![](placement:12)")
    assert lines["h2"] == line_of(RICH_BODY, "## Subhead one")
    assert lines["blockquote"] == line_of(RICH_BODY, "> A quoted paragraph")
    assert lines["ol"] == line_of(RICH_BODY, "1. First")
    assert lines["ul"] == line_of(RICH_BODY, "- Bullet")
    assert lines["table"] == line_of(RICH_BODY, "| Party")
    assert lines["hr"] == line_of(RICH_BODY, "---")
    marked = marked_lines(html)
    assert ("p", line_of(RICH_BODY, "متن فارسی")) in marked
    assert ("p", line_of(RICH_BODY, "Text with attributes of its own")) in marked
    assert ("figure", line_of(RICH_BODY, "![](placement:13)")) in marked
    assert ("p", line_of(RICH_BODY, "Last paragraph after the photo")) in marked
    # A heading with no blank line above it, in the same block as the paragraph before.
    assert ("p", line_of(RICH_BODY, "Paragraph")) in marked
    assert ("h3", line_of(RICH_BODY, "### Heading without")) in marked
    numbers = [line for _tag, line in marked]
    assert numbers == sorted(numbers)


def test_lines_the_body_wrote_itself_never_survive():
    html = render_body_parts(RICH_BODY, language="en", placements={}, source_lines=True).html
    # Raw HTML's data-source-line="1" and attr_list's "3" are dropped; so is any other data-*.
    assert "data-x" not in html and "data-y" not in html
    assert "Raw HTML" in html
    text_line = line_of(RICH_BODY, "Text with attributes of its own")
    assert ("p", text_line) in marked_lines(html)
    assert ("p", 3) not in marked_lines(html)
    assert [tag for tag, _line in marked_lines(html) if tag == "div"] == []  # the raw <div data-source-line="1">


def test_sanitizer_accepts_only_the_renderers_secret():
    html = '<p data-source-line="abc:4">a</p><p data-source-line="4">b</p><p data-source-line="abc:x">c</p>'
    assert sanitize_body_html(html, source_line_nonce="abc") == '<p data-source-line="4">a</p><p>b</p><p>c</p>'
    assert sanitize_body_html(html) == "<p>a</p><p>b</p><p>c</p>"
    assert sanitize_without_images(html, "abc") == '<p data-source-line="4">a</p><p>b</p><p>c</p>'
    assert sanitize_without_images(html) == "<p>a</p><p>b</p><p>c</p>"


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\n\n\n",
        "<div>\n\n</div>\n\n" * 50 + "After.",
        "> " * 12 + "deep",
        "para\n\n" * 3000,
        "- item\n\n  continued\n\n" * 200,
    ],
)
def test_odd_bodies_render_with_lines_in_order(body):
    html = render_body_parts(body, language="en", placements={}, source_lines=True).html
    numbers = [line for _tag, line in marked_lines(html)]
    assert numbers == sorted(numbers)
    assert all(1 <= n <= body.count("\n") + 1 for n in numbers)


def test_a_block_far_past_many_placeholders_is_still_found():
    raw_blocks = "<div>x</div>\n\n" * 100
    body = raw_blocks + "Found me."
    html = render_body_parts(body, language="en", placements={}, source_lines=True).html
    assert ("p", line_of(body, "Found me.")) in marked_lines(html)
    assert SOURCE_LINE_SEARCH_WINDOW > 200


@pytest.mark.parametrize("body", HOSTILE_BODIES + [HOSTILE_TEXT, RICH_BODY.replace("\n\n", "\n\n\n")])
def test_preview_of_hostile_bodies_is_the_export_plus_line_marks(body):
    placements = {p.id: p for p in rich_placements()[1:]}
    export = render_body_parts(body, language="en", placements=placements)
    preview = render_body_parts(body, language="en", placements=placements, source_lines=True)
    assert re.sub(r' data-source-line="\d+"', "", preview.html) == export.html
    assert preview.warnings == export.warnings
    assert "data-" not in re.sub(r' data-source-line="\d+"', "", preview.html)
