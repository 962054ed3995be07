"""DOCX (python-docx): the article as a Word document that opens in Word and LibreOffice.

Headline (Title), standfirst (Subtitle), byline, dateline with the date, the lead photo,
then the body from the renderer's sanitized HTML (editor_app.export.formats.blocks):
subheads as headings, quotes in the Quote style, bulleted and numbered lists (each
numbered list counts from its own start), links, tables, footnotes. Each photo is the
privacy-safe rendition the HTML export writes (no GPS, serials, maker notes or thumbnail),
embedded with its alt text, its caption and credit in a Caption paragraph beneath it.
A right-to-left article (Persian, Arabic, Hebrew, ...) has every paragraph and run set
right-to-left, so Word and LibreOffice lay it out and shape it as such.

The document's properties carry the headline, byline, tags, section and language, and
nothing of the machine that wrote it.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, datetime

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
from .common import DOCX, ArticleFormatExporter, ArticleInput, find_placed, largest_rendition, render_body

# The text column of the default template (A4/Letter with 1-inch margins) is 6 inches wide.
MAX_PHOTO_WIDTH_INCHES = 6.0
PIXELS_PER_INCH = 96
MONOSPACE_FONT = "Courier New"
LINK_COLOUR = (0x05, 0x63, 0xC1)
DEEPEST_LIST_STYLE = 3  # the default template has "List Bullet 3" and "List Number 3"
# Characters XML 1.0 cannot hold; python-docx refuses them, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# What may follow <w:bidi/> in a paragraph's properties (ECMA-376 CT_PPrBase order).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def qualified(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


class DocxDocument:
    """Builds one article's document; `photo_data(placed, width)` gives a rendition's bytes."""

    def __init__(self, item: ArticleInput, photo_data):
        import docx

        from editor_app.render import text_direction

        self.item = item
        self.photo_data = photo_data
        self.document = docx.Document()
        self.right_to_left = text_direction(item.article.language) == "rtl"
        self._list_depth = 0
        self._style_names = {style.name for style in self.document.styles}

    # ------------------------------------------------------------------ the article

    def build(self) -> bytes:
        from editor_app.render.page import display_date, parse_timestamp

        article = self.item.article
        self._set_properties()
        self._paragraph([Run(article.headline.strip())], style="Title")
        if article.standfirst.strip():
            self._paragraph([Run(article.standfirst.strip())], style="Subtitle")
        if article.byline.strip():
            self._paragraph([Run(article.byline.strip(), bold=True)])
        moment = parse_timestamp(article.published_at) or parse_timestamp(article.updated_at)
        dateline = [
            part for part in (article.dateline.strip(), moment and display_date(moment, article.language)) if part
        ]
        if dateline:
            self._paragraph([Run(", ".join(dateline), italic=True)])
        lead = self.item.lead
        if lead is not None:
            self._photo(lead)
        rendered = render_body(self.item)
        for block in parse_body(rendered.body_html):
            self._block(block)
        output = io.BytesIO()
        self.document.save(output)
        return output.getvalue()

    def _set_properties(self) -> None:
        from editor_app.render.page import parse_timestamp

        article = self.item.article
        properties = self.document.core_properties
        properties.title = xml_text(article.headline.strip())
        properties.subject = xml_text(article.standfirst.strip())
        properties.author = xml_text(article.byline.strip())
        properties.keywords = xml_text(", ".join(article.tags))
        properties.category = xml_text(" / ".join(article.section_parts))
        properties.language = xml_text(article.language)
        properties.comments = ""
        properties.last_modified_by = ""
        properties.revision = 1
        fallback = datetime(2000, 1, 1, tzinfo=UTC)
        properties.created = parse_timestamp(article.created_at) or fallback
        properties.modified = parse_timestamp(article.updated_at) or properties.created

    # ------------------------------------------------------------------ blocks

    def _block(self, block: Block, *, style: str | None = None) -> None:
        if isinstance(block, Paragraph):
            self._paragraph(block.runs, style=style)
        elif isinstance(block, Heading):
            self._paragraph(block.runs, style=f"Heading {min(block.level, 9)}")
        elif isinstance(block, Quote):
            for child in block.blocks:
                self._block(child, style="Quote")
        elif isinstance(block, ListBlock):
            self._list(block)
        elif isinstance(block, Figure):
            placed = find_placed(self.item.placed, block.source)
            if placed is not None:
                self._photo(placed)
        elif isinstance(block, CodeBlock):
            runs: list[Inline] = []
            for number, line in enumerate(block.text.split("\n")):
                if number:
                    runs.append(LineBreak())
                runs.append(Run(line, code=True))
            self._paragraph(runs, style="No Spacing")
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Footnotes):
            for label, blocks in block.notes:
                first, *rest = blocks or [Paragraph([])]
                runs = [Run(f"{label}. ", superscript=False)] + (first.runs if isinstance(first, Paragraph) else [])
                self._paragraph(runs, style="Footnote Text" if "Footnote Text" in self._styles() else None)
                for child in ([] if isinstance(first, Paragraph) else [first]) + rest:
                    self._block(child)

    def _styles(self) -> set[str]:
        return self._style_names

    def _list(self, block: ListBlock) -> None:
        self._list_depth += 1
        depth = min(self._list_depth, DEEPEST_LIST_STYLE)
        suffix = "" if depth == 1 else f" {depth}"
        style = ("List Number" if block.ordered else "List Bullet") + suffix
        numbering = self._new_numbering(style, block.start) if block.ordered else None
        try:
            for item in block.items:
                first = True
                for child in item or [Paragraph([])]:
                    if isinstance(child, Paragraph) and first:
                        paragraph = self._paragraph(child.runs, style=style)
                        if numbering is not None:
                            self._number(paragraph, numbering)
                    elif isinstance(child, Paragraph):
                        self._paragraph(child.runs, style="List Continue" + suffix)
                    else:
                        self._block(child)
                    first = False
        finally:
            self._list_depth -= 1

    def _new_numbering(self, style_name: str, start: int) -> int | None:
        """A numbering of its own for one list, so the second numbered list of an article
        starts at its own number instead of continuing the first's count."""
        style = self.document.styles[style_name]
        properties = style.element.pPr
        if properties is None or properties.numPr is None or properties.numPr.numId is None:
            return None
        numbering = self.document.part.numbering_part.element
        shared = numbering.num_having_numId(properties.numPr.numId.val)
        num = numbering.add_num(shared.abstractNumId.val)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId

    @staticmethod
    def _number(paragraph, num_id: int) -> None:
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = 0
        numbering.get_or_add_numId().val = num_id

    def _table(self, block: Table) -> None:
        width = max((len(row) for row in block.rows), default=0)
        if not width:
            return
        table = self.document.add_table(rows=len(block.rows), cols=width)
        if "Table Grid" in self._styles():
            table.style = "Table Grid"
        for row_number, row in enumerate(block.rows):
            for column, cell_runs in enumerate(row):
                paragraph = table.cell(row_number, column).paragraphs[0]
                header = row_number < block.header_rows
                runs = [replace(run, bold=True) if header and isinstance(run, Run) else run for run in cell_runs]
                self._fill(paragraph, runs)

    # ------------------------------------------------------------------ photos

    def _photo(self, placed) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Inches

        rendition = largest_rendition(placed)
        data = self.photo_data(placed, rendition.width)
        inches = min(MAX_PHOTO_WIDTH_INCHES, rendition.width / PIXELS_PER_INCH)
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture = paragraph.add_run().add_picture(io.BytesIO(data), width=Inches(inches))
        alt = placed.placement.alt_text or placed.photo.alt_text
        picture._inline.docPr.set("descr", xml_text(alt))
        picture._inline.docPr.set("name", xml_text(rendition.filename))
        self._set_direction(paragraph)
        caption = placed.placement.caption.strip()
        credit = placed.placement.credit.strip()
        if caption or credit:
            runs: list[Inline] = [Run(caption)] if caption else []
            if credit:
                runs.extend([Run(" ")] if caption else [])
                runs.append(Run(credit, italic=True))
            self._paragraph(runs, style="Caption")

    # ------------------------------------------------------------------ paragraphs and runs

    def _paragraph(self, runs: list[Inline], *, style: str | None = None):
        paragraph = self.document.add_paragraph(style=style if style in self._styles() else None)
        self._fill(paragraph, runs)
        return paragraph

    def _fill(self, paragraph, runs: list[Inline]) -> None:
        self._set_direction(paragraph)
        for run in runs:
            if isinstance(run, LineBreak):
                paragraph.add_run().add_break()
            elif isinstance(run, FootnoteReference):
                self._run(paragraph, Run(run.label, superscript=True))
            elif run.href:
                self._link(paragraph, run)
            else:
                self._run(paragraph, run)

    def _run(self, paragraph, run: Run):
        added = paragraph.add_run(xml_text(run.text))
        added.bold = run.bold or None
        added.italic = run.italic or None
        if run.strike:
            added.font.strike = True
        if run.superscript:
            added.font.superscript = True
        if run.subscript:
            added.font.subscript = True
        if run.code:
            added.font.name = MONOSPACE_FONT
        if self.right_to_left:
            # Word takes bold and italic of right-to-left text from the complex-script flags.
            added.font.rtl = True
            added.font.cs_bold = run.bold or None
            added.font.cs_italic = run.italic or None
        return added

    def _link(self, paragraph, run: Run) -> None:
        """A hyperlink to an external address (python-docx has no call for one)."""
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import RGBColor

        relationship = paragraph.part.relate_to(run.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), relationship)
        added = self._run(paragraph, run)
        added.font.underline = True
        added.font.color.rgb = RGBColor(*LINK_COLOUR)
        paragraph._p.remove(added._r)
        hyperlink.append(added._r)
        paragraph._p.append(hyperlink)

    def _set_direction(self, paragraph) -> None:
        if self.right_to_left:
            from docx.oxml import OxmlElement

            properties = paragraph._p.get_or_add_pPr()
            if properties.find(qualified("w:bidi")) is None:
                # Word refuses a document whose elements are out of the schema's order.
                properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


class DocxExporter(ArticleFormatExporter):
    """<slug>.docx per article; its photos are inside it, so no photos/ folder."""

    kind = DOCX
    writes_photo_files = False

    def plan_article(self, item: ArticleInput) -> list:
        from ..writer import FileOutput
        from .common import rendition_bytes

        path = f"{item.name}.docx"

        def make() -> bytes:
            return DocxDocument(item, lambda placed, width: rendition_bytes(self.library, placed, width)).build()

        return [FileOutput(path, self.key(item, path), make=make)]
