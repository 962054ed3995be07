"""Early tiles: the importer offers each JPEG's embedded preview from its headers alone."""

from __future__ import annotations

import os
import shutil
import threading
import time

import pytest

from editor_app.library import Library
from editor_app.photos import importer
from editor_app.photos.importer import _read_head_ahead, import_photos, read_jpeg_head
from editor_app.photos.thumbnails import embedded_preview
from tests.photos.conftest import CORPUS_DIR

JPEGS = sorted(p.name for p in CORPUS_DIR.glob("*.jpg") if p.read_bytes()[:3] == b"\xff\xd8\xff")


@pytest.mark.parametrize("name", JPEGS)
def test_the_head_of_a_jpeg_holds_the_same_preview_as_the_whole_file(name):
    data = (CORPUS_DIR / name).read_bytes()
    head = read_jpeg_head(CORPUS_DIR / name)
    if name == "truncated.jpg":
        assert head is not None and data.startswith(head)
        return
    assert head is not None and data.startswith(head) and len(head) < len(data)
    assert embedded_preview(head, name) == embedded_preview(data, name)


@pytest.mark.parametrize("name", ["alpha_rgba.png", "tiff_iptc.tif", "not_an_image.jpg", "heif_sample.heif"])
def test_other_files_have_no_jpeg_head(name):
    assert read_jpeg_head(CORPUS_DIR / name) is None


def test_a_headers_run_past_the_limit_give_no_head():
    assert read_jpeg_head(CORPUS_DIR / "gps_nikon_coolpix.jpg", limit=1000) is None


@pytest.fixture
def card(tmp_path):
    """Six camera files in a folder, each with its own bytes (a trailing comment after the image)."""
    folder = tmp_path / "DCIM"
    folder.mkdir()
    for index in range(6):
        data = (CORPUS_DIR / "gps_nikon_coolpix.jpg").read_bytes()
        (folder / f"DSC_{index:04d}.JPG").write_bytes(data + f"copy {index}".encode())
    shutil.copy(CORPUS_DIR / "alpha_rgba.png", folder / "logo.png")
    return folder


def test_each_photo_is_offered_once_and_a_known_photo_too(tmp_path, card):
    offered = []
    with Library.create(tmp_path / "card.copydesk") as library:
        import_photos(library, [card / "DSC_0000.JPG"])
        results = import_photos(library, [card], preview=lambda path, tile: offered.append(path.name))
    assert all(result.ok for result in results) and len(results) == 7
    assert sorted(offered) == [f"DSC_{index:04d}.JPG" for index in range(6)]


def test_a_failing_tile_callback_costs_the_tiles_not_the_import(tmp_path, card):
    def broken(path, tile):
        raise RuntimeError("the window went away")

    with Library.create(tmp_path / "card.copydesk") as library:
        results = import_photos(library, [card], preview=broken)
        assert library.count_photos() == 7
    assert all(result.ok for result in results)


def test_reading_heads_ahead_never_blocks_on_a_pipe_nor_fails_on_a_missing_file(tmp_path):
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes((CORPUS_DIR / "gps_nikon_coolpix.jpg").read_bytes())
    done = threading.Event()

    def read_ahead():
        for path in (fifo, tmp_path / "gone.jpg", photo):
            _read_head_ahead(path)
        done.set()

    threading.Thread(target=read_ahead, daemon=True).start()
    assert done.wait(5), "reading ahead waited for a writer on a pipe"


def test_every_tile_is_offered_before_the_import_reads_a_whole_file(tmp_path, card, monkeypatch):
    events = []
    read_whole_file = importer.read_photo_file

    def logged_read(path, *args):
        events.append(("read", path.name))
        return read_whole_file(path, *args)

    def tile(path, _jpeg):
        time.sleep(0.05)  # a window slow to take each tile
        events.append(("tile", path.name))

    monkeypatch.setattr(importer, "read_photo_file", logged_read)
    with Library.create(tmp_path / "card.copydesk") as library:
        results = import_photos(library, [card], preview=tile)
    assert all(result.ok for result in results) and len(results) == 7
    first_read = next(position for position, (kind, _name) in enumerate(events) if kind == "read")
    assert sorted(name for _kind, name in events[:first_read]) == [f"DSC_{index:04d}.JPG" for index in range(6)]
