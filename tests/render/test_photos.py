"""Rendition widths and content-addressed file names."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from render_helpers import make_photo, make_placement

from editor_app.render import PlacedPhoto, photo_filename, rendition_widths


def _placed(**photo_changes) -> PlacedPhoto:
    return PlacedPhoto(make_placement(1, 1), make_photo(1, **photo_changes))


@pytest.mark.parametrize(
    ("width", "orientation", "expected"),
    [
        (4000, 1, [480, 960, 1600]),
        (1200, 1, [480, 960, 1200]),
        (960, 1, [480, 960]),
        (300, 1, [300]),
        (1, 1, [1]),
        (0, 1, [1]),
        (4000, 6, [480, 960, 1600]),  # height becomes the width: 2000 after rotation
        (3000, 8, [480, 960, 1600]),
    ],
)
def test_rendition_widths(width, orientation, expected):
    assert rendition_widths(_placed(width=width, height=2000, orientation=orientation)) == expected


def test_rotated_photo_uses_its_display_width():
    assert rendition_widths(_placed(width=3000, height=900, orientation=6)) == [480, 900]


def test_filename_is_deterministic_and_readable():
    placed = _placed(original_name="Ëlection Night (final).JPG")
    name = photo_filename(placed, 960)
    assert name == photo_filename(_placed(original_name="Ëlection Night (final).JPG"), 960)
    assert re.fullmatch(r"election-night-final-960-[0-9a-f]{12}\.jpg", name)


def test_filename_falls_back_when_the_name_has_no_ascii():
    assert photo_filename(_placed(original_name="عکس.jpg"), 480).startswith("photo-480-")


def test_transparent_photos_are_png():
    assert photo_filename(_placed(has_alpha=True), 480).endswith(".png")


@pytest.mark.parametrize(
    "change",
    [
        lambda p: PlacedPhoto(replace(p.placement, caption="Other"), p.photo),
        lambda p: PlacedPhoto(replace(p.placement, credit="Other"), p.photo),
        lambda p: PlacedPhoto(replace(p.placement, alt_text="Other"), p.photo),
        lambda p: PlacedPhoto(p.placement, replace(p.photo, creator="Other")),
        lambda p: PlacedPhoto(p.placement, replace(p.photo, copyright="Other")),
        lambda p: PlacedPhoto(p.placement, replace(p.photo, sha256="ff" * 32)),
    ],
)
def test_filename_changes_with_what_the_file_holds(change):
    placed = _placed()
    assert photo_filename(change(placed), 960) != photo_filename(placed, 960)
    assert photo_filename(placed, 480) != photo_filename(placed, 960)


def test_filename_ignores_what_the_file_does_not_hold():
    placed = _placed()
    moved = PlacedPhoto(replace(placed.placement, position=9, id=2, uuid="x"), placed.photo)
    assert photo_filename(moved, 960) == photo_filename(placed, 960)


def test_placement_and_photo_must_match():
    with pytest.raises(ValueError):
        PlacedPhoto(make_placement(1, 2), make_photo(1))
