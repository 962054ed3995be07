"""Fixtures for the renderer tests: the wire story and its three placed photos."""

from __future__ import annotations

import pytest
from render_helpers import ParsedHtml, make_article, make_photo, make_placement

from editor_app.model import Article
from editor_app.render import PlacedPhoto


@pytest.fixture
def wire_article() -> Article:
    return make_article()


@pytest.fixture
def wire_placements() -> list[PlacedPhoto]:
    crowd = make_photo(1)
    chamber = make_photo(2, width=1200, height=800, creator="Vahid Salemi", credit="AP")
    portrait = make_photo(3, width=2000, height=3000, orientation=6)
    return [
        PlacedPhoto(
            make_placement(
                11,
                3,
                role="lead",
                position=0,
                caption="Protesters outside parliament in Tehran on Tuesday.",
                credit="(AFP photo)",
                alt_text="A crowd holding banners in front of parliament",
            ),
            portrait,
        ),
        PlacedPhoto(
            make_placement(
                12,
                1,
                caption="Maryam Hosseini, a teacher from Isfahan, at the protest.",
                credit="(AFP photo / Atta Kenare)",
                alt_text="A woman holding a hand-painted sign",
            ),
            crowd,
        ),
        PlacedPhoto(
            make_placement(
                13,
                2,
                caption="Opposition members leave the chamber during the afternoon session.",
                credit="(AP photo / Vahid Salemi)",
                alt_text="Men in suits walking out of a wood-panelled chamber",
            ),
            chamber,
        ),
    ]


@pytest.fixture
def parse():
    return ParsedHtml
