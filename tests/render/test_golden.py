"""The wire story's page compared with the reviewed golden file.

Changes to the output show up as a diff here. To accept them, run with
COPYDESK_UPDATE_GOLDEN=1, review `git diff tests/render/golden/`, and bump
RENDERER_VERSION (the library caches rendered HTML under it):
`renderer_versions.json` records which page each version produced, and updating
refuses to record a different page under an existing version.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from editor_app.render import RENDERER_VERSION, SiteContext, render_article

GOLDEN_DIR = Path(__file__).parent / "golden"
GOLDEN_PAGE = GOLDEN_DIR / "fixture_article.html"
GOLDEN_SITE_PAGE = GOLDEN_DIR / "fixture_article_site.html"
VERSIONS = GOLDEN_DIR / "renderer_versions.json"
UPDATE = os.environ.get("COPYDESK_UPDATE_GOLDEN") == "1"

SITE = SiteContext(
    name="The Copydesk Times",
    section_hrefs={
        ("News",): "sections/news/index.html",
        ("News", "Politics"): "sections/news/politics/index.html",
    },
    tag_hrefs={"Iran": "tags/iran/index.html", "Press freedom": "tags/press-freedom/index.html"},
    base_url="https://times.example/",
)


def _compare(path: Path, html: str) -> None:
    if UPDATE:
        path.write_text(html, encoding="utf-8", newline="\n")
    expected = path.read_text(encoding="utf-8")
    assert html == expected, f"{path.name} changed: rerun with COPYDESK_UPDATE_GOLDEN=1 and review the diff"


def test_single_article_export_page(wire_article, wire_placements):
    rendered = render_article(wire_article, wire_placements)
    assert rendered.warnings == ()
    _compare(GOLDEN_PAGE, rendered.html)


def test_site_article_page(wire_article, wire_placements):
    rendered = render_article(
        wire_article, wire_placements, root="../../", site=SITE, path="articles/emergency-powers/index.html"
    )
    _compare(GOLDEN_SITE_PAGE, rendered.html)


def test_output_changes_come_with_a_new_renderer_version(wire_article, wire_placements):
    html = render_article(wire_article, wire_placements).html
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    versions = json.loads(VERSIONS.read_text(encoding="utf-8")) if VERSIONS.exists() else {}
    recorded = versions.get(RENDERER_VERSION)
    if UPDATE and recorded is None:
        versions[RENDERER_VERSION] = digest
        VERSIONS.write_text(json.dumps(versions, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        recorded = digest
    if recorded != digest:
        pytest.fail(
            f"The fixture page changed but RENDERER_VERSION is still {RENDERER_VERSION!r}; "
            "bump it in editor_app/render/page.py so cached HTML is rendered again."
        )
