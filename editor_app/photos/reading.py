"""Open a photo safely and read what its file says about it.

Safety first: the format is sniffed from the content, Pillow's decompression-bomb warning
is an error, and truncated files are refused (``ImageFile.LOAD_TRUNCATED_IMAGES`` is never
turned on). Metadata is read from all three containers a newsroom photo may carry (XMP,
IPTC IIM, EXIF), each kept as the file said it in ``PhotoInfo.embedded``, then reconciled
the way newsroom tools do: XMP over IIM over EXIF, except the date taken, where the
camera's EXIF DateTimeOriginal wins.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

from PIL import ExifTags, Image, IptcImagePlugin, UnidentifiedImageError

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
    sniffed = sniff(data)
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
    with guarded_decoding(name):
        try:
            image = Image.open(io.BytesIO(data), formats=[image_format.pillow_format])
        except UnidentifiedImageError as exc:
            raise CorruptImageError(
                name, f"it starts like a {image_format.name} file but its header cannot be read"
            ) from exc
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
    if display_box is not None and image.format == "JPEG":
        box = display_box
        if _orientation_of(image) in (5, 6, 7, 8):
            box = (display_box[1], display_box[0])
        image.draft(image.mode, fitted_size(image.size, box))
    with guarded_decoding(name):
        image.load()
    return image


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
        xmp_document = xmp.parse_xmp(image.info.get("xmp"))
        raw_iim = _read_raw_iim(image)
    from_xmp = _fields_from_xmp(xmp_document) if xmp_document else {}
    from_iim = _fields_from_iim(iim.decode_iim(raw_iim))
    from_exif = _fields_from_exif(exif)

    reconciled = {}
    for name_ in TEXT_FIELDS:
        reconciled[name_] = _first_present(name_, from_xmp, from_iim, from_exif)
    taken_at = _first_present("taken_at", from_exif, from_xmp, from_iim) or None
    keywords = from_xmp.get("keywords") or from_iim.get("keywords") or []

    location_sources = []
    if _exif_has_coordinates(exif):
        location_sources.append("EXIF GPS IFD")
    if xmp_document:
        location_sources.extend(xmp_document.location_sources())

    orientation = from_exif.get("orientation") or from_xmp.get("orientation") or 1
    embedded = {
        container: values
        for container, values in (("xmp", from_xmp), ("iptc", from_iim), ("exif", from_exif))
        if values
    }
    if raw_iim and raw_iim.get((1, 90)) == iim.UTF8_MARKER:
        embedded.setdefault("iptc", {})["coded_character_set"] = "UTF-8"

    return PhotoInfo(
        format=image_format.name,
        mime=image_format.mime,
        width=image.size[0],
        height=image.size[1],
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


def _read_raw_iim(image: Image.Image) -> dict | None:
    if image.format not in ("JPEG", "TIFF"):
        return None
    try:
        return IptcImagePlugin.getiptcinfo(image)
    except (SyntaxError, ValueError, OSError, IndexError, TypeError):
        return None  # a damaged IIM block must not cost us the photo; XMP/EXIF may still speak


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
        "taken_at": document.text(xmp.PHOTOSHOP, "DateCreated") or document.text(xmp.EXIF, "DateTimeOriginal"),
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
        value = source.get(tag)
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        return str(value).strip("\x00 ") if value is not None else ""

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


def _exif_has_coordinates(exif: Image.Exif) -> bool:
    gps = _safe_ifd(exif, _GPS_IFD)
    return bool(gps.get(_GPS_LATITUDE)) and bool(gps.get(_GPS_LONGITUDE))


def _exif_date(value: str) -> str:
    """'2008:10:22 16:28:39' -> '2008-10-22T16:28:39'; blank or all-zero dates are no date."""
    if len(value) < 10 or value.startswith("0000"):
        return ""
    date, _, time = value.partition(" ")
    date = date.replace(":", "-")
    return f"{date}T{time.strip()}" if time.strip() else date


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
