"""The article page and the listing pages around the body."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hostile_payloads import HOSTILE_TEXT
from render_helpers import make_article

from editor_app.render import (
    CONTENT_SECURITY_POLICY,
    ListingEntry,
    SiteContext,
    listing_renditions,
    render_article,
    render_index_page,
    render_listing,
    stylesheet_path,
    stylesheet_text,
    text_direction,
)


def _json_ld(page) -> dict:
    assert len(page.script_texts) == 1
    return json.loads("".join(page.script_texts))


def test_page_has_the_article_parts_in_order(wire_article, wire_placements, parse):
    rendered = render_article(wire_article, wire_placements)
    page = parse(rendered.html)
    text = parse(rendered.html[rendered.html.index("<body") :]).text
    order = [
        "News",
        "Politics",
        wire_article.headline,
        wire_article.standfirst,
        wire_article.byline,
        "TEHRAN",
        "25 November 2025, 14:00 UTC",
        "Protesters outside parliament",
        "Thousands of people",
        "Press freedom",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert page.find_all("time")[0]["datetime"] == "2025-11-25T14:00:00Z"
    assert page.find_all("h1") == [{"class": "headline"}]
    assert rendered.title == wire_article.headline
    assert rendered.body_html in rendered.html


def test_lead_photo_is_above_the_body_and_not_repeated(wire_article, wire_placements, parse):
    body = wire_article.body + "\n\n![](placement:11)\n"
    rendered = render_article(replace(wire_article, body=body), wire_placements)
    figures = parse(rendered.html).find_all("figure")
    assert [figure["class"] for figure in figures] == ["photo lead", "photo", "photo"]
    assert rendered.html.index('class="photo lead"') < rendered.html.index('class="article-body"')
    assert any("lead photo" in warning for warning in rendered.warnings)


def test_renditions_list_every_file_the_page_uses(wire_article, wire_placements, parse):
    rendered = render_article(wire_article, wire_placements)
    page = parse(rendered.html)
    referenced = set()
    for image in page.find_all("img"):
        referenced.add(image["src"])
        referenced.update(part.split()[0] for part in image["srcset"].split(","))
    assert referenced == {f"photos/{r.filename}" for r in rendered.renditions}


def test_editor_note_never_appears(wire_article, wire_placements):
    rendered = render_article(wire_article, wire_placements)
    assert wire_article.editor_note not in rendered.html
    assert "Check the Kamali quote" not in rendered.html


def test_every_page_has_the_csp_and_the_stylesheet(wire_article, wire_placements, parse):
    site = SiteContext(name="Desk")
    pages = [
        render_article(wire_article, wire_placements, root="../../", site=site).html,
        render_listing("Politics", [], root="../", site=site),
        render_index_page([], site=site),
    ]
    for html, root in zip(pages, ["../../", "../", ""]):
        page = parse(html)
        metas = [m for m in page.find_all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
        assert [m["content"] for m in metas] == [CONTENT_SECURITY_POLICY]
        stylesheets = [link for link in page.find_all("link") if link["rel"] == "stylesheet"]
        assert stylesheets == [{"rel": "stylesheet", "href": f"{root}assets/copydesk.css"}]
        scripts = page.find_all("script")
        assert all(script == {"type": "application/ld+json"} for script in scripts)


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("fa", "rtl"),
        ("ar", "rtl"),
        ("ar-EG", "rtl"),
        ("he", "rtl"),
        ("ur", "rtl"),
        ("ckb", "rtl"),
        ("az-Arab", "rtl"),
        ("pa-Arab-PK", "rtl"),
        ("ku-Arab", "rtl"),
        ("sd-Deva", "ltr"),
        ("en", "ltr"),
        ("fr-CA", "ltr"),
        ("az", "ltr"),
        ("", "ltr"),
    ],
)
def test_text_direction(language, direction):
    assert text_direction(language) == direction


def test_persian_article_reads_right_to_left(wire_article, parse):
    article = replace(wire_article, language="fa", body='او گفت "سلام"', headline="گزارش ویژه")
    page = parse(render_article(article, []).html)
    assert page.find_all("html") == [{"lang": "fa", "dir": "rtl"}]
    assert "\u00abسلام\u00bb" in page.text
    # The Latin date and time keep their own order inside the right-to-left page.
    [time] = page.find_all("time")
    assert time["dir"] == "ltr"


def test_french_article_uses_guillemets(wire_article, parse):
    article = replace(wire_article, language="fr", body='Il a dit "bonjour" hier.')
    page = parse(render_article(article, []).html)
    assert page.find_all("html") == [{"lang": "fr", "dir": "ltr"}]
    assert "\u00ab\u202fbonjour\u202f\u00bb" in page.text


def test_json_ld_describes_the_article(wire_article, wire_placements, parse):
    site = SiteContext(name="Desk", base_url="https://news.example/")
    rendered = render_article(wire_article, wire_placements, root="../../", site=site)
    data = _json_ld(parse(rendered.html))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == wire_article.headline
    assert data["description"] == wire_article.standfirst
    assert [a["name"] for a in data["author"]] == ["Sara Nouri", "James Whitfield"]
    assert data["datePublished"] == "2025-11-25T14:00:00Z"
    assert data["dateModified"] == "2025-11-25T14:30:00Z"
    assert data["articleSection"] == "News / Politics"
    assert data["keywords"] == list(wire_article.tags)
    assert len(data["image"]) == 3
    assert all(url.startswith("https://news.example/photos/") for url in data["image"])


def test_json_ld_cannot_close_its_script(wire_article, parse):
    hostile = HOSTILE_TEXT
    article = replace(wire_article, headline=hostile, standfirst=hostile, tags=(hostile,))
    html = render_article(article, []).html
    head = html[: html.index("</head>")]
    assert head.count("<script") == 1 and head.count("</script>") == 1
    assert "<!--" not in head
    data = _json_ld(parse(html))
    assert data["headline"] == hostile and data["keywords"] == [hostile]


def test_header_fields_are_escaped(wire_article, parse):
    article = replace(
        wire_article,
        headline='<img src="https://t.example/x">Headline',
        byline="<script>alert(1)</script>",
        section="<b>News</b> / Politics",
        tags=("<i>tag</i>",),
    )
    page = parse(render_article(article, []).html)
    assert page.find_all("img") == []
    assert "b" not in page.tags() and "i" not in page.tags()
    assert page.tags().count("script") == 1
    assert '<img src="https://t.example/x">Headline' in page.text


def test_time_falls_back_to_the_update_time(wire_article, parse):
    page = parse(render_article(replace(wire_article, published_at=None), []).html)
    assert page.find_all("time")[0]["datetime"] == "2025-11-25T14:30:00Z"
    assert "datePublished" not in _json_ld(page)


def test_site_links_breadcrumb_and_tags_relative_to_root(wire_article, parse):
    site = SiteContext(
        name="Desk",
        section_hrefs={
            ("News",): "sections/news/index.html",
            ("News", "Politics"): "sections/news/politics/index.html",
        },
        tag_hrefs={"Iran": "tags/iran/index.html"},
    )
    page = parse(render_article(wire_article, [], root="../../", site=site).html)
    hrefs = [a.get("href") for a in page.find_all("a")]
    assert "../../index.html" in hrefs
    assert "../../sections/news/index.html" in hrefs
    assert "../../sections/news/politics/index.html" in hrefs
    assert "../../tags/iran/index.html" in hrefs
    assert "Parliament" in page.text  # a tag without a page stays plain text


@pytest.mark.parametrize("href", ["javascript:alert(1)", "https://x.example/", "/abs", "\\\\server\\x"])
def test_site_refuses_links_leaving_the_export(href):
    with pytest.raises(ValueError):
        SiteContext(name="Desk", tag_hrefs={"x": href})
    with pytest.raises(ValueError):
        ListingEntry(make_article(), href)


@pytest.mark.parametrize("root", ["/", "https://x/", "photos/", "..", "../x/"])
def test_root_must_be_a_run_of_parent_steps(wire_article, root):
    with pytest.raises(ValueError):
        render_article(wire_article, [], root=root)


def test_site_context_survives_pickling():
    import pickle

    site = SiteContext(name="Desk", section_hrefs={("News",): "news/index.html"}, tag_hrefs={"a": "t/a.html"})
    assert pickle.loads(pickle.dumps(site)) == site


def test_listing_shows_summaries_in_the_given_order(wire_article, wire_placements, parse):
    persian = make_article(id=8, headline="گزارش", language="fa", byline="", standfirst="")
    entries = [
        ListingEntry(wire_article, "articles/parliament/index.html", wire_placements[0]),
        ListingEntry(persian, "articles/gozaresh/index.html"),
    ]
    html = render_listing("Politics", entries, root="../", site=SiteContext(name="Desk"))
    page = parse(html)
    headlines = [a["href"] for a in page.find_all("a") if a.get("href", "").startswith("../articles/")]
    assert headlines == [
        "../articles/parliament/index.html",
        "../articles/parliament/index.html",
        "../articles/gozaresh/index.html",
    ]
    assert page.find_all("title")
    assert "Politics \u2014 Desk" in page.text
    assert wire_article.standfirst in page.text and "News \u203a Politics" in page.text
    thumbnails = page.find_all("img")
    assert [t["src"] for t in thumbnails] == [f"../photos/{r.filename}" for r in listing_renditions(entries)]
    assert {"class": "article-summary", "lang": "fa", "dir": "rtl"} in page.find_all("li")


def test_index_page_is_titled_with_the_site_name(wire_article, parse):
    html = render_index_page([ListingEntry(wire_article, "a/index.html")], site=SiteContext(name="The Desk"))
    page = parse(html)
    assert page.find_all("h1") == [{"class": "listing-heading"}]
    assert "The Desk" in page.text
    assert {"class": "listing-page index-page"} in page.find_all("body")


def test_stylesheet_is_in_resources_and_makes_no_remote_requests():
    assert stylesheet_path().is_file()
    css = stylesheet_text()
    assert "@media print" in css and "prefers-color-scheme: dark" in css
    assert "@import" not in css and "url(" not in css
    assert "margin-left" not in css and "padding-right" not in css
