"""Articles: fields, slugs, statuses, tags, listing and transactions."""

from __future__ import annotations

import sqlite3

import pytest

from editor_app.library import (
    ArticleNotFoundError,
    InvalidFieldError,
    Library,
    SlugTakenError,
)
from editor_app.library.text import count_words, slugify


def test_every_field_round_trips_through_the_file(tmp_path):
    path = tmp_path / "rt.copydesk"
    with Library.create(path) as lib:
        created = lib.create_article(
            "Budget passes",
            section="news/ politics",
            standfirst="  Lawmakers vote.  ",
            byline="Leila Ahmadi",
            dateline="TEHRAN",
            body="One two three.\r\nFour",
            status="In edit",
            language="fa",
            target_words="600",
            editor_note="Check the vote count.",
            tags=["Iran", "budget", "iran", "  Budget  "],
        )
    with Library.open(path) as lib:
        article = lib.get_article(created.uuid)
    assert article.section == "news / politics"
    assert article.standfirst == "Lawmakers vote."
    assert article.body == "One two three.\nFour"
    assert article.status == "in_edit"
    assert article.language == "fa"
    assert article.target_words == 600
    assert article.editor_note == "Check the vote count."
    assert article.tags == ("Iran", "budget")
    assert article.word_count == 4
    assert article.created_at == article.updated_at
    assert len(article.uuid) == 36
    assert lib.closed


def test_articles_are_found_by_id_uuid_and_slug(library):
    article = library.create_article("Flood warning for the coast")
    for ref in (article.id, str(article.id), article.uuid, article.slug):
        assert library.get_article(ref).id == article.id
    with pytest.raises(ArticleNotFoundError, match="No article 'missing'"):
        library.get_article("missing")


def test_slug_is_derived_unique_and_editable(library):
    first = library.create_article("Iran's élite — rally")
    second = library.create_article("IRAN'S ÉLITE RALLY")
    persian = library.create_article("مجلس بودجه را تصویب کرد")
    assert first.slug == "irans-élite-rally"
    assert second.slug == "irans-élite-rally-2"
    assert persian.slug == "مجلس-بودجه-را-تصویب-کرد"
    renamed = library.update_article(second.id, slug="Rally Day!")
    assert renamed.slug == "rally-day"
    with pytest.raises(SlugTakenError):
        library.update_article(second.id, slug=first.slug.upper())
    with pytest.raises(InvalidFieldError):
        library.update_article(second.id, slug="!!!")


def test_slugify_normalises_unicode_forms():
    decomposed = "Cafe\u0301 society"
    assert slugify(decomposed) == slugify("Café society") == "café-society"
    assert len(slugify("word " * 100)) <= 80


def test_status_values_are_checked(library):
    article = library.create_article("Status")
    assert library.update_article(article.id, status="ready").status == "ready"
    published = library.update_article(article.id, status="published")
    assert published.published_at is not None
    with pytest.raises(InvalidFieldError, match="draft, in edit, ready, published"):
        library.update_article(article.id, status="spiked")


def test_invalid_fields_are_refused(library):
    article = library.create_article("Fields")
    with pytest.raises(InvalidFieldError, match="Unknown article field"):
        library.update_article(article.id, colour="red")
    with pytest.raises(InvalidFieldError, match="whole number"):
        library.update_article(article.id, target_words="lots")
    with pytest.raises(InvalidFieldError, match="language tag"):
        library.update_article(article.id, language="english please")


def test_unchanged_update_is_a_no_op(library):
    article = library.create_article("Same", body="Text")
    again = library.update_article(article.id, body="Text", headline="Same")
    assert again.updated_at == article.updated_at
    assert len(library.revisions(article.id)) == 1


def test_word_count_ignores_markup_and_placements():
    body = "Hello [world](https://example.org/a-b-c) it's <b>well-known</b>.\n\n![](placement:3)\n\n## Two words"
    assert count_words(body) == 6


def test_listing_filters_by_section_status_and_tag(library):
    a = library.create_article("A", section="News / Politics", tags=["Iran"])
    b = library.create_article("B", section="News / Economy", status="ready")
    c = library.create_article("C", section="Sport", tags=["Iran"])
    assert [s.id for s in library.list_articles()] == [c.id, b.id, a.id]
    assert [s.id for s in library.list_articles(section="News")] == [b.id, a.id]
    assert [s.id for s in library.list_articles(section="News / Politics")] == [a.id]
    assert [s.id for s in library.list_articles(status="ready")] == [b.id]
    assert [s.id for s in library.list_articles(tag="Iran")] == [c.id, a.id]
    assert [s.id for s in library.list_articles(limit=1, offset=1)] == [b.id]
    assert library.count_articles(section="News") == 2
    assert library.sections() == ["News / Economy", "News / Politics", "Sport"]
    assert library.tags() == ["Iran"]
    library.update_article(a.id, body="now newest")
    assert library.list_articles()[0].id == a.id


