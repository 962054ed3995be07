"""copydesk spellcheck and copydesk dictionary, with the real Hunspell dictionaries."""

from __future__ import annotations

import json

import pytest

from editor_app.cli.main import main
from editor_app.library import Library

BODY = "The vote was cloes.\n\nSee https://news.exmaple/storry, `prnt()`, NATO and ![](placement:7).\n\nIt passd."


@pytest.fixture
def lib_path(tmp_path, capsys):
    path = tmp_path / "desk.copydesk"
    assert main(["init", str(path)]) == 0
    with Library.open(path) as library:
        article = library.create_article(
            "Parliment passes the budget",
            standfirst="Lawmakers vote",
            body=BODY,
        )
        assert article.id == 1
    capsys.readouterr()
    return path


def run(lib_path, *arguments):
    return main(["--library", str(lib_path), *arguments])


def test_spellcheck_lists_each_misspelling_where_it_is_with_suggestions(lib_path, capsys):
    assert run(lib_path, "spellcheck", "1") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("headline:1:1: Parliment  (Parliament")
    assert lines[1].startswith("body:1:14: cloes  (")
    assert "close" in lines[1]
    assert lines[2].startswith("body:5:4: passd  (")
    assert lines[3] == "3 misspelled words in article 1 (en_US dictionary)."


def test_spellcheck_json_gives_field_line_column_offset_and_suggestions(lib_path, capsys):
    assert run(lib_path, "spellcheck", "1", "--json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["dictionary"] == "en_US" and data["language"] == "en"
    body_misses = [m for m in data["misspellings"] if m["field"] == "body"]
    assert [(m["word"], m["line"], m["column"], m["offset"], m["length"]) for m in body_misses] == [
        ("cloes", 1, 14, 13, 5),
        ("passd", 5, 4, BODY.index("passd"), 5),
    ]
    assert "passed" in body_misses[1]["suggestions"]
    assert data["misspellings"][0]["placement_id"] is None


def test_learnt_and_ignored_words_are_not_listed_and_a_clean_article_exits_0(lib_path, capsys):
    assert run(lib_path, "dictionary", "add", "Parliment", "cloes") == 0
    with Library.open(lib_path) as library:
        library.ignore_word(1, "passd")
    capsys.readouterr()
    assert run(lib_path, "spellcheck", "1") == 0
    assert capsys.readouterr().out == "No misspelled words in article 1 (en_US dictionary).\n"


def test_dictionary_add_list_remove(lib_path, capsys):
    assert run(lib_path, "dictionary", "add", "Qalibaf", "Volodin") == 0
    capsys.readouterr()
    assert run(lib_path, "dictionary", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == ["Qalibaf", "Volodin"]
    assert run(lib_path, "dictionary", "remove", "Volodin") == 0
    capsys.readouterr()
    assert run(lib_path, "dictionary", "list") == 0
    assert capsys.readouterr().out == "WORD\nQalibaf\n"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["spellcheck", "99"], "No article '99'"),
        (["dictionary", "remove", "Nope"], "'Nope' is not in the newsroom dictionary"),
        (["dictionary", "add", "two words"], "is not one word"),
    ],
)
def test_errors_are_one_line_with_exit_status_2(lib_path, capsys, arguments, message):
    assert run(lib_path, *arguments) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_language_without_a_dictionary_is_named_in_one_line(lib_path, capsys):
    assert run(lib_path, "edit", "1", "--language", "he") == 0
    capsys.readouterr()
    assert run(lib_path, "spellcheck", "1") == 2
    err = capsys.readouterr().err
    assert err.startswith("copydesk: No spelling dictionary is installed for the language 'he'")
    assert len(err.strip().splitlines()) == 1


def test_persian_article_checked_with_the_persian_dictionary(lib_path, capsys):
    with Library.open(lib_path) as library:
        article = library.create_article("بودجه تصویب شد", language="fa", body="مجلس امروز کتابب را خواند.")
    assert run(lib_path, "spellcheck", str(article.id), "--json", "--no-suggestions") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["dictionary"] == "fa_IR"
    assert [(m["field"], m["word"], m["column"]) for m in data["misspellings"]] == [("body", "کتابب", 12)]


@pytest.mark.parametrize(
    ("arguments", "refused"),
    [(["add", "Volodin", "two words"], "'two words' is not one word"), (["remove", "Qalibaf", "Nonesuch"], "Nonesuch")],
)
def test_a_dictionary_command_with_one_bad_word_changes_no_word(lib_path, capsys, arguments, refused):
    """Every word is checked before any is learnt or forgotten: an error after half of them
    were would say only what failed, and the desk would not know the rest had changed."""
    assert run(lib_path, "dictionary", "add", "Qalibaf") == 0
    capsys.readouterr()
    assert run(lib_path, "dictionary", *arguments) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and refused in err
    with Library.open(lib_path, read_only=True) as library:
        assert library.newsroom_words() == ["Qalibaf"]


def test_suggestions_stop_after_a_bounded_number_of_words(lib_path, capsys):
    """Hunspell takes ~0.1 s a suggestion: an article in another language than its tag (or a
    pasted table of codes) has thousands of unknown words, and suggesting each one kept the
    command silent for minutes. The first words get suggestions; every word is still listed."""
    from editor_app.cli.spelling import MAX_SUGGESTED_WORDS

    # Real words with a stray letter: each has suggestions, each is a different word.
    bases = ("government", "parliament", "minister", "economy", "sanctions", "president", "election", "statement")
    typos = [base[:n] + "q" + base[n:] for n in range(1, 8) for base in bases]
    junk = " ".join(typos[: MAX_SUGGESTED_WORDS + 10])
    with Library.open(lib_path) as library:
        library.update_article(1, body=junk)
    assert run(lib_path, "spellcheck", "1", "--json") == 1
    data = json.loads(capsys.readouterr().out)
    suggested = [m for m in data["misspellings"] if m["suggestions"]]
    assert len(data["misspellings"]) == MAX_SUGGESTED_WORDS + 10 + 1  # and "Parliment" in the headline
    assert data["suggested_words"] == MAX_SUGGESTED_WORDS
    assert suggested == data["misspellings"][:MAX_SUGGESTED_WORDS]
    assert run(lib_path, "spellcheck", "1") == 1
    assert f"suggestions for the first {MAX_SUGGESTED_WORDS}" in capsys.readouterr().out
