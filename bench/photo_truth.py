"""How often does Copydesk's photo reader agree with exiftool? Run: python bench/photo_truth.py FOLDER

Imports every image under FOLDER into a scratch library, asks exiftool (``-j -G1 -a -n``)
what each file says, and prints per field (caption, creator, credit, copyright, alt text,
date, orientation, display size, has-location) how many files agree, the refused count by
reason, and every disagreement (file, field, exiftool, Copydesk).

exiftool's raw tags are reconciled with the rules the reader documents (reading.py):
XMP over IPTC over EXIF, IPTC first when the Photoshop IPTCDigest is stale (MWG), the
camera's DateTimeOriginal first for the date. Documented, deliberate differences are
counted apart, not as disagreements:

* undeclared IPTC text that is valid UTF-8 is read as UTF-8 (exiftool's default is Latin-1);
* a date that does not parse (blank or all-zero camera dates) is no date;
* a GPS block with zero coordinates or GPSStatus V (void) is no location;
* XMP that exiftool cannot read but Copydesk can (non-whitespace junk after x:xmpmeta).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from editor_app.library import Library
from editor_app.photos.importer import import_photos

FIELDS = ("caption", "creator", "credit", "copyright", "alt_text", "date", "orientation", "display_size", "has_location")
_DATE = re.compile(r"(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


def exiftool_tags(folder: Path) -> dict[Path, dict]:
    completed = subprocess.run(
        ["exiftool", "-j", "-G1", "-a", "-n", "-r", "-q", "-q", str(folder)], capture_output=True, text=True, check=False
    )
    return {Path(entry["SourceFile"]).resolve(): entry for entry in json.loads(completed.stdout or "[]")}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value if _text(item))
    return str(value).strip()


def _first(tags: dict, *names: str) -> str:
    return next((_text(tags[name]) for name in names if _text(tags.get(name))), "")


def _iptc_edited_after_xmp(tags: dict) -> bool:
    stored, current = tags.get("Photoshop:IPTCDigest"), tags.get("File:CurrentIPTCDigest")
    return bool(stored and current and stored != current and stored.strip("0"))


def _date(value: str) -> str | None:
    match = _DATE.match(value.strip())
    if not match or not (1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(3)) <= 31):
        return None
    year, month, day, hour, minute, second = match.groups()
    return f"{year}-{month}-{day}" + (f"T{hour}:{minute}:{second or '00'}" if hour else "")


def _coordinate(value) -> bool:
    try:
        return float(str(value).split()[0].rstrip("NSEW")) != 0.0
    except (ValueError, IndexError):
        return bool(str(value).strip())


def expected_fields(tags: dict) -> dict:
    """What exiftool's tags say, reconciled by the reader's documented rules."""
    xmp_first = not _iptc_edited_after_xmp(tags)

    def pick(xmp_names, iptc_names, exif_names=()):
        xmp, iptc = _first(tags, *xmp_names), _first(tags, *iptc_names)
        return (xmp or iptc if xmp_first else iptc or xmp) or _first(tags, *exif_names)

    iptc_date = _first(tags, "IPTC:DateCreated")
    if iptc_date:
        iptc_date += " " + _first(tags, "IPTC:TimeCreated")
    date_text = _first(tags, "ExifIFD:DateTimeOriginal") if _date(_first(tags, "ExifIFD:DateTimeOriginal")) else ""
    if not date_text:
        xmp_date = _first(tags, "XMP-photoshop:DateCreated", "XMP-exif:DateTimeOriginal")
        date_text = (xmp_date or iptc_date) if xmp_first else (iptc_date or xmp_date)
    orientation = int(_first(tags, "IFD0:Orientation", "XMP-tiff:Orientation") or 1)
    size = _first(tags, "Composite:ImageSize").replace("x", " ").split()
    width, height = (int(float(size[0])), int(float(size[1]))) if len(size) == 2 else (0, 0)
    exif_gps = bool(_first(tags, "GPS:GPSLatitude") and _first(tags, "GPS:GPSLongitude"))
    xmp_gps = any(
        _first(tags, f"{group}Latitude") and _first(tags, f"{group}Longitude")
        for group in ("XMP-exif:GPS", "XMP-iptcExt:LocationCreatedGPS", "XMP-iptcExt:LocationShownGPS")
    )
    return {
        "caption": pick(["XMP-dc:Description"], ["IPTC:Caption-Abstract"], ["IFD0:ImageDescription"]),
        "creator": pick(["XMP-dc:Creator"], ["IPTC:By-line"], ["IFD0:Artist"]),
        "credit": pick(["XMP-photoshop:Credit"], ["IPTC:Credit"]),
        "copyright": pick(["XMP-dc:Rights"], ["IPTC:CopyrightNotice"], ["IFD0:Copyright"]),
        "alt_text": _first(tags, "XMP-iptcCore:AltTextAccessibility"),
        "date": _date(date_text),
        "orientation": orientation if 1 <= orientation <= 8 else 1,
        "display_size": (height, width) if orientation in (5, 6, 7, 8) else (width, height),
        "has_location": exif_gps or xmp_gps,
    }


def copydesk_fields(photo) -> dict:
    return {
        "caption": photo.description,
        "creator": photo.creator,
        "credit": photo.credit,
        "copyright": photo.copyright,
        "alt_text": photo.alt_text,
        "date": _date(photo.taken_at or ""),
        "orientation": photo.orientation,
        "display_size": photo.display_size,
        "has_location": bool(photo.has_location),
    }


def deliberate_difference(field: str, exiftool_value, ours, tags: dict) -> str | None:
    """Why a difference is one the reader makes on purpose (see the module docstring), or None."""
    if isinstance(exiftool_value, str) and isinstance(ours, str) and not _first(tags, "IPTC:CodedCharacterSet"):
        try:
            if exiftool_value.encode("cp1252").decode("utf-8") == ours:
                return "undeclared IPTC read as UTF-8"
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    if field == "has_location" and not ours and _first(tags, "GPS:GPSLatitude"):
        void = _first(tags, "GPS:GPSStatus").upper() == "V"
        zero = not (_coordinate(tags.get("GPS:GPSLatitude")) or _coordinate(tags.get("GPS:GPSLongitude")))
        if void or zero:
            return "placeholder GPS block (zero coordinates or GPSStatus V)"
    if field == "date" and exiftool_value is None and ours is None:
        return None
    warning = _first(tags, "ExifTool:Warning")
    if "XMP" in warning and ours and not exiftool_value:
        return f"XMP exiftool cannot read ({warning})"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    folder = args.folder.resolve()
    tags_by_path = exiftool_tags(folder)

    with tempfile.TemporaryDirectory() as scratch, Library.create(Path(scratch) / "truth.copydesk") as library:
        results = import_photos(library, [folder])

    agree, deliberate, disagreements, refused = Counter(), Counter(), [], Counter()
    imported = 0
    for result in sorted(results, key=lambda r: str(r.path)):
        if result.photo is None:
            refused[result.error.split(": ", 1)[-1]] += 1
            continue
        imported += 1
        tags = tags_by_path.get(result.path.resolve(), {})
        expected, ours = expected_fields(tags), copydesk_fields(result.photo)
        for field in FIELDS:
            if expected[field] == ours[field]:
                agree[field] += 1
            elif reason := deliberate_difference(field, expected[field], ours[field], tags):
                deliberate[field] += 1
                disagreements.append((result.path.relative_to(folder), field, expected[field], ours[field], reason))
            else:
                disagreements.append((result.path.relative_to(folder), field, expected[field], ours[field], None))

    print(f"{folder}: {len(results)} pictures, {imported} imported, {sum(refused.values())} refused")
    print(f"{'field':<14}{'agree':>7}{'deliberate':>12}{'disagree':>10}")
    for field in FIELDS:
        differ = sum(1 for d in disagreements if d[1] == field and d[4] is None)
        print(f"{field:<14}{agree[field]:>7}{deliberate[field]:>12}{differ:>10}   ({100 * (agree[field] + deliberate[field]) / max(imported, 1):.1f}%)")
    if refused:
        print("refused, by reason:")
        for reason, count in refused.most_common():
            print(f"  {count:>4}  {reason}")
    for path, field, theirs, ours, reason in disagreements:
        label = f"deliberate: {reason}" if reason else "DISAGREE"
        print(f"  {label}: {path} {field}: exiftool {theirs!r}, Copydesk {ours!r}")


if __name__ == "__main__":
    main()
