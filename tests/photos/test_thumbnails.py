"""Thumbnails: upright, sRGB, the right sizes, and made from a reduced-size decode."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from editor_app.photos.reading import decode, open_image
from editor_app.photos.thumbnails import THUMBNAIL_BOXES, embedded_preview, make_thumbnails
from tests.photos.conftest import corpus_bytes, load_expected

EXPECTED = load_expected()
DECODABLE = sorted(name for name, entry in EXPECTED.items() if "error" not in entry)

TRANSPOSES = [None, *Image.Transpose]


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _mean_difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


@pytest.mark.parametrize("name", DECODABLE)
def test_both_sizes_fit_their_boxes_and_keep_the_aspect_ratio(name):
    thumbnails = make_thumbnails(corpus_bytes(name), name)
    assert set(thumbnails) == set(THUMBNAIL_BOXES)
    expected = EXPECTED[name]
    display = (expected.get("display_width", expected["width"]), expected.get("display_height", expected["height"]))
    for size_name, box in THUMBNAIL_BOXES.items():
        image = _open(thumbnails[size_name])
        assert image.width <= box[0] and image.height <= box[1]
        assert image.mode in ("RGB", "RGBA")
        assert image.info.get("icc_profile"), "thumbnails carry their sRGB profile"
        # Never upscaled, and the longer side fills the box when the photo is big enough.
        assert max(image.size) == min(max(box), max(display))
        assert abs(image.width / image.height - display[0] / display[1]) < 0.05


@pytest.mark.parametrize("orientation", range(2, 9))
def test_oriented_thumbnails_look_like_the_upright_photo(orientation):
    reference = _open(make_thumbnails(corpus_bytes("orientation_1.jpg"))["grid"])
    thumbnail = _open(make_thumbnails(corpus_bytes(f"orientation_{orientation}.jpg"))["grid"])
    assert thumbnail.size == reference.size
    as_made = _mean_difference(thumbnail, reference)
    # Every other way of turning the thumbnail must look clearly worse than the one we made.
    for transpose in Image.Transpose:
        turned = thumbnail.transpose(transpose)
        if turned.size == reference.size:
            assert as_made < _mean_difference(turned, reference) / 2, transpose
    assert as_made < 20


def test_inspector_decode_uses_jpeg_draft_at_the_fitted_size():
    image, _ = open_image(corpus_bytes("large_phone_gps.jpg"), "large_phone_gps.jpg")
    decoded = decode(image, "large_phone_gps.jpg", display_box=THUMBNAIL_BOXES["inspector"])
    # 4608x1976 fitted into 1024 is 1024x439; the 1/4 DCT scale (1152x494) still covers it.
    assert decoded.size == (1152, 494)


def test_a_square_box_would_not_have_reduced_a_wide_photo():
    # The reason for fitting first (see PHOTO_METADATA_NOTES.md): draft needs both sides covered.
    image = Image.open(io.BytesIO(corpus_bytes("large_phone_gps.jpg")))
    image.draft("RGB", (1024, 1024))
    assert image.size == (4608, 1976)


def test_cmyk_and_adobe_rgb_thumbnails_come_out_srgb():
    for name in ("cmyk.jpg", "news_canadian_press.jpg"):
        image = _open(make_thumbnails(corpus_bytes(name), name)["grid"])
        assert image.mode == "RGB"
        assert b"sRGB" in image.info["icc_profile"] or b"s\x00R\x00G\x00B" in image.info["icc_profile"]


def test_cmyk_thumbnail_is_not_inverted():
    # Pillow's sample CMYK image is mostly light; an inverted decode would make it dark.
    image = _open(make_thumbnails(corpus_bytes("cmyk.jpg"))["grid"])
    naive = Image.open(io.BytesIO(corpus_bytes("cmyk.jpg"))).convert("RGB")
    assert _mean_difference(image, naive) < 40


def test_adobe_rgb_is_converted_not_relabelled():
    data = corpus_bytes("news_canadian_press.jpg")
    thumbnail = _open(make_thumbnails(data)["inspector"])
    untouched = Image.open(io.BytesIO(data)).convert("RGB")
    assert thumbnail.size == untouched.size
    assert _mean_difference(thumbnail, untouched) > 0.5  # colours were actually transformed


def test_transparency_is_kept_in_png_thumbnails():
    thumbnails = make_thumbnails(corpus_bytes("alpha_rgba.png"))
    image = _open(thumbnails["grid"])
    assert image.format == "PNG" and image.mode == "RGBA"
    assert image.getchannel("A").getextrema()[0] < 255


def test_embedded_exif_preview_is_returned_when_present():
    preview = embedded_preview(corpus_bytes("gps_nikon_coolpix.jpg"))
    assert preview is not None and preview.startswith(b"\xff\xd8")
    assert _open(preview).size == (160, 120)


def test_embedded_preview_is_none_without_one():
    assert embedded_preview(corpus_bytes("alpha_rgba.png")) is None
    assert embedded_preview(corpus_bytes("large_phone_gps.jpg")) is None


def test_embedded_preview_is_turned_upright():
    # Patch the Nikon file's IFD0 Orientation from 1 to 6 (rotate 90 CW) in place, keeping
    # its APP1 and IFD1 thumbnail byte for byte (re-saving with Pillow would drop IFD1).
    original = corpus_bytes("gps_nikon_coolpix.jpg")
    motorola = b"\x01\x12\x00\x03\x00\x00\x00\x01\x00\x01"  # tag 0x0112, SHORT, count 1, value 1
    intel = b"\x12\x01\x03\x00\x01\x00\x00\x00\x01\x00"
    if motorola in original:
        patched = original.replace(motorola, motorola[:-1] + b"\x06", 1)
    else:
        assert intel in original
        patched = original.replace(intel, intel[:8] + b"\x06\x00", 1)
    assert Image.open(io.BytesIO(patched)).getexif()[0x0112] == 6
    preview = _open(embedded_preview(patched))
    assert preview.size == (120, 160)
