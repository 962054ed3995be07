"""Full-text search: words, phrases, prefixes, exclusions and hostile input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor_app.library.search import build_fts_query


def _ids(hits):
    return [h.article.id for h in hits]


def _populate(library):
    a = library.create_article("Budget vote in Tehran", body="Lawmakers approved the budget after a long night.")
    b = library.create_article(
        "Floods hit the north", standfirst="Rescue teams reach villages", body="The budget for relief is small."
    )
    c = library.create_article("Football final", body="A late goal decided the cup final in Isfahan.")
    d = library.create_article("Résumé of the café talks", body="Negotiators met at a café near the square.")
    return a, b, c, d


def test_words_phrases_prefixes_and_exclusions(library):
    a, b, c, d = _populate(library)
    assert _ids(library.search("budget")) == [b.id, a.id]  # newest first
    assert _ids(library.search("budget tehran")) == [a.id]
    assert _ids(library.search('"long night"')) == [a.id]
    assert _ids(library.search('"night long"')) == []
    assert _ids(library.search("fina*")) == [c.id]
    assert _ids(library.search("budget -floods")) == [a.id]
    assert _ids(library.search("cafe resume")) == [d.id]  # diacritics folded
    assert _ids(library.search("RESCUE")) == [b.id]  # standfirst is indexed


def test_ranked_search_prefers_the_headline(library):
    a, *_ = _populate(library)
    assert _ids(library.search("budget", ranked=True))[0] == a.id


def test_snippet_marks_the_match(library):
    _populate(library)
    [hit] = library.search("isfahan")
    assert "[Isfahan]" in hit.snippet


def test_search_filters_by_section_and_status(library):
    a = library.create_article("Budget one", section="News", status="ready")
    library.create_article("Budget two", section="Sport")
    assert _ids(library.search("budget", section="News")) == [a.id]
    assert _ids(library.search("budget", status="ready")) == [a.id]


def test_captions_and_photo_descriptions_are_searchable(fixture_article, library):
    assert fixture_article.id in _ids(library.search("protesters"))  # inline caption
    assert fixture_article.id in _ids(library.search("ICANA"))  # split-out credit
    placement = library.placements(fixture_article.id)[0]
    library.update_photo(placement.photo_id, description="Montreal police logo on a patrol car")
    assert fixture_article.id in _ids(library.search("patrol"))
    library.update_placement(placement.id, caption="A different caption about zeppelins")
    assert _ids(library.search("zeppelins")) == [fixture_article.id]
    library.detach_photo(placement.id)
    assert _ids(library.search("zeppelins")) == []


def test_unbalanced_quote_is_searched_literally(library):
    a, *_ = _populate(library)
    assert _ids(library.search('"long night')) == [a.id]
    assert _ids(library.search('tehran"')) == [a.id]


def test_operator_words_and_punctuation_are_plain_text(library):
    _populate(library)
    for query in ["AND", "OR budget", "NOT", "NEAR(budget tehran)", "budget^", "(", ")", "*", "-", '""', "col:x", "+"]:
        library.search(query)  # no sqlite3.OperationalError
    assert build_fts_query("   ") is None
    assert build_fts_query("-sport") is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_no_typed_text_produces_an_sql_error(library, text):
    library.search(text)
    library.search(text, ranked=True)
