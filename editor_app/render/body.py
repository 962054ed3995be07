"""Markdown body -> sanitized HTML fragment, with the article's photos placed as figures.

A photo is placed by `![](placement:ID)` alone on its line. The Markdown
extension here turns that paragraph into a `<figure>`; every other image
(remote, `data:`, raw HTML) is removed before sanitizing, so a page never
makes a request outside its own export.

For the preview only (`source_lines=True`), each top-level element also carries
the body line it starts on, `data-source-line="12"` (1-based), so the preview can
follow the block under the editor's cursor. The export never asks for them and
renders byte for byte as before.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.postprocessors import Postprocessor
from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from editor_app.model.limits import check_body_limits
from editor_app.render.errors import BodyTooDeeplyNestedError
from editor_app.render.language import QuoteStyle, quote_style
from editor_app.render.photos import PlacedPhoto, rendition_url, renditions, srcset
from editor_app.render.sanitize import (
    SOURCE_LINE_ATTRIBUTE,
    UnexpectedImageError,
    sanitize_body_html,
    sanitize_without_images,
)
from editor_app.threads import PerThread

from .quotes import SmartQuotesTreeprocessor

PLACEMENT_SCHEME = "placement:"
HEADING_ID_PREFIX = "h-"
# The body column is about 42rem wide; narrower screens show photos full width.
FIGURE_SIZES = "(min-width: 46rem) 42rem, 100vw"

_PLACEMENT_REFERENCE = re.compile(re.escape(PLACEMENT_SCHEME) + r"\s*(\d{1,18})\s*", re.IGNORECASE)
# Raw HTML image tags; html5ever also reads `<image>` as `<img>`.
_RAW_IMAGE_TAG = re.compile(r"<\s*/?\s*(?:img|image)(?=[\s/>]|$)[^>]*>?", re.IGNORECASE)


def heading_slug(value: str, separator: str) -> str:
    """Heading ids keep the heading's letters in any script, prefixed so they never
    collide with the page's own ids or the footnotes'."""
    return HEADING_ID_PREFIX + slugify_unicode(value, separator)


@dataclass
class _Conversion:
    """What one call to `convert` places, and what it found wrong."""

    placements: Mapping[int, PlacedPhoto] = field(default_factory=dict)
    lead_ids: frozenset[int] = frozenset()
    root: str = ""
    warnings: list[str] = field(default_factory=list)
    used_ids: list[int] = field(default_factory=list)
    image_sources: set[str] = field(default_factory=set)
    image_srcsets: set[str] = field(default_factory=set)
    # Preview only: where each top-level block starts, and the secret that marks the
    # attributes the renderer wrote (the sanitizer drops any the body wrote itself).
    source_lines: _SourceLines | None = None


# How far past the previous block a block's first line is looked for: a raw HTML or
# fenced code block collapses to one placeholder line and is skipped, so the search
# must reach past it, but a body of placeholders must not make each search O(lines).
SOURCE_LINE_SEARCH_WINDOW = 2000


class _SourceLines:
    """Finds the body line each top-level block starts on, reading the body once, in order.

    The block parser sees the body after Markdown's preprocessors, which keep lines
    as they are except raw HTML and fenced code (one placeholder line each). A block
    is found by its first non-blank line, searched forward from the previous block.
    """

    def __init__(self, markdown_text: str, tab_length: int) -> None:
        self.lines = [line.expandtabs(tab_length).rstrip() for line in markdown_text.split("\n")]
        self.next_index = 0
        self.nonce = secrets.token_hex(8)
        self.index_of: dict[etree.Element, int] = {}  # top-level element -> its first line

    def find(self, block: str) -> int | None:
        """The 0-based index of `block`'s first line, or None (a placeholder, say)."""
        first = next((line.rstrip() for line in block.split("\n") if line.strip()), None)
        if first is None:
            return None
        end = min(len(self.lines), self.next_index + SOURCE_LINE_SEARCH_WINDOW)
        for index in range(self.next_index, end):
            if self.lines[index] == first:
                return index
        return None

    def find_text_of(self, element: etree.Element, first: int, count: int) -> int:
        """The line, among the `count` from `first`, where `element`'s text begins: a heading
        with no blank line above it shares a block with the paragraph before. Else `first`."""
        text = " ".join("".join(element.itertext()).split())[:40]
        if text:
            for index in range(first + 1, min(len(self.lines), first + count)):
                if text in " ".join(self.lines[index].split()):
                    return index
        return first

    def marked(self, index: int) -> str:
        """The attribute value the sanitizer accepts (and turns into the 1-based line)."""
        return f"{self.nonce}:{index + 1}"


