"""Recognise an image format from the first bytes of a file.

Extensions lie (a README saved as ``photo.jpg``, an XMP sidecar renamed ``.jpg``), so
the importer decides what a file is from its content alone, and refuses anything that
is not one of the few formats a newsroom photo arrives in.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor_app.photos.raw import RAW_REFUSAL, identify_raw


@dataclass(frozen=True)
class ImageFormat:
    """An accepted format: ``pillow_format`` is what Pillow names it, ``mime`` what we store."""

    name: str  # the value stored as Photo.format
    mime: str
    pillow_format: str


JPEG = ImageFormat("JPEG", "image/jpeg", "JPEG")
PNG = ImageFormat("PNG", "image/png", "PNG")
WEBP = ImageFormat("WEBP", "image/webp", "WEBP")
TIFF = ImageFormat("TIFF", "image/tiff", "TIFF")
HEIC = ImageFormat("HEIF", "image/heic", "HEIF")  # HEVC-coded HEIF, what phones write
HEIF = ImageFormat("HEIF", "image/heif", "HEIF")

# ISO-BMFF brands (ftyp box) that mean a HEVC still image or a generic HEIF still image.
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_BRANDS = {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}

# Formats we can name but do not accept. The Pillow name, when Pillow can parse the
# header, lets the reader still report a decompression bomb as such. The last field says
# whether it is a picture at all: a folder import lists a refused picture with its reason
# but passes over documents and other files quietly.
_UNSUPPORTED_SIGNATURES: tuple[tuple[bytes, str, str | None, bool], ...] = (
    (b"GIF87a", "GIF images are not supported", "GIF", True),
    (b"GIF89a", "GIF images are not supported", "GIF", True),
    (b"8BPS", "this is a Photoshop document (PSD); export it as JPEG, PNG or TIFF first", "PSD", True),
    (b"%!PS-Adobe", "this is a PostScript/EPS file, not a photo", None, False),
    (b"\xc5\xd0\xd3\xc6", "this is an EPS file, not a photo", None, False),
    (b"%PDF", "this is a PDF document, not an image", None, False),
    (b"BM", "BMP images are not supported", "BMP", True),
    (b"\x00\x00\x01\x00", "ICO icons are not supported", "ICO", True),
    (b"\xff\x4f\xff\x51", "JPEG 2000 images are not supported", None, True),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000 images are not supported", None, True),
    (b"\xff\x0a", "JPEG XL images are not supported", None, True),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL images are not supported", None, True),
    (b"II+\x00", "BigTIFF images are not supported; save it as a standard TIFF or a JPEG", None, True),
    (b"MM\x00+", "BigTIFF images are not supported; save it as a standard TIFF or a JPEG", None, True),
    (b"gimp xcf", "this is a GIMP document (XCF); export it as JPEG, PNG or TIFF first", None, True),
    (b"v/1\x01", "OpenEXR images are not supported", None, True),
    (b"#?RADIANCE", "Radiance HDR images are not supported", None, True),
    (b"qoif", "QOI images are not supported", None, True),
    (b"DDS ", "DirectDraw Surface (DDS) textures are not supported", None, True),
    (b"icns", "Apple ICNS icons are not supported", None, True),
    (b"PK\x03\x04", "this is a ZIP archive, not an image", None, False),
)
# Netpbm (P1-P7 followed by whitespace) has no longer magic than this.
_NETPBM = {b"P1", b"P2", b"P3", b"P4", b"P5", b"P6", b"P7"}
# Enough of a file's start to recognise any of the formats above.
SNIFF_BYTES = 64


@dataclass(frozen=True)
class Sniffed:
    """The outcome of sniffing: an accepted ``format``, or why not (and a Pillow name to probe)."""

    format: ImageFormat | None
    refusal: str = ""
    pillow_format: str | None = None
    is_picture: bool = True  # False for documents, text, video and unknown bytes


def sniff(data: bytes, name: str = "") -> Sniffed:
    """Say what ``data`` is by its magic bytes, never by its file name.

    ``name`` only helps tell a camera RAW file whose structure is a plain TIFF with a
    camera maker from a TIFF that camera wrote (see ``raw.identify_raw``).
    """
    head = data[:SNIFF_BYTES]
    raw_kind = identify_raw(data, name)
    if raw_kind:
        return Sniffed(None, RAW_REFUSAL.format(kind=raw_kind), is_picture=True)
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(JPEG)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(PNG)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed(WEBP)
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return Sniffed(TIFF)
    if head[4:8] == b"ftyp":
        return _sniff_iso_media(data)
    for signature, refusal, pillow_format, is_picture in _UNSUPPORTED_SIGNATURES:
        if head.startswith(signature):
            return Sniffed(None, refusal, pillow_format, is_picture)
    if head[:2] in _NETPBM and head[2:3].isspace():
        return Sniffed(None, "Netpbm (PPM/PGM/PBM) images are not supported", is_picture=True)
    return Sniffed(None, _describe_unknown(data), is_picture=False)


def _sniff_iso_media(data: bytes) -> Sniffed:
    box_size = int.from_bytes(data[:4], "big")
    major = data[8:12]
    compatible = {data[i : i + 4] for i in range(16, min(box_size, 64), 4)}
    brands = {major} | compatible
    if brands & _AVIF_BRANDS:
        return Sniffed(None, "AVIF images are not supported", is_picture=True)
    if major in _HEIC_BRANDS or (major in _HEIF_BRANDS and compatible & _HEIC_BRANDS):
        return Sniffed(HEIC)
    if major in _HEIF_BRANDS:
        return Sniffed(HEIF)
    return Sniffed(
        None, f"this is a video or other ISO media file (brand {major.decode('latin-1')!r}), not a photo", is_picture=False
    )


def _describe_unknown(data: bytes) -> str:
    if not data:
        return "the file is empty"
    sample = data[:4096]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character cut at the sample boundary is still text.
        try:
            text = sample[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return "the content is not a recognised image format"
    if any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text):
        return "the content is not a recognised image format"
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if "<x:xmpmeta" in lowered or lowered.startswith("<?xpacket"):
        return "this is an XMP metadata sidecar (XML text), not an image"
    if lowered.startswith("<svg") or ("<svg" in lowered[:1024] and lowered.startswith("<?xml")):
        return "SVG drawings are not supported"
    if lowered.startswith(("<!doctype html", "<html")):
        return "this is an HTML page, not an image"
    return "plain text, not an image"
