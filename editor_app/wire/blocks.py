"""A story as a list of blocks: lines of plain text, or the block elements of HTML.

The parser (parsing.py) decides what each block is for; this module only says what the
source itself marked: a heading, a figure caption with its image's alt text, a list item,
a quotation, a breadcrumb, a standfirst or byline by its class name, or the site's own
chrome (navigation, share buttons, cookie banners), which is never story text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

TEXT = "text"
HEADLINE = "headline"  # <h1>, or "# " in Markdown
HEADING = "heading"  # <h2>-<h6>, or "## " in Markdown
CAPTION = "caption"  # <figcaption>
ITEM = "item"  # <li>
QUOTE = "quote"  # <blockquote>
STANDFIRST = "standfirst"  # a block whose class says so
BYLINE = "byline"
BREADCRUMB = "breadcrumb"  # a breadcrumb trail, parts joined by " / "
CHROME = "chrome"  # navigation, share buttons, forms, cookie banners: kept only in the note


@dataclass(frozen=True)
class Block:
    text: str
    kind: str = TEXT
    alt: str = ""  # for a caption: the alt text of its figure's image
    ordered: bool = False  # for a list item: in a numbered list
    link_only: bool = False  # all its text is inside links: a related story's headline, "Read more"


# ---- plain text

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = tuple('.!?:;…"”’»)]')


def plain_text_blocks(text: str, is_separate_line=lambda line: False) -> list[Block]:
    """Blocks of plain text: paragraphs split on blank lines, and within a paragraph on each
    line, unless the lines are one hard-wrapped paragraph (a long line that stops mid-sentence
    goes on in the next). `is_separate_line` keeps a line whole whatever its length (captions
    end in a credit, not a full stop)."""
    blocks: list[Block] = []
    for chunk in _BLANK_LINES.split(text):
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        joined: list[str] = []
        for line in lines:
            previous = joined[-1] if joined else None
            if (
                previous is not None
                and len(previous) >= 50
                and not previous.endswith(_SENTENCE_END)
                and not _MARKDOWN_HEADING.match(previous)
                and not is_separate_line(previous)
                and not is_separate_line(line)
            ):
                joined[-1] = f"{previous} {line}"
            else:
                joined.append(line)
        for line in joined:
            heading = _MARKDOWN_HEADING.match(line)
            if heading:
                kind = HEADLINE if len(heading.group(1)) == 1 else HEADING
                blocks.append(Block(heading.group(2), kind))
            else:
                blocks.append(Block(line))
    return blocks


# ---- HTML

_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "select", "canvas", "math"})
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "button", "dialog"})
_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "figure", "dd", "dt", "td",
     "th", "pre", "section", "article", "header", "main", "ul", "ol", "table", "tr", "address", "hr", "body", "dl"}
)  # fmt: skip
_BLANKED = re.compile(r"[^\n]")
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed"})
_HINTS = (
    (re.compile(r"breadcrumb", re.IGNORECASE), BREADCRUMB),
    (re.compile(r"cookie|consent|gdpr|share|social|newsletter|subscribe|related|advert|\bads?\b|promo|sharing|"
                r"comments?\b|paywall|app-?banner|download-app|follow-us|tags-list", re.IGNORECASE), CHROME),
    (re.compile(r"standfirst|\bdek\b|summary|\blede\b|subtitle|\bintro\b|excerpt|article-description|sub-?headline",
                re.IGNORECASE), STANDFIRST),
    (re.compile(r"byline|\bauthor", re.IGNORECASE), BYLINE),
    (re.compile(r"caption", re.IGNORECASE), CAPTION),
)  # fmt: skip


def _hint_of(attrs: dict[str, str]) -> str | None:
    names = " ".join(attrs.get(key) or "" for key in ("class", "id", "aria-label", "role", "itemprop"))
    if not names.strip():
        return None
    for pattern, hint in _HINTS:
        if pattern.search(names):
            return hint
    return None


class _BlockExtractor(HTMLParser):
    """Collects the text of block elements in document order; see `html_blocks`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.language = ""
        self._open: list[tuple[str, str | None]] = []  # (tag, hint it set, or None)
        self._skip_depth = 0
        self._text: list[str] = []
        # The same text with what links hold blanked out (newlines kept, so lines align).
        self._unlinked: list[str] = []
        self._link_depth = 0
        self._figure_alts: list[str] = []  # the alt text of the image in each open <figure>
        self._list_kinds: list[bool] = []  # ordered? for each open list

    # -- where we are

    def _grouping(self) -> str | None:
        """CHROME or BREADCRUMB when inside one: its text is gathered whole, not split by block."""
        for _tag, hint in self._open:
            if hint in (CHROME, BREADCRUMB):
                return hint
        return None

    def _kind_here(self) -> str:
        tags = [tag for tag, _hint in self._open]
        hints = [hint for _tag, hint in self._open if hint]
        if "figcaption" in tags or (hints and hints[-1] == CAPTION):
            return CAPTION
        for tag in reversed(tags):
            if tag == "h1":
                return HEADLINE
            if tag in ("h2", "h3", "h4", "h5", "h6"):
                return HEADING
            if tag == "li":
                return ITEM
            if tag == "blockquote":
                return QUOTE
        if hints and hints[-1] in (STANDFIRST, BYLINE):
            return hints[-1]
        return TEXT

    # -- text

    def _flush(self) -> None:
        if self._grouping() is not None:
            self._text.append("\n")
            self._unlinked.append("\n")
            return
        raw = "".join(self._text)
        unlinked = "".join(self._unlinked).split("\n")
        self._text = []
        self._unlinked = []
        kind = self._kind_here()
        alt = self._figure_alts[-1] if kind == CAPTION and self._figure_alts else ""
        ordered = kind == ITEM and bool(self._list_kinds) and self._list_kinds[-1]
        for line, outside_links in zip(raw.split("\n"), unlinked, strict=True):  # <br> separates lines
            line = " ".join(line.split())
            if line:
                self.blocks.append(Block(line, kind, alt, ordered, link_only=not outside_links.strip()))

    def _flush_group(self, kind: str) -> None:
        separator = " / " if kind == BREADCRUMB else " · "
        parts = [" ".join(part.split()) for part in "".join(self._text).split("\n")]
        self._text = []
        self._unlinked = []
        text = separator.join(part for part in parts if part)
        if text:
            self.blocks.append(Block(text, kind))

    # -- HTMLParser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "html" and attributes.get("lang"):
            self.language = attributes["lang"]
        if self._skip_depth or tag in _SKIPPED:
            if tag not in _VOID:
                self._skip_depth += 1
            return
        if tag == "br":
            self._text.append("\n")
            self._unlinked.append("\n")
            return
        if tag == "a":
            self._link_depth += 1
        if tag == "img":
            if self._figure_alts and not self._figure_alts[-1]:
                self._figure_alts[-1] = " ".join((attributes.get("alt") or "").split())
            return
        if tag in _VOID:
            if tag == "hr":
                self._flush()
            return
        hint = CHROME if tag in _CHROME_TAGS else _hint_of(attributes)
        # An inline element marked as a byline or caption (<span class="byline">) is a block of its own.
        if tag in _BLOCK_TAGS or tag in _CHROME_TAGS or hint is not None:
            self._flush()
        if not self.language and attributes.get("lang") and tag in ("body", "article", "main"):
            self.language = attributes["lang"]
        if tag in ("nav", "ol", "ul") and _hint_of(attributes) == BREADCRUMB:
            hint = BREADCRUMB
        grouping = self._grouping()
        self._open.append((tag, hint))
        if grouping is None and hint in (CHROME, BREADCRUMB):
            self._text = []  # a group starts clean
            self._unlinked = []
        if tag == "figure":
            self._figure_alts.append("")
        elif tag in ("ul", "ol"):
            self._list_kinds.append(tag == "ol")

    def handle_endtag(self, tag: str) -> None:
        if self._skip_depth:
            if tag not in _VOID:
                self._skip_depth -= 1
            return
        if tag in _VOID or not any(open_tag == tag for open_tag, _hint in self._open):
            return  # a stray end tag: browsers ignore it too
        while self._open:
            if tag in _BLOCK_TAGS or tag in _CHROME_TAGS or self._open[-1][0] in _BLOCK_TAGS or self._open[-1][1]:
                self._flush()
            open_tag, hint = self._open.pop()
            if open_tag == "a":
                self._link_depth -= 1
            if hint in (CHROME, BREADCRUMB) and self._grouping() is None:
                self._flush_group(hint)
            if open_tag == "figure" and self._figure_alts:
                self._figure_alts.pop()
            elif open_tag in ("ul", "ol") and self._list_kinds:
                self._list_kinds.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            if not any(tag == "pre" for tag, _hint in self._open):
                # A line break in the page's source is a space; only <br> and blocks part lines.
                data = data.replace("\r", " ").replace("\n", " ")
            self._text.append(data)
            self._unlinked.append(_BLANKED.sub(" ", data) if self._link_depth else data)

    def close(self) -> None:
        super().close()
        while self._open:
            self.handle_endtag(self._open[-1][0])
        self._flush()


def html_blocks(html: str) -> tuple[list[Block], str]:
    """(the blocks of an HTML story in document order, the language its markup declares or "").

    Scripts, styles and the page's head are skipped; navigation, footers, asides, forms,
    buttons and elements whose class names share buttons, cookie banners, newsletters or
    related links become CHROME blocks, one per element, for the editor's note.
    """
    extractor = _BlockExtractor()
    extractor.feed(html)
    extractor.close()
    return extractor.blocks, extractor.language
