"""What a page's head tells search engines, social sites and feed readers: the meta
description, social cards, icons, the canonical address and the feeds; and that none of it
needs a script."""

from __future__ import annotations

from dataclasses import replace

import pytest

from editor_app.render import CONTENT_SECURITY_POLICY, SiteContext, render_article, render_index_page, render_listing
from editor_app.render.page import FeedLink, page_description, shorten
from editor_app.render.resources import SITE_ICONS, site_icon_bytes

SITE = SiteContext(
    name="The Times",
    base_url="https://times.example/",
    description="News from the desk.",
    feeds=(FeedLink("feed.atom", "application/atom+xml", "The Times (Atom)"),),
)


def test_shorten_cuts_between_words_and_marks_the_cut():
    text = "alpha beta gamma delta epsilon " * 10
    short = shorten(text, 40)
    assert len(short) <= 40 and short.endswith("\u2026")
    kept = short.removesuffix("\u2026")
    assert text.startswith(kept)
    assert kept.split()[-1] in {"alpha", "beta", "gamma", "delta", "epsilon"}  # no word cut in two
    assert shorten("  A short   line. ") == "A short line."


def test_the_description_is_the_standfirst_else_the_first_paragraph_else_the_headline(wire_article):
    assert page_description(wire_article, "<p>Body.</p>") == wire_article.standfirst.strip()
    no_standfirst = replace(wire_article, standfirst="")
    body = "<h2>Subhead</h2><figure><figcaption>Caption</figcaption></figure><p>First <em>real</em> &amp; paragraph.</p><p>Second.</p>"
    assert page_description(no_standfirst, body) == "First real & paragraph."
    assert page_description(no_standfirst, "<h2>Only a subhead</h2>") == wire_article.headline


def test_listings_describe_themselves_with_the_sites_description_or_a_sentence():
    with_description = render_listing("Politics", [], root="../", site=SITE, path="sections/politics/index.html")
    assert '<meta name="description" content="News from the desk.">' in with_description
    bare = render_index_page([], site=SiteContext(name="The Times"))
    assert '<meta name="description" content="The latest articles from The Times.">' in bare


def test_the_canonical_address_needs_a_site_url_and_the_pages_path(wire_article, wire_placements):
    path = "articles/powers/index.html"
    html = render_article(wire_article, wire_placements, root="../../", site=SITE, path=path).html
    assert '<link rel="canonical" href="https://times.example/articles/powers/">' in html
    assert '<meta property="og:image" content="https://times.example/photos/' in html
    offline = render_article(wire_article, wire_placements, root="../../", site=replace(SITE, base_url=""), path=path)
    assert 'rel="canonical"' not in offline.html and "og:url" not in offline.html
    assert '<meta property="og:image" content="../../photos/' in offline.html


@pytest.mark.parametrize("root", ["", "../", "../../"])
def test_every_page_links_the_icons_and_the_feeds_from_its_place(wire_article, wire_placements, root):
    pages = [
        render_article(wire_article, wire_placements, root=root, site=SITE).html,
        render_listing(
            "Politics", [], root=root, site=SITE, feeds=(FeedLink("sections/p/feed.rss", "application/rss+xml", "P"),)
        ),
    ]
    for html in pages:
        for icon in SITE_ICONS:
            if icon.rel:
                assert f'href="{root}{icon.href}"' in html
        assert f'<link rel="alternate" type="application/atom+xml" href="{root}feed.atom"' in html
    assert f'href="{root}sections/p/feed.rss"' in pages[1]


def test_the_icon_files_are_what_their_links_say(tmp_path):
    from PIL import Image

    for icon in SITE_ICONS:
        data = site_icon_bytes(icon)
        if icon.media_type == "image/svg+xml":
            assert data.lstrip().startswith(b"<svg")
            continue
        path = tmp_path / icon.resource
        path.write_bytes(data)
        with Image.open(path) as image:
            if icon.rel:
                assert f"{image.width}x{image.height}" == icon.sizes


def test_the_policy_still_lets_no_script_run():
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives  # so scripts fall back to 'none'
    assert set(directives) == {"default-src", "img-src", "style-src", "connect-src"}
