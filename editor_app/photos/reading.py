"""Open a photo safely and read what its file says about it.

Safety first: the format is sniffed from the content (camera RAW files, BigTIFF and other
formats are refused by name), Pillow's decompression-bomb warning is an error, and
truncated files are refused (``ImageFile.LOAD_TRUNCATED_IMAGES`` is never turned on).

Metadata is read from all three containers a newsroom photo may carry (XMP, IPTC IIM,
EXIF), each kept as the file said it in ``PhotoInfo.embedded``, wherever the format keeps
them: JPEG and MPO (a JPEG carrying several pictures) in APP1/APP13, TIFF in tags 700,
33723 and 34377, PNG in iTXt/zTXt ``XML:com.adobe.xmp`` and in ImageMagick's hex
``Raw profile type xmp/iptc/8bim`` text chunks, WebP and HEIF in their chunks.

Which source wins when they disagree follows the Metadata Working Group's guidelines:

* IPTC IIM against XMP: Photoshop stores an ``IPTCDigest`` resource (0x0425, the MD5 of
  the IIM block) when it writes both. If that digest is present, not all zeros and does
  *not* match the MD5 of the current IIM block, a legacy tool edited IIM after the XMP was
  written, so IIM wins. If it matches, is absent or is all zeros (as some tools write it),
  XMP wins.
* XMP (or IIM, when it won) over EXIF, except the date taken, where the camera's EXIF
  DateTimeOriginal wins.

A date that does not parse (blank camera dates such as ``"    :  :     :  :  "``) is no
date; EXIF text is cut at its first NUL; a GPS block with empty or zero coordinates, or
``GPSStatus`` V (void), is not a location (``embedded["location_note"]`` says it was there).
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

from PIL import ExifTags, Image, TiffImagePlugin, UnidentifiedImageError

from editor_app.photos import iim, xmp
from editor_app.photos.errors import (
    CorruptImageError,
    ImageTooLargeError,
    PhotoError,
    TruncatedImageError,
    UnsupportedImageError,
)
from editor_app.photos.formats import JPEG, ImageFormat, sniff
from editor_app.photos.jpeg_scans import require_complete_scans
from editor_app.photos.raw import first_ifd_tags

# The text fields reconciled across containers, in the order the inspector shows them.
TEXT_FIELDS = (
    "description",
    "creator",
    "credit",
    "copyright",
    "source",
    "headline",
    "title",
    "city",
    "country",
    "alt_text",
    "usage_terms",
    "camera_make",
    "camera_model",
)
CREATOR_SEPARATOR = "; "  # how exiftool and Photo Mechanic show several creators

_EXIF_IFD = ExifTags.IFD.Exif
_GPS_IFD = ExifTags.IFD.GPSInfo
_DATE_TIME_ORIGINAL = 0x9003
_GPS_LATITUDE = 2
_GPS_LONGITUDE = 4
_GPS_STATUS = 9
_TIFF_IPTC = 33723
_TIFF_PHOTOSHOP = 34377
_TIFF_WIDTH, _TIFF_HEIGHT, _TIFF_COMPRESSION = 256, 257, 259
EMPTY_GPS_NOTE = "GPS block present but empty"
# Formats whose metadata lives in JPEG segments (an MPO is a JPEG carrying several pictures).
_JPEG_LIKE = ("JPEG", "MPO")
_EXIF_DATE = re.compile(r"(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?([+-]\d{2}:?\d{2}|Z)?)?$")


@dataclass(frozen=True)
class PhotoInfo:
    """What a photo file is and what it says about itself, before any editing."""

    format: str
    mime: str
    width: int  # stored pixels, before orientation
    height: int
    orientation: int  # EXIF 1-8; 1 when the file does not say
    has_alpha: bool
    taken_at: str | None  # ISO 8601 as recorded (no time zone unless the file gave one)
    description: str
    creator: str
    credit: str
    copyright: str
    source: str
    headline: str
    title: str
    city: str
    country: str
    alt_text: str
    usage_terms: str
    camera_make: str
    camera_model: str
    has_location: bool
    location_sources: tuple[str, ...]
    keywords: tuple[str, ...]
    embedded: dict = field(default_factory=dict, compare=False)

    @property
    def display_size(self) -> tuple[int, int]:
        """Pixel size once the orientation is applied."""
        if self.orientation in (5, 6, 7, 8):
            return self.height, self.width
        return self.width, self.height


@cache
def _register_heif_opener() -> None:
    # Done on first use rather than at import so that importing the package has no side effects.
    import pillow_heif

    pillow_heif.register_heif_opener()


@contextmanager
def guarded_decoding(name: str) -> Iterator[None]:
    """Turn Pillow's failure modes into PhotoErrors naming ``name``.

    The bomb *warning* (between 1x and 2x ``MAX_IMAGE_PIXELS``) becomes an error too: a
    newsroom photo is never 90 megapixels, and a hostile file must not get to allocate them.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        # Odd but harmless TIFF tag counts (the IPTC tag in many files) are not the editor's problem.
        warnings.filterwarnings("ignore", message="Metadata Warning", category=UserWarning)
        try:
            yield
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageTooLargeError(
                name, f"the image declares too many pixels to decode safely, likely a decompression bomb ({exc})"
            ) from exc
        except OSError as exc:
            if "truncated" in str(exc):
                raise TruncatedImageError(name, "the file is truncated: its image data ends early (incomplete copy or download?)") from exc
            raise CorruptImageError(name, f"the image data is damaged and cannot be decoded ({exc})") from exc
        except (SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError) as exc:
            # Pillow's plugins signal malformed structures with these.
            raise CorruptImageError(name, f"the image data is damaged and cannot be decoded ({exc})") from exc


