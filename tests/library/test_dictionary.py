"""The newsroom dictionary and per-article ignored words, on real library files."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from editor_app.library import ArticleNotFoundError, InvalidFieldError, Library, LibraryReadOnlyError
from editor_app.library.dictionary import MAX_WORD_LENGTH, WordNotInDictionaryError


def test_learnt_words_travel_with_the_library_file(tmp_path):
    path = tmp_path / "desk.copydesk"
    with Library.create(path) as library:
        assert library.newsroom_words() == []
        assert library.add_newsroom_word("  Qalibaf ") == "Qalibaf"
        library.add_newsroom_word("Volodin")
        library.add_newsroom_word("ayatollah")
    copy = tmp_path / "copied to another computer.copydesk"
    copy.write_bytes(path.read_bytes())
    with Library.open(copy, read_only=True) as reader:
        assert reader.newsroom_words() == ["ayatollah", "Qalibaf", "Volodin"]
    rows = sqlite3.connect(path).execute("SELECT word, added_at FROM dictionary_word ORDER BY word").fetchall()
    assert [word for word, _ in rows] == ["Qalibaf", "Volodin", "ayatollah"]
    assert all(added_at.endswith("Z") for _, added_at in rows)


def test_learning_a_word_twice_keeps_one_entry_and_its_first_date(library):
    library.add_newsroom_word("Qalibaf")
    first = library.db.execute("SELECT added_at FROM dictionary_word").fetchall()
    library.add_newsroom_word("Qalibaf")
    assert library.db.execute("SELECT added_at FROM dictionary_word").fetchall() == first


def test_a_word_is_removed_and_removing_an_unknown_one_says_so(library):
    library.add_newsroom_word("Qalibaf")
    library.remove_newsroom_word("Qalibaf")
    assert library.newsroom_words() == []
    with pytest.raises(WordNotInDictionaryError, match="'Qalibaf' is not in the newsroom dictionary"):
        library.remove_newsroom_word("Qalibaf")


@pytest.mark.parametrize(
    "word",
    ["", "   ", "two words", "tab\tword", "line\nbreak", "bell\x07", "x" * (MAX_WORD_LENGTH + 1), None, 42],
)
def test_what_is_not_one_word_is_refused(library, word):
    with pytest.raises(InvalidFieldError):
        library.add_newsroom_word(word)
    assert library.newsroom_words() == []


def test_a_persian_word_with_its_zero_width_non_joiner_is_one_word(library):
    assert library.add_newsroom_word("می\u200cخواهم") == "می\u200cخواهم"
    assert library.newsroom_words() == ["می\u200cخواهم"]


def test_ignored_words_belong_to_one_article(library):
    first = library.create_article("Budget vote")
    second = library.create_article("Football")
    library.ignore_word(first.id, "Pezeshkian")
    library.ignore_word(first.slug, "Araghchi")
    library.ignore_word(first.id, "Pezeshkian")
    assert library.ignored_words(first.id) == ["Araghchi", "Pezeshkian"]
    assert library.ignored_words(second.id) == []
    library.unignore_word(first.id, "Araghchi")
    assert library.ignored_words(first.uuid) == ["Pezeshkian"]


def test_deleting_an_article_forgets_its_ignored_words(library):
    article = library.create_article("Budget vote")
    library.ignore_word(article.id, "Pezeshkian")
    library.delete_article(article.id)
    assert library.db.execute("SELECT count(*) FROM article_ignored_word").fetchone()[0] == 0


def test_ignoring_in_a_missing_article_is_refused(library):
    with pytest.raises(ArticleNotFoundError):
        library.ignore_word(999, "Pezeshkian")
    with pytest.raises(ArticleNotFoundError):
        library.ignored_words("no-such-slug")


def test_dictionary_writes_run_on_the_writer_thread(library):
    threads = []
    library.connections.write_db.conn.set_trace_callback(lambda *_: threads.append(threading.current_thread()))
    try:
        library.add_newsroom_word("Qalibaf")
    finally:
        library.connections.write_db.conn.set_trace_callback(None)
    assert threads
    assert all(thread.name == "copydesk-writer" for thread in threads)


def test_a_library_opened_read_only_refuses_to_learn(tmp_path):
    path = tmp_path / "desk.copydesk"
    Library.create(path).close()
    with Library.open(path, read_only=True) as reader, pytest.raises(LibraryReadOnlyError):
        reader.add_newsroom_word("Qalibaf")
