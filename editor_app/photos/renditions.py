"""Export copies of a photo: rebuilt from pixels, carrying only the metadata we choose.

A published photo must not leak where it was taken (EXIF GPS, XMP location), which
camera took it (serial numbers in maker notes), or what it looked like before cropping
(the EXIF thumbnail). Rather than deleting known-bad tags from the original (a blacklist
always misses one), a rendition is encoded from pixels with nothing inherited, and then
given a fresh XMP packet and IPTC IIM block written from the placement's caption, creator,
credit, copyright and alt text: the two containers newsroom tools and CMSes read.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass

from PIL import ExifTags, Image, ImageOps, PngImagePlugin

from editor_app.photos import iim
from editor_app.photos.color import srgb_profile_bytes, to_srgb
from editor_app.photos.reading import CREATOR_SEPARATOR, decode, guarded_decoding, open_image
from editor_app.photos.xmp import build_xmp_packet

# Bump when the rendering changes so exporters do not reuse stale files named by key.
RENDITION_VERSION = 2  # 2: the embedded sRGB profile carries a fixed date, not the render time
JPEG_QUALITY = 85


@dataclass(frozen=True)
class RenditionMetadata:
    """The words that travel with an exported photo."""

    caption: str = ""
    creator: str = ""  # several creators separated by "; "
    credit: str = ""
    copyright: str = ""
    alt_text: str = ""
    headline: str = ""
    source: str = ""

    @property
    def creators(self) -> list[str]:
        return [name.strip() for name in self.creator.split(CREATOR_SEPARATOR.strip()) if name.strip()]


@dataclass(frozen=True)
class Rendition:
    data: bytes
    mime: str
    extension: str  # without the dot
    width: int
    height: int


def rendition_key(sha256: str, width: int, meta: RenditionMetadata) -> str:
    """A short stable name for a rendition: same original, width and words give the same key."""
    material = json.dumps(
        {"sha256": sha256, "width": width, "meta": asdict(meta), "version": RENDITION_VERSION},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


def render_rendition(original: bytes, width: int, meta: RenditionMetadata, name: str = "photo") -> Rendition:
    """An upright sRGB copy at most ``width`` pixels wide (never upscaled) with fresh metadata.

    JPEG, unless the original has real transparency: then WebP for a WebP original and PNG
    otherwise.
    """
    if width < 1:
        raise ValueError(f"rendition width must be positive, not {width}")
    image, image_format = open_image(original, name)
    with image:
        icc_profile = image.info.get("icc_profile")
        display_width, display_height = _display_size(image)
        target_width = min(width, display_width)
        target_height = max(1, round(display_height * target_width / display_width))
        decoded = decode(image, name, display_box=(target_width, target_height))
        with guarded_decoding(name):
            upright = ImageOps.exif_transpose(decoded)
        if upright.size != (target_width, target_height):
            upright = upright.resize((target_width, target_height), Image.Resampling.LANCZOS)
        pixels = to_srgb(upright, icc_profile)
    # Encoders fall back to ``info`` for what they are not given (Pillow's JPEG writer copies
    # a source COM comment this way), so nothing of the original's info may reach them.
    pixels.info = {}

    packet = build_xmp_packet(
        description=meta.caption,
        creators=meta.creators,
        rights=meta.copyright,
        credit=meta.credit,
        alt_text=meta.alt_text,
        headline=meta.headline,
        source=meta.source,
    )
    if pixels.mode == "RGBA" and pixels.getchannel("A").getextrema()[0] < 255:
        if image_format.name == "WEBP":
            return _encode_webp(pixels, packet)
        return _encode_png(pixels, packet)
    return _encode_jpeg(pixels.convert("RGB"), packet, meta)


def _display_size(image: Image.Image) -> tuple[int, int]:
    orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    if orientation in (5, 6, 7, 8):
        return image.size[1], image.size[0]
    return image.size


def _encode_jpeg(pixels: Image.Image, packet: bytes, meta: RenditionMetadata) -> Rendition:
    out = io.BytesIO()
    pixels.save(
        out,
        "JPEG",
        quality=JPEG_QUALITY,
        optimize=True,
        icc_profile=srgb_profile_bytes(),
        exif=_ascii_exif(meta),
        xmp=packet,
    )
    segment = iim.photoshop_app13(
        iim.build_iim(
            [
                (iim.CAPTION, meta.caption),
                *((iim.BYLINE, creator) for creator in meta.creators),
                (iim.CREDIT, meta.credit),
                (iim.COPYRIGHT, meta.copyright),
                (iim.HEADLINE, meta.headline),
                (iim.SOURCE, meta.source),
            ]
        )
    )
    data = iim.splice_app13(out.getvalue(), segment)
    return Rendition(data, "image/jpeg", "jpg", pixels.width, pixels.height)


def _encode_png(pixels: Image.Image, packet: bytes) -> Rendition:
    chunks = PngImagePlugin.PngInfo()
    chunks.add_itxt("XML:com.adobe.xmp", packet.decode("utf-8"))
    out = io.BytesIO()
    pixels.save(out, "PNG", pnginfo=chunks, icc_profile=srgb_profile_bytes(), optimize=True)
    return Rendition(out.getvalue(), "image/png", "png", pixels.width, pixels.height)


def _encode_webp(pixels: Image.Image, packet: bytes) -> Rendition:
    out = io.BytesIO()
    pixels.save(out, "WEBP", quality=JPEG_QUALITY, xmp=packet, icc_profile=srgb_profile_bytes())
    return Rendition(out.getvalue(), "image/webp", "webp", pixels.width, pixels.height)


def _ascii_exif(meta: RenditionMetadata) -> Image.Exif:
    """A whitelisted EXIF block: only credit-bearing ASCII text.

    Pillow writes EXIF text as ASCII and replaces anything else with "?", so non-ASCII
    values are left to XMP and IIM, which carry them intact.
    """
    exif = Image.Exif()
    for tag, value in (
        (ExifTags.Base.ImageDescription, meta.caption),
        (ExifTags.Base.Artist, meta.creator),
        (ExifTags.Base.Copyright, meta.copyright),
    ):
        if value and value.isascii():
            exif[tag] = value
    return exif
