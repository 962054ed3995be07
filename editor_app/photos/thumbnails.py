"""Small oriented sRGB previews for the photo grid and the inspector.

A camera JPEG carries its own large preview of the same picture (see ``mpf``): when one
covers the inspector size, both thumbnails are made from it and the 24-megapixel main image
is not decoded at all (a 1620x1080 preview decodes in ~10 ms, the main image takes ~130 ms
even at 1/4 scale, because libjpeg must read its whole entropy-coded stream). Otherwise the
photo is decoded once, at the smallest DCT scale that still covers the inspector size, and
the grid tile is then downscaled from that. The EXIF thumbnail a camera embeds is offered
separately so the grid can show something at once.
"""

from __future__ import annotations

import io

from PIL import ExifTags, Image, ImageOps

from editor_app.photos.color import srgb_profile_bytes, to_srgb
from editor_app.photos.errors import PhotoError
from editor_app.photos.jpeg_scans import require_complete_scans
from editor_app.photos.mpf import large_previews
from editor_app.photos.reading import decode, fitted_size, guarded_decoding, open_image, pixels_already_upright

# Boxes are square, so they fit portrait and landscape photos alike; largest first.
THUMBNAIL_BOXES: dict[str, tuple[int, int]] = {
    "inspector": (1024, 1024),
    "grid": (256, 256),
}
_JPEG_QUALITY = 85


def make_thumbnails(data: bytes, name: str = "photo") -> dict[str, bytes]:
    """Both thumbnail sizes of ``data`` keyed by size name ("grid", "inspector")."""
    image, _ = open_image(data, name)
    with image:
        return thumbnails_from_image(image, name, data)


def thumbnails_from_image(image: Image.Image, name: str, data: bytes | None = None) -> dict[str, bytes]:
    """Thumbnails from an opened, not yet decoded image whose file's bytes are ``data``.

    From the camera's own large preview when the file has a fitting one (``data`` is needed
    to find it); otherwise from a reduced-size decode of the image, which also validates it.
    """
    largest_box = max(THUMBNAIL_BOXES.values())
    if data is not None:
        preview = camera_preview(image, data, name, largest_box)
        if preview is not None:
            with preview:
                return _scaled_thumbnails(_turned_upright(preview, image), preview.info.get("icc_profile"))
    icc_profile = image.info.get("icc_profile")
    decoded = decode(image, name, display_box=largest_box)
    with guarded_decoding(name):
        if pixels_already_upright(decoded):
            oriented = displayable(decoded)
        else:
            oriented = ImageOps.exif_transpose(displayable(decoded))
    return _scaled_thumbnails(oriented, icc_profile)


# Resampling is most of a thumbnail's cost once the decode is reduced (Pillow resamples
# without SIMD: ~45 ms for 1620x1080 to 1024x683 with LANCZOS). The largest size is a
# step of 1x-2x down from the decode or the camera's preview, where BICUBIC differs from
# LANCZOS by under one level in 255 on average at two thirds of the time; each smaller
# size is first box-reduced by the whole factor it can be (exact for 1024 to 256), which
# leaves LANCZOS almost nothing to do.
_FIRST_STEP_FILTER = Image.Resampling.BICUBIC
_SMALLER_STEP_GAP = 1.0


def _scaled_thumbnails(oriented: Image.Image, icc_profile: bytes | None) -> dict[str, bytes]:
    """Each thumbnail size of the upright, displayable ``oriented`` (which it shrinks in place)."""
    # ``oriented`` is our own copy, so shrinking it in place step by step is safe: each
    # smaller size is made from the previous one instead of from the decode again.
    thumbnails = {}
    for step, (size_name, box) in enumerate(sorted(THUMBNAIL_BOXES.items(), key=lambda item: -item[1][0])):
        if step == 0:
            oriented.thumbnail(box, _FIRST_STEP_FILTER)
        else:
            oriented.thumbnail(box, Image.Resampling.LANCZOS, reducing_gap=_SMALLER_STEP_GAP)
        thumbnails[size_name] = encode_preview(to_srgb(oriented, icc_profile))
    return thumbnails


# A preview whose width-to-height ratio is this close to the main image's shows the same
# frame (cameras round the preview's size to whole pixels, or to multiples of 8 or 16).
_SAME_ASPECT_TOLERANCE = 0.01
# Below this difference from square, a preview turned a quarter (which the MPF standard
# allows "for the best fit") could not be told from an upright one by its shape.
_NEAR_SQUARE = 0.02


