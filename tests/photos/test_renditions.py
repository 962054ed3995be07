"""Export copies: pixels rebuilt, private metadata gone, fresh caption metadata readable by exiftool."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image, IptcImagePlugin

from editor_app.photos import iim
from editor_app.photos.color import srgb_profile_bytes
from editor_app.photos.reading import read_photo
from editor_app.photos.renditions import RenditionMetadata, render_rendition, rendition_key
from editor_app.photos.thumbnails import make_thumbnails
from tests.photos.conftest import corpus_bytes, exiftool_json, load_expected, requires_exiftool

EXPECTED = load_expected()
DECODABLE = sorted(name for name, entry in EXPECTED.items() if "error" not in entry)

META = RenditionMetadata(
    caption="José Ñúñez — خبرگزاری greets \"supporters\" & <friends> in Tehran.",
    creator="Ana Fotógrafa; Reza Karimi",
    credit="Agência Photo/ICANA",
    copyright="© 2024 Agência Photo",
    alt_text="A man in a grey suit waves from a stage; a crowd holds flags.",
)

# exiftool -G1 groups a rendition may have; anything else (maker notes, GPS, IFD1, Photoshop
# history...) means something leaked from the original.
ALLOWED_GROUPS = {
    "ExifTool", "System", "File", "JFIF", "IFD0", "XMP-x", "XMP-dc", "XMP-photoshop", "XMP-iptcCore",
    "IPTC", "Photoshop", "ICC-header", "ICC_Profile", "ICC-chrm", "ICC-meas", "ICC-view", "Composite",
    "PNG", "RIFF",
}  # fmt: skip
FORBIDDEN_TAG_WORDS = ("GPS", "MakerNote", "SerialNumber", "ThumbnailImage", "Comment", "History", "Location", "Latitude")


def _leaky_jpeg() -> bytes:
    """A JPEG carrying every kind of private metadata at once: GPS, a serial number, a comment, XMP location."""
    image = Image.open(io.BytesIO(corpus_bytes("gps_nikon_coolpix.jpg")))
    exif = image.getexif()
    exif.get_ifd(0x8769)[0xA431] = "SERIAL-123456"  # BodySerialNumber
    xmp_packet = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"'
        b' xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"'
        b' exif:GPSLatitude="35,41.5N" exif:GPSLongitude="51,25.3E" Iptc4xmpCore:Location="Safe house, Evin">'
        b'<xmpMM:History><rdf:Seq><rdf:li>saved from secret.psd</rdf:li></rdf:Seq></xmpMM:History>'
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"shot from the rooftop at Evin", xmp=xmp_packet)
    return out.getvalue()


def _write(tmp_path, rendition) -> object:
    path = tmp_path / f"rendition.{rendition.extension}"
    path.write_bytes(rendition.data)
    return path


@requires_exiftool
@pytest.mark.exiftool
@pytest.mark.parametrize("name", [*DECODABLE, "leaky (synthetic)"])
def test_renditions_carry_nothing_private(tmp_path, name):
    original = _leaky_jpeg() if name.startswith("leaky") else corpus_bytes(name)
    tags = exiftool_json(_write(tmp_path, render_rendition(original, 320, META)))
    groups = {key.split(":")[0] for key in tags if ":" in key}
    assert groups <= ALLOWED_GROUPS, groups - ALLOWED_GROUPS
    for key in tags:
        assert not any(word in key for word in FORBIDDEN_TAG_WORDS), key
    assert "shot from the rooftop" not in str(tags)


def test_the_leaky_source_really_leaks(tmp_path):
    # Guards the test above: its synthetic source must hold what the rendition must drop.
    data = _leaky_jpeg()
    assert b"SERIAL-123456" in data and b"rooftop" in data and b"GPSLatitude" in data
    assert read_photo(data, "leaky.jpg").has_location


@requires_exiftool
@pytest.mark.exiftool
@pytest.mark.parametrize("name", ["news_canadian_press.jpg", "cmyk.jpg", "orientation_6.jpg", "camera_exif.webp", "tiff_iptc.tif"])
def test_caption_metadata_reaches_exiftool_in_xmp_and_iptc(tmp_path, name):
    tags = exiftool_json(_write(tmp_path, render_rendition(corpus_bytes(name), 320, META)))
    assert tags["XMP-dc:Description"] == META.caption
    assert tags["XMP-dc:Creator"] == ["Ana Fotógrafa", "Reza Karimi"]
    assert tags["XMP-dc:Rights"] == META.copyright
    assert tags["XMP-photoshop:Credit"] == META.credit
    assert tags["XMP-iptcCore:AltTextAccessibility"] == META.alt_text
    assert tags["IPTC:CodedCharacterSet"] == "\x1b%G"
    assert tags["IPTC:Caption-Abstract"] == META.caption
    assert tags["IPTC:By-line"] == ["Ana Fotógrafa", "Reza Karimi"]
    assert tags["IPTC:Credit"] == META.credit
    assert tags["IPTC:CopyrightNotice"] == META.copyright


@requires_exiftool
@pytest.mark.exiftool
@pytest.mark.parametrize("name", ["cmyk.jpg", "news_canadian_press.jpg"])
def test_cmyk_and_adobe_rgb_come_out_as_srgb(tmp_path, name):
    tags = exiftool_json(_write(tmp_path, render_rendition(corpus_bytes(name), 320, META)))
    assert tags["File:ColorComponents"] == 3
    assert tags["ICC-header:ColorSpaceData"].strip() == "RGB"
    assert "sRGB" in tags["ICC_Profile:ProfileDescription"]


def test_adobe_rgb_source_is_really_adobe_rgb():
    profile = Image.open(io.BytesIO(corpus_bytes("news_canadian_press.jpg"))).info["icc_profile"]
    assert b"Adobe RGB" in profile or b"A\x00d\x00o\x00b\x00e\x00 \x00R\x00G\x00B" in profile


@requires_exiftool
@pytest.mark.exiftool
def test_alpha_png_stays_png_with_alpha_and_xmp(tmp_path):
    rendition = render_rendition(corpus_bytes("alpha_rgba.png"), 100, META)
    assert (rendition.mime, rendition.extension) == ("image/png", "png")
    tags = exiftool_json(_write(tmp_path, rendition))
    assert tags["PNG:ColorType"] == 6  # RGB with alpha
    assert tags["XMP-dc:Description"] == META.caption
    assert tags["XMP-iptcCore:AltTextAccessibility"] == META.alt_text


def test_alpha_survives_in_the_pixels():
    rendition = render_rendition(corpus_bytes("alpha_rgba.png"), 100, META)
    image = Image.open(io.BytesIO(rendition.data))
    assert image.mode == "RGBA" and image.getchannel("A").getextrema()[0] < 255


def test_our_own_reader_reads_the_rendition_back():
    rendition = render_rendition(corpus_bytes("gps_nikon_coolpix.jpg"), 320, META)
    info = read_photo(rendition.data, "rendition.jpg")
    assert (info.description, info.creator, info.credit, info.copyright, info.alt_text) == (
        META.caption, META.creator, META.credit, META.copyright, META.alt_text,
    )  # fmt: skip
    assert info.has_location is False
    assert info.camera_make == "" and info.taken_at is None


def test_orientation_is_baked_into_the_pixels():
    rendition = render_rendition(corpus_bytes("orientation_6.jpg"), 300, META)
    image = Image.open(io.BytesIO(rendition.data))
    assert image.size == (rendition.width, rendition.height) == (300, 225)
    assert image.getexif().get(0x0112, 1) == 1


def test_renditions_are_never_upscaled():
    rendition = render_rendition(corpus_bytes("news_canadian_press.jpg"), 5000, META)
    assert (rendition.width, rendition.height) == (400, 265)


def test_xml_special_text_round_trips_exactly():
    hostile = RenditionMetadata(caption='a</rdf:li></rdf:Alt><evil xmlns="x"/>&amp; "b" \'c\'', creator="O'Brien & Sons")
    info = read_photo(render_rendition(corpus_bytes("orientation_1.jpg"), 64, hostile).data, "r.jpg")
    assert info.embedded["xmp"]["description"] == hostile.caption
    assert info.embedded["xmp"]["creator"] == ["O'Brien & Sons"]


def test_iim_fields_are_cut_to_their_limits_at_character_boundaries():
    long_caption = "é" * 1500  # 3000 UTF-8 bytes; IIM 2:120 allows 2000
    long_credit = "Ж" * 40  # 80 bytes; IIM 2:110 allows 32
    rendition = render_rendition(corpus_bytes("orientation_1.jpg"), 64, RenditionMetadata(caption=long_caption, credit=long_credit))
    raw = IptcImagePlugin.getiptcinfo(Image.open(io.BytesIO(rendition.data)))
    assert raw[(1, 90)] == iim.UTF8_MARKER
    assert raw[(2, 120)].decode("utf-8") == "é" * 1000
    assert raw[(2, 110)].decode("utf-8") == "Ж" * 16
    info = read_photo(rendition.data, "r.jpg")
    assert info.description == long_caption  # XMP has no such limit and wins


def test_truncate_utf8_never_splits_a_character():
    assert iim.truncate_utf8("aé", 2) == b"a"
    assert iim.truncate_utf8("خبر", 5) == "خب".encode()
    assert iim.truncate_utf8("short", 32) == b"short"


def test_rendition_key_is_stable_and_changes_with_its_inputs():
    sha = "ab" * 32
    key = rendition_key(sha, 800, META)
    assert key == rendition_key(sha, 800, RenditionMetadata(**META.__dict__))
    assert len(key) == 16
    assert key != rendition_key(sha, 801, META)
    assert key != rendition_key("cd" * 32, 800, META)
    assert key != rendition_key(sha, 800, RenditionMetadata(caption="other"))


def test_width_must_be_positive():
    with pytest.raises(ValueError):
        render_rendition(corpus_bytes("orientation_1.jpg"), 0, META)


def _next_second() -> None:
    """Wait until the wall clock enters a new second (at most one second)."""
    started = int(time.time())
    while int(time.time()) == started:
        time.sleep(0.02)


@pytest.mark.parametrize("name", ["news_canadian_press.jpg", "alpha_rgba.png", "camera_exif.webp"])
def test_the_same_rendition_is_the_same_bytes_at_another_time(name):
    # The sRGB profile is built afresh (as in a new process) at a different wall-clock second:
    # LittleCMS stamps profiles with the current time, which made no two exports identical.
    original = corpus_bytes(name)
    first = render_rendition(original, 200, META).data
    first_thumbnails = make_thumbnails(original, name)
    srgb_profile_bytes.cache_clear()
    _next_second()
    assert render_rendition(original, 200, META).data == first
    assert make_thumbnails(original, name) == first_thumbnails
