"""The Format menu's Markdown edits as plain strings.

Selections are written into the strings: ⟨ and ⟩ around a selection, ‸ for a cursor.
"""

from __future__ import annotations

import pytest

from editor_app.model.markdown_edits import (
    LINK_URL_PLACEHOLDER,
    Subhead,
    find_subheads,
    toggle_bulleted_list,
    toggle_emphasis,
    toggle_heading,
    toggle_link,
    toggle_numbered_list,
    toggle_quote,
)


def unmark(marked: str) -> tuple[str, int, int]:
    if "‸" in marked:
        at = marked.index("‸")
        return marked.replace("‸", ""), at, at
    start = marked.index("⟨")
    end = marked.index("⟩") - 1
    return marked.replace("⟨", "").replace("⟩", ""), start, end


def mark(text: str, anchor: int, position: int) -> str:
    start, end = sorted((anchor, position))
    if start == end:
        return text[:start] + "‸" + text[start:]
    return text[:start] + "⟨" + text[start:end] + "⟩" + text[end:]


def run(command, marked: str, *args) -> str:
    edit = command(*unmark(marked), *args)
    return mark(edit.text, edit.anchor, edit.position)


def bold(marked: str) -> str:
    return run(toggle_emphasis, marked, True)


def italic(marked: str) -> str:
    return run(toggle_emphasis, marked, False)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The ⟨budget⟩ vote", "The **⟨budget⟩** vote"),
        ("The **⟨budget⟩** vote", "The ⟨budget⟩ vote"),  # markers outside the selection
        ("The ⟨**budget**⟩ vote", "The ⟨budget⟩ vote"),  # markers inside it
        ("The bud‸get vote", "The **⟨budget⟩** vote"),  # the word at the cursor
        ("The **bud‸get** vote", "The ⟨budget⟩ vote"),
        ("The ‸ vote", "The **‸** vote"),  # between words: an empty pair
        ("The⟨ budget ⟩vote", "The **⟨budget⟩** vote"),  # spaces stay outside the markers
        ("⟨**a** and **b**⟩", "⟨a and b⟩"),  # bold words inside: all of them unbolded
        ("The ⟨***budget***⟩ vote", "The ⟨*budget*⟩ vote"),  # bold italic loses only the bold
        ("The ⟨__budget__⟩ vote", "The ⟨budget⟩ vote"),
        ("⟨2 * 3 and 4 * 5⟩", "**⟨2 * 3 and 4 * 5⟩**"),  # lone asterisks are not markers
    ],
)
def test_bold_toggles(before, after):
    assert bold(before) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The ⟨budget⟩ vote", "The *⟨budget⟩* vote"),
        ("The *⟨budget⟩* vote", "The ⟨budget⟩ vote"),
        ("The ⟨*budget*⟩ vote", "The ⟨budget⟩ vote"),
        ("The **⟨budget⟩** vote", "The ***⟨budget⟩*** vote"),  # italic on bold adds italic
        ("The ***⟨budget⟩*** vote", "The **⟨budget⟩** vote"),
        ("The _⟨budget⟩_ vote", "The ⟨budget⟩ vote"),
        ("⟨a file_name here⟩", "*⟨a file_name here⟩*"),  # an underscore inside a word is no marker
    ],
)
def test_italic_toggles(before, after):
    assert italic(before) == after


def test_emphasis_wraps_each_paragraph_and_skips_line_marks():
    assert bold("⟨## Subhead\n\n- first item\n> quoted⟩") == "## ⟨**Subhead**\n\n- **first item**\n> **quoted**⟩"


