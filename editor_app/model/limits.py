"""Limits that keep rendering bounded in time, checked in one linear pass before Markdown.

Python-Markdown 3.11 is quadratic (or worse) on several shapes of text, and
html5ever, under nh3, is quadratic in the depth of nested raw HTML. Measured on
the development machine before these checks existed:

- 2,000 nested list levels: RecursionError after 15 s; 400 levels take 1.5 s.
- `<a ` 20,000 times (an unclosed tag, 60 KB): 37 s in the stdlib HTMLParser.
- `[` 4,000 times in one paragraph: 2.3 s; `# a` on 5,000 consecutive lines:
  3.4 s; 8,000 list items: 1.1 s; `'a` 20,000 times: 2.6 s; `**a` 20,000 times: 2.1 s.
- `<ul>` nested 100,000 deep: 25 s in nh3.

Each limit below bounds one of those costs; legitimate articles (a 5,000-word
longread is about 30,000 characters) stay far below all of them. With them the
worst body we could construct renders or is refused in about a second.
"""

from __future__ import annotations

import re

from editor_app.model.errors import (
    BodyRefusedError,
    BodyTooComplexError,
    BodyTooDeeplyNestedError,
    BodyTooLargeError,
)

MAX_BODY_CHARS = 200_000
"""About 33,000 words: six times the longest longread a desk publishes."""

MAX_NESTING_DEPTH = 32
"""Block quotes and list levels opened on one line, counting four columns of indent as a level."""

MAX_MARKUP_SCORE = 100_000_000
"""Sum over blank-line-separated blocks of the squared count of inline markup characters
(quotes, `*`, `_`, backticks, `<`, `&`, `[`, `!`): every one can become an element or a
placeholder, and Python-Markdown's inline pass is quadratic in those per block. The limit
is one block with 10,000 of them; prose has a few per paragraph."""

MAX_BLOCK_LINES_SCORE = 1_000_000
"""Sum of the squared line counts of blocks (one block of 1,000 lines)."""

MAX_BRACKET_SCAN = 500_000
"""Characters link parsing scans: from each `[` or `(` to its match, or to the end of the
block when there is none (measured at 0.4-0.6 µs a character: a third of a second)."""

MAX_TAG_SCAN = 10_000_000
"""Characters HTMLParser rescans looking for the `>` that closes a tag, summed over tags."""

MAX_RAW_HTML_TAGS = 10_000
MAX_RAW_HTML_DEPTH = 256
"""Raw HTML tags, and how deep they may nest (an estimate from start and end tags)."""

MAX_LIST_ITEMS = 5_000
MAX_HEADINGS = 2_000

_BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n")
_BRACKET = re.compile(r"[\[\]()]")
_INLINE_MARKUP_CHARS = "'\"*_`<&[!"
_INLINE_MARKUP = re.compile(f"[{re.escape(_INLINE_MARKUP_CHARS)}]")
_CONTAINER_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+")
# The start of a line with more characters that could open a quote or list level than the
# depth allowed: only such a line can be too deep (each level takes at least one of them).
# Matched at the body's start and after each newline: a leading literal lets the regex
# engine jump from newline to newline, where `^` with MULTILINE tries every position.
_DEEP_LINE_START = rf"[ \t>*+\-0-9.)]{{{MAX_NESTING_DEPTH + 1}}}"
_DEEP_FIRST_LINE = re.compile(_DEEP_LINE_START)
_DEEP_LATER_LINE = re.compile(r"\n" + _DEEP_LINE_START)
_LIST_ITEM = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]", re.MULTILINE)
_HEADING = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)
_TAG_OPENER_OR_CLOSER = re.compile(r"<[A-Za-z/!?]|>")
_RAW_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")

# Elements that never hold children, and elements the HTML parser closes by
# itself when a sibling starts; neither deepens the tree.
_VOID_OR_SELF_CLOSING = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "image",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "rb",
        "rt",
        "rp",
        "rtc",
        "tbody",
        "thead",
        "tfoot",
        "colgroup",
    ]
)


def _indent_columns(line: str) -> int:
    columns = 0
    for char in line:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        else:
            break
    return columns


def _check_nesting(markdown: str) -> None:
    for number, line in enumerate(markdown.split("\n"), start=1):
        prefix = _CONTAINER_PREFIX.match(line)
        if prefix is None:
            continue
        markers = sum(1 for char in prefix.group() if char not in " \t")
        depth = markers + _indent_columns(line) // 4
        if depth > MAX_NESTING_DEPTH:
            raise BodyTooDeeplyNestedError(
                f"Line {number} opens {depth} levels of quotes or lists; at most {MAX_NESTING_DEPTH} are allowed."
            )


def _bracket_scan(block: str) -> int:
    """How far link parsing scans ahead in `block`, summed over every `[` and `(`."""
    scan = 0
    open_positions: dict[str, list[int]] = {"[": [], "(": []}
    for match in _BRACKET.finditer(block):
        char, position = match.group(), match.start()
        if char in open_positions:
            open_positions[char].append(position)
        else:
            stack = open_positions["[" if char == "]" else "("]
            if stack:
                scan += position - stack.pop()
    for stack in open_positions.values():
        scan += sum(len(block) - position for position in stack)
    return scan


