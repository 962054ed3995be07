"""DOCX: the document's structure read back with python-docx, its text read back through
LibreOffice, its photos stripped, a Persian article right-to-left."""

from __future__ import annotations

import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from .conftest import EDITOR_NOTE_MARK
from .formats_fixtures import (
    PERSIAN_CAPTION,
    PERSIAN_CREDIT,
    PERSIAN_HEADLINE,
    assert_private_parts_gone,
    export_as,
    make_rich_articles,
    require_libreoffice,
)


@pytest.fixture
def rich(library, corpus_dir):
    return make_rich_articles(library, corpus_dir)


@pytest.fixture
def english_docx(library, rich, tmp_path):
    article = rich["english"]
    library.update_article(article.id, editor_note=EDITOR_NOTE_MARK)
    out = tmp_path / "docx"
    report = export_as(library, "docx", out, article=article.id)
    assert report.articles == 1
    path = out / f"{article.slug}.docx"
    assert sorted(p.name for p in out.iterdir()) == sorted([path.name, ".copydesk-export.json"])
    return path


def _placements(library, article):
    return {placement.role: placement for placement, _photo in library.placed_photos(article.id)}


def test_structure_of_a_rich_article(library, rich, english_docx):
    article = rich["english"]
    document = docx.Document(str(english_docx))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    texts = [text for _style, text in paragraphs]
    placements = _placements(library, article)
    lead, inline = placements["lead"], placements["inline"]

    assert paragraphs[0] == ("Title", article.headline)
    assert paragraphs[1] == ("Subtitle", article.standfirst)
    assert paragraphs[2][1] == article.byline
    assert paragraphs[3][1].startswith("TEHRAN, ")
    # Lead photo right after the heading block, its caption and credit beneath it.
    assert document.paragraphs[4]._p.xpath(".//pic:pic")
    assert paragraphs[5] == ("Caption", f"{lead.caption} {lead.credit}")
    assert ("Heading 2", "A narrow path to a majority") in paragraphs
    assert ("List Bullet", "Fuel subsidies stay at current levels until March.") in paragraphs
    assert ("Quote", "“We came because nobody asked us,” said Hassan, a taxi driver who gave only his first name. “Fuel is our bread.”") in paragraphs  # fmt: skip
    assert ("Caption", f"{inline.caption} {inline.credit}") in paragraphs
    assert ("List Number", "Third reading on Sunday.") in paragraphs
    # The inline photo stands before its caption, in the body where the author put it.
    caption_at = texts.index(f"{inline.caption} {inline.credit}")
    assert document.paragraphs[caption_at - 1]._p.xpath(".//pic:pic")
    assert texts.index("Protests outside the chamber") < caption_at < texts.index("What happens next")
    # Runs keep their emphasis; the link is a real hyperlink to its address.
    sunday = next(p for p in document.paragraphs if p.text == "Third reading on Sunday.")
    assert [run.text for run in sunday.runs if run.bold] == ["Sunday"]
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links == ["https://example.org/outlook"]
    # A numbered list counts from its own start.
    numbering_id = sunday._p.pPr.numPr.numId.val
    num = document.part.numbering_part.element.num_having_numId(numbering_id)
    assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["3"]
    # A table, alt text on both photos, no editor's note, no script.
    assert [[c.text for c in row.cells] for row in document.tables[0].rows] == [["Party", "Seats"], ["Reform", "162"]]
    descriptions = [element.get("descr") for element in document.element.body.iter(qn("wp:docPr"))]
    assert descriptions == [lead.alt_text, inline.alt_text]
    everything = "\n".join(texts)
    assert EDITOR_NOTE_MARK not in everything and "alert(" not in everything and "placement:" not in everything
    properties = document.core_properties
    assert properties.title == article.headline and properties.author == article.byline
    assert properties.keywords == "Iran, Budget, Parliament" and properties.language == "en"


def test_embedded_photos_are_stripped_but_captioned(library, rich, english_docx, tmp_path):
    placements = _placements(library, rich["english"])
    with zipfile.ZipFile(english_docx) as archive:
        media = sorted(name for name in archive.namelist() if name.startswith("word/media/"))
        assert len(media) == 2
        for number, name in enumerate(media):
            path = tmp_path / f"photo{number}.jpg"
            path.write_bytes(archive.read(name))
            metadata_text = path.read_bytes()
            placement = next(
                p for p in placements.values() if p.caption.encode() in metadata_text
            )  # each embedded photo carries its own caption
            assert_private_parts_gone(path, placement.caption, placement.credit)


def test_persian_article_is_right_to_left(library, rich, tmp_path):
    article = rich["persian"]
    out = tmp_path / "fa"
    export_as(library, "docx", out, article=article.id)
    document = docx.Document(str(out / f"{article.slug}.docx"))
    assert document.paragraphs[0].text == PERSIAN_HEADLINE
    text_paragraphs = [p for p in document.paragraphs if p.text.strip()]
    for paragraph in text_paragraphs:
        assert paragraph._p.pPr.find(qn("w:bidi")) is not None, paragraph.text
        for run in paragraph.runs:
            if run.text.strip():
                assert run.font.rtl is True, run.text
    assert ("Caption", f"{PERSIAN_CAPTION} {PERSIAN_CREDIT}") in [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 2", "واکنش مخالفان") in [(p.style.name, p.text) for p in document.paragraphs]


def test_libreoffice_opens_it_and_reads_headline_captions_and_credits(library, rich, english_docx, tmp_path):
    soffice = require_libreoffice()
    profile = tmp_path / "lo-profile"
    converted = tmp_path / "pdf"
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(converted),
            str(english_docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = converted / english_docx.with_suffix(".pdf").name
    assert completed.returncode == 0 and pdf.is_file(), completed.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    article = rich["english"]
    placements = _placements(library, article)
    assert " ".join(article.headline.split()) in flat
    for placement in placements.values():
        assert placement.caption in flat and placement.credit in flat
    assert "A narrow path to a majority" in flat and "Fuel subsidies stay at current levels until March." in flat
