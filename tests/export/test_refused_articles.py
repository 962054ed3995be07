"""One article the renderer refuses does not stop the others: it is left out of the site
(its page, the listings and the feed) and listed with its reason in the report.

The library now refuses such bodies itself, but older libraries hold them: the tests store
them with plain sqlite3, as an older Copydesk did.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from editor_app.export import ArticleExporter, ArticleRefusedError, export_article, export_site
from editor_app.model.limits import body_refusal

from .conftest import html_pages, run_copydesk

TOO_LARGE = "x" * 250_000
TOO_DEEP = "> " * 40 + "a quote forty levels deep"


def store_body_directly(library, article_id: int, body: str) -> None:
    """Write a body past the library's checks, as a library saved by an older version holds it."""
    connection = sqlite3.connect(library.path)
    try:
        with connection:
            connection.execute("UPDATE article SET body = ? WHERE id = ?", (body, article_id))
    finally:
        connection.close()


@pytest.fixture
def refused(newsroom, library):
    """The newsroom with two articles the renderer refuses; returns their ids."""
    store_body_directly(library, newsroom["world"].id, TOO_LARGE)
    store_body_directly(library, newsroom["tennis"].id, TOO_DEEP)
    assert library.get_article(newsroom["world"].id).body == TOO_LARGE
    return {newsroom["world"].id: TOO_LARGE, newsroom["tennis"].id: TOO_DEEP}


def test_refused_articles_are_skipped_and_the_others_exported(newsroom, library, refused, tmp_path):
    site = tmp_path / "site"
    report = export_site(library, site)

    assert report.articles == len(newsroom) - len(refused)
    assert {(s.id, s.reason) for s in report.skipped} == {(i, body_refusal(body)) for i, body in refused.items()}
    for key, article in newsroom.items():
        page = site / "articles" / article.slug / "index.html"
        assert page.is_file() == (article.id not in refused), key
    # No page of the site links to an article it does not hold, and the feed leaves them out.
    everything = "".join(page.read_text(encoding="utf-8") for page in html_pages(site))
    for article_id in refused:
        assert f"articles/{library.get_article(article_id).slug}/" not in everything
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert {item["id"] for item in feed["items"]} == {
        f"urn:uuid:{a.uuid}" for a in newsroom.values() if a.id not in refused
    }


def test_the_report_names_each_skipped_article_and_why(newsroom, library, refused, tmp_path):
    report = export_site(library, tmp_path / "site")
    summary = report.summary()
    assert "Skipped 2 articles that cannot be rendered" in summary
    assert "250,000 characters" in summary and "40 levels" in summary
    assert newsroom["world"].headline in summary and newsroom["tennis"].headline in summary
    assert summary.endswith(report.skipped_summary()) and report.skipped_summary().count("\n- ") == 2
    listed = report.to_dict()["skipped"]
    assert sorted(entry["id"] for entry in listed) == sorted(refused)
    assert all(entry["reason"] for entry in listed)


def test_a_skipped_article_comes_back_once_it_renders(newsroom, library, refused, tmp_path):
    site = tmp_path / "site"
    export_site(library, site)
    library.update_article(newsroom["tennis"].id, body="A quote, one level deep.")
    report = export_site(library, site)
    assert [s.id for s in report.skipped] == [newsroom["world"].id]
    assert (site / "articles" / newsroom["tennis"].slug / "index.html").is_file()


def test_skipping_works_with_worker_processes(library, tmp_path):
    from editor_app.export.jobs import MIN_PAGES_FOR_WORKERS

    articles = [
        library.create_article(headline=f"Story {n}", section="News", body="Paragraph.\n\n" * 50)
        for n in range(MIN_PAGES_FOR_WORKERS * 2)
    ]
    store_body_directly(library, articles[5].id, TOO_LARGE)
    report = export_site(library, tmp_path / "site")
    assert report.articles == len(articles) - 1
    assert [s.id for s in report.skipped] == [articles[5].id]


def test_exporting_or_rendering_a_refused_article_alone_says_why(newsroom, library, refused, tmp_path):
    with pytest.raises(ArticleRefusedError, match="40 levels"):
        export_article(library, newsroom["tennis"].id, tmp_path / "one")
    assert not (tmp_path / "one").exists()
    with pytest.raises(ArticleRefusedError, match="250,000 characters"):
        ArticleExporter(library, newsroom["world"].id).render()


def test_the_command_line_exports_the_others_and_lists_the_skipped(newsroom, library, refused, tmp_path):
    library_path = library.path
    library.close()
    # A refused body is a preflight warning: the others go without --force, and the
    # report names the two left out.
    result = run_copydesk(library_path, "export", "--out", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("left out") >= len(refused)
    assert "Traceback" not in result.stderr
    exported = [a for a in newsroom.values() if a.id not in refused and a.status != "draft"]
    assert f"Exported {len(exported)} articles" in result.stdout
    assert "Skipped 2 articles that cannot be rendered" in result.stdout


def test_rendering_a_refused_article_on_the_command_line_is_one_line(newsroom, library, refused):
    library_path = library.path
    library.close()
    result = run_copydesk(library_path, "render", str(newsroom["tennis"].id))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("copydesk: ") and result.stderr.count("\n") == 1
    assert "40 levels" in result.stderr and "unexpected error" not in result.stderr
