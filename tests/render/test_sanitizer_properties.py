"""Property tests: whatever Markdown an author types, the body obeys the sanitizer's rules."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_helpers import ParsedHtml, make_article, make_photo, make_placement

from editor_app.render import PlacedPhoto, RenderError, render_article, render_body
from editor_app.render.body import figure_image_values
from editor_app.render.sanitize import ALLOWED_TAGS

KNOWN = {
    3: PlacedPhoto(make_placement(3, 1, caption='Cap "one"', credit="(AFP)"), make_photo(1)),
    4: PlacedPhoto(make_placement(4, 2, caption="<b>x</b>"), make_photo(2, width=700, has_alpha=True)),
}
FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "svg",
    "math",
    "input",
    "button",
    "link",
    "meta",
    "base",
    "frame",
    "frameset",
    "applet",
    "template",
    "noscript",
    "textarea",
    "select",
    "video",
    "audio",
    "source",
    "picture",
    "image",
    "marquee",
    "details",
    "dialog",
}

schemes = st.sampled_from(
    ["javascript:", "JaVaScRiPt:", "vbscript:", "data:", "file:", "http:", "https:", "mailto:", "ftp:", ""]
)
tricks = st.sampled_from(
    [
        lambda u: u,
        lambda u: " " + u,
        lambda u: "\t" + u,
        lambda u: u.replace("a", "&#97;", 1),
        lambda u: u.replace("s", "&#x73;", 1),
        lambda u: u.replace("c", "\t", 1) if "c" in u else u,
        lambda u: u.replace(":", "&colon;", 1),
        lambda u: u.replace(":", "&#58;", 1),
        lambda u: "\x01" + u,
        lambda u: u.replace("r", "\n", 1),
    ]
)
targets = st.sampled_from(
    [
        "alert(1)",
        "//tracker.example/p.gif",
        "//example.org/",
        "text/html;base64,PHNjcmlwdD4=",
        "x@example.org",
        "image/png;base64,iVBORw0KGgo=",
        "/etc/passwd",
    ]
)
urls = st.one_of(
    st.builds(lambda s, t, trick: trick(s + t), schemes, targets, tricks),
    st.sampled_from(
        [
            "#h-section",
            "#fn:1",
            "photos/x-480-000000000000.jpg",
            "../photos/a.jpg",
            "other.html",
            "placement:3",
            "placement:4",
            "placement:99",
            " placement:3",
        ]
    ),
)
tag_names = st.sampled_from(
    sorted(
        FORBIDDEN_TAGS
        | {"img", "a", "div", "p", "span", "table", "td", "figure", "blockquote", "ul", "li", "IMG", "ScRiPt", "sup"}
    )
)
attribute_names = st.sampled_from(
    [
        "onclick",
        "onerror",
        "ONLOAD",
        "style",
        "src",
        "href",
        "srcset",
        "background",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "class",
        "id",
        "title",
        "ping",
        "action",
        "dir",
        "width",
    ]
)
quotes = st.sampled_from(['"', "'", ""])


@st.composite
def raw_tags(draw):
    name = draw(tag_names)
    attributes = draw(st.lists(st.tuples(attribute_names, urls, quotes), max_size=3))
    rendered = "".join(f" {a}={q}{v}{q}" for a, v, q in attributes)
    closing = draw(st.sampled_from(["", f"</{name}>", "/>", "alert('inner')</" + name + ">"]))
    return f"<{name}{rendered}>{closing}"


markdown_pieces = st.one_of(
    raw_tags(),
    st.builds(lambda u: f"[link]({u})", urls),
    st.builds(lambda u: f"![alt]({u})", urls),
    st.builds(lambda u: f"<{u}>", urls),
    st.builds(lambda u: f"[ref][r]\n\n[r]: {u}", urls),
    st.builds(lambda a, u: f'Para {{: {a}="{u}" }}', attribute_names, urls),
    st.builds(lambda a: f"## Heading\n{{: #x {a}=alert(1) style=color:red }}", attribute_names),
    st.sampled_from(
        [
            "![](placement:3)",
            "![](placement:4)",
            "![](placement:99)",
            "![](placement:3){: onclick=x}",
            '"quoted" text',
            "*em* **strong**",
            "| a | b |\n|---|--:|\n| <script>x</script> | 2 |",
            "Note[^1]\n\n[^1]: foot <img src=x>",
            "```\n<script>alert(1)</script>\n```",
            "`<img src=x onerror=alert(1)>`",
            "<!-- <img src=x> -->",
            "&lt;script&gt;",
            "<",
            "&",
        ]
    ),
    st.text(alphabet="<>[]()!*_`\"'&#:;/= \nabc", max_size=30),
)
separators = st.sampled_from(["", " ", "\n", "\n\n", "\n> ", "\n- ", "\n    ", "\n1. "])


@st.composite
def hostile_markdown(draw):
    pieces = draw(st.lists(st.tuples(markdown_pieces, separators), min_size=1, max_size=12))
    prefix = draw(st.sampled_from(["", "> ", "- ", "> - > ", "1. "]))
    return prefix + "".join(piece + separator for piece, separator in pieces)


def _allowed_image_values(root: str) -> tuple[set[str], set[str]]:
    sources, srcsets = set(), set()
    for placed in KNOWN.values():
        source, srcset = figure_image_values(placed, root)
        sources.add(source)
        srcsets.add(srcset)
    return sources, srcsets


def assert_body_is_safe(html: str, root: str = "") -> None:
    page = ParsedHtml(html)
    sources, srcsets = _allowed_image_values(root)
    for tag, attributes in page.elements:
        assert tag in ALLOWED_TAGS, tag
        assert tag not in FORBIDDEN_TAGS
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style"
            if name == "href":
                assert value is not None
                assert re.match(r"(https?://|mailto:|#)", value, re.IGNORECASE), value
                assert urlsplit(value).scheme.lower() in {"http", "https", "mailto", ""}
        if tag == "img":
            assert attributes.get("src") in sources, attributes
            assert attributes.get("srcset") in srcsets, attributes
    assert "<script" not in html.lower()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_markdown(), st.sampled_from(["", "../../"]), st.sampled_from(["en", "fr", "fa", "de"]))
def test_hostile_bodies_render_safely(markdown, root, language):
    try:
        html = render_body(markdown, language=language, placements=KNOWN, root=root)
    except RenderError:
        return
    assert_body_is_safe(html, root)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_markdown(), st.text(max_size=40), st.text(max_size=40))
def test_hostile_articles_have_one_generated_script(markdown, headline, tag):
    article = make_article(body=markdown, headline=headline, standfirst=headline, byline=tag, tags=(tag,))
    try:
        rendered = render_article(article, list(KNOWN.values()))
    except RenderError:
        return
    assert_body_is_safe(rendered.body_html)
    page = ParsedHtml(rendered.html)
    assert page.find_all("script") == [{"type": "application/ld+json"}]
    assert rendered.html.lower().count("<script") == 1
    assert rendered.html.lower().count("</script") == 1
