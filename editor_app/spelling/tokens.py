"""The words of a Markdown line that a spellchecker should look at, and nothing else.

Markdown syntax, URLs, e-mail addresses, `placement:` references, HTML tags and
entities, inline and fenced code, numbers and ALL-CAPS acronyms are never words to
check: flagging them would teach writers to ignore the underline. The tokenizer works
one line at a time with a small state carried from line to line (inside a fence, after
a blank line...), so the editor can recheck only the line being typed in.

Words are runs of letters with their combining marks, joined by apostrophes (don't,
l'homme) and, for Persian, by the zero-width non-joiner (می‌خواهم). Offsets are Python
string indices (code points) into the line.
"""

from __future__ import annotations

import functools
import re
import unicodedata


def _combining_mark_ranges() -> str:
    """A character class body of every combining mark (Mn, Mc, Me) of the alphabetic
    scripts (U+0300 to U+30FF) and the combining half marks: `re` has no \\p{M}, and
    Arabic vowel signs, Hebrew points and decomposed Latin accents are part of the word
    they sit on."""
    ranges: list[tuple[int, int]] = []
    for code in [*range(0x0300, 0x3100), *range(0xFE20, 0xFE30)]:
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\u{start:04x}-\\u{end:04x}" if end > start else f"\\u{start:04x}" for start, end in ranges)


@functools.cache
def word_pattern() -> re.Pattern:
    """A word: letters or digits (no underscore: `_emphasis_` is Markdown), combining marks,
    and the zero-width non-joiner and joiner that Persian and Indic words carry inside them,
    joined by apostrophes. Built on first use: the editor's first paint needs only line states."""
    character = rf"(?:[^\W_]|[{_combining_mark_ranges()}\u200c\u200d])"
    return re.compile(rf"{character}+(?:['\u2019]{character}+)*")


# Spans of a line that are Markdown or HTML structure, not prose: each starts with its own
# punctuation, so lines without any (most prose) skip this pass. Possessive quantifiers and
# start-of-run lookbehinds keep every pattern linear: a body line of 100,000 brackets or
# backticks must not take seconds.
_STRUCTURE = re.compile(
    r"""
      (?<!`)(?P<ticks>`++).{0,2000}?(?<!`)(?P=ticks)(?!`)  # inline code (of a sane length)
    | !?\[[^\[\]\n]*+\]\(\s*placement:[^()\s]*+\s*\)   # ![alt](placement:12)
    | \]\([^()\n]*+\)                                 # a link's or image's destination
    | <[/!?]?[A-Za-z][^<>\n]*+>                        # an HTML tag or an <https://...> autolink
    | &\#?\w++;                                        # an HTML entity
    | `++                                             # a backtick run that never closes
    """,
    re.VERBOSE,
)
_HAS_STRUCTURE = re.compile(r"[`\]<&]")
# Where a structure span can start: each pattern above begins with one of these. Matching
# _STRUCTURE only there took 30 µs for a paragraph of 850 characters and 8 links, letting
# `finditer` try every position 100 µs (a keystroke finds a paragraph's spans once).
_STRUCTURE_START = re.compile(r"[`!\[\]<&]")
_REFERENCE_DEFINITION = re.compile(r"\s{0,3}\[[^\[\]\n]++\]:\s*\S++")
# A whitespace-separated chunk holding @ . : / or #: maybe an address, judged whole below.
_MARKED_CHUNK = re.compile(r"(?<!\S)[^\s@.:/#]*+[@.:/#]\S*+")
_ADDRESS = re.compile(
    r"""
      placement:                       # a bare placement reference
    | ://                              # a URL
    | ^\W*(?:www\.|mailto:)            # a URL without its scheme, a mailto: link
    | \w@[\w-]+\.\w                    # an e-mail address
    | \w\.\w                            # a domain, a file name, e.g, U.S, 3.5
    | ^\W*[@\#]\w                       # a handle or a hashtag
    """,
    re.VERBOSE,
)
_DIGIT = re.compile(r"\d")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

# Line states carried from one line to the next (QSyntaxHighlighter's block state).
AFTER_BLANK = 0  # the first line, or after a blank one: an indented line here is code
TEXT = 1
BACKTICK_FENCE = 2
TILDE_FENCE = 3
INDENTED_CODE = 4


# Longer than any word of any language (the longest dictionary words have ~45 letters).
LONGEST_WORD = 100

# A word found in a line: (its offset in the line, the word). Plain tuples: a whole block read
# (an article opened) has hundreds, and a class per word cost more than the lookups.
WordSpan = tuple[int, str]


def is_checkable(word: str) -> bool:
    """False for what is not a word to look up: one letter, numbers, ALL-CAPS acronyms,
    and runs of letters longer than any word (a pasted hash or a held-down key)."""
    if not 2 <= len(word) <= LONGEST_WORD or (not word.isalpha() and _DIGIT.search(word)):
        return False
    if word.isupper():
        return False  # NATO, IRGC, TEHRAN in a dateline
    # NGOs, MPs: an acronym's plural
    return not (word[-1] == "s" and len(word) > 2 and word[:-1].isupper())


