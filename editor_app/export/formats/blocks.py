"""The renderer's sanitized body HTML as a small tree of blocks and styled text runs.

The Markdown and DOCX writers both walk this tree, so neither parses Markdown again: the
body goes through the one renderer (and its sanitizer) exactly as it does for the HTML
export, and what reaches a Markdown file or a Word document is what a reader of the site
sees. Only the tags the sanitizer allows can occur (editor_app.render.sanitize); anything
else found here is kept as its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

_VOID_TAGS = frozenset({"br", "hr", "img", "wbr", "col"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = frozenset(
    {"p", "blockquote", "ul", "ol", "li", "figure", "pre", "hr", "table", "div", "dl", "dt", "dd", *_HEADINGS}
)


@dataclass
class _Node:
    """An element of the parsed fragment (text children are plain strings)."""

    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self._stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self._stack[-1].children.append(node)
        if tag not in _VOID_TAGS:
            self._stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self._stack[-1].children.append(_Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data):
        self._stack[-1].children.append(data)


# ---------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Run:
    """Text with the styles it is shown in; `href` when it is (part of) a link."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    superscript: bool = False
    subscript: bool = False
    href: str = ""


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class FootnoteReference:
    label: str


Inline = Run | LineBreak | FootnoteReference


@dataclass
class Paragraph:
    runs: list[Inline]


@dataclass
class Heading:
    level: int
    runs: list[Inline]


@dataclass
class Quote:
    blocks: list


@dataclass
class ListBlock:
    ordered: bool
    items: list[list]  # each item a list of blocks
    start: int = 1


@dataclass
class Figure:
    """A photo as the renderer placed it: `source` is the largest rendition's path."""

    source: str
    alt: str
    caption: str
    credit: str


@dataclass
class CodeBlock:
    text: str


@dataclass
class Table:
    rows: list[list[list[Inline]]]
    header_rows: int = 0


@dataclass
class Footnotes:
    """The notes at the end of a body, in order; each a list of blocks."""

    notes: list[tuple[str, list]]


Block = Paragraph | Heading | Quote | ListBlock | Figure | CodeBlock | Table | Footnotes


def parse_body(body_html: str) -> list[Block]:
    """The blocks of a sanitized body fragment, in reading order."""
    builder = _TreeBuilder()
    builder.feed(body_html)
    builder.close()
    return _blocks(builder.root.children)


def plain_text(runs: list[Inline]) -> str:
    return "".join(run.text if isinstance(run, Run) else "\n" if isinstance(run, LineBreak) else "" for run in runs)


