"""Reading photos: format by content, metadata field by field against exiftool's ground truth."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile

from editor_app.photos import iim
from editor_app.photos.errors import (
    CorruptImageError,
    ImageTooLargeError,
    PhotoError,
    TruncatedImageError,
    UnsupportedImageError,
)
from editor_app.photos.jpeg_scans import require_complete_scans
from editor_app.photos.reading import read_photo
from tests.photos.conftest import corpus_bytes, load_expected

EXPECTED = load_expected()
DECODABLE = sorted(name for name, entry in EXPECTED.items() if "error" not in entry)
BROKEN = sorted(name for name, entry in EXPECTED.items() if "error" in entry)

# EXPECTED.json field -> PhotoInfo attribute
TEXT_FIELDS = {
    "caption": "description",
    "creator": "creator",
    "credit": "credit",
    "copyright": "copyright",
    "headline": "headline",
    "title": "title",
    "alt_text": "alt_text",
}
# The first words of an EXPECTED.json "error" -> the refusal we must give.
BROKEN_REASONS = {
    "decompression bomb": (ImageTooLargeError, "decompression bomb"),
    "not an image": (UnsupportedImageError, "not an image"),
    "truncated": (TruncatedImageError, "truncated"),
}


def exiftool_date_as_iso(value: str | None) -> str | None:
    """'2017:07:13 17:01:00+00:00' -> '2017-07-13T17:01:00+00:00'; '2004:02:20' -> '2004-02-20'."""
    if value is None:
        return None
    date, _, time = value.partition(" ")
    date = date.replace(":", "-")
    return f"{date}T{time}" if time else date


def test_the_corpus_has_both_kinds_of_file():
    assert len(DECODABLE) >= 15 and len(BROKEN) >= 3


@pytest.mark.parametrize("name", DECODABLE)
def test_metadata_matches_exiftool_field_by_field(name):
    expected = EXPECTED[name]
    info = read_photo(corpus_bytes(name), name)

    for expected_field, attribute in TEXT_FIELDS.items():
        assert getattr(info, attribute) == (expected[expected_field] or ""), f"{name}: {expected_field}"
    assert info.taken_at == exiftool_date_as_iso(expected["date_taken"]), f"{name}: date_taken"
    assert info.orientation == (expected["orientation"] or 1), f"{name}: orientation"
    assert (info.width, info.height) == (expected["width"], expected["height"])
    assert info.has_location is expected["has_gps"], f"{name}: has_gps"
    assert info.mime == expected["mime"]


@pytest.mark.parametrize("name", DECODABLE)
def test_display_size_applies_orientation(name):
    expected = EXPECTED[name]
    info = read_photo(corpus_bytes(name), name)
    if "display_width" in expected:
        assert info.display_size == (expected["display_width"], expected["display_height"])


@pytest.mark.parametrize("name", BROKEN)
def test_every_broken_file_is_refused_with_its_reason(name):
    reason = EXPECTED[name]["error"].split(":")[0]
    matches = [value for key, value in BROKEN_REASONS.items() if key in reason]
    assert matches, f"no refusal defined for the corpus reason {reason!r}"
    error_type, words = matches[0]
    with pytest.raises(error_type) as caught:
        read_photo(corpus_bytes(name), name)
    message = str(caught.value)
    assert name in message
    assert words in message


def test_plain_text_named_jpg_says_it_is_text():
    with pytest.raises(UnsupportedImageError, match="plain text"):
        read_photo(corpus_bytes("not_an_image.jpg"), "not_an_image.jpg")


def test_each_container_keeps_what_the_file_said():
    info = read_photo(corpus_bytes("iptc_reference_2017.jpg"), "iptc_reference_2017.jpg")
    assert info.embedded["xmp"]["creator"] == ["Creator1 (ref2017.1)", "Creator2 (ref2017.1)"]
    assert info.embedded["iptc"]["creator"] == ["Creator1 (ref2017.1)"]
    assert info.embedded["exif"]["creator"] == "Creator1 (ref2017.1)"
    assert info.keywords == ("Keyword1ref2017.1", "Keyword2ref2017.1", "Keyword3ref2017.1")


def test_location_fields_without_coordinates_are_not_a_location():
    # The IPTC reference image fills LocationCreated/LocationShown with names but no GPS.
    info = read_photo(corpus_bytes("iptc_reference_2017.jpg"), "iptc_reference_2017.jpg")
    assert info.has_location is False


def test_gps_source_is_named():
    info = read_photo(corpus_bytes("gps_nikon_coolpix.jpg"), "gps_nikon_coolpix.jpg")
    assert info.location_sources == ("EXIF GPS IFD",)
    assert (info.camera_make, info.camera_model) == ("NIKON", "COOLPIX P6000")


def test_utf8_marked_iim_is_decoded_as_utf8():
    info = read_photo(corpus_bytes("news_canadian_press.jpg"), "news_canadian_press.jpg")
    assert info.embedded["iptc"]["title"] == "MORT PIÉTONNE MONTRÉAL 20201014"
    assert info.embedded["iptc"]["coded_character_set"] == "UTF-8"


def test_heic_phone_photo_is_accepted():
    info = read_photo(corpus_bytes("heif_sample.heif"), "heif_sample.heif")
    assert (info.format, info.mime, info.width, info.height) == ("HEIF", "image/heic", 640, 426)


# ---- IIM text without a character-set marker


def test_unmarked_iim_falls_back_to_cp1252():
    decoded = iim.decode_iim({(2, 120): "José Ñúñez".encode("cp1252"), (2, 80): [b"Ana", "Fot\u00f3grafa".encode("cp1252")]})
    assert decoded[(2, 120)] == "José Ñúñez"
    assert decoded[(2, 80)] == ["Ana", "Fotógrafa"]


def test_unmarked_iim_that_is_valid_utf8_is_utf8():
    assert iim.decode_iim({(2, 120): "José — خبرگزاری".encode()})[(2, 120)] == "José — خبرگزاری"


def _jpeg_with(app_segments: list[bytes], xmp_packet: bytes | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "gray").save(out, "JPEG", **({"xmp": xmp_packet} if xmp_packet else {}))
    data = out.getvalue()
    for segment in app_segments:
        data = iim.splice_app13(data, segment)
    return data


def test_xmp_copy_wins_over_a_mac_roman_iim_caption():
    mac_roman_caption = "José".encode("mac_roman")  # b"Jos\x8e": cp1252 would show "JosŽ"
    segment = iim.photoshop_app13(b"\x1c\x02\x78" + struct.pack(">H", len(mac_roman_caption)) + mac_roman_caption)
    from editor_app.photos.xmp import build_xmp_packet

    data = _jpeg_with([segment], build_xmp_packet(description="José"))
    info = read_photo(data, "mac.jpg")
    assert info.description == "José"
    assert info.embedded["iptc"]["description"] == "JosŽ"  # what the file said, kept for the inspector


def test_xmp_properties_written_as_attributes_are_read():
    packet = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:ps="http://ns.adobe.com/photoshop/1.0/" ps:Credit="Wire &amp; Co"'
        b' xmlns:e="http://ns.adobe.com/exif/1.0/" e:GPSLatitude="35,41.5N" e:GPSLongitude="51,25.3E"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    info = read_photo(_jpeg_with([], packet), "attrs.jpg")
    assert info.credit == "Wire & Co"
    assert info.has_location and info.location_sources == ("XMP exif:GPS",)


def test_xmp_with_entity_expansion_is_ignored_not_expanded():
    packet = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:ps="http://ns.adobe.com/photoshop/1.0/" ps:Credit="&b;"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    info = read_photo(_jpeg_with([], packet), "hostile.jpg")
    assert info.credit == ""
    assert "xmp" not in info.embedded


# ---- refusing by content


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", "GIF"),
        (b"8BPS\x00\x01\x00\x00\x00\x00\x00\x00\x00\x03" + b"\x00" * 40, "PSD"),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "EPS"),
        (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/"/>', "XMP"),
        (b"%PDF-1.7\n", "PDF"),
        (b"", "empty"),
        (b"\x00\x01\x02\x03\xfe\xfd binary junk", "not a recognised image"),
    ],
)
def test_content_decides_not_the_extension(content, words):
    with pytest.raises(UnsupportedImageError, match=words):
        read_photo(content, "photo.jpg")


def test_a_jpeg_whose_scan_is_damaged_is_corrupt_or_truncated():
    good = corpus_bytes("orientation_1.jpg")
    damaged = good[: len(good) // 2]
    with pytest.raises((TruncatedImageError, CorruptImageError)):
        read_photo(damaged, "half.jpg")


def test_header_only_jpeg_is_refused():
    with pytest.raises(PhotoError):
        read_photo(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "stub.jpg")


def _png_header_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def test_pillows_bomb_warning_range_is_refused_too():
    # 10000 x 10000 = 100 MP: above MAX_IMAGE_PIXELS (warning), below twice it (error).
    assert Image.MAX_IMAGE_PIXELS < 100_000_000 < 2 * Image.MAX_IMAGE_PIXELS
    with pytest.raises(ImageTooLargeError, match="decompression bomb"):
        read_photo(_png_header_declaring(10_000, 10_000), "huge.png")


def test_truncated_images_are_never_loaded_leniently():
    with pytest.raises(TruncatedImageError):
        read_photo(corpus_bytes("truncated.jpg"), "truncated.jpg")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def _small_jpeg(**options) -> bytes:
    """A real 64x48 JPEG with photo-like detail, encoded as ``options`` say."""
    out = io.BytesIO()
    Image.effect_noise((64, 48), 40).convert("RGB").save(out, "JPEG", **options)
    return out.getvalue()


def _declaring(data: bytes, width: int, height: int) -> bytes:
    """``data`` with its start-of-frame header changed to claim ``width`` x ``height`` pixels."""
    position = 2
    while data[position + 1] not in (0xC0, 0xC1, 0xC2):
        position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return data[: position + 5] + struct.pack(">HH", height, width) + data[position + 9 :]


FORGED_SOURCES = {
    "generated baseline 64x48": lambda: _small_jpeg(),
    "generated progressive 64x48": lambda: _small_jpeg(progressive=True),
    "news_canadian_press.jpg (progressive)": lambda: corpus_bytes("news_canadian_press.jpg"),
    "orientation_1.jpg (baseline, EXIF)": lambda: corpus_bytes("orientation_1.jpg"),
}
# 65000x1 is a forgery over a thumbnail's worth of data; a 600x450 photo really has enough.
FORGERIES = [(source, (9000, 9000)) for source in FORGED_SOURCES] + [
    (source, (65000, 1)) for source in FORGED_SOURCES if source.startswith("generated")
]


@pytest.mark.parametrize(("source", "claimed"), FORGERIES, ids=[f"{s} as {w}x{h}" for s, (w, h) in FORGERIES])
def test_a_jpeg_header_claiming_more_pixels_than_its_data_holds_is_refused(source, claimed):
    data = FORGED_SOURCES[source]()
    forged = _declaring(data, *claimed)
    # Pillow opens it at the claimed size, and decodes it without complaint: libjpeg fills
    # the missing pixels with grey and reports that only as a warning, which Pillow drops.
    with Image.open(io.BytesIO(forged)) as image:
        assert image.size == claimed
        image.draft("RGB", (64, 64))
        image.load()
    with pytest.raises(TruncatedImageError, match=f"declares {claimed[0]}x{claimed[1]} pixels"):
        read_photo(forged, "forged.jpg")
    assert read_photo(data, "honest.jpg")  # the same bytes with their true header are fine


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(1, 300),
    height=st.integers(1, 300),
    flat=st.booleans(),
    grayscale=st.booleans(),
    quality=st.sampled_from([1, 30, 75, 95, 100]),
    subsampling=st.sampled_from([0, 1, 2]),
    progressive=st.booleans(),
    optimize=st.booleans(),
)
def test_the_pixel_data_check_never_refuses_a_complete_jpeg(width, height, flat, grayscale, quality, subsampling, progressive, optimize):
    # A flat image is the least data a JPEG can hold: the check's bound must still hold.
    mode = "L" if grayscale else "RGB"
    image = Image.new(mode, (width, height), 0) if flat else Image.effect_noise((width, height), 60).convert(mode)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, subsampling=subsampling, progressive=progressive, optimize=optimize)
    require_complete_scans(out.getvalue(), "complete.jpg")