def build_figure(placed: PlacedPhoto, root: str, *, css_class: str = "photo", lazy: bool = True) -> etree.Element:
    """The `<figure>` for one placement: the same builder for the lead and the body."""
    available = renditions(placed)
    largest = available[-1]
    figure = etree.Element("figure", {"class": css_class})
    attributes = {
        "src": rendition_url(largest, root),
        "srcset": srcset(placed, root),
        "sizes": FIGURE_SIZES,
        "width": str(largest.width),
        "height": str(largest.height),
        "alt": placed.placement.alt_text or placed.photo.alt_text,
    }
    if lazy:
        attributes["loading"] = "lazy"
    attributes["decoding"] = "async"
    etree.SubElement(figure, "img", attributes)
    caption = placed.placement.caption.strip()
    credit = placed.placement.credit.strip()
    if caption or credit:
        figcaption = etree.SubElement(figure, "figcaption")
        if caption:
            caption_span = etree.SubElement(figcaption, "span", {"class": "caption"})
            caption_span.text = AtomicString(caption)
            if credit:
                caption_span.tail = " "
        if credit:
            credit_span = etree.SubElement(figcaption, "span", {"class": "credit"})
            credit_span.text = AtomicString(credit)
    return figure


def figure_image_values(placed: PlacedPhoto, root: str) -> tuple[str, str]:
    """The `src` and `srcset` values `build_figure` writes, for the sanitizer's allowlist."""
    return rendition_url(renditions(placed)[-1], root), srcset(placed, root)


class PlacementTreeprocessor(Treeprocessor):
    """Turns `<p><img src="placement:ID"></p>` into a figure and removes every other image."""

    def __init__(self, md: markdown.Markdown, conversion_holder: _ConversionHolder) -> None:
        super().__init__(md)
        self.holder = conversion_holder

    def run(self, root: etree.Element) -> None:
        conversion = self.holder.current
        parents = {child: parent for parent in root.iter() for child in parent}
        for image in [element for element in root.iter("img")]:
            parent = parents[image]
            source = image.get("src", "")
            reference = _PLACEMENT_REFERENCE.fullmatch(source)
            if reference is None:
                conversion.warnings.append(f"Removed an image that is not one of the article's photos ({source[:80]}).")
                _remove_keeping_tail(parent, image)
                continue
            placement_id = int(reference.group(1))
            standalone = (
                parent.tag == "p"
                and len(parent) == 1
                and not (parent.text or "").strip()
                and not (image.tail or "").strip()
                and parent in parents
            )
            if not standalone:
                conversion.warnings.append(
                    f"Photo placement {placement_id} must stand alone on its own line; it was left out."
                )
                _remove_keeping_tail(parent, image)
                continue
            container = parents[parent]
            placed = conversion.placements.get(placement_id)
            if placement_id in conversion.lead_ids:
                conversion.warnings.append(
                    f"Photo placement {placement_id} is the lead photo, shown above the body; "
                    "the reference in the body was left out."
                )
                container.remove(parent)
            elif placed is None:
                conversion.warnings.append(
                    # Slots (wire captions waiting for their photo) are not given to the renderer either.
                    f"The body refers to photo placement {placement_id}, which this article does not have "
                    "or which still waits for its photo; nothing is shown there."
                )
                container.remove(parent)
            else:
                figure = build_figure(placed, conversion.root)
                figure.tail = parent.tail
                if parent.get(SOURCE_LINE_ATTRIBUTE) is not None:
                    figure.set(SOURCE_LINE_ATTRIBUTE, parent.get(SOURCE_LINE_ATTRIBUTE))
                container[list(container).index(parent)] = figure
                source_value, srcset_value = figure_image_values(placed, conversion.root)
                conversion.image_sources.add(source_value)
                conversion.image_srcsets.add(srcset_value)
                conversion.used_ids.append(placement_id)


