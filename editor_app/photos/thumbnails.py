"""Small oriented sRGB previews for the photo grid and the inspector.

A 24-megapixel JPEG is decoded once, at the smallest DCT scale that still covers the
inspector size (libjpeg can decode at 1/2, 1/4 or 1/8 scale far faster than at full
size), and the grid tile is then downscaled from that. The EXIF thumbnail a camera
already embeds is offered separately so the grid can show something at once.
"""

from __future__ import annotations

import io

from PIL import ExifTags, Image, ImageOps

from editor_app.photos.color import srgb_profile_bytes, to_srgb
from editor_app.photos.reading import decode, guarded_decoding, open_image, pixels_already_upright

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
        return thumbnails_from_image(image, name)


def thumbnails_from_image(image: Image.Image, name: str) -> dict[str, bytes]:
    """Thumbnails from an opened, not yet decoded image (the decode also validates it)."""
    icc_profile = image.info.get("icc_profile")
    largest_box = max(THUMBNAIL_BOXES.values())
    decoded = decode(image, name, display_box=largest_box)
    with guarded_decoding(name):
        if pixels_already_upright(decoded):
            oriented = displayable(decoded)
        else:
            oriented = ImageOps.exif_transpose(displayable(decoded))
    # ``oriented`` is our own copy, so shrinking it in place step by step is safe: each
    # smaller size is made from the previous one instead of from the decode again.
    thumbnails = {}
    for size_name, box in sorted(THUMBNAIL_BOXES.items(), key=lambda item: -item[1][0]):
        oriented.thumbnail(box, Image.Resampling.LANCZOS)
        thumbnails[size_name] = encode_preview(to_srgb(oriented, icc_profile))
    return thumbnails


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