def line_state(line: str, state: int = AFTER_BLANK) -> tuple[bool, int]:
    """(whether the line is prose to check, the state for the next line); no word is looked at."""
    if state in (BACKTICK_FENCE, TILDE_FENCE):
        fence = "`" if state == BACKTICK_FENCE else "~"
        stripped = line.strip()
        if stripped.startswith(fence * 3) and not stripped.strip(fence):
            return False, TEXT
        return False, state
    if not line.strip():
        return False, AFTER_BLANK
    fence = _FENCE.match(line)
    if fence:
        return False, BACKTICK_FENCE if fence.group(1)[0] == "`" else TILDE_FENCE
    if state in (AFTER_BLANK, INDENTED_CODE) and line.startswith(("    ", "\t")):
        return False, INDENTED_CODE
    return True, TEXT


def words_in_line(line: str, state: int = AFTER_BLANK) -> tuple[list[WordSpan], int]:
    """The words to check in one line of Markdown, and the state for the next line."""
    prose, state = line_state(line, state)
    found: list[WordSpan] = []
    if prose:
        _prose_words(line, found)
    return found, state


def edit_window(
    old: str,
    new: str,
    old_structure: list[tuple[int, int]] | None = None,
    new_structure: list[tuple[int, int]] | None = None,
) -> tuple[int, int, int] | None:
    """(start, end, moved): the prose line `new` differs from the prose line `old` only in the
    whitespace-separated chunks new[start:end], and its words before `start` are those of
    `old`, its words from `end` on those of `old` from `end - moved` on, `moved` characters
    further. None where the structure spans (`structure_spans`, given or found here) change or reach into the window: a backtick or a bracket typed, a word typed
    inside a link's destination or against a code span.

    Costs a few passes over the line at C speed and no Python work per word."""
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    start = prefix
    while start > 0 and not new[start - 1].isspace():
        start -= 1
    end = len(new) - suffix
    while end < len(new) and not new[end].isspace():
        end += 1
    moved = len(new) - len(old)
    if old_structure is None:
        old_structure = structure_spans(old)
    if new_structure is None:
        new_structure = structure_spans(new)
    if not old_structure and not new_structure:
        return start, end, moved
    if len(old_structure) != len(new_structure):
        return None
    for (old_start, old_end), (new_start, new_end) in zip(old_structure, new_structure, strict=True):
        if new_end <= start:
            if (old_start, old_end) != (new_start, new_end):
                return None
        elif new_start >= end:
            if (old_start + moved, old_end + moved) != (new_start, new_end):
                return None
        else:
            return None  # the edit is inside or against this span
    return start, end, moved


def structure_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each span of a prose line that is Markdown or HTML structure, not
    prose (a reference definition's label and address, code, a link's destination, a tag,
    an entity), in order. Words are read only between them."""
    if not _HAS_STRUCTURE.search(line):
        return []
    spans = []
    position = 0
    reference = _REFERENCE_DEFINITION.match(line)
    if reference:
        position = reference.end()
        spans.append((0, position))
    next_start, match_at = _STRUCTURE_START.search, _STRUCTURE.match
    while (start := next_start(line, position)) is not None:
        structure = match_at(line, start.start())
        if structure is None:
            position = start.start() + 1
        else:
            spans.append(structure.span())
            position = structure.end()
    return spans


def words_in_window(line: str, start: int, end: int) -> list[WordSpan]:
    """The words of line[start:end], a window given by `edit_window`."""
    found: list[WordSpan] = []
    _words_between(line, start, end, found)
    return found


def _common_prefix(a: str, b: str) -> int:
    low, high = 0, min(len(a), len(b))
    while low < high:  # slices compare at C speed; a loop over characters would not
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    low, high = 0, max(0, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def _prose_words(line: str, found: list) -> None:
    position = 0
    for start, end in structure_spans(line):
        _words_between(line, position, start, found)
        position = end
    _words_between(line, position, len(line), found)


def _words_between(line: str, start: int, end: int, found: list) -> None:
    """Words from start to end, leaving out whole chunks that are addresses."""
    if end - start < 2:
        return
    for chunk in _MARKED_CHUNK.finditer(line, start, end):
        if _ADDRESS.search(chunk.group()):
            _plain_words(line, start, chunk.start(), found)
            start = chunk.end()
    _plain_words(line, start, end, found)


def _plain_words(line: str, start: int, end: int, found: list) -> None:
    if end - start < 2:
        return
    append = found.append
    for match in word_pattern().finditer(line, start, end):
        word = match.group()
        # The usual word (letters, not an acronym) without the general test's cost.
        if (word.isalpha() and 1 < len(word) <= LONGEST_WORD and not word[:-1].isupper()) or is_checkable(word):
            append((match.start(), word))


def words_in_text(text: str, state: int = AFTER_BLANK):
    """(line index, line start offset, (offset in line, word)) for every word of a multi-line text."""
    offset = 0
    for index, line in enumerate(text.split("\n")):
        spans, state = words_in_line(line, state)
        for span in spans:
            yield index, offset, span
        offset += len(line) + 1


def script_of(word: str) -> str:
    """The script of a word's first letter as Unicode names it: "LATIN", "ARABIC", "HEBREW"..."""
    for character in word:
        if character.isalpha():
            return unicodedata.name(character, "UNKNOWN").split(" ", 1)[0]
    return "UNKNOWN"
