"""Rules of the Markdown body: placed photos, links, quotes, heading ids, extensions."""

from __future__ import annotations

import pytest
from hostile_payloads import EVENT_HANDLERS_AND_STYLES, FORBIDDEN_ELEMENTS, FORBIDDEN_LINKS, FOREIGN_IMAGES
from render_helpers import make_photo, make_placement

from editor_app.render import PlacedPhoto, render_body
from editor_app.render.body import render_body_parts
from editor_app.render.photos import photo_filename, rendition_widths


@pytest.fixture
def placed() -> PlacedPhoto:
    return PlacedPhoto(
        make_placement(5, 1, caption="Crowds on Tuesday.", credit="(AFP photo)", alt_text="A crowd"),
        make_photo(1),
    )


def test_placement_alone_on_its_line_becomes_a_figure(placed, parse):
    html = render_body("Before.\n\n![](placement:5)\n\nAfter.", language="en", placements={5: placed})
    page = parse(html)
    assert page.tags() == ["p", "figure", "img", "figcaption", "span", "span", "p"]
    assert page.find_all("figure") == [{"class": "photo"}]
    image = page.find_all("img")[0]
    widths = rendition_widths(placed)
    assert image["src"] == f"photos/{photo_filename(placed, widths[-1])}"
    assert image["srcset"] == ", ".join(f"photos/{photo_filename(placed, w)} {w}w" for w in widths)
    assert image["width"] == "1600" and image["height"] == "1067"
    assert image["alt"] == "A crowd"
    assert image["loading"] == "lazy" and image["decoding"] == "async"
    assert image["sizes"]
    assert [a["class"] for a in page.find_all("span")] == ["caption", "credit"]
    assert "Crowds on Tuesday. (AFP photo)" in page.text


def test_root_prefixes_photo_sources(placed, parse):
    html = render_body("![](placement:5)", language="en", placements={5: placed}, root="../../")
    image = parse(html).find_all("img")[0]
    assert image["src"].startswith("../../photos/")
    assert all(part.strip().startswith("../../photos/") for part in image["srcset"].split(","))


def test_caption_is_text_not_markdown_or_html(parse):
    placed = PlacedPhoto(
        make_placement(5, 1, caption='<script>x</script> *not em* "quoted"', credit="<b>AFP</b>"),
        make_photo(1),
    )
    html = render_body("![](placement:5)", language="en", placements={5: placed})
    page = parse(html)
    assert "script" not in page.tags() and "em" not in page.tags() and "b" not in page.tags()
    assert '<script>x</script> *not em* "quoted"' in page.text
    assert "<b>AFP</b>" in page.text


def test_unknown_placement_is_left_out_with_a_warning(parse):
    result = render_body_parts("Text.\n\n![](placement:99)\n", language="en", placements={})
    assert "img" not in parse(result.html).tags()
    assert "figure" not in parse(result.html).tags()
    assert any("99" in warning for warning in result.warnings)


def test_placement_inside_a_sentence_is_left_out(placed, parse):
    result = render_body_parts("See ![](placement:5) here.", language="en", placements={5: placed})
    assert "img" not in parse(result.html).tags()
    assert "See  here." in parse(result.html).text
    assert any("own line" in warning for warning in result.warnings)


def test_lead_reference_in_the_body_is_not_repeated(placed, parse):
    result = render_body_parts("![](placement:5)", language="en", placements={}, lead_ids=(5,))
    assert "img" not in parse(result.html).tags()
    assert any("lead photo" in warning for warning in result.warnings)


@pytest.mark.parametrize(
    "markdown",
    FOREIGN_IMAGES,
)
def test_foreign_images_are_removed(markdown, parse):
    page = parse(render_body(markdown, language="en", placements={}))
    assert page.find_all("img") == []
    assert page.find_all("source") == []


def test_typed_img_with_a_real_photo_source_is_still_removed(placed, parse):
    source = f"photos/{photo_filename(placed, rendition_widths(placed)[-1])}"
    html = render_body(f'<img src="{source}">', language="en", placements={5: placed})
    assert parse(html).find_all("img") == []