def _remove_keeping_tail(parent: etree.Element, child: etree.Element) -> None:
    """Remove `child` without losing the text that followed it."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


class SourceLineRecorder(BlockProcessor):
    """Marks each top-level element with the body line its block starts on (preview only).

    Registered first, it takes every top-level block, lets the other processors handle
    it exactly as they would have, and marks the elements they added to the page.
    """

    def __init__(self, parser, holder: _ConversionHolder) -> None:
        super().__init__(parser)
        self.holder = holder

    def test(self, parent: etree.Element, block: str) -> bool:
        return parent is getattr(self.parser, "root", None) and self.holder.current.source_lines is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        lines = self.holder.current.source_lines
        block = blocks[0]
        index = lines.find(block)
        children_before = len(parent)
        for processor in self.parser.blockprocessors:
            if (
                processor is not self
                and processor.test(parent, blocks[0])
                and processor.run(parent, blocks) is not False
            ):
                break  # as BlockParser.parseBlocks: the first processor that takes the block
        added = parent[children_before:]
        if index is not None and added:
            # A block that added nothing (a blank line stripped and the rest put back)
            # is found again on the next turn, so the search does not move past it.
            for position, child in enumerate(added):
                start = index if position == 0 else lines.find_text_of(child, index, block.count("\n") + 1)
                lines.index_of.setdefault(child, start)  # a block split in two marked its first part itself
            lines.next_index = max(lines.next_index, index + 1)
        return True


class SourceLineMarker(Treeprocessor):
    """Writes the recorded lines as attributes, after `{: ...}` attribute lists had their say."""

    def __init__(self, md: markdown.Markdown, holder: _ConversionHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, root: etree.Element) -> None:
        lines = self.holder.current.source_lines
        if lines is None:
            return
        for element, index in lines.index_of.items():
            element.set(SOURCE_LINE_ATTRIBUTE, lines.marked(index))


class RawImageRemover(Postprocessor):
    """Removes `<img>` tags from raw HTML before it is put back into the output.

    Runs before Python-Markdown's raw HTML postprocessor, on the stashed chunks,
    so a typed `<img src="https://tracker/...">` never reaches the page.
    """

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str) and "<" in block:
                blocks[index] = _RAW_IMAGE_TAG.sub("", block)
        return text


class _ConversionHolder:
    """Lets the cached Markdown instance's processors see the current conversion."""

    current: _Conversion = _Conversion()


class CopydeskBodyExtension(Extension):
    def __init__(self, holder: _ConversionHolder, style: QuoteStyle, source_lines: bool = False) -> None:
        super().__init__()
        self.holder = holder
        self.style = style
        self.source_lines = source_lines

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if self.source_lines:
            # Above every other block processor (the highest, "empty", is 100).
            md.parser.blockprocessors.register(SourceLineRecorder(md.parser, self.holder), "copydesk_lines", 200)
            # After attr_list (8), whose `{: data-source-line=...}` must not replace ours; before
            # the photos (7), which carry a paragraph's line over to its figure.
            md.treeprocessors.register(SourceLineMarker(md, self.holder), "copydesk_line_marks", 7.5)
        # After attr_list (8), so `{: ...}` after a reference is already consumed,
        # and before the quotes (6), which leave the caption's AtomicStrings alone.
        md.treeprocessors.register(PlacementTreeprocessor(md, self.holder), "copydesk_photos", 7)
        # After inline processing (20): the text is final. Before toc (5), so heading
        # ids are made from the same text the reader sees.
        md.treeprocessors.register(SmartQuotesTreeprocessor(md, self.style), "copydesk_quotes", 6)
        # Before the raw HTML postprocessor (30), which restores stashed HTML.
        md.postprocessors.register(RawImageRemover(md), "copydesk_raw_images", 35)


@dataclass(frozen=True)
class BodyRendering:
    html: str
    warnings: tuple[str, ...]
    used_placement_ids: tuple[int, ...]


# Extensions that can only change a body containing their marker. A body without the
# marker renders byte for byte the same without them, and skipping them saves ~0.7 ms
# of the ~4 ms an 800-word article takes (a fifth of a site export's CPU).
OPTIONAL_EXTENSIONS = {
    "tables": ("|",),
    "footnotes": ("[^",),
    "fenced_code": ("```", "~~~"),
}
_EXTENSION_CONFIGS = {
    "toc": {"slugify": heading_slug, "marker": "", "toc_depth": "2-6"},
    "tables": {"use_align_attribute": True},
    "footnotes": {"BACKLINK_TITLE": "Back to the text of note %d"},
}