def blocks_text(blocks: list[Block], *, captions: bool = True) -> str:
    """The words of blocks as plain text, one block a line; photo captions and credits
    left out when `captions` is False (word counts leave them out)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            lines.append(plain_text(block.runs))
        elif isinstance(block, Quote):
            lines.append(blocks_text(block.blocks, captions=captions))
        elif isinstance(block, ListBlock):
            lines.extend(blocks_text(item, captions=captions) for item in block.items)
        elif isinstance(block, Figure):
            if captions:
                lines.append(" ".join(part for part in (block.caption, block.credit) if part))
        elif isinstance(block, CodeBlock):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(" ".join(plain_text(cell) for cell in row) for row in block.rows)
        elif isinstance(block, Footnotes):
            lines.extend(blocks_text(note, captions=captions) for _label, note in block.notes)
    return "\n".join(line for line in lines if line)


def _blocks(children: list) -> list[Block]:
    """Blocks from mixed content: loose text and inline elements become paragraphs."""
    blocks: list[Block] = []
    pending: list = []

    def flush() -> None:
        runs = _runs(pending, Run(""))
        pending.clear()
        if plain_text(runs).strip() or any(isinstance(r, FootnoteReference) for r in runs):
            blocks.append(Paragraph(_trimmed(runs)))

    for child in children:
        if isinstance(child, _Node) and child.tag in _BLOCK_TAGS:
            flush()
            blocks.extend(_block(child))
        else:
            pending.append(child)
    flush()
    return blocks


def _block(node: _Node) -> list[Block]:
    tag = node.tag
    if tag == "p":
        runs = _trimmed(_runs(node.children, Run("")))
        return [Paragraph(runs)] if runs else []
    if tag in _HEADINGS:
        return [Heading(_HEADINGS[tag], _trimmed(_runs(node.children, Run(""))))]
    if tag == "blockquote":
        return [Quote(_blocks(node.children))]
    if tag in ("ul", "ol"):
        items = [_blocks(child.children) for child in node.children if isinstance(child, _Node) and child.tag == "li"]
        start = node.attrs.get("start", "1")
        return [ListBlock(tag == "ol", items, int(start) if start.isdigit() else 1)]
    if tag == "figure":
        return _figure(node)
    if tag == "pre":
        return [CodeBlock(node.text().rstrip("\n"))]
    if tag == "table":
        return [_table(node)]
    if tag == "div" and "footnote" in node.classes:
        return [_footnotes(node)]
    if tag == "hr":
        return []
    return _blocks(node.children)  # div, dl, dt, dd, a stray li: their content


def _figure(node: _Node) -> list[Block]:
    image = next(_descendants(node, "img"), None)
    caption = "".join(span.text() for span in _descendants(node, "span") if "caption" in span.classes)
    credit = "".join(span.text() for span in _descendants(node, "span") if "credit" in span.classes)
    if image is None:
        return _blocks([caption, " ", credit]) if caption or credit else []
    return [Figure(image.attrs.get("src", ""), image.attrs.get("alt", ""), caption.strip(), credit.strip())]


def _table(node: _Node) -> Table:
    rows, header_rows = [], 0
    for row in _descendants(node, "tr"):
        cells = [child for child in row.children if isinstance(child, _Node) and child.tag in ("td", "th")]
        if cells and all(cell.tag == "th" for cell in cells) and len(rows) == header_rows:
            header_rows += 1
        rows.append([_trimmed(_runs(cell.children, Run(""))) for cell in cells])
    return Table(rows, header_rows)


def _footnotes(node: _Node) -> Footnotes:
    """Notes labelled by their number, as the references in the text show them (the
    author's own labels are in the ids, which the text does not show)."""
    notes = []
    for item in (child for child in _descendants(node, "li") if child.attrs.get("id", "").startswith("fn")):
        notes.append((str(len(notes) + 1), _blocks(item.children)))
    return Footnotes(notes)


def _descendants(node: _Node, tag: str):
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == tag:
                yield child
            yield from _descendants(child, tag)


def _runs(children: list, style: Run) -> list[Inline]:
    runs: list[Inline] = []
    for child in children:
        if isinstance(child, str):
            text = " ".join(child.split()) if child.strip() else (" " if child else "")
            # Keep the spaces at the edges: "a <em>b</em> c" must not become "abc".
            if child[:1].isspace() and text and not text.startswith(" "):
                text = " " + text
            if child[-1:].isspace() and text and not text.endswith(" "):
                text += " "
            if text:
                runs.append(replace(style, text=text))
            continue
        tag = child.tag
        if tag == "br":
            runs.append(LineBreak())
        elif tag == "img":
            continue  # photos stand alone in figures; nothing else survives the sanitizer
        elif tag == "a" and "footnote-ref" in child.classes:
            runs.append(FootnoteReference(child.text().strip()))
        elif tag == "a" and "footnote-backref" in child.classes:
            continue  # the "back to the text" arrow means nothing outside a web page
        elif tag == "a":
            href = child.attrs.get("href", "")
            link = href if not href.startswith("#") else ""  # a page anchor leads nowhere here
            runs.extend(_runs(child.children, replace(style, href=link)))
        elif tag == "sup" and any(isinstance(c, _Node) and "footnote-ref" in c.classes for c in child.children):
            runs.extend(_runs(child.children, style))
        else:
            runs.extend(_runs(child.children, _styled(style, tag)))
    return runs


def _styled(style: Run, tag: str) -> Run:
    if tag in ("strong", "b"):
        return replace(style, bold=True)
    if tag in ("em", "i", "cite", "dfn", "var"):
        return replace(style, italic=True)
    if tag in ("code", "kbd", "samp"):
        return replace(style, code=True)
    if tag in ("del", "s"):
        return replace(style, strike=True)
    if tag == "sup":
        return replace(style, superscript=True)
    if tag == "sub":
        return replace(style, subscript=True)
    return style


def _trimmed(runs: list[Inline]) -> list[Inline]:
    """Runs without the white space at the start and end of the block, and adjacent runs
    of the same style merged (one link is one link, not one per word)."""
    merged: list[Inline] = []
    for run in runs:
        previous = merged[-1] if merged else None
        if isinstance(run, Run) and isinstance(previous, Run) and replace(previous, text="") == replace(run, text=""):
            text = previous.text + run.text
            merged[-1] = replace(run, text=text.replace("  ", " "))
        else:
            merged.append(run)
    # A line break ends a line: the spaces around it are the source's line layout, not text.
    for index, run in enumerate(merged):
        if isinstance(run, LineBreak):
            if index and isinstance(merged[index - 1], Run):
                merged[index - 1] = replace(merged[index - 1], text=merged[index - 1].text.rstrip())
            if index + 1 < len(merged) and isinstance(merged[index + 1], Run):
                merged[index + 1] = replace(merged[index + 1], text=merged[index + 1].text.lstrip())
    merged = [run for run in merged if not isinstance(run, Run) or run.text]
    while merged and isinstance(merged[0], Run) and not merged[0].text.strip():
        merged.pop(0)
    while merged and isinstance(merged[-1], Run) and not merged[-1].text.strip():
        merged.pop()
    if merged and isinstance(merged[0], Run):
        merged[0] = replace(merged[0], text=merged[0].text.lstrip())
    if merged and isinstance(merged[-1], Run):
        merged[-1] = replace(merged[-1], text=merged[-1].text.rstrip())
    return merged