def test_emphasis_toggles_back_and_forth_over_paragraphs():
    plain = "⟨One two three\n\n- four five⟩"
    assert bold(plain) == "⟨**One two three**\n\n- **four five**⟩"
    assert bold(bold(plain)) == "⟨One two three\n\n- four five⟩"
    assert italic(italic(plain)) == plain
    # A selection with some bold in it loses the bold first; the next press bolds it all.
    assert bold("⟨One **two** three⟩") == "⟨One two three⟩"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Read ⟨the report⟩ today", f"Read [the report](⟨{LINK_URL_PLACEHOLDER}⟩) today"),
        ("Read the re‸port today", f"Read the [report](⟨{LINK_URL_PLACEHOLDER}⟩) today"),
        ("See ⟨https://news.example/a⟩", "See [⟨link text⟩](https://news.example/a)"),
        ("See ‸", f"See [⟨link text⟩]({LINK_URL_PLACEHOLDER})"),
        ("Read [the re‸port](https://x.example) today", "Read ⟨the report⟩ today"),  # toggled off
        ('Read ⟨[the report](https://x.example "Title")⟩ today', "Read ⟨the report⟩ today"),
    ],
)
def test_link(before, after):
    assert run(toggle_link, before) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Budget vo‸te", "## Budget vo‸te"),
        ("## Budget vo‸te", "Budget vo‸te"),  # toggled off
        ("### Budget vo‸te", "## Budget vo‸te"),  # another level changes level
        ("#‸# Budget", "‸Budget"),  # a cursor inside the marks lands after them
        ("⟨One\n\nTwo⟩", "⟨## One\n\n## Two⟩"),
    ],
)
def test_heading_2(before, after):
    assert run(toggle_heading, before, 2) == after


def test_heading_3():
    assert run(toggle_heading, "## Budget‸", 3) == "### Budget‸"
    assert run(toggle_heading, "### Budget‸", 3) == "Budget‸"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("A ‸line", "> A ‸line"),
        ("> A ‸line", "A ‸line"),
        ("⟨First para.\n\nSecond para.⟩", "⟨> First para.\n>\n> Second para.⟩"),  # one quote
        ("⟨> First para.\n>\n> Second para.⟩", "⟨First para.\n\nSecond para.⟩"),
        ("⟨\nOnly.\n⟩", "⟨\n> Only.\n⟩"),  # blank lines around the text stay unquoted
        ("⟨> Quoted\nnot quoted⟩", "⟨> > Quoted\n> not quoted⟩"),  # mixed: all quoted
    ],
)
def test_quote(before, after):
    assert run(toggle_quote, before) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("⟨one\ntwo\n\nthree⟩", "⟨- one\n- two\n\n- three⟩"),
        ("⟨- one\n- two⟩", "⟨one\ntwo⟩"),
        ("⟨1. one\n2. two⟩", "⟨- one\n- two⟩"),  # numbered becomes bulleted
        ("⟨  * nested⟩", "⟨  nested⟩"),  # indentation kept
    ],
)
def test_bulleted_list(before, after):
    assert run(toggle_bulleted_list, before) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("⟨one\ntwo\nthree⟩", "⟨1. one\n2. two\n3. three⟩"),
        ("⟨1. one\n2) two⟩", "⟨one\ntwo⟩"),
        ("⟨- one\n- two⟩", "⟨1. one\n2. two⟩"),
        ("o‸ne", "1. o‸ne"),
    ],
)
def test_numbered_list(before, after):
    assert run(toggle_numbered_list, before) == after


@pytest.mark.parametrize("command", [toggle_quote, toggle_bulleted_list, toggle_numbered_list])
def test_line_commands_leave_blank_text_alone(command):
    assert command("", 0, 0).text == ""
    assert command("\n\n", 0, 2).text == "\n\n"


def test_commands_cope_with_hostile_text():
    nasty = "*" * 5000 + "_" * 5000 + "[" * 2000 + "](" * 2000 + "\u202e" + "#" * 100
    for command in (toggle_emphasis,):
        command(nasty, 0, len(nasty), True)
        command(nasty, 0, len(nasty), False)
    for command in (toggle_link, toggle_quote, toggle_bulleted_list, toggle_numbered_list):
        command(nasty, 0, len(nasty))
    toggle_heading(nasty, 0, len(nasty), 2)


def test_subheads_listed_outside_code():
    lines = [
        "Intro.",
        "## First section",
        "```",
        "## not a heading",
        "```",
        "### Detail ###",
        "#### Too deep",
        "# Title level",
        "   ## Indented three",
        "    ## code by indentation? no: four spaces",
        "##NoSpace",
    ]
    assert find_subheads(lines) == [
        Subhead(1, 2, "First section"),
        Subhead(5, 3, "Detail"),
        Subhead(8, 2, "Indented three"),
    ]


def test_unclosed_fence_hides_the_rest():
    assert find_subheads(["~~~", "## hidden"]) == []
    assert find_subheads(["~~~", "```", "## hidden", "~~~", "## shown"]) == [Subhead(4, 2, "shown")]
