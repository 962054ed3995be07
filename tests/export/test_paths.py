"""Safe names and safe writing, whatever a headline, tag or section says."""

from __future__ import annotations

import os
import unicodedata

import pytest

from editor_app.export.errors import UnsafePathError
from editor_app.export.paths import (
    MAX_SEGMENT_BYTES,
    SafeTree,
    SegmentAllocator,
    check_relative_path,
    collision_key,
    is_windows_reserved,
    safe_segment,
)

HOSTILE = [
    "../../etc/passwd",
    "..",
    ".",
    "",
    "   ",
    "a/b\\c",
    "C:\\Windows\\system32",
    "nul\x00byte",
    "\u202eevil\u202c.exe",
    "CON",
    "con",
    "nul .",
    "Nul...",
    "com1",
    "COM¹",
    "LPT9",
    "lpt9.txt",
    "aux ",
    "prn.",
    "x" * 1000,
    "é" * 400,
    "😀" * 100,
    "file:///etc/passwd",
    "~root",
    "$HOME",
    "<script>alert(1)</script>",
    "tab\tand\nnewline",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_safe_segment_is_one_harmless_component(text):
    segment = safe_segment(text)
    assert segment and segment not in (".", "..")
    assert not any(c in segment for c in '/\\:\x00\t\n*?"<>|')
    assert not is_windows_reserved(segment)
    assert segment == segment.rstrip(" .") and not segment.startswith(".")
    assert len(segment.encode("utf-8")) <= MAX_SEGMENT_BYTES
    assert unicodedata.is_normalized("NFC", segment)
    assert all(unicodedata.category(c) not in ("Cf", "Cc") for c in segment)
    check_relative_path(f"articles/{segment}/index.html")


def test_reserved_windows_names_are_renamed_with_trailing_dots_and_spaces():
    for name in ("CON", "nul .", "Com1", "LPT9", "aux  ..", "com¹", "conin$"):
        assert is_windows_reserved(name), name
        assert not is_windows_reserved(safe_segment(name))
    assert not is_windows_reserved("console")
    assert not is_windows_reserved("com10")


def test_unicode_slugs_are_nfc_and_keep_their_script():
    decomposed = unicodedata.normalize("NFD", "Café Été")
    assert safe_segment(decomposed) == "café-été"
    assert safe_segment("हिन्दी समाचार") == "हिन्दी-समाचार"  # vowel signs are kept
    assert safe_segment("گزارش ویژه") == "گزارش-ویژه"
    assert safe_segment("Iran’s élite—rally") == "irans-élite-rally"


def test_names_that_collide_after_case_folding_get_numbered_suffixes():
    allocator = SegmentAllocator()
    names = [allocator.claim(text) for text in ("Iran", "IRAN", "iran", "İran", "Straße", "STRASSE")]
    assert names[:3] == ["iran", "iran-2", "iran-3"]
    keys = [collision_key(n) for n in names]
    assert len(set(keys)) == len(keys)
    assert allocator.claim("Iran") == "iran"  # the same text gets the same name again


def test_suffixes_keep_long_names_within_the_byte_limit():
    allocator = SegmentAllocator()
    names = [allocator.claim("é" * 300) for _ in range(1)] + [allocator.claim("É" * 300 + "!")]
    assert names[1].endswith("-2")
    assert all(len(n.encode()) <= MAX_SEGMENT_BYTES for n in names)


@pytest.mark.parametrize(
    "path", ["../x", "a/../b", "/etc/passwd", "a//b", "a\\b", "CON/index.html", "a/nul .", "", "a/\x00"]
)
def test_relative_paths_that_could_escape_are_refused(path):
    with pytest.raises(UnsafePathError):
        check_relative_path(path)


def test_safe_tree_never_writes_through_a_symlinked_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(outside, root / "articles")
    with SafeTree(root, create=True) as tree, pytest.raises((UnsafePathError, OSError)):
        tree.write_new("articles/index.html", b"x")
    assert list(outside.iterdir()) == []


def test_safe_tree_never_writes_through_a_symlinked_file(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(victim, root / "index.html")
    with SafeTree(root, create=True) as tree:
        with pytest.raises(OSError):
            tree.write_new("index.html", b"overwritten")
        assert tree.stat_file("index.html") is None  # a link is not a reusable file
    assert victim.read_text() == "keep"
