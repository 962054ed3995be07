"""Turning what was pasted or chosen into text: bytes decoded, binary and oversized input refused.

Everything here runs before any parsing, so a wrong file (a photo, /dev/urandom, a 2 GB
log) is refused in one sentence, and only text the parser can read in bounded time
reaches it.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path

from editor_app.model.limits import MAX_TAG_SCAN, unclosed_tag_scan

from .errors import EmptyWireStoryError, HtmlTooComplexError, NotTextError, WireImportError, WireStoryTooLargeError

MAX_WIRE_BYTES = 8 * 1024 * 1024
"""A saved news page with its inline scripts is 0.3-3 MB; the story in it is 30 KB."""

WIRE_FILE_SUFFIXES = (".txt", ".html", ".htm", ".md")
HTML_SUFFIXES = (".html", ".htm")

# C0 controls other than tab, newline, form feed and carriage return: text never holds them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML_MARKERS = re.compile(
    r"<(?:!doctype|html|head|body|article|main|p|div|h[1-6]|figure|figcaption|br|span|section|ul|ol|li|a|img)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WireText:
    """A story as text, and whether it is HTML (to read its structure) or plain text."""

    text: str
    is_html: bool
    source: str  # how messages name it: "story.html", "The clipboard", "Standard input"


def looks_like_html(text: str) -> bool:
    """Whether pasted text is HTML: it starts with a tag, or holds several block tags."""
    head = text.lstrip()[:2000]
    if head.startswith("<") and _HTML_MARKERS.match(head):
        return True
    return len(_HTML_MARKERS.findall(text, 0, 200_000)) >= 3


def wire_text(text: str, source: str = "The clipboard", *, is_html: bool | None = None) -> WireText:
    """A story already in memory as text (the clipboard), checked as a file would be."""
    if len(text) > MAX_WIRE_BYTES:
        raise WireStoryTooLargeError(source, MAX_WIRE_BYTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\ufeff", "")
    if not text.strip():
        raise EmptyWireStoryError(source)
    if len(_CONTROL.findall(text, 0, 65536)) > 8:
        raise NotTextError(source)
    html = looks_like_html(text) if is_html is None else is_html
    if (
        html
        and unclosed_tag_scan(text) > MAX_TAG_SCAN
        and unclosed_tag_scan(_without_script_bodies(text)) > MAX_TAG_SCAN
    ):
        raise HtmlTooComplexError(source)
    return WireText(text, html, source)


_SCRIPT_START = re.compile(r"<(script|style)\b[^<>]{0,500}>", re.IGNORECASE)


def _without_script_bodies(html: str) -> str:
    """The page without what is inside <script> and <style>: HTMLParser reads those as
    plain text up to their end tag, so a script's `a<b` opens no tag and costs no rescan."""
    lowered = html.lower()
    kept: list[str] = []
    position = 0
    while (start := _SCRIPT_START.search(html, position)) is not None:
        kept.append(html[position : start.end()])
        end = lowered.find(f"</{start.group(1).lower()}", start.end())
        if end < 0:
            return "".join(kept)
        position = end
    kept.append(html[position:])
    return "".join(kept)


def decode_wire_bytes(data: bytes, source: str = "The input", *, is_html: bool | None = None) -> WireText:
    """Bytes of a story: UTF-8 (with or without a byte-order mark), UTF-16 with its mark,
    or Windows-1252 as older desk systems write it. A file with NUL bytes or other control
    characters is refused as binary."""
    is_utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not is_utf16 and b"\x00" in data[:65536]:
        raise NotTextError(source)  # before the size: /dev/urandom is binary, not merely too long
    if len(data) > MAX_WIRE_BYTES:
        raise WireStoryTooLargeError(source, MAX_WIRE_BYTES)
    if is_utf16:
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise NotTextError(source) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            # Bytes that are not even Windows-1252 text: a photo or a compressed file.
            if text.count("\ufffd") > max(8, len(text) // 200):
                raise NotTextError(source) from None
    return wire_text(text, source, is_html=is_html)


def read_wire_file(path: str | os.PathLike, *, is_html: bool | None = None) -> WireText:
    """A story file (.txt, .md, .html, .htm; other names are read as text too), as HTML or
    plain text by its suffix unless `is_html` says. Reads at most one byte past the limit,
    so a huge file or a device is refused without being read whole."""
    path = Path(path)
    source = path.name or str(path)
    try:
        if path.is_dir():
            raise WireImportError(f"{path} is a folder; choose the story's file.")
        with open(path, "rb") as handle:
            data = handle.read(MAX_WIRE_BYTES + 1)
    except FileNotFoundError:
        raise WireImportError(f"{path} does not exist.") from None
    except OSError as exc:
        raise WireImportError(f"Could not read {path}: {exc.strerror or exc}.") from None
    if is_html is None:
        suffix = path.suffix.lower()
        is_html = True if suffix in HTML_SUFFIXES else (False if suffix in (".txt", ".md") else None)
    return decode_wire_bytes(data, source, is_html=is_html)
