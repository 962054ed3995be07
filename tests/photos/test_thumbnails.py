"""Thumbnails: upright, sRGB, the right sizes, made from the camera's own large preview or a
reduced-size decode."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image, ImageChops, ImageStat

from editor_app.photos import thumbnails as thumbnails_module
from editor_app.photos.errors import TruncatedImageError
from editor_app.photos.importer import analyse_photo
from editor_app.photos.mpf import large_previews
from editor_app.photos.reading import decode, open_image
from editor_app.photos.thumbnails import THUMBNAIL_BOXES, embedded_preview, make_thumbnails
from tests.photos.camera_files import (
    DISPARITY,
    LARGE_THUMBNAIL_FULL_HD,
    LARGE_THUMBNAIL_VGA,
    camera_jpeg,
    jpeg_bytes,
    with_previews,
)
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


# ---- the camera's own large preview (Multi-Picture Format) stands in for the main image


def _two_colour(size: tuple[int, int], left, right) -> Image.Image:
    """``left`` on the left half and ``right`` on the right, with a white mark in the top
    left corner: how it was turned shows in both halves and the corner."""
    image = Image.new("RGB", size, right)
    image.paste(left, (0, 0, size[0] // 2, size[1]))
    image.paste((255, 255, 255), (0, 0, size[0] // 6, size[1] // 6))
    return image


MAIN_SIZE = (1500, 1000)  # larger than the inspector box, so the preview must cover 1024x683
MAIN = _two_colour(MAIN_SIZE, (200, 30, 30), (30, 30, 200))
# The same frame in other colours: which of the two the thumbnails show says which was used.
PREVIEW_LOOK = _two_colour(MAIN_SIZE, (30, 200, 30), (200, 200, 30))


def _with_orientation(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


def _mean_colour(data: bytes) -> tuple[float, ...]:
    return tuple(ImageStat.Stat(_open(data).convert("RGB")).mean)


def _is_close(colour, expected, tolerance=25) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def _main_colour() -> tuple[float, ...]:
    return _mean_colour(jpeg_bytes(MAIN.resize((256, 171))))


def _preview_colour() -> tuple[float, ...]:
    return _mean_colour(jpeg_bytes(PREVIEW_LOOK.resize((256, 171))))


def test_a_camera_jpeg_is_thumbnailed_from_its_preview_without_decoding_the_main_image(monkeypatch):
    data = camera_jpeg(MAIN, preview=PREVIEW_LOOK)
    monkeypatch.setattr(thumbnails_module, "decode", _must_not_decode)
    thumbnails = make_thumbnails(data, "DSC_0001.JPG")
    assert _open(thumbnails["inspector"]).size == (1024, 683)
    assert _open(thumbnails["grid"]).size == (256, 171)
    assert _is_close(_mean_colour(thumbnails["grid"]), _preview_colour())
    assert _open(thumbnails["grid"]).info.get("icc_profile"), "sRGB profile as on every thumbnail"


def _must_not_decode(*_args, **_kwargs):
    raise AssertionError("the main image was decoded although its preview would do")


def test_the_analysis_reads_the_main_image_and_thumbnails_the_preview():
    analysis = analyse_photo(camera_jpeg(MAIN, preview=PREVIEW_LOOK), "DSC_0002.JPG")
    assert (analysis.info.width, analysis.info.height) == MAIN_SIZE
    assert analysis.info.format == "JPEG"
    assert _is_close(_mean_colour(analysis.thumbnails["grid"]), _preview_colour())


@pytest.mark.parametrize("orientation", range(1, 9))
def test_preview_thumbnails_are_turned_as_the_main_image_would_be(orientation):
    exif = _with_orientation(orientation)
    from_preview = make_thumbnails(camera_jpeg(MAIN, exif=exif), "camera.jpg")
    from_main = make_thumbnails(jpeg_bytes(MAIN, exif=exif), "plain.jpg")
    for size_name in THUMBNAIL_BOXES:
        preview_thumbnail, main_thumbnail = _open(from_preview[size_name]), _open(from_main[size_name])
        assert preview_thumbnail.size == main_thumbnail.size
        assert _mean_difference(preview_thumbnail, main_thumbnail) < 6, size_name


def _preview_used(data: bytes) -> bool:
    """Whether the thumbnails show the preview's colours (else the main image's)."""
    colour = _mean_colour(make_thumbnails(data, "camera.jpg")["grid"])
    assert _is_close(colour, _preview_colour()) != _is_close(colour, _main_colour())
    return _is_close(colour, _preview_colour())


def _preview_jpeg(image: Image.Image, size: tuple[int, int], **options) -> bytes:
    return jpeg_bytes(image.resize(size, Image.Resampling.BILINEAR), **options)


def test_the_main_image_is_decoded_when_no_preview_can_stand_in():
    main = jpeg_bytes(MAIN)
    assert _preview_used(with_previews(main, [(LARGE_THUMBNAIL_FULL_HD, _preview_jpeg(PREVIEW_LOOK, (1200, 800)))]))
    refusals = {
        "only a VGA preview, smaller than the inspector's": [
            (LARGE_THUMBNAIL_VGA, _preview_jpeg(PREVIEW_LOOK, (640, 427)))
        ],
        "turned a quarter for the best fit": [
            (LARGE_THUMBNAIL_FULL_HD, _preview_jpeg(PREVIEW_LOOK.transpose(Image.Transpose.ROTATE_90), (720, 1080)))
        ],
        "another frame (cropped to 2:1)": [
            (LARGE_THUMBNAIL_FULL_HD, _preview_jpeg(PREVIEW_LOOK.crop((0, 0, 1500, 750)), (1400, 700)))
        ],
        "the other eye of a stereo pair": [(DISPARITY, _preview_jpeg(PREVIEW_LOOK, (1200, 800)))],
        "larger than the main image": [(LARGE_THUMBNAIL_FULL_HD, _preview_jpeg(PREVIEW_LOOK, (1800, 1200)))],
        "a greyscale preview of a colour photo": [
            (LARGE_THUMBNAIL_FULL_HD, _preview_jpeg(PREVIEW_LOOK.convert("L"), (1200, 800)))
        ],
        "not a JPEG where the index points": [
            (LARGE_THUMBNAIL_FULL_HD, b"\x00\x00" + _preview_jpeg(PREVIEW_LOOK, (1200, 800)))
        ],
        "a JPEG whose data stops short": [(LARGE_THUMBNAIL_FULL_HD, _preview_jpeg(PREVIEW_LOOK, (1200, 800))[:3000])],
        # libjpeg fills the rest with grey and calls that a success: the scan check sees it.
        "a JPEG whose data stops short at an end marker": [
            (LARGE_THUMBNAIL_FULL_HD, _preview_jpeg(PREVIEW_LOOK, (1200, 800))[:3000] + b"\xff\xd9")
        ],
    }
    for reason, previews in refusals.items():
        assert not _preview_used(with_previews(main, previews)), reason


def test_a_main_image_with_its_own_profile_needs_a_preview_with_one():
    adobe_rgb = Image.open(io.BytesIO(corpus_bytes("news_canadian_press.jpg"))).info["icc_profile"]
    main = jpeg_bytes(MAIN, icc_profile=adobe_rgb)
    without = _preview_jpeg(PREVIEW_LOOK, (1200, 800))
    assert not _preview_used(with_previews(main, [(LARGE_THUMBNAIL_FULL_HD, without)]))
    tagged = _preview_jpeg(PREVIEW_LOOK, (1200, 800), icc_profile=adobe_rgb)
    thumbnails = make_thumbnails(with_previews(main, [(LARGE_THUMBNAIL_FULL_HD, tagged)]))
    # Converted from the preview's Adobe RGB like the main image would be, not relabelled.
    untouched = _open(tagged).convert("RGB").resize(_open(thumbnails["inspector"]).size)
    assert 0.5 < _mean_difference(_open(thumbnails["inspector"]), untouched) < 40


def test_a_square_photo_is_decoded_since_a_turned_preview_would_look_the_same():
    square = _two_colour((1100, 1100), (200, 30, 30), (30, 30, 200))
    square_preview = _two_colour((1100, 1100), (30, 200, 30), (200, 200, 30))
    thumbnails = make_thumbnails(camera_jpeg(square, preview=square_preview), "square.jpg")
    assert _is_close(_mean_colour(thumbnails["grid"]), _mean_colour(jpeg_bytes(square.resize((256, 256)))))


def test_an_index_that_disagrees_with_the_file_is_not_trusted():
    data = camera_jpeg(MAIN, preview=PREVIEW_LOOK)
    (preview,) = large_previews(data)
    # The main image does not end where the index says it does (a tool changed it and
    # kept the camera's index): the preview is not believed to show it.
    main_entry = struct.pack("<II", 0x20030000, preview.start)
    assert data.count(main_entry) == 1
    assert large_previews(data.replace(main_entry, struct.pack("<II", 0x20030000, preview.start - 16))) == []
    # Bytes slipped in before the preview: the index points at no JPEG.
    shifted = data[: preview.start] + b"\x00" * 16 + data[preview.start :]
    assert large_previews(shifted) == []


def test_a_camera_jpeg_cut_short_is_refused_as_truncated():
    data = camera_jpeg(MAIN, preview=PREVIEW_LOOK)
    (preview,) = large_previews(data)
    cut = data[: preview.start // 2]
    with pytest.raises(TruncatedImageError):
        make_thumbnails(cut, "cut.jpg")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.replace(b"MPF\x00II*\x00", b"MPF\x00XX*\x00", 1),  # no byte order
        lambda data: data.replace(b"MPF\x00II*\x00", b"MPF\x00II+\x00", 1),  # not TIFF
        lambda data: data[: data.index(b"MPF\x00") + 30],  # the index runs off the end
    ],
)
def test_a_malformed_index_offers_no_preview(damage):
    assert large_previews(damage(camera_jpeg(MAIN, preview=PREVIEW_LOOK))) == []


def test_files_without_an_index_offer_no_preview():
    for name in DECODABLE:
        assert large_previews(corpus_bytes(name)) == [], name