@pytest.mark.parametrize(
    ("markdown", "href"),
    [
        ("[a](https://example.org/x?y=1)", "https://example.org/x?y=1"),
        ("[a](http://example.org/)", "http://example.org/"),
        ("[a](mailto:desk@example.org)", "mailto:desk@example.org"),
        ("[a](#h-section)", "#h-section"),
        ("<https://example.org/auto>", "https://example.org/auto"),
    ],
)
def test_allowed_links_keep_their_href(markdown, href, parse):
    links = parse(render_body(markdown, language="en", placements={})).find_all("a")
    assert links[0]["href"] == href
    assert links[0]["rel"] == "noopener noreferrer"


@pytest.mark.parametrize(
    "markdown",
    FORBIDDEN_LINKS,
)
def test_other_links_lose_their_href(markdown, parse):
    links = parse(render_body(markdown, language="en", placements={})).find_all("a")
    assert links and all("href" not in link for link in links)


@pytest.mark.parametrize(
    "markdown",
    FORBIDDEN_ELEMENTS,
)
def test_forbidden_elements_are_removed_with_their_content(markdown, parse):
    page = parse(render_body(markdown, language="en", placements={}))
    forbidden = {"script", "style", "iframe", "object", "embed", "form", "input", "svg", "math"}
    assert forbidden.isdisjoint(page.tags())
    assert "alert" not in page.text
    assert "display:none" not in page.text


def test_event_handlers_and_styles_are_removed(parse):
    html = render_body(EVENT_HANDLERS_AND_STYLES, language="en", placements={})
    for _, attrs in parse(html).elements:
        assert not any(name.startswith("on") or name == "style" for name in attrs)
        assert attrs.get("class") in (None, "")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "\u201cHello,\u201d she said, \u2018quote\u2019 and it\u2019s"),
        ("fr", "\u00ab\u202fHello,\u202f\u00bb she said, \u2018quote\u2019 and it\u2019s"),
        ("fr-CA", "\u00ab\u202fHello,\u202f\u00bb she said"),
        ("de", "\u201eHello,\u201c she said, \u201aquote\u2018 and it\u2019s"),
        ("ru", "\u00abHello,\u00bb she said"),
        ("fa", "\u00abHello,\u00bb she said"),
        ("ar-EG", "\u00abHello,\u00bb she said"),
        ("de-CH", "\u00abHello,\u00bb she said"),
        ("ja", "\u300cHello,\u300d she said"),
    ],
)
def test_smart_quotes_follow_the_article_language(language, expected, parse):
    text = parse(render_body("\"Hello,\" she said, 'quote' and it's", language=language, placements={})).text
    assert expected in text


def test_quote_styles_do_not_leak_between_languages(parse):
    render_body('"a"', language="fr", placements={})
    assert "\u201ca\u201d" in parse(render_body('"a"', language="en", placements={})).text


def test_headings_get_prefixed_unicode_ids(parse):
    html = render_body(
        "## Élections à Paris\n\n## انتخابات مجلس\n\n## Élections à Paris\n\n## ...",
        language="fr",
        placements={},
    )
    ids = [attrs.get("id") for attrs in parse(html).find_all("h2")]
    assert ids[0] == "h-élections-à-paris"
    assert ids[1] == "h-انتخابات-مجلس"
    assert ids[2] != ids[0] and ids[2].startswith("h-élections-à-paris")
    assert ids[3].startswith("h-")


def test_tables_keep_alignment_without_style_attributes(parse):
    html = render_body("| a | b |\n|:--|--:|\n| 1 | 2 |", language="en", placements={})
    page = parse(html)
    assert [attrs.get("align") for attrs in page.find_all("td")] == ["left", "right"]
    assert all("style" not in attrs for _, attrs in page.elements)


def test_footnotes_link_both_ways(parse):
    html = render_body("Claim.[^1]\n\n[^1]: Source.", language="en", placements={})
    links = parse(html).find_all("a")
    assert {link["href"] for link in links} == {"#fn:1", "#fnref:1"}


def test_sane_lists_and_raw_inline_markup(parse):
    html = render_body(
        "1. one\n2. two\n\n* a\n* b\n\nH<sub>2</sub>O and <abbr title='x'>UN</abbr>",
        language="en",
        placements={},
    )
    tags = parse(html).tags()
    assert tags.count("ol") == 1 and tags.count("ul") == 1
    assert "sub" in tags and "abbr" in tags


def test_html_comments_are_dropped(parse):
    html = render_body("Text <!-- internal: call source back --> more", language="en", placements={})
    assert "internal" not in html
