"""The words of Markdown worth checking: never syntax, addresses, references, code or numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app.spelling import tokens
from editor_app.spelling.tokens import (
    AFTER_BLANK,
    BACKTICK_FENCE,
    INDENTED_CODE,
    TEXT,
    TILDE_FENCE,
    WordSpan,
    edit_window,
    structure_spans,
    words_in_line,
    words_in_text,
    words_in_window,
)


def words(line: str, state: int = TEXT) -> list[str]:
    return [word for _start, word in words_in_line(line, state)[0]]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("## Budgte vote", ["Budgte", "vote"]),
        ("> A quotd line", ["quotd", "line"]),
        ("- itme one", ["itme", "one"]),
        ("12. numbred item", ["numbred", "item"]),
        ("**bolld** and _emphsis_ and *italc*", ["bolld", "and", "emphsis", "and", "italc"]),
        ("See https://news.exmaple/storry_one?id=3 now", ["See", "now"]),
        ("See www.exmaple.org/pagge now", ["See", "now"]),
        ("Write to editr@newsdsk.example today", ["Write", "to", "today"]),
        ("![Lawmakrs vote](placement:12) then", ["then"]),
        ("Bare placement:12 ref", ["Bare", "ref"]),
        ('[lnk text](https://exmaple.org/pth "titel")', ["lnk", "text"]),
        ("[ref]: https://exmaple.org/pth", []),
        ("Run `prnt(vaule)` and ``a ` tikc`` here", ["Run", "and", "here"]),
        ("NATO and the IRGC met NGOs and MPs", ["and", "the", "met", "and"]),
        ("In 2024, the 3rd round of COVID-19 and mp3", ["In", "the", "round", "of", "and"]),
        ('<span class="lede">Opning</span> &nbsp; &#8212;', ["Opning"]),
        ("#hashtagg and @handl", ["and"]),
        ("e.g. U.S. the file reprot.docx", ["the", "file"]),
        ("don't l\u2019homme aujourd'hui", ["don't", "l\u2019homme", "aujourd'hui"]),
        ("a I x", []),
    ],
)
def test_only_prose_words_are_found(line, expected):
    assert words(line) == expected


def test_offsets_point_at_the_words():
    line = "**Tehrn** said [Qalibf](https://x.example)"
    spans = words_in_line(line, TEXT)[0]
    assert [(line[start : start + len(word)], word) for start, word in spans] == [
        ("Tehrn", "Tehrn"),
        ("said", "said"),
        ("Qalibf", "Qalibf"),
    ]


def test_persian_words_keep_their_zero_width_non_joiner_and_vowel_marks():
    assert words("می\u200cخواهم کتابب را بخوانم") == ["می\u200cخواهم", "کتابب", "را", "بخوانم"]
    assert words("كِتَاب") == ["كِتَاب"]


def test_decomposed_accents_stay_inside_their_word():
    assert words("cafe\u0301 ouvert") == ["cafe\u0301", "ouvert"]


def test_fenced_code_is_skipped_until_its_closing_fence():
    assert words_in_line("```python", TEXT) == ([], BACKTICK_FENCE)
    assert words_in_line("prnit('speling')", BACKTICK_FENCE) == ([], BACKTICK_FENCE)
    assert words_in_line("~~~", BACKTICK_FENCE) == ([], BACKTICK_FENCE)  # another fence character
    assert words_in_line("```", BACKTICK_FENCE) == ([], TEXT)
    assert words_in_line("~~~~", TEXT) == ([], TILDE_FENCE)
    assert words_in_line("~~~~", TILDE_FENCE) == ([], TEXT)


def test_an_indented_block_after_a_blank_line_is_code_but_a_wrapped_line_is_not():
    assert words_in_line("", TEXT) == ([], AFTER_BLANK)
    assert words_in_line("    cde blokc", AFTER_BLANK) == ([], INDENTED_CODE)
    assert words_in_line("    mroe code", INDENTED_CODE) == ([], INDENTED_CODE)
    assert words("    contnued line", TEXT) == ["contnued", "line"]


def test_a_whole_text_gives_lines_and_offsets():
    text = "Intro wrold\n\n```\nnot chekced\n```\nAftr\n\n    indentd\nlast"
    found = [(line, start, word) for line, start, (_offset, word) in words_in_text(text)]
    assert found == [(0, 0, "Intro"), (0, 0, "wrold"), (5, 33, "Aftr"), (8, 51, "last")]
    assert text[33:37] == "Aftr"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[" * 5000 + "](" * 5000 + "`" * 3000 + "word " + "<a" * 3000, ["word"]),
        ("&" * 10000 + "a" * 10000 + " fine", ["fine"]),  # a 10,000-letter run is no word
        ("x@" * 10000 + " after", ["after"]),
        ("![" * 3000 + "](" * 3000 + "placement:" * 3000 + " end", ["end"]),
        ("".join("`" * n + " x " for n in range(1, 1000)) + "tail", ["tail"]),
    ],
)
def test_hostile_lines_find_only_their_words(line, expected):
    # Each of these took seconds with backtracking patterns; linear ones take milliseconds.
    assert words(line) == expected


def words_in_edited_line(old: str, old_words: list[WordSpan], new: str) -> list[WordSpan] | None:
    """The words of `new` as the highlighter finds them after an edit of `old`: those before
    the edit window kept, the window's read, those after it moved (None: read it whole)."""
    window = edit_window(old, new)
    if window is None:
        return None
    start, end, moved = window
    return (
        [word for word in old_words if word[0] < start]
        + words_in_window(new, start, end)
        + [(offset + moved, word) for offset, word in old_words if offset >= end - moved]
    )


