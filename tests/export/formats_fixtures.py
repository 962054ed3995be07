"""What the export-format tests share (tests/export/test_formats_*.py): a rich English article
and a right-to-left Persian one in a real library, and readers for what the formats write."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from editor_app.export import ExportScope, export_checked, run_preflight

# Everything a body can hold, after the fixture article's own subheads, quotes, bullets,
# link and inline photo: a numbered list that starts at 3, emphasis, code, a footnote, a
# table, and text that means something to Markdown or HTML but must arrive as written.
EXTRA_BODY = """

## Numbers and notes

3. Third reading on **Sunday**.
4. A *final* vote in `March`.

Text with markup characters: 5 * 3 = 15, snake_case, [not a link], a | pipe, ~approx, {braces}, \\# and &amp; and 2 < 3.

<script>alert("export")</script><img src="https://tracker.example/pixel.gif">

| Party | Seats |
| --- | --- |
| Reform | 162 |

The figure was disputed.[^1]

[^1]: By the opposition's own count.
"""

PERSIAN_HEADLINE = "مجلس بودجه اضطراری را تصویب کرد"
PERSIAN_STANDFIRST = "نمایندگان پس از جلسه‌ای طولانی به طرح هزینه‌ها رأی دادند."
PERSIAN_BODY = """\
مجلس صبح پنجشنبه پس از جلسه‌ای تمام‌شبانه بودجه اضطراری را تصویب کرد.

## واکنش مخالفان

> «این بودجه از خانواده‌های فقیر محافظت می‌کند.»

- یارانه سوخت تا اسفند ثابت می‌ماند.
- دستمزدها دوازده درصد افزایش می‌یابد.

![](placement:{lead_free})
"""
PERSIAN_CAPTION = "معترضان در برابر ساختمان مجلس در تهران گرد آمدند."
PERSIAN_CREDIT = "خبرگزاری ایسنا"
PERSIAN_PHOTO = "large_phone_gps.jpg"  # 24 MP phone photo with a GPS block


def make_rich_articles(library, corpus_dir: Path) -> dict:
    """The fixture article (ready, with EXTRA_BODY) and a Persian article (ready); by key."""
    from editor_app.photos import import_photos
    from tests.fixture_article import build_fixture_article

    english = build_fixture_article(library, corpus_dir)
    english = library.update_article(english.id, status="ready", body=english.body + EXTRA_BODY)
    (result,) = import_photos(library, [corpus_dir / PERSIAN_PHOTO])
    assert not result.error, result.error
    persian = library.create_article(
        headline=PERSIAN_HEADLINE,
        standfirst=PERSIAN_STANDFIRST,
        byline="لیلا احمدی",
        dateline="تهران",
        section="News / Iran",
        tags=["Iran", "بودجه"],
        language="fa",
        status="ready",
    )
    placement = library.attach_photo(
        persian.id, result.photo.id, role="inline", caption=PERSIAN_CAPTION, credit=PERSIAN_CREDIT, alt_text="جمعیت"
    )
    persian = library.update_article(persian.id, body=PERSIAN_BODY.format(lead_free=placement.id))
    return {"english": english, "persian": persian}


def export_as(library, export_format: str, out: Path, article=None, **scope):
    """The preflight and the export, as `copydesk export --format` runs them."""
    preflight = run_preflight(library, ExportScope(article=article, **scope))
    return export_checked(library, out, preflight, override=True, export_format=export_format)


def split_front_matter(text: str) -> tuple[dict, str]:
    """The YAML between the two `---` lines (read with yaml.safe_load) and the body after it."""
    lines = text.split("\n")
    assert lines[0] == "---", lines[0]
    end = lines.index("---", 1)
    return yaml.safe_load("\n".join(lines[1:end])), "\n".join(lines[end + 1 :])


def photo_metadata(path: Path) -> dict:
    """Every metadata tag of a photo: exiftool's reading when it is installed, else Pillow's
    EXIF (IFD0 and its GPS and Exif sub-IFDs) plus the XMP packet's text."""
    if shutil.which("exiftool"):
        completed = subprocess.run(
            ["exiftool", "-j", "-G1", "-a", str(path)], capture_output=True, text=True, check=True
        )
        return json.loads(completed.stdout)[0]
    from PIL import ExifTags, Image

    with Image.open(path) as image:
        exif = image.getexif()
        found = {f"EXIF:{ExifTags.TAGS.get(tag, tag)}": value for tag, value in exif.items()}
        for ifd in (ExifTags.IFD.GPSInfo, ExifTags.IFD.Exif, ExifTags.IFD.Makernote):
            for tag, value in exif.get_ifd(ifd).items():
                found[f"{ifd.name}:{tag}"] = value
        found["XMP"] = (image.info.get("xmp") or b"").decode("utf-8", "replace")
    return found


def assert_private_parts_gone(path: Path, caption: str, credit: str) -> None:
    """No location, serial number or maker notes; the caption and credit are in it."""
    metadata = photo_metadata(path)
    keys = " ".join(metadata)
    assert "GPS" not in keys, (path.name, [k for k in metadata if "GPS" in k])
    assert "Serial" not in keys and "MakerNote" not in keys and "Makernote" not in keys, path.name
    text = json.dumps(metadata, ensure_ascii=False, default=str)
    assert caption in text and credit in text, path.name


def require_libreoffice() -> str:
    """soffice's path; on CI its absence fails the test, elsewhere it skips it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs LibreOffice to open the exported DOCX: run scripts/install-system-packages tests")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    return found
