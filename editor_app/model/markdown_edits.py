"""The Format menu's Markdown edits as pure functions over a span of text.

The window hands each function the text of the lines the selection touches (joined with
"\\n") and the selection inside it; it gets back the new text and the new selection, and
writes only what changed, as one undo step. Keeping the rules here, away from Qt, lets
them be tested as plain strings and keeps the editor pane thin.

Each command toggles: bold on bold text takes the markers away, a quote on quoted lines
unquotes them, a bulleted list on a numbered one turns it into bullets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What Ctrl+K puts in the link's address, selected so that typing or pasting replaces it.
LINK_URL_PLACEHOLDER = "https://"
LINK_TEXT_PLACEHOLDER = "link text"
# The subheads an article's outline lists (## and ###; # is the headline's level).
SUBHEAD_LEVELS = (2, 3)

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_QUOTE = re.compile(r"^ {0,3}> ?")
_BULLET = re.compile(r"^(\s*)[-*+][ \t]+")
_NUMBER = re.compile(r"^(\s*)\d{1,9}[.)][ \t]+")
# What a wrapped segment skips at the start of a line: heading marks, quote marks, list markers.
_LINE_PREFIX = re.compile(r"^\s*(?:(?:#{1,6}|>|[-*+]|\d{1,9}[.)])[ \t]+|>)*")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*)(?:\s+\"[^\"\n]*\")?\)")
_URL = re.compile(r"^(?:https?://|mailto:|www\.)\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class TextEdit:
    """The span's new text and the selection in it (anchor and cursor position)."""

    text: str
    anchor: int
    position: int


@dataclass(frozen=True)
class Subhead:
    line: int  # 0-based line (block) number in the body
    level: int  # 2 for ##, 3 for ###
    title: str


# ---------------------------------------------------------------------- inline: bold, italic


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character in "'’-"


def _word_around(text: str, position: int) -> tuple[int, int]:
    start = position
    while start > 0 and _is_word_character(text[start - 1]):
        start -= 1
    end = position
    while end < len(text) and _is_word_character(text[end]):
        end += 1
    return start, end


def _run_length(text: str, start: int, step: int, character: str) -> int:
    """How many `character`s run from `start` going `step` (+1 right, -1 left)."""
    count = 0
    index = start
    while 0 <= index < len(text) and text[index] == character:
        count += 1
        index += step
    return count


def _marks(run: int, strong: bool) -> bool:
    """Whether a delimiter run this long carries bold (2 or 3) or italic (1 or 3)."""
    return run >= 2 if strong else run % 2 == 1