def _check_blocks(markdown: str) -> None:
    markup_score = lines_score = bracket_scan = 0
    for block in _BLOCK_SEPARATOR.split(markdown):
        markup = len(_INLINE_MARKUP.findall(block))
        markup_score += markup * markup
        lines = block.count("\n") + 1
        lines_score += lines * lines
        if "[" in block or "(" in block:
            bracket_scan += _bracket_scan(block)
    if markup_score > MAX_MARKUP_SCORE:
        raise BodyTooComplexError(
            "A paragraph, list or table holds too much markup to render; split it with blank lines."
        )
    if lines_score > MAX_BLOCK_LINES_SCORE:
        raise BodyTooComplexError("A paragraph, list or table has too many lines to render; split it with blank lines.")
    if bracket_scan > MAX_BRACKET_SCAN:
        raise BodyTooComplexError("Too many unclosed brackets in a long paragraph; check for unfinished links.")


def unclosed_tag_scan(text: str) -> int:
    """Characters HTMLParser rescans looking for the `>` that closes a tag, summed over tags:
    what makes the stdlib parser quadratic (5,000 unclosed `<a ` take it 8 s). The wire
    importer asks it before parsing pasted HTML too."""
    scan = 0
    pending = 0
    first_pending = 0
    for match in _TAG_OPENER_OR_CLOSER.finditer(text):
        if match.group() == ">":
            scan += pending * (match.start() - first_pending)
            pending = 0
        else:
            if not pending:
                first_pending = match.start()
            pending += 1
    return scan + pending * (len(text) - first_pending)


def _check_tag_scan(markdown: str) -> None:
    scan = unclosed_tag_scan(markdown)
    if scan > MAX_TAG_SCAN:
        raise BodyTooComplexError("Too many unclosed HTML tags (a '<' without its '>').")


def _check_raw_html(markdown: str) -> None:
    open_counts: dict[str, int] = {}
    depth = deepest = tags = 0
    for match in _RAW_TAG.finditer(markdown):
        tags += 1
        name = match.group(2).lower()
        if name in _VOID_OR_SELF_CLOSING:
            continue
        count = open_counts.get(name, 0)
        if match.group(1):
            if count:
                open_counts[name] = count - 1
                depth -= 1
        else:
            open_counts[name] = count + 1
            depth += 1
            deepest = max(deepest, depth)
    if tags > MAX_RAW_HTML_TAGS:
        raise BodyTooComplexError(f"The body holds {tags} HTML tags; at most {MAX_RAW_HTML_TAGS} are allowed.")
    if deepest > MAX_RAW_HTML_DEPTH:
        raise BodyTooDeeplyNestedError(
            f"HTML in the body nests {deepest} elements deep; at most {MAX_RAW_HTML_DEPTH} are allowed."
        )


def body_refusal(markdown: str) -> str | None:
    """Why the library, the renderer and the exporter refuse `markdown`, or None when they accept it.

    The one answer every part of Copydesk gives: the editor shows it as the writer types,
    the CLI prints it, the exporter lists the article with it. Cheap enough to ask per
    keystroke and per article of an export (0.03 ms for an 800-word article).
    """
    try:
        check_body_limits(markdown)
    except BodyRefusedError as refusal:
        return str(refusal)
    return None


def check_body_limits(markdown: str) -> None:
    """Raise a `BodyRefusedError` subclass when the body could not be rendered in bounded time.

    Each scoring pass is skipped when a bound counted in C (`str.count`) already shows it
    cannot fail, which is the case for nearly every real article; the bounds are proved
    beside each test below, and skipping a pass that would pass changes no answer.
    """
    length = len(markdown)
    if length > MAX_BODY_CHARS:
        raise BodyTooLargeError(f"The body has {length:,} characters; the renderer accepts at most {MAX_BODY_CHARS:,}.")
    if _DEEP_FIRST_LINE.match(markdown) or _DEEP_LATER_LINE.search(markdown):
        _check_nesting(markdown)
    lines = markdown.count("\n") + 1
    openers = markdown.count("<")
    # Blocks split on separators of two or more newlines holding no markup, so the per-block
    # sums are at most the whole body's: sum(m_b^2) <= (sum m_b)^2, sum(lines_b) <= lines,
    # and each `[` or `(` scans at most the body's length. Markup is at most the length,
    # which spares counting it in any body of up to 10,000 characters.
    if length * length <= MAX_MARKUP_SCORE:
        markup = length
    else:
        markup = sum(markdown.count(char) for char in _INLINE_MARKUP_CHARS)
    brackets = markdown.count("[") + markdown.count("(")
    if (
        markup * markup > MAX_MARKUP_SCORE
        or lines * lines > MAX_BLOCK_LINES_SCORE
        or brackets * length > MAX_BRACKET_SCAN
    ):
        _check_blocks(markdown)
    # Every pending tag opener is a `<` and rescans at most the body's length.
    if openers * length > MAX_TAG_SCAN:
        _check_tag_scan(markdown)
    # Raw tags and their depth are both at most the number of `<`.
    if openers > min(MAX_RAW_HTML_TAGS, MAX_RAW_HTML_DEPTH):
        _check_raw_html(markdown)
    # At most one list item and one heading per line.
    if lines > MAX_LIST_ITEMS:
        list_items = len(_LIST_ITEM.findall(markdown))
        if list_items > MAX_LIST_ITEMS:
            raise BodyTooComplexError(f"The body has {list_items} list items; at most {MAX_LIST_ITEMS} are allowed.")
    if lines > MAX_HEADINGS:
        headings = len(_HEADING.findall(markdown))
        if headings > MAX_HEADINGS:
            raise BodyTooComplexError(f"The body has {headings} headings; at most {MAX_HEADINGS} are allowed.")
