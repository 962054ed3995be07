"""Markdown with YAML front matter, as Hugo and Jekyll read it.

The body is written from the renderer's sanitized HTML (editor_app.export.formats.blocks),
not copied from the article's Markdown: raw HTML an author typed (a `<script>`, a tracking
`<img>`) never reaches a static-site generator, and a photo reference `![](placement:ID)`
becomes an ordinary image of the rendition written beside the file, with its caption and
credit under it. Text is escaped so that what a generator shows is what the author wrote.

The front matter is written by PyYAML's safe dumper (never by hand), so a headline with a
colon, quotes, a leading dash or a line break reads back as the same string.
"""

from __future__ import annotations

import re

import yaml

from editor_app.model import Article

from .blocks import (
    Block,
    CodeBlock,
    Figure,
    FootnoteReference,
    Footnotes,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    Paragraph,
    Quote,
    Run,
    Table,
    parse_body,
)
from .common import MARKDOWN, ArticleFormatExporter, ArticleInput, largest_rendition, render_body

MARKDOWN_FILE = "index.md"
FRONT_MATTER_FENCE = "---"
# Nested blocks (a list item's second paragraph, a footnote's) are indented this much:
# Python-Markdown needs four spaces, CommonMark accepts them after any list marker.
NESTED_INDENT = " " * 4
PUBLISHED_STATUSES = ("ready", "published")

# Characters that mean something anywhere in a line of Markdown (emphasis, code, links,
# tables, attribute lists); escaped with a backslash, which every dialect honours for them.
_SPECIAL_ANYWHERE = re.compile(r"([\\`*_\[\]{}|])")
# Characters some dialects do not unescape after a backslash: written as numeric entities.
_AS_ENTITY = {"~": "&#126;"}
# At the start of a line these begin a heading, a quote, a list or a rule; `=` a setext
# underline (no backslash escape for it in Python-Markdown, so an entity).
_SPECIAL_AT_LINE_START = re.compile(r"^(\s*)(?:([#>+\-])|(=)|(\d{1,9})([.)]))")
_UNSAFE_IN_DESTINATION = re.compile(r"[\s()<>\\]")


def front_matter(article: Article, lead_image: dict | None) -> dict:
    """The front matter fields, Hugo's and Jekyll's names where they agree; empty ones left out."""
    from editor_app.render.page import parse_timestamp

    def moment(value: str | None) -> str | None:
        parsed = parse_timestamp(value)
        return parsed.strftime("%Y-%m-%dT%H:%M:%SZ") if parsed else None

    fields: dict = {
        "title": article.headline.strip(),
        "date": moment(article.published_at) or moment(article.created_at),
        "lastmod": moment(article.updated_at),
        "slug": article.slug,
        "section": " / ".join(article.section_parts),
        "categories": list(article.section_parts),
        "tags": list(article.tags),
        "byline": article.byline.strip(),
        "dateline": article.dateline.strip(),
        "description": article.standfirst.strip(),
        "language": article.language,
        "draft": article.status not in PUBLISHED_STATUSES,
    }
    if lead_image is not None:
        fields["image"] = lead_image
        fields["images"] = [lead_image["src"]]  # Hugo's internal templates read this list
    return {key: value for key, value in fields.items() if value not in ("", None, [])}


def dump_front_matter(fields: dict) -> str:
    """The fenced YAML block. Safe dumper, Unicode kept, keys in the order given; long
    lines never folded, and line breaks inside values escaped, so no line of a value can
    read as the closing fence."""
    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False, width=2**31 - 1)
    return f"{FRONT_MATTER_FENCE}\n{text}{FRONT_MATTER_FENCE}\n"


def markdown_document(item: ArticleInput) -> str:
    """The whole file: front matter, then the body."""
    rendered = render_body(item)
    lead = item.lead
    lead_image = None
    if lead is not None:
        rendition = largest_rendition(lead)
        lead_image = {
            key: value
            for key, value in {
                "src": f"photos/{rendition.filename}",
                "alt": lead.placement.alt_text or lead.photo.alt_text,
                "caption": lead.placement.caption.strip(),
                "credit": lead.placement.credit.strip(),
                "width": rendition.width,
                "height": rendition.height,
            }.items()
            if value != ""
        }
    body = markdown_body(parse_body(rendered.body_html))
    return dump_front_matter(front_matter(item.article, lead_image)) + "\n" + body


def markdown_body(blocks: list[Block]) -> str:
    text = "\n\n".join(part for part in (_block(block) for block in blocks) if part)
    return text + "\n" if text else ""


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _lines(block.runs)
    if isinstance(block, Heading):
        runs = [Run(" ") if isinstance(run, LineBreak) else run for run in block.runs]
        return "#" * block.level + " " + _inline(runs)
    if isinstance(block, Quote):
        inner = markdown_body(block.blocks).rstrip("\n")
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if isinstance(block, ListBlock):
        return _list(block)
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, CodeBlock):
        fence = "`" * max(3, _longest_run(block.text, "`") + 1)
        return f"{fence}\n{block.text}\n{fence}"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Footnotes):
        return "\n\n".join(_nested(f"[^{_label(label)}]: ", blocks) for label, blocks in block.notes)
    raise TypeError(f"no Markdown for {type(block).__name__}")


