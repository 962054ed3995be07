"""A damaged library is not exported: the export says so, points to `copydesk check`, and
leaves the previous export as it was, rather than writing a site with pieces missing.

The damage is real: pages of a closed library file overwritten on disk.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import struct

import pytest

from editor_app.export import export_site
from editor_app.library import Library
from editor_app.library.errors import LibraryDamagedError

from .conftest import files_under, run_copydesk


def root_page(path, name: str) -> tuple[int, int, str]:
    """(root page number, page size, "table" or "index") of `name` in the file at `path`."""
    connection = sqlite3.connect(path)
    try:
        kind, root = connection.execute("SELECT type, rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        return root, connection.execute("PRAGMA page_size").fetchone()[0], kind
    finally:
        connection.close()


def overwrite_page(path, number: int, size: int, data: bytes) -> None:
    with open(path, "r+b") as stream:
        stream.seek((number - 1) * size)
        stream.write(data)


def junk(path, name: str) -> None:
    """Random bytes over the root page of `name`, as a failing disk leaves them."""
    number, size, _kind = root_page(path, name)
    overwrite_page(path, number, size, random.Random(number).randbytes(size))


def emptied(path, name: str) -> None:
    """The root page of `name` rewritten as a well-formed empty leaf: reading through it raises
    nothing and finds no rows, while the table (or its other indexes) still hold them."""
    number, size, kind = root_page(path, name)
    page = bytearray(size)
    # A b-tree leaf with no cells, its content area starting at the page's end.
    page[0] = 0x0D if kind == "table" else 0x0A
    page[5:7] = struct.pack(">H", size)
    overwrite_page(path, number, size, bytes(page))


@pytest.fixture
def exported_then_damaged(newsroom, library, tmp_path):
    """The newsroom exported once; returns (library path, the export, its files' hashes)."""
    site = tmp_path / "exports" / "site"
    site.parent.mkdir()
    export_site(library, site)
    path = library.path
    library.close()  # folds the WAL into the file, so the damage is to the whole library
    before = {name: hashlib.sha256((site / name).read_bytes()).hexdigest() for name in files_under(site)}
    return path, site, before


@pytest.mark.parametrize(
    ("damage", "table"),
    [
        (junk, "article"),
        (junk, "placement"),
        (junk, "article_section_updated"),  # an index export does not use without filters
        (emptied, "article_tag"),
        # Read without an error: every article would be exported without its photos.
        (emptied, "placement_by_article"),
    ],
)
def test_a_damaged_library_is_refused_and_the_previous_export_kept(exported_then_damaged, damage, table):
    path, site, before = exported_then_damaged
    damage(path, table)
    library = Library.open(path)
    try:
        with pytest.raises(LibraryDamagedError, match="copydesk.*check"):
            export_site(library, site)
    finally:
        library.close()
    assert {name: hashlib.sha256((site / name).read_bytes()).hexdigest() for name in files_under(site)} == before
    assert [p.name for p in site.parent.iterdir()] == ["site"]


def test_the_command_line_says_the_library_is_damaged_in_one_line(exported_then_damaged):
    path, site, _before = exported_then_damaged
    junk(path, "article")
    result = run_copydesk(path, "export", "--out", str(site))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is damaged" in lines[0] and "check" in lines[0], result.stderr