PROSE = st.text(alphabet=st.sampled_from(list("abc XYZ'’.@:/#-\u200cکت\u064e12\t[(!")), max_size=80)
STRUCTURE = set("`]<&")
MARKDOWN_PROSE = st.text(alphabet=st.sampled_from(list("abc XYZ'’.@:/#-\u200cک12[]()!`<>&;* ")), max_size=80)


@given(
    st.one_of(PROSE, MARKDOWN_PROSE),
    st.integers(0, 80),
    st.integers(0, 6),
    st.text(alphabet=st.sampled_from(list("ab .@`]<&;>( ’")), max_size=6),
)
@settings(max_examples=2000, deadline=None)
def test_an_edited_line_reread_around_the_edit_gives_the_words_of_the_whole_line(old, at, removed, inserted):
    at = min(at, len(old))
    new = old[:at] + inserted + old[at + removed :]
    reread = words_in_edited_line(old, words_in_line(old, TEXT)[0], new)
    if reread is not None:  # None: a code span or a link reaches the edit, the whole line is read
        assert reread == words_in_line(new, TEXT)[0]
    if not (STRUCTURE & set(old + new)):
        assert reread is not None


LINKED = "Said **the** minister in [a statement](https://example.org/x) on `code` &amp; <b>bold</b> today."


@pytest.mark.parametrize(
    ("at", "inserted"),
    [(len(LINKED) - 1, "s"), (5, "x"), (0, "Well "), (LINKED.index(" on") + 1, "then ")],
)
def test_an_edit_away_from_markdown_structure_is_read_only_around_the_edit(at, inserted):
    new = LINKED[:at] + inserted + LINKED[at:]
    assert edit_window(LINKED, new) is not None
    assert words_in_edited_line(LINKED, words_in_line(LINKED, TEXT)[0], new) == words_in_line(new, TEXT)[0]


def test_an_edit_near_markdown_structure_reads_the_whole_line():
    assert words_in_edited_line("see `code` here", [], "see `codes` here") is None  # inside a code span
    assert words_in_edited_line("see `code here", [], "see `code` here") is None  # a span closed
    assert words_in_edited_line("a <b here", [], "a <b> here") is None  # a tag closed
    assert words_in_edited_line("[a](url)b c", [], "[a](url)bc c") is None  # against a destination
    link = "see [the](https://example.org/page) now"
    assert words_in_edited_line(link, [], link.replace("page", "pages")) is None  # inside a destination


@given(MARKDOWN_PROSE)
@settings(max_examples=1000, deadline=None)
def test_structure_spans_are_the_spans_a_scan_of_every_position_finds(line):
    # structure_spans tries the pattern only where a span can start; finditer tries everywhere.
    reference = tokens._REFERENCE_DEFINITION.match(line) if tokens._HAS_STRUCTURE.search(line) else None
    position = reference.end() if reference else 0
    expected = [(0, position)] if reference else []
    if tokens._HAS_STRUCTURE.search(line):
        expected += [found.span() for found in tokens._STRUCTURE.finditer(line, position)]
    assert structure_spans(line) == expected