def _list(block: ListBlock) -> str:
    tight = all(len(item) <= 1 and all(isinstance(b, Paragraph) for b in item) for item in block.items)
    parts = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}. " if block.ordered else "- "
        parts.append(_nested(marker, item))
    return ("\n" if tight else "\n\n").join(parts)


def _nested(marker: str, blocks: list[Block]) -> str:
    """`marker` then the blocks, their following lines indented under it."""
    inner = markdown_body(blocks).rstrip("\n")
    lines = inner.split("\n") if inner else [""]
    return marker + lines[0] + "".join(f"\n{NESTED_INDENT}{line}" if line else "\n" for line in lines[1:])


def _figure(figure: Figure) -> str:
    image = f"![{escape_text(figure.alt)}]({_destination(figure.source)})"
    caption = escape_text(figure.caption)
    if figure.credit:
        credit = f"*{escape_text(figure.credit)}*"
        caption = f"{caption} {credit}" if caption else credit
    return f"{image}\n\n{_escape_line_start(caption)}" if caption else image


def _table(table: Table) -> str:
    width = max(len(row) for row in table.rows) if table.rows else 0
    if not width:
        return ""
    rows = [[_inline(cell).replace("\n", " ") for cell in row] + [""] * (width - len(row)) for row in table.rows]
    header, body = (rows[0], rows[1:]) if table.header_rows else ([""] * width, rows)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * width) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in body)
    return "\n".join(lines)


def _lines(runs: list[Inline]) -> str:
    """A paragraph: hard line breaks as two trailing spaces (every dialect reads them)."""
    lines: list[list[Inline]] = [[]]
    for run in runs:
        if isinstance(run, LineBreak):
            lines.append([])
        else:
            lines[-1].append(run)
    return "  \n".join(_escape_line_start(_inline(line).strip()) for line in lines)


def _inline(runs: list[Inline]) -> str:
    """Runs as Markdown; consecutive runs of one link share one `[text](href)`."""
    out: list[str] = []
    index = 0
    while index < len(runs):
        run = runs[index]
        if isinstance(run, FootnoteReference):
            out.append(f"[^{_label(run.label)}]")
            index += 1
            continue
        if isinstance(run, LineBreak):
            out.append(" ")
            index += 1
            continue
        group = [run]
        while index + len(group) < len(runs):
            following = runs[index + len(group)]
            if not isinstance(following, Run) or following.href != run.href:
                break
            group.append(following)
        text = "".join(_styled(part) for part in group)
        out.append(f"[{text}]({_destination(run.href)})" if run.href and text.strip() else text)
        index += len(group)
    return "".join(out)


def _styled(run: Run) -> str:
    core = run.text.strip()
    if not core:
        return run.text
    leading = run.text[: len(run.text) - len(run.text.lstrip())]
    trailing = run.text[len(run.text.rstrip()) :]
    if run.code:
        fence = "`" * (_longest_run(core, "`") + 1)
        pad = " " if core.startswith("`") or core.endswith("`") else ""
        text = f"{fence}{pad}{core}{pad}{fence}"
    else:
        text = escape_text(core)
    if run.strike:
        text = f"~~{text}~~"
    if run.italic:
        text = f"*{text}*"
    if run.bold:
        text = f"**{text}**"
    return leading + text + trailing


def escape_text(text: str) -> str:
    """Text that Markdown shows as written: entities for `&` and `<` (no raw HTML, no
    entity read by mistake), backslashes before the characters that mark up a line."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    for character, entity in _AS_ENTITY.items():
        text = text.replace(character, entity)
    return _SPECIAL_ANYWHERE.sub(r"\\\1", text)


def _escape_line_start(line: str) -> str:
    def escaped(match: re.Match) -> str:
        space, marker, underline, number, punctuation = match.groups()
        if marker:
            return f"{space}\\{marker}"
        if underline:
            return f"{space}&#61;"
        return f"{space}{number}\\{punctuation}"

    return _SPECIAL_AT_LINE_START.sub(escaped, line, count=1)


def _destination(href: str) -> str:
    """A link or image address that cannot end early (spaces, parentheses percent-encoded)."""
    return _UNSAFE_IN_DESTINATION.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group(0).encode()), href)


def _label(label: str) -> str:
    return re.sub(r"[^\w-]", "", label) or "note"


def _longest_run(text: str, character: str) -> int:
    runs = re.findall(f"{re.escape(character)}+", text)
    return max((len(run) for run in runs), default=0)


class MarkdownExporter(ArticleFormatExporter):
    """index.md with YAML front matter per article, its photos in photos/ beside it."""

    kind = MARKDOWN
    largest_only = True  # one image per figure: Markdown has no srcset

    def plan_article(self, item: ArticleInput) -> list:
        from ..writer import FileOutput

        path = f"{item.folder}{MARKDOWN_FILE}"
        return [FileOutput(path, self.key(item, path), make=lambda: markdown_document(item).encode("utf-8"))]