def test_section_filter_does_not_treat_like_wildcards(library):
    library.create_article("Percent", section="100% Sport")
    library.create_article("Other", section="1000 Sport")
    assert [s.headline for s in library.list_articles(section="100% Sport")] == ["Percent"]


def test_duplicate_copies_fields_and_placements_but_not_status(library):
    original = library.create_article("Original", body="Body", status="ready", tags=["x"])
    copy = library.duplicate_article(original.id)
    assert copy.id != original.id and copy.uuid != original.uuid
    assert copy.slug == "original-copy"
    assert (copy.body, copy.tags, copy.status) == ("Body", ("x",), "draft")


def test_delete_removes_article_tags_revisions_and_search_row(library):
    article = library.create_article("Doomed", body="zanzibar", tags=["t"])
    library.delete_article(article.id)
    with pytest.raises(ArticleNotFoundError):
        library.get_article(article.id)
    for table in ("article_tag", "revision", "article_fts"):
        assert library.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert library.search("zanzibar") == []


def test_a_failed_multi_step_change_leaves_nothing_half_written(library):
    # A real constraint failure in the middle of create_article (after the article
    # row, during the tags): nothing of the article may remain.
    library.db.execute(
        "CREATE TRIGGER refuse_tag BEFORE INSERT ON article_tag WHEN new.tag = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'tag refused'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="tag refused"):
        library.create_article("Half", tags=["fine", "boom"])
    assert library.count_articles() == 0
    assert library.db.execute("SELECT count(*) FROM article_fts").fetchone()[0] == 0
    article = library.create_article("Whole", body="before")
    with pytest.raises(sqlite3.IntegrityError):
        library.update_article(article.id, body="after", tags=["boom"])
    assert library.get_article(article.id).body == "before"
    assert len(library.revisions(article.id)) == 1


def test_words_and_slugs_keep_combining_marks():
    # Devanagari vowel signs and Arabic harakat are marks, not letters, to Python's \w.
    assert slugify("हिन्दी समाचार") == "हिन्दी-समाचार"
    assert count_words("مُحَمَّد رفت. हिन्दी समाचार") == 4


def test_slug_follows_the_headline_until_set_by_hand_or_published(library):
    library.create_article("Floods in Gilan")  # takes the slug the next one would want
    article = library.create_article("")
    assert article.slug == "article"
    article = library.update_article(article.id, headline="Floods in Gilan")
    assert article.slug == "floods-in-gilan-2"
    article = library.update_article(article.id, headline="Rescue teams reach Gilan")
    assert article.slug == "rescue-teams-reach-gilan"
    article = library.update_article(article.id, slug="gilan-rescue")
    article = library.update_article(article.id, headline="Rescue teams reach Rasht")
    assert article.slug == "gilan-rescue"  # set by hand: kept
    other = library.create_article("Budget passes")
    other = library.update_article(other.id, status="published")
    other = library.update_article(other.id, headline="Budget passes after all-night session")
    assert other.slug == "budget-passes"  # published: its address stays


def test_a_blob_stored_in_a_text_column_by_another_program_reads_as_text(tmp_path):
    import sqlite3

    from editor_app.library import Library

    path = tmp_path / "blob.copydesk"
    with Library.create(path) as library:
        article_id = library.create_article("Blob body", body="text").id
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE article SET body = ? WHERE id = ?", ("Caf\u00e9 vote".encode() + b"\xff", article_id))
    connection.close()
    with Library.open(path, read_only=True) as library:
        assert library.get_article(article_id).body == "Caf\u00e9 vote\ufffd"


def test_control_characters_never_reach_the_stored_text(library):
    # An escape sequence pasted or carried by a packet would drive the terminal that shows
    # the headline; line breaks and tabs in the body and the note are the writer's own.
    article = library.create_article(
        "Budget\x1b[2J vote\x07",
        body="First\x00 paragraph.\r\n\r\nSecond\tline\x0c.\x1b]0;title\x07",
        byline="Leila\x9b Ahmadi",
        editor_note="Check\x1b[31m the count.\nThen file.",
    )
    stored = library.get_article(article.id)
    assert stored.headline == "Budget[2J vote"
    assert stored.body == "First paragraph.\n\nSecond\tline.]0;title"
    assert stored.byline == "Leila Ahmadi"
    assert stored.editor_note == "Check[31m the count.\nThen file."
    updated = library.update_article(article.id, headline="Vote\x1b passes", dateline="TEHRAN\x08")
    assert (updated.headline, updated.dateline) == ("Vote passes", "TEHRAN")
    assert "زیر\u200cساخت" == library.update_article(article.id, headline="زیر\u200cساخت").headline  # ZWNJ is text