def _is_delimiter_run(text: str, start: int, end: int) -> bool:
    """A run of * or _ that can open or close emphasis (CommonMark's flanking rule, loosely):
    not between two spaces, and an underscore not inside a word (snake_case, URLs)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isspace() and after.isspace():
        return False
    return not (text[start] == "_" and before.isalnum() and after.isalnum())


def _strip_marks_inside(text: str, start: int, end: int, strong: bool) -> tuple[str, int] | None:
    """Remove one emphasis level from every delimiter run in text[start:end]; None if none carried it."""
    pieces: list[str] = []
    removed = 0
    index = start
    found = False
    while index < end:
        character = text[index]
        if character in "*_":
            run_end = index
            while run_end < end and text[run_end] == character:
                run_end += 1
            run = run_end - index
            if _is_delimiter_run(text, index, run_end) and _marks(run, strong):
                found = True
                drop = 2 if strong else 1
                pieces.append(character * (run - drop))
                removed += drop
            else:
                pieces.append(text[index:run_end])
            index = run_end
        else:
            pieces.append(character)
            index += 1
    if not found:
        return None
    return "".join(pieces), removed


def toggle_emphasis(text: str, start: int, end: int, strong: bool) -> TextEdit:
    """Bold (`strong`) or italic on the selection; off again if the selection already has it.

    With no selection the word at the cursor is used; between words an empty pair of
    markers is put in with the cursor between them.
    """
    marker = "**" if strong else "*"
    start, end = sorted((start, end))
    if start == end:
        word_start, word_end = _word_around(text, start)
        if word_start == word_end:
            new = text[:start] + marker + marker + text[start:]
            return TextEdit(new, start + len(marker), start + len(marker))
        start, end = word_start, word_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1

    # Markers just outside the selection: **[bold]** selected without its asterisks.
    for character in "*_":
        left = _run_length(text, start - 1, -1, character)
        right = _run_length(text, end, 1, character)
        if (
            left
            and right
            and _marks(left, strong)
            and _marks(right, strong)
            and _is_delimiter_run(text, start - left, start)
            and _is_delimiter_run(text, end, end + right)
        ):
            drop = len(marker)
            new = text[: start - drop] + text[start:end] + text[end + drop :]
            return TextEdit(new, start - drop, end - drop)

    # Markers inside it: the whole **bold** selected, or a sentence with bold words in it.
    stripped = _strip_marks_inside(text, start, end, strong)
    if stripped is not None:
        inner, removed = stripped
        return TextEdit(text[:start] + inner + text[end:], start, end - removed)

    return _wrap_lines(text, start, end, marker, marker)


def _wrap_lines(text: str, start: int, end: int, opening: str, closing: str) -> TextEdit:
    """Wrap each line's part of the selection (emphasis cannot cross a paragraph), skipping
    heading, quote and list marks at the start of a line and spaces at either end."""
    pieces: list[str] = []
    new_start = new_end = None
    segments = 0
    position = 0
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        segment_start = max(start, line_start)
        segment_end = min(end, line_end)
        if segment_start < segment_end:
            if segment_start == line_start:
                segment_start += _LINE_PREFIX.match(line).end()
            while segment_start < segment_end and text[segment_start].isspace():
                segment_start += 1
            while segment_end > segment_start and text[segment_end - 1].isspace():
                segment_end -= 1
        if segment_start < segment_end:
            head = text[line_start:segment_start]
            body = text[segment_start:segment_end]
            pieces.append(f"{head}{opening}{body}{closing}{text[segment_end:line_end]}")
            segments += 1
            if new_start is None:
                new_start = position + len(head) + len(opening)
            new_end = position + len(head) + len(opening) + len(body)
        else:
            pieces.append(line)
        position += len(pieces[-1]) + 1
        line_start = line_end + 1
    if new_start is None:
        return TextEdit(text, start, end)
    if segments > 1:  # the markers selected too, so pressing again finds them inside and undoes all
        return TextEdit("\n".join(pieces), new_start - len(opening), new_end + len(closing))
    return TextEdit("\n".join(pieces), new_start, new_end)


# ---------------------------------------------------------------------- links


def toggle_link(text: str, start: int, end: int) -> TextEdit:
    """Ctrl+K: the selection (or the word at the cursor) becomes [text](https://) with the
    address selected to be typed over; a selected address becomes the link's address with
    its text selected instead. Inside a link already, the link goes and its text stays."""
    start, end = sorted((start, end))
    for match in _LINK.finditer(text):
        if match.start() <= start and end <= match.end():
            label = match.group(1)
            new = text[: match.start()] + label + text[match.end() :]
            return TextEdit(new, match.start(), match.start() + len(label))
    if start == end:
        start, end = _word_around(text, start)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    selected = text[start:end]
    if _URL.match(selected):
        new = f"{text[:start]}[{LINK_TEXT_PLACEHOLDER}]({selected}){text[end:]}"
        return TextEdit(new, start + 1, start + 1 + len(LINK_TEXT_PLACEHOLDER))
    label = selected or LINK_TEXT_PLACEHOLDER
    new = f"{text[:start]}[{label}]({LINK_URL_PLACEHOLDER}){text[end:]}"
    if not selected:
        return TextEdit(new, start + 1, start + 1 + len(label))
    address = start + len(label) + 3
    return TextEdit(new, address, address + len(LINK_URL_PLACEHOLDER))


# ---------------------------------------------------------------------- whole lines


def _rewrite_lines(text: str, start: int, end: int, rewrites: list[tuple[int, str]]) -> TextEdit:
    """Apply (characters to drop at the start, prefix to put there) to each line and carry
    the selection's ends along, so a cursor after the marks stays on the same word."""
    lines = text.split("\n")
    new_lines = []
    shifts = []  # per line: (old offset, old prefix length, new offset, new prefix length)
    old_offset = new_offset = 0
    for line, (drop, prefix) in zip(lines, rewrites, strict=True):
        new_line = prefix + line[drop:]
        shifts.append((old_offset, drop, new_offset, len(prefix)))
        new_lines.append(new_line)
        old_offset += len(line) + 1
        new_offset += len(new_line) + 1

    def carry(offset: int, keep_line_start: bool) -> int:
        for old_line, drop, new_line, added in reversed(shifts):
            if offset >= old_line:
                column = offset - old_line
                if column == 0 and keep_line_start:
                    return new_line
                return new_line + (added if column < drop else column - drop + added)
        return offset

    # A selection from the start of a line keeps the whole line selected, marks and all.
    start, end = sorted((start, end))
    return TextEdit("\n".join(new_lines), carry(start, start != end), carry(end, False))


def _heading_level(line: str) -> int:
    match = _HEADING.match(line)
    return len(match.group(1)) if match else 0


def toggle_heading(text: str, start: int, end: int, level: int) -> TextEdit:
    """Make every non-blank line a heading of `level`; if all of them are already, plain text."""
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    undo = bool(filled) and all(_heading_level(line) == level for line in filled)
    rewrites = []
    for line in lines:
        match = _HEADING.match(line)
        drop = match.end() if match else len(line) - len(line.lstrip(" "))
        if not line.strip():
            rewrites.append((0, ""))
        elif undo:
            rewrites.append((drop, ""))
        else:
            rewrites.append((drop, "#" * level + " "))
    return _rewrite_lines(text, start, end, rewrites)


def _filled_range(lines: list[str]) -> tuple[int, int]:
    filled = [number for number, line in enumerate(lines) if line.strip()]
    return (filled[0], filled[-1]) if filled else (0, -1)


def toggle_quote(text: str, start: int, end: int) -> TextEdit:
    """Quote the lines (blank lines between them too, so the paragraphs make one quote);
    if every non-blank line is quoted already, take one level of quoting away."""
    lines = text.split("\n")
    first, last = _filled_range(lines)
    filled = lines[first : last + 1]
    undo = bool(filled) and all(_QUOTE.match(line) for line in filled if line.strip())
    rewrites = []
    for number, line in enumerate(lines):
        if undo:
            match = _QUOTE.match(line)
            rewrites.append((match.end() if match else 0, ""))
        elif first <= number <= last:
            rewrites.append((0, "> " if line.strip() else ">"))
        else:
            rewrites.append((0, ""))
    return _rewrite_lines(text, start, end, rewrites)


def toggle_bulleted_list(text: str, start: int, end: int) -> TextEdit:
    """Each non-blank line a "- " item (a numbered item changes its number for a bullet);
    if all of them are bullets already, plain lines again."""
    return _toggle_list(text, start, end, numbered=False)


def toggle_numbered_list(text: str, start: int, end: int) -> TextEdit:
    """Each non-blank line a numbered item, 1. 2. 3.; if all are numbered, plain lines again."""
    return _toggle_list(text, start, end, numbered=True)


def _toggle_list(text: str, start: int, end: int, numbered: bool) -> TextEdit:
    own, other = (_NUMBER, _BULLET) if numbered else (_BULLET, _NUMBER)
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    undo = bool(filled) and all(own.match(line) for line in filled)
    rewrites = []
    number = 0
    for line in lines:
        if not line.strip():
            rewrites.append((0, ""))
            continue
        match = own.match(line) or other.match(line)
        indent = match.group(1) if match else line[: len(line) - len(line.lstrip())]
        drop = match.end() if match else len(indent)
        if undo:
            rewrites.append((drop, indent))
        else:
            number += 1
            rewrites.append((drop, indent + (f"{number}. " if numbered else "- ")))
    return _rewrite_lines(text, start, end, rewrites)


# ---------------------------------------------------------------------- outline


def find_subheads(lines) -> list[Subhead]:
    """The ## and ### headings of a body, given its lines, skipping fenced code blocks."""
    subheads: list[Subhead] = []
    fence = ""
    for number, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence_match:
            marks = fence_match.group(1)
            if not fence:
                fence = marks
            elif marks[0] == fence[0] and len(marks) >= len(fence) and not line.strip().strip(marks[0]):
                fence = ""
            continue
        if fence:
            continue
        match = _HEADING.match(line)
        if match and len(match.group(1)) in SUBHEAD_LEVELS:
            title = line[match.end() :].strip()
            title = re.sub(r"[ \t]+#+$", "", title).strip() if title.strip("#") else ""
            subheads.append(Subhead(number, len(match.group(1)), title))
    return subheads
