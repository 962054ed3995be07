"""The library's word and character counts add up line by line, which the editor relies
on to recount only the lines an edit touched."""

from __future__ import annotations

import random

from editor_app.library.text import count_characters, count_words

PIECES = [
    "word ", "\n", "\n\n", "[a link](https://x.org/y z) ", "[text over\ntwo lines](https://x.org/\nz) ",
    "<b>tag</b> ", "<a\nhref='x'>split tag</a> ", "<https://example.org/a\nb> ", "![](placement:3)",
    "  ![caption](placement:4)  ", "don't well-known ", "ضدّ هذا ", "   ", "\t", "`code` ", "](", ")",
]  # fmt: skip


def test_counts_are_the_sums_of_the_lines_counts():
    rng = random.Random(3)
    for _ in range(500):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        lines = text.split("\n")
        assert count_words(text) == sum(count_words(line) for line in lines), text
        assert count_characters(text) == sum(count_characters(line) for line in lines), text


def test_link_targets_and_tags_are_not_prose_on_their_own_line():
    assert count_words("See [the report](https://example.org/a-b-c) and <b>this</b>.") == 5
    assert count_words("  ![A caption](placement:12)  ") == 0
    assert count_characters("  ![A caption](placement:12)  ") == 1  # the line stands for one space
