"""Issue 11: every quirk seen on real-world files, one generated file each, checked against exiftool.

The files come from ``tests/photos/quirk_files.py`` (built in tmp_path, a few hundred bytes
each). Where exiftool reads the field, the test asks exiftool what the file says and
compares; where it cannot (Pillow-only decoding, refusals), the expected outcome is stated.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from editor_app.library import Library
from editor_app.photos import read_photo
from editor_app.photos.errors import UnsupportedImageError
from editor_app.photos.importer import analyse_photo, import_photos
from editor_app.photos.reading import EMPTY_GPS_NOTE
from tests.photos import quirk_files
from tests.photos.conftest import CORPUS_DIR, exiftool_json, requires_exiftool


@pytest.fixture(scope="module")
def quirks(tmp_path_factory):
    return quirk_files.write_quirk_files(tmp_path_factory.mktemp("quirks"))


def read(quirks, name):
    return read_photo(quirks[name].read_bytes(), name)


def tag(tags: dict, *names: str):
    """The first of ``names`` ("Group:Tag") exiftool reported, else None."""
    return next((tags[name] for name in names if name in tags), None)


# ---- photos lost


@requires_exiftool
def test_an_empty_iptc_dataset_is_an_empty_value_not_a_lost_photo(quirks):
    info = read(quirks, "empty_iptc_dataset.jpg")
    tags = exiftool_json(quirks["empty_iptc_dataset.jpg"])

    assert info.creator == tags["IPTC:By-line"] == "Ana Reporter"
    assert info.description == "" and info.credit == ""
    assert "harbour" in info.keywords


@pytest.mark.parametrize(
    "name",
    ["tiff_16bit_grey.tif", "tiff_16bit_grey_big_endian.tif", "tiff_float.tif", "tiff_palette_transparency.tif", "tiff_1bit_odd_strips.tif"],
)
def test_tiffs_in_unusual_modes_get_thumbnails(quirks, name):
    analysis = analyse_photo(quirks[name].read_bytes(), name)

    grid = Image.open(io.BytesIO(analysis.thumbnails["grid"]))
    assert grid.width == 256 and analysis.info.width > 256  # really resampled, not passed through
    # The picture's contrast survives the move to 8 bits (red against blue, dark against light).
    assert max(high - low for low, high in grid.convert("RGB").getextrema()) > 100


def test_a_16bit_ramp_keeps_its_direction(quirks):
    analysis = analyse_photo(quirks["tiff_16bit_grey.tif"].read_bytes(), "grey.tif")
    grid = Image.open(io.BytesIO(analysis.thumbnails["grid"])).convert("L")
    assert grid.getpixel((grid.width // 2, 1)) < 40 and grid.getpixel((grid.width // 2, grid.height - 2)) > 200


@pytest.mark.parametrize(
    ("name", "compression"), [("tiff_webp_compressed.tif", "WebP"), ("tiff_jpeg2000_compressed.tif", "JPEG 2000")]
)
def test_a_tiff_compression_pillow_cannot_decode_is_named(quirks, name, compression):
    with pytest.raises(UnsupportedImageError) as refused:
        analyse_photo(quirks[name].read_bytes(), name)
    assert refused.value.reason == f"TIFF with {compression} compression is not supported by this build"


EXCEPTION_CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception|Warning)\b|\bKeyError\b|\bStopIteration\b")


def assert_no_refusal_names_an_exception(library: Library, folder) -> list:
    """Import every file of ``folder``; fail if any refusal reason carries an exception class name.

    Such a reason means an unexpected exception reached the importer's catch-all: a bug.
    """
    paths = sorted(path for path in folder.iterdir() if path.is_file())
    results = import_photos(library, paths)
    leaking = [result.error for result in results if result.error and EXCEPTION_CLASS_NAME.search(result.error)]
    assert leaking == []
    return results


def test_no_refusal_of_the_corpus_or_the_quirk_files_names_an_exception(tmp_path, quirks):
    with Library.create(tmp_path / "lib.copydesk") as library:
        corpus_results = assert_no_refusal_names_an_exception(library, CORPUS_DIR)
        quirk_results = assert_no_refusal_names_an_exception(library, next(iter(quirks.values())).parent)
    assert sum(result.ok for result in corpus_results) >= 18
    refused = {result.path.name for result in quirk_results if not result.ok}
    assert refused == {name for name in quirk_files.QUIRK_FILES if name.startswith("raw_") or "compressed.tif" in name or name == "bigtiff.tif"}


def test_an_unexpected_exception_is_logged_and_refused_in_one_plain_sentence(tmp_path, monkeypatch):
    from editor_app.photos import importer

    def broken_reader(*_args):
        raise ZeroDivisionError("a bug in a reader")

    monkeypatch.setenv("COPYDESK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(importer, "describe_image", broken_reader)
    with Library.create(tmp_path / "lib.copydesk") as library:
        [result] = import_photos(library, [CORPUS_DIR / "orientation_1.jpg"])

    assert result.photo is None
    assert result.error.startswith("orientation_1.jpg: could not be read as an image because of an error in Copydesk")
    assert not EXCEPTION_CLASS_NAME.search(result.error)
    log = (tmp_path / "logs").rglob("*")
    text = "".join(path.read_text() for path in log if path.is_file())
    assert "ZeroDivisionError: a bug in a reader" in text and "Traceback" in text


# ---- captions and credits lost


@requires_exiftool
def test_a_jpeg_carrying_several_pictures_keeps_its_iptc(quirks):
    info = read(quirks, "mpo_with_iptc.jpg")
    tags = exiftool_json(quirks["mpo_with_iptc.jpg"])

    assert "MPF0:NumberOfImages" in tags  # it really is an MPO
    assert info.format == "JPEG"
    assert (info.description, info.credit) == (tags["IPTC:Caption-Abstract"], tags["IPTC:Credit"])
    assert info.display_size == (48, 32)


@requires_exiftool
@pytest.mark.parametrize("name", ["xmp_utf16.jpg", "xmp_utf32.jpg", "xmp_junk_after_xmpmeta.jpg"])
def test_xmp_in_utf16_utf32_or_with_junk_after_it_is_read(quirks, name):
    info = read(quirks, name)
    tags = exiftool_json(quirks[name])

    assert info.description == tags["XMP-dc:Description"]
    assert info.credit == tags["XMP-photoshop:Credit"]


def test_a_packet_declaring_entities_is_still_refused():
    from editor_app.photos import xmp

    packet = xmp.build_xmp_packet(description="&boom;").replace(b"&amp;boom;", b"&boom;")
    hostile = b'<!DOCTYPE x [<!ENTITY boom "kaboom">]>' + packet
    assert xmp.parse_xmp(hostile) is None
    assert xmp.parse_xmp(packet) is None  # an undefined entity is not well-formed


@requires_exiftool
@pytest.mark.parametrize("name", ["png_raw_profiles.png", "png_ztxt_xmp.png", "png_compressed_itxt_xmp.png"])
def test_png_metadata_in_imagemagick_raw_profiles_and_compressed_chunks_is_read(quirks, name):
    info = read(quirks, name)
    tags = exiftool_json(quirks[name])

    assert info.description == tag(tags, "XMP-dc:Description")
    credit = tag(tags, "XMP-photoshop:Credit", "IPTC:Credit")
    assert info.credit == (credit or "")
    if name == "png_raw_profiles.png":
        assert (info.credit, info.creator) == ("Raw IPTC Credit", tags["IPTC:By-line"])


@requires_exiftool
@pytest.mark.parametrize("name", ["xmp_location_created.jpg", "xmp_location_shown.jpg", "xmp_exif_gps.jpg"])
def test_coordinates_in_xmp_are_a_location(quirks, name):
    info = read(quirks, name)
    tags = exiftool_json(quirks[name])

    assert any("GPSLatitude" in key for key in tags)
    assert info.has_location and info.location_sources


@requires_exiftool
@pytest.mark.parametrize(
    ("name", "winner"),
    [
        ("mwg_digest_stale.jpg", "IIM"),  # a legacy tool edited IIM after XMP was written
        ("mwg_digest_matches.jpg", "XMP"),
        ("mwg_digest_zeros.jpg", "XMP"),
        ("mwg_digest_absent.jpg", "XMP"),
    ],
)
def test_iptc_against_xmp_follows_the_metadata_working_group(quirks, name, winner):
    info = read(quirks, name)
    tags = exiftool_json(quirks[name])

    stored, current = tags.get("Photoshop:IPTCDigest"), tags["File:CurrentIPTCDigest"]
    stale = stored not in (None, current, "0" * 32)
    assert stale == (winner == "IIM")  # exiftool computes the same digest we do
    assert (info.description, info.credit) == (f"Caption from {winner}", f"{winner} Credit")


# ---- values read wrong


@requires_exiftool
@pytest.mark.parametrize("name", ["blank_camera_date.jpg", "zero_camera_date.jpg"])
def test_a_date_that_does_not_parse_is_no_date(quirks, name):
    tags = exiftool_json(quirks[name])
    assert "ExifIFD:DateTimeOriginal" in tags
    assert read(quirks, name).taken_at is None


@requires_exiftool
def test_exif_text_is_cut_at_the_first_nul_and_trimmed(quirks):
    info = read(quirks, "nul_padded_exif_strings.jpg")
    tags = exiftool_json(quirks["nul_padded_exif_strings.jpg"])

    assert info.description == tags["IFD0:ImageDescription"] == "Harbour at dawn"
    assert info.creator == tags["IFD0:Artist"].strip() == "Ana Reporter"
    assert info.copyright == tags["IFD0:Copyright"] == "(c) Agency"


@requires_exiftool
def test_a_tiff_pillow_turns_upright_is_turned_once(quirks):
    analysis = analyse_photo(quirks["tiff_orientation_6.tif"].read_bytes(), "o6.tif")
    tags = exiftool_json(quirks["tiff_orientation_6.tif"])

    info = analysis.info
    assert (info.width, info.height, info.orientation) == (tags["IFD0:ImageWidth"], tags["IFD0:ImageHeight"], tags["IFD0:Orientation"])
    grid = Image.open(io.BytesIO(analysis.thumbnails["grid"])).convert("RGB")
    assert grid.size == info.display_size == (32, 48)
    red, _, blue = grid.getpixel((16, 4))
    assert red > 200 and blue < 60  # the left (red) half of the stored picture is now on top


@requires_exiftool
@pytest.mark.parametrize("name", ["gps_zero_coordinates.jpg", "gps_status_void.jpg", "gps_block_without_coordinates.jpg"])
def test_a_placeholder_gps_block_is_no_location_but_is_noted(quirks, name):
    info = read(quirks, name)
    tags = exiftool_json(quirks[name])

    assert any(key.startswith("GPS:") for key in tags)
    assert not info.has_location
    assert info.embedded["location_note"] == EMPTY_GPS_NOTE


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("raw_dng.dng", "DNG"), ("raw_cr2.cr2", "Canon CR2"), ("raw_nef.nef", "Nikon RAW"), ("raw_orf.orf", "Olympus ORF"),
        ("raw_rw2.rw2", "Panasonic RW2"), ("raw_raf.raf", "Fujifilm RAF"),
    ],
)  # fmt: skip
def test_camera_raw_files_are_refused_by_name(quirks, name, kind):
    with pytest.raises(UnsupportedImageError) as refused:
        read(quirks, name)
    assert refused.value.reason == f"camera RAW file ({kind}): export a JPEG or TIFF from your RAW converter first"


def test_a_nikon_tiff_that_is_not_raw_still_imports(quirks, tmp_path):
    """A camera's own TIFF has a Make tag too; only the RAW layout makes it RAW."""
    out = io.BytesIO()
    Image.new("RGB", (16, 12), "green").save(out, "TIFF", tiffinfo={271: "NIKON CORPORATION"})
    assert read_photo(out.getvalue(), "camera.tif").camera_make == "NIKON CORPORATION"


def test_bigtiff_is_named(quirks):
    with pytest.raises(UnsupportedImageError) as refused:
        read(quirks, "bigtiff.tif")
    assert "BigTIFF" in refused.value.reason


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("xmp_location_created.jpg", "Location: the original carries location data (never exported)"),
        ("xmp_exif_gps.jpg", "Location: the original carries location data (never exported)"),
        ("gps_zero_coordinates.jpg", f"Location: {EMPTY_GPS_NOTE}"),
    ],
)
def test_the_inspector_says_what_location_the_file_carries(quirks, tmp_path, name, line):
    from editor_app.ui.photo_inspector import describe_file_metadata

    with Library.create(tmp_path / "lib.copydesk") as library:
        [result] = import_photos(library, [quirks[name]])
        photo = library.get_photo(result.photo.id)
    assert line in describe_file_metadata(photo).splitlines()