def camera_preview(image: Image.Image, data: bytes, name: str, display_box: tuple[int, int]) -> Image.Image | None:
    """The camera's large preview of the JPEG ``image``, decoded, when it can stand in for the
    main image at ``display_box``; None when the file has none that can.

    It can when it is the same frame in the same stored orientation (its shape matches a
    main image that is not near square, so a preview turned "for the best fit" is refused),
    in the same colour mode and profile, at least as large as the main image fitted into
    the box (never larger than the main image itself), and whole. The main image's EXIF
    orientation then applies to it as it would to the main image. A preview that fails to
    decode only means the main image is decoded instead.
    """
    if image.format not in ("JPEG", "MPO") or image.mode not in ("RGB", "L"):
        return None
    width, height = image.size
    if abs(width / height - 1) < _NEAR_SQUARE:
        return None
    box = display_box
    if _exif_orientation(image) in (5, 6, 7, 8):
        box = (display_box[1], display_box[0])
    needed = fitted_size(image.size, box)
    icc_profile = image.info.get("icc_profile")
    for candidate in sorted(large_previews(data), key=lambda found: found.size):
        preview_data = candidate.bytes_of(data)
        try:
            require_complete_scans(preview_data, name)
            with guarded_decoding(name):
                preview = Image.open(io.BytesIO(preview_data), formats=["JPEG"])
                preview_width, preview_height = preview.size
                fits = (
                    preview.mode == image.mode
                    and abs((preview_width / preview_height) / (width / height) - 1) <= _SAME_ASPECT_TOLERANCE
                    and needed[0] <= preview_width <= width
                    and needed[1] <= preview_height <= height
                    and (preview.info.get("icc_profile") or not icc_profile)
                )
                if not fits:
                    preview.close()
                    continue
                preview.draft(preview.mode, needed)
                preview.load()
        except PhotoError:
            continue
        return preview
    return None


def _exif_orientation(image: Image.Image) -> int:
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    return orientation if orientation in range(1, 9) else 1


def _turned_upright(preview: Image.Image, image: Image.Image) -> Image.Image:
    """The decoded ``preview`` turned by the main ``image``'s EXIF orientation, as
    ``ImageOps.exif_transpose`` turns the main image (which reads only EXIF too)."""
    transpose = _ORIENTATION_TRANSPOSE.get(_exif_orientation(image))
    return preview.transpose(transpose) if transpose is not None else preview


def displayable(image: Image.Image) -> Image.Image:
    """``image`` in a mode Pillow can resample and orient (L, LA, RGB, RGBA or CMYK).

    TIFFs arrive as 16-bit greyscale (I;16, I;16B), 32-bit integer or float samples,
    palettes with transparency, or 1-bit; resampling refuses most of these ("image has
    wrong mode"). Deep samples are scaled to 8 bits over their actual range, so a float
    image in 0..1 and a 12-bit scan in 0..4095 both show their full contrast.
    """
    mode = image.mode
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return image
    if mode in ("P", "PA"):
        return image.convert("RGBA" if mode == "PA" or "transparency" in image.info else "RGB")
    if mode in ("1",):
        return image.convert("L")
    if mode in ("La", "RGBa"):
        return image.convert("LA" if mode == "La" else "RGBA")
    if mode.startswith("I") or mode == "F":
        deep = image.convert("F")
        low, high = deep.getextrema()
        scale = 255.0 / (high - low) if high > low else 0.0
        return deep.point(lambda value: (value - low) * scale).convert("L")
    return image.convert("RGBA" if "A" in mode else "RGB")


def encode_preview(image: Image.Image) -> bytes:
    """JPEG for opaque images, PNG when there is transparency to keep; sRGB profile embedded."""
    image.info = {}  # encoders fall back to info (a JPEG comment, EXIF) for what they are not given
    out = io.BytesIO()
    if image.mode == "RGBA" and image.getchannel("A").getextrema()[0] < 255:
        image.save(out, "PNG", icc_profile=srgb_profile_bytes(), optimize=False)
    else:
        image.convert("RGB").save(out, "JPEG", quality=_JPEG_QUALITY, icc_profile=srgb_profile_bytes())
    return out.getvalue()


def embedded_preview(data: bytes, name: str = "photo") -> bytes | None:
    """The camera's own EXIF (IFD1) thumbnail, turned upright, or None when the file has none.

    Costs a fraction of a millisecond because no main-image pixels are decoded, so the grid
    can show a tile before the real thumbnails are made.
    """
    image, _ = open_image(data, name, check_pixel_data=False)  # only the EXIF block is read
    with image:
        raw_exif = image.info.get("exif")
        if not raw_exif:
            return None
        exif = image.getexif()
        try:
            ifd1 = exif.get_ifd(ExifTags.IFD.IFD1)
        except (KeyError, ValueError, OSError, SyntaxError):
            return None
        orientation = exif.get(ExifTags.Base.Orientation, 1)
    offset = ifd1.get(ExifTags.Base.JpegIFOffset)
    length = ifd1.get(ExifTags.Base.JpegIFByteCount)
    if not offset or not length:
        return None
    tiff = raw_exif[6:] if raw_exif.startswith(b"Exif\x00\x00") else raw_exif
    preview = tiff[offset : offset + length]
    if not preview.startswith(b"\xff\xd8"):
        return None
    if orientation in (1, None) or orientation not in range(2, 9):
        return preview
    try:
        with Image.open(io.BytesIO(preview), formats=["JPEG"]) as small:
            with guarded_decoding(name):
                small.load()
            upright = small.transpose(_ORIENTATION_TRANSPOSE[orientation])
            out = io.BytesIO()
            upright.convert("RGB").save(out, "JPEG", quality=_JPEG_QUALITY)
            return out.getvalue()
    except Exception:  # noqa: BLE001 - a broken embedded thumbnail only means no early tile
        return None


# The transpose that makes an image with EXIF orientation N upright (as ImageOps.exif_transpose does).
_ORIENTATION_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