def optional_extensions_for(markdown_text: str) -> tuple[str, ...]:
    """The optional extensions whose markers occur in `markdown_text`."""
    return tuple(
        name for name, markers in OPTIONAL_EXTENSIONS.items() if any(marker in markdown_text for marker in markers)
    )


class _CachedMarkdown:
    def __init__(self, style: QuoteStyle, optional: tuple[str, ...], source_lines: bool) -> None:
        self.holder = _ConversionHolder()
        # Same order as always: tables and footnotes first, fenced_code after sane_lists.
        names = [n for n in ("tables", "footnotes") if n in optional] + ["attr_list", "sane_lists"]
        names += [n for n in ("fenced_code",) if n in optional] + ["toc"]
        self.md = markdown.Markdown(
            extensions=[*names, CopydeskBodyExtension(self.holder, style, source_lines)],
            extension_configs={name: config for name, config in _EXTENSION_CONFIGS.items() if name in names},
            output_format="html",
        )


# Per thread, and kept across a Qt pool thread's jobs (a threading.local was not: the
# preview's renders, each a job, built their converters every time).
_instances: PerThread[dict[tuple, _CachedMarkdown]] = PerThread()


def _markdown_for(style: QuoteStyle, optional: tuple[str, ...], source_lines: bool = False) -> _CachedMarkdown:
    """One Markdown instance per quote style, extension set and purpose (preview or
    export) per thread: building one costs milliseconds, and an instance must not
    convert two bodies at once."""
    cache = _instances.get()
    if cache is None:
        _instances.discard_ended()  # what threads that have ended built
        cache = {}
        _instances.set(cache)
    key = (style.name, optional, source_lines)
    instance = cache.get(key)
    if instance is None:
        instance = cache[key] = _CachedMarkdown(style, optional, source_lines)
    return instance


def render_body_parts(
    markdown_text: str,
    *,
    language: str,
    placements: Mapping[int, PlacedPhoto],
    root: str = "",
    lead_ids: Iterable[int] = (),
    source_lines: bool = False,
) -> BodyRendering:
    """`render_body` plus what the page needs: warnings and the placements used.

    `source_lines` (the preview's) marks each top-level element with its body line.
    """
    check_body_limits(markdown_text)
    conversion = _Conversion(placements=placements, lead_ids=frozenset(lead_ids), root=root)
    instance = _markdown_for(quote_style(language), optional_extensions_for(markdown_text), source_lines)
    if source_lines:
        conversion.source_lines = _SourceLines(markdown_text, instance.md.tab_length)
    nonce = conversion.source_lines.nonce if conversion.source_lines else None
    instance.holder.current = conversion
    try:
        instance.md.reset()
        raw_html = instance.md.convert(markdown_text)
    except RecursionError as error:
        raise BodyTooDeeplyNestedError("The body is nested too deeply to render.") from error
    finally:
        instance.holder.current = _Conversion()
        instance.md.reset()
    try:
        html = sanitize_body_html(raw_html, conversion.image_sources, conversion.image_srcsets, nonce)
    except UnexpectedImageError:
        conversion.warnings.append("Photos were left out: an image could not be verified.")
        html = sanitize_without_images(raw_html, nonce)
    return BodyRendering(html, tuple(conversion.warnings), tuple(conversion.used_ids))


def render_body(markdown: str, *, language: str, placements: Mapping[int, PlacedPhoto], root: str = "") -> str:
    """The sanitized HTML fragment for a Markdown body.

    `placements` maps placement ids to the photos the body may place; `root` is
    the relative path from the page to the export root. Raises a `RenderError`
    subclass for bodies outside the limits in `editor_app.model.limits`.
    """
    return render_body_parts(markdown, language=language, placements=placements, root=root).html


def figure_html(placed: PlacedPhoto, root: str, *, css_class: str, lazy: bool) -> str:
    """A figure serialized and sanitized like the body's, for the lead photo."""
    figure = build_figure(placed, root, css_class=css_class, lazy=lazy)
    source_value, srcset_value = figure_image_values(placed, root)
    return sanitize_body_html(to_html_string(figure), {source_value}, {srcset_value})