def open_image(data: bytes, name: str, *, check_pixel_data: bool = True) -> tuple[Image.Image, ImageFormat]:
    """Sniff and open ``data`` without decoding its pixels (header and metadata only).

    A JPEG whose image data is too short for the size its header declares is refused here,
    unless ``check_pixel_data`` is False, for a caller that never decodes the main image.
    """
    sniffed = sniff(data, name)
    if sniffed.format is None:
        if sniffed.pillow_format:
            # Parse the header only to say "bomb" rather than "unsupported" when it is one.
            with guarded_decoding(name):
                try:
                    Image.open(io.BytesIO(data), formats=[sniffed.pillow_format]).close()
                except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
                    pass
        raise UnsupportedImageError(name, sniffed.refusal)
    image_format = sniffed.format
    if image_format is JPEG and check_pixel_data:
        # libjpeg fills a scan that stops early with grey and Pillow calls that a success.
        require_complete_scans(data, name)
    if image_format.pillow_format == "HEIF":
        _register_heif_opener()
    try:
        with guarded_decoding(name):
            try:
                image = Image.open(io.BytesIO(data), formats=[image_format.pillow_format])
            except UnidentifiedImageError as exc:
                raise CorruptImageError(
                    name, f"it starts like a {image_format.name} file but its header cannot be read"
                ) from exc
    except CorruptImageError as exc:
        # Pillow fails to open a TIFF whose compression it has no name for (JPEG 2000, ...).
        compression = first_ifd_tags(data).get(_TIFF_COMPRESSION)
        if compression is not None and compression not in TiffImagePlugin.COMPRESSION_INFO:
            raise UnsupportedImageError(name, _unsupported_tiff_compression("TIFF", compression)) from exc
        raise
    return image, image_format


