"""Settings kept in the library: JSON values by name, written on the writer thread."""

from __future__ import annotations

import threading

import pytest

from editor_app.library import InvalidFieldError, Library, LibraryReadOnlyError


def test_a_setting_is_remembered_across_opening_the_library_again(tmp_path):
    path = tmp_path / "desk.copydesk"
    with Library.create(path) as library:
        assert library.get_setting("site.url") is None
        assert library.get_setting("site.url", "none") == "none"
        library.set_setting("site.url", "https://news.example/")
        library.set_setting("limits", {"caption": 600, "tags": ["a", "b"]})
    with Library.open(path, read_only=True) as reader:
        assert reader.get_setting("site.url") == "https://news.example/"
        assert reader.get_setting("limits") == {"caption": 600, "tags": ["a", "b"]}


def test_none_forgets_a_setting(library):
    library.set_setting("site.name", "The Times")
    library.set_setting("site.name", None)
    assert library.get_setting("site.name", "default") == "default"


def test_settings_are_written_on_the_writer_thread(library):
    writers = []

    def record(*_args):
        writers.append(threading.current_thread())

    library.connections.write_db.conn.set_trace_callback(record)
    try:
        library.set_setting("site.language", "fa")
    finally:
        library.connections.write_db.conn.set_trace_callback(None)
    assert writers and all(thread is not threading.current_thread() for thread in writers)
    assert library.get_setting("site.language") == "fa"


def test_a_value_json_cannot_hold_is_refused_in_one_sentence(library):
    with pytest.raises(InvalidFieldError, match="cannot be stored"):
        library.set_setting("site.url", object())


def test_a_read_only_library_refuses_to_remember(tmp_path, library):
    library.close()
    with Library.open(library.path, read_only=True) as reader, pytest.raises(LibraryReadOnlyError):
        reader.set_setting("site.url", "https://news.example/")
