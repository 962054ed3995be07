"""The allowlist every rendered body passes through (nh3), after Markdown.

Python-Markdown copies raw HTML through untouched, so this is where script,
style, frames, forms, SVG and MathML, event handlers, inline styles, unsafe
links and foreign images are removed. Images survive only with a `src` (and
`srcset`) that the renderer itself generated for one of the article's photos.

`data-*` attributes never survive, with one exception for the preview: the
`data-source-line` the renderer wrote, recognised by the per-render secret it
carries (`nonce:line`) and written out as the plain line number. One the body
wrote itself (raw HTML, `{: data-source-line=... }`) cannot know the secret and
is dropped like any other.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import nh3

ALLOWED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    ]
)

# Removed together with everything inside them, so their text never shows up.
REMOVED_WITH_CONTENT = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "noscript",
        "noembed",
        "noframes",
        "template",
        "textarea",
        "select",
        "option",
        "title",
        "xmp",
        "plaintext",
        "head",
    ]
)

GENERIC_ATTRIBUTES = frozenset({"id", "lang", "dir", "title"})
SOURCE_LINE_ATTRIBUTE = "data-source-line"
TAG_ATTRIBUTES = {
    "a": {"href"},
    "abbr": set(),
    "img": {"src", "srcset", "sizes", "width", "height", "alt"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "q": set(),
    "blockquote": set(),
    "del": set(),
    "ins": set(),
}
ALLOWED_CLASSES = {
    "figure": {"photo", "lead"},
    "span": {"caption", "credit"},
    "div": {"footnote"},
    "a": {"footnote-ref", "footnote-backref"},
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

_ALLOWED_HREF = re.compile(r"(?:https?://|mailto:|#)", re.IGNORECASE)


def _attributes(source_line_nonce: str | None = None) -> dict[str, set[str]]:
    attributes = {tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}
    attributes["*"] = set(GENERIC_ATTRIBUTES)
    if source_line_nonce:
        attributes["*"].add(SOURCE_LINE_ATTRIBUTE)
    return attributes


def _source_line(value: str, nonce: str | None) -> str | None:
    """The line number of a `data-source-line` the renderer wrote (`nonce:line`), else None."""
    if not nonce:
        return None
    marker, _, line = value.partition(":")
    return line if marker == nonce and line.isdigit() and len(line) <= 9 else None


class UnexpectedImageError(RuntimeError):
    """An image the renderer did not generate reached the sanitizer's output."""


def sanitize_body_html(
    html: str,
    image_sources: Collection[str] = (),
    image_srcsets: Collection[str] = (),
    source_line_nonce: str | None = None,
) -> str:
    """The body fragment with everything outside the allowlist removed.

    `image_sources` and `image_srcsets` are the exact attribute values of the
    figures the renderer generated; any other value is dropped. Raw `<img>` tags
    are removed before Markdown output reaches this function, so every image
    left has an accepted source; if one ever does not, `UnexpectedImageError`
    tells the caller to drop images altogether rather than publish a foreign one.
    `source_line_nonce` (the preview's) lets the renderer's own source lines through.
    """
    accepted_sources = 0

    def filter_attribute(tag: str, attribute: str, value: str) -> str | None:
        nonlocal accepted_sources
        if attribute == SOURCE_LINE_ATTRIBUTE:
            return _source_line(value, source_line_nonce)
        if attribute == "href":
            return value if _ALLOWED_HREF.match(value) else None
        if tag == "img":
            if attribute == "src":
                if value in image_sources:
                    accepted_sources += 1
                    return value
                return None
            if attribute == "srcset":
                return value if value in image_srcsets else None
        if attribute == "dir":
            return value if value in ("ltr", "rtl", "auto") else None
        if attribute in ("width", "height", "colspan", "rowspan", "span", "start", "value"):
            return value if value.isdigit() and len(value) <= 6 else None
        return value

    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes=_attributes(source_line_nonce),
        attribute_filter=filter_attribute,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(LINK_SCHEMES),
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
        tag_attribute_values={
            "td": {"align": {"left", "center", "right"}},
            "th": {"align": {"left", "center", "right"}},
            "img": {"loading": {"lazy", "eager"}, "decoding": {"async"}},
        },
    )
    if cleaned.count("<img") != accepted_sources:
        raise UnexpectedImageError("an image without an accepted source survived sanitizing")
    return cleaned


def sanitize_without_images(html: str, source_line_nonce: str | None = None) -> str:
    """The fallback when `sanitize_body_html` finds a foreign image: no images at all."""

    def filter_attribute(_tag: str, attribute: str, value: str) -> str | None:
        if attribute == SOURCE_LINE_ATTRIBUTE:
            return _source_line(value, source_line_nonce)
        if attribute == "href":
            return value if _ALLOWED_HREF.match(value) else None
        return value

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS - {"img"}),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes=_attributes(source_line_nonce),
        attribute_filter=filter_attribute,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(LINK_SCHEMES),
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
    )