def fitted_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with ``size``'s aspect ratio inside ``box``; never larger than ``size``."""
    width, height = size
    scale = min(box[0] / width, box[1] / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def decode(image: Image.Image, name: str, display_box: tuple[int, int] | None = None) -> Image.Image:
    """Decode the pixels, for a JPEG at the smallest DCT scale that still covers ``display_box``.

    Decoding is also the validation: a truncated or corrupt file fails here. ``draft`` only
    reduces when both dimensions stay at least the requested size, so it is given the
    fitted size in stored orientation rather than the (display-oriented) box.
    """
    if display_box is not None and image.format in _JPEG_LIKE:
        box = display_box
        if _orientation_of(image) in (5, 6, 7, 8):
            box = (display_box[1], display_box[0])
        image.draft(image.mode, fitted_size(image.size, box))
    try:
        with guarded_decoding(name):
            image.load()
    except CorruptImageError as exc:
        refusal = _unsupported_tiff_compression(image.format, image.info.get("compression"))
        if refusal:
            raise UnsupportedImageError(name, refusal) from exc
        raise
    return image


# TIFF compressions Pillow knows by name but that libtiff only decodes when built with them,
# and those it does not know at all: a file using one is unsupported, not damaged.
_OPTIONAL_TIFF_CODECS = {
    "webp": "WebP", "zstd": "Zstandard", "lzma": "LZMA", "jpeg": "old-style JPEG", "tiff_jpeg": "JPEG",
    "tiff_sgilog": "SGI LogLuv", "tiff_sgilog24": "SGI LogLuv", "tiff_thunderscan": "ThunderScan",
}  # fmt: skip
_UNKNOWN_TIFF_CODECS = {
    34712: "JPEG 2000", 34892: "lossy JPEG (DNG)", 34933: "PNG", 34934: "JPEG XR", 50002: "JPEG XL",
    52546: "JPEG XL", 34661: "JBIG", 9: "JBIG", 10: "JBIG2",
}  # fmt: skip


def _unsupported_tiff_compression(pillow_format: str | None, compression: object) -> str:
    if pillow_format != "TIFF":
        return ""
    if isinstance(compression, int):
        label = _UNKNOWN_TIFF_CODECS.get(compression, f"number {compression}")
    elif compression in _OPTIONAL_TIFF_CODECS:
        label = _OPTIONAL_TIFF_CODECS[compression]
    else:
        return ""
    return f"TIFF with {label} compression is not supported by this build"


def read_photo(data: bytes, name: str) -> PhotoInfo:
    """Read and validate a photo: format by content, metadata from every container, pixels decodable."""
    image, image_format = open_image(data, name)
    with image:
        info = describe_image(image, image_format, name)
        decode(image, name, display_box=(64, 64))
    return info


def describe_image(image: Image.Image, image_format: ImageFormat, name: str) -> PhotoInfo:
    """Build PhotoInfo from an opened (not necessarily decoded) image."""
    with guarded_decoding(name):
        exif = image.getexif()
        xmp_document = xmp.parse_xmp(_xmp_packet(image))
        iim_block, iptc_digest = _iim_block_and_digest(image)
    raw_iim = iim.parse_iim(iim_block)
    from_xmp = _fields_from_xmp(xmp_document) if xmp_document else {}
    from_iim = _fields_from_iim(iim.decode_iim(raw_iim))
    from_exif = _fields_from_exif(exif)

    iim_edited_after_xmp = iim.iptc_digest_is_stale(iim_block, iptc_digest)
    preferred = (from_iim, from_xmp) if iim_edited_after_xmp else (from_xmp, from_iim)
    reconciled = {}
    for name_ in TEXT_FIELDS:
        reconciled[name_] = _first_present(name_, *preferred, from_exif)
    taken_at = _first_present("taken_at", from_exif, *preferred) or None
    keywords = preferred[0].get("keywords") or preferred[1].get("keywords") or []

    location_sources = []
    gps = _safe_ifd(exif, _GPS_IFD)
    if _gps_has_coordinates(gps):
        location_sources.append("EXIF GPS IFD")
    if xmp_document:
        location_sources.extend(xmp_document.location_sources())

    orientation = from_exif.get("orientation") or from_xmp.get("orientation") or 1
    embedded = {
        container: values
        for container, values in (("xmp", from_xmp), ("iptc", from_iim), ("exif", from_exif))
        if values
    }
    if raw_iim.get((1, 90)) == iim.UTF8_MARKER:
        embedded.setdefault("iptc", {})["coded_character_set"] = "UTF-8"
    if iim_edited_after_xmp:
        embedded["iptc_edited_after_xmp"] = True
    if gps and not location_sources:
        embedded["location_note"] = EMPTY_GPS_NOTE

    stored_width, stored_height = _stored_size(image)
    return PhotoInfo(
        format=image_format.name,
        mime=image_format.mime,
        width=stored_width,
        height=stored_height,
        orientation=orientation,
        has_alpha=_declares_alpha(image),
        taken_at=taken_at,
        **reconciled,
        has_location=bool(location_sources),
        location_sources=tuple(location_sources),
        keywords=tuple(keywords),
        embedded=embedded,
    )


def _first_present(field_name: str, *containers: dict) -> str:
    for values in containers:
        value = values.get(field_name)
        if isinstance(value, list):
            value = CREATOR_SEPARATOR.join(value)
        if value:
            return value
    return ""


def _stored_size(image: Image.Image) -> tuple[int, int]:
    """Pixels as stored, before orientation.

    Pillow reports a TIFF with orientation 5-8 already turned (and turns its pixels upright
    when it loads them), so the stored size comes from the TIFF's own tags there.
    """
    if image.format == "TIFF":
        width, height = image.tag_v2.get(_TIFF_WIDTH), image.tag_v2.get(_TIFF_HEIGHT)
        if isinstance(width, int) and isinstance(height, int):
            return width, height
    return image.size


def pixels_already_upright(image: Image.Image) -> bool:
    """True when Pillow applied the file's orientation itself while loading (TIFF does)."""
    return image.format == "TIFF" and ExifTags.Base.Orientation not in image.tag_v2


def _xmp_packet(image: Image.Image) -> bytes | str | None:
    info = image.info
    # Pillow keeps a PNG's iTXt packet as "xmp" but a zTXt/tEXt one under its keyword.
    packet = info.get("xmp") or info.get("XML:com.adobe.xmp")
    if not packet and image.format == "PNG":
        packet = _imagemagick_raw_profile(info.get("Raw profile type xmp"))
    return packet


def _iim_block_and_digest(image: Image.Image) -> tuple[bytes | None, bytes | None]:
    """The IIM block and the Photoshop IPTCDigest stored beside it (either may be None)."""
    resources: dict = {}
    block = None
    if image.format in _JPEG_LIKE:
        resources = image.info.get("photoshop") or {}
    elif image.format == "TIFF":
        tag_data = getattr(image.tag_v2, "_tagdata", {})  # raw bytes: Photoshop tags IIM as LONGs
        resources = iim.parse_photoshop_resources(_as_bytes(tag_data.get(_TIFF_PHOTOSHOP)))
        block = _as_bytes(tag_data.get(_TIFF_IPTC))
    elif image.format == "PNG":
        resources = iim.parse_photoshop_resources(_imagemagick_raw_profile(image.info.get("Raw profile type 8bim")))
        block = _imagemagick_raw_profile(image.info.get("Raw profile type iptc"))
        if block and block.startswith(b"8BIM"):  # ImageMagick sometimes keeps the whole resource block here
            resources, block = iim.parse_photoshop_resources(block), None
    block = block or _as_bytes(resources.get(iim.IPTC_RESOURCE))
    return block, _as_bytes(resources.get(iim.IPTC_DIGEST_RESOURCE))


def _as_bytes(value: object) -> bytes | None:
    return value if isinstance(value, bytes) and value else None


def _imagemagick_raw_profile(text: str | bytes | None) -> bytes | None:
    """Decode ImageMagick's "\\nxmp\\n   LEN\\nHEX..." PNG text chunk to the profile bytes."""
    if not text:
        return None
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    parts = text.split(None, 2)  # the profile name, the decimal length, the hex dump
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    try:
        data = bytes.fromhex("".join(parts[2].split()))
    except ValueError:
        return None
    return data[: int(parts[1])] or None


def _declares_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info


def _orientation_of(image: Image.Image) -> int:
    value = image.getexif().get(ExifTags.Base.Orientation)
    if value in range(1, 9):
        return value
    document = xmp.parse_xmp(image.info.get("xmp"))
    if document:
        return _parse_orientation(document.text(xmp.TIFF, "Orientation")) or 1
    return 1


def _parse_orientation(value: object) -> int | None:
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if 1 <= number <= 8 else None


# ---- per-container readers: each returns {field: value} holding only what the file says


def _fields_from_xmp(document: xmp.XmpDocument) -> dict:
    values = {
        "description": document.text(xmp.DC, "description"),
        "creator": document.items(xmp.DC, "creator"),
        "credit": document.text(xmp.PHOTOSHOP, "Credit"),
        "copyright": document.text(xmp.DC, "rights"),
        "source": document.text(xmp.PHOTOSHOP, "Source"),
        "headline": document.text(xmp.PHOTOSHOP, "Headline"),
        "title": document.text(xmp.DC, "title"),
        "city": document.text(xmp.PHOTOSHOP, "City"),
        "country": document.text(xmp.PHOTOSHOP, "Country"),
        "alt_text": document.text(xmp.IPTC_CORE, "AltTextAccessibility"),
        "usage_terms": document.text(xmp.XMP_RIGHTS, "UsageTerms"),
        "camera_make": document.text(xmp.TIFF, "Make"),
        "camera_model": document.text(xmp.TIFF, "Model"),
        "keywords": document.items(xmp.DC, "subject"),
        "taken_at": _exif_date(document.text(xmp.PHOTOSHOP, "DateCreated"))
        or _exif_date(document.text(xmp.EXIF, "DateTimeOriginal")),
        "orientation": _parse_orientation(document.text(xmp.TIFF, "Orientation")),
    }
    return {key: value for key, value in values.items() if value}


def _fields_from_iim(datasets: dict) -> dict:
    def single(key: tuple[int, int]) -> str:
        value = datasets.get(key, "")
        return value[0] if isinstance(value, list) and value else value or ""

    def many(key: tuple[int, int]) -> list[str]:
        value = datasets.get(key, [])
        return [v for v in (value if isinstance(value, list) else [value]) if v]

    values = {
        "description": single(iim.CAPTION),
        "creator": many(iim.BYLINE),
        "credit": single(iim.CREDIT),
        "copyright": single(iim.COPYRIGHT),
        "source": single(iim.SOURCE),
        "headline": single(iim.HEADLINE),
        "title": single(iim.OBJECT_NAME),
        "city": single(iim.CITY),
        "country": single(iim.COUNTRY),
        "keywords": many(iim.KEYWORDS),
        "taken_at": _iim_date(single(iim.DATE_CREATED), single(iim.TIME_CREATED)),
    }
    return {key: value for key, value in values.items() if value}


def _fields_from_exif(exif: Image.Exif) -> dict:
    def text(tag: int, source=exif) -> str:
        return _exif_text(source.get(tag))

    exif_ifd = _safe_ifd(exif, _EXIF_IFD)
    values = {
        "description": text(ExifTags.Base.ImageDescription),
        "creator": text(ExifTags.Base.Artist),
        "copyright": text(ExifTags.Base.Copyright),
        "camera_make": text(ExifTags.Base.Make),
        "camera_model": text(ExifTags.Base.Model),
        "taken_at": _exif_date(text(_DATE_TIME_ORIGINAL, exif_ifd)),
        "orientation": _parse_orientation(exif.get(ExifTags.Base.Orientation)),
    }
    return {key: value for key, value in values.items() if value}


def _safe_ifd(exif: Image.Exif, tag: int) -> dict:
    try:
        return exif.get_ifd(tag)
    except (KeyError, ValueError, OSError, SyntaxError, TypeError):
        return {}


def _exif_text(value: object) -> str:
    """An EXIF ASCII value cut at its first NUL (old cameras pad with NULs and leave bytes of
    other tags behind), without trailing whitespace; UTF-8 when its bytes are UTF-8."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = value.encode("latin-1", errors="ignore")  # Pillow decodes ASCII tags as Latin-1
    if not isinstance(value, bytes):
        return str(value).strip()
    value = value.split(b"\x00", 1)[0]
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = value.decode("cp1252", errors="replace")
    return text.strip()


def _gps_has_coordinates(gps: dict) -> bool:
    """Coordinates that say something: present, not all zero, and the receiver did not say void."""
    if _exif_text(gps.get(_GPS_STATUS)).upper() == "V":
        return False

    def meaningful(value: object) -> bool:
        try:
            return any(float(part) for part in value)  # degrees, minutes, seconds
        except (TypeError, ValueError, ZeroDivisionError):
            return False

    latitude, longitude = gps.get(_GPS_LATITUDE), gps.get(_GPS_LONGITUDE)
    return bool(latitude) and bool(longitude) and (meaningful(latitude) or meaningful(longitude))


def _exif_date(value: str) -> str:
    """'2008:10:22 16:28:39' (or an XMP ISO date) -> '2008-10-22T16:28:39'; anything that does
    not parse as a real date (blank, all-space or all-zero camera dates) is no date."""
    match = _EXIF_DATE.match(value.strip())
    if not match:
        return ""
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31 and int(year) > 0):
        return ""
    iso = f"{year}-{month}-{day}"
    if hour is not None:
        if int(hour) > 24 or int(minute) > 59 or int(second or 0) > 60:
            return ""
        iso += f"T{hour}:{minute}" + (f":{second}" if second else "") + (fraction or "")
        if zone:
            iso += "Z" if zone == "Z" else f"{zone[:3]}:{zone[-2:]}"
    return iso


def _iim_date(date: str, time: str) -> str:
    """IIM 2:55 CCYYMMDD and 2:60 HHMMSS±HHMM -> ISO 8601."""
    if len(date) != 8 or not date.isdigit() or date == "00000000":
        return ""
    iso = f"{date[:4]}-{date[4:6]}-{date[6:]}"
    if len(time) >= 6 and time[:6].isdigit():
        iso += f"T{time[:2]}:{time[2:4]}:{time[4:6]}"
        zone = time[6:]
        if len(zone) == 5 and zone[0] in "+-" and zone[1:].isdigit():
            iso += f"{zone[:3]}:{zone[3:]}"
    return iso
