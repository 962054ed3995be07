"""Caption tools a desk shares: templates filled from the article and the photo, and code
replacements expanded as the editor types (Photo Mechanic's two best caption tools).

Everything here is pure: text in, values out, so the inspector can call it per keystroke
and the command line over a whole article. Templates are parsed here, never passed to
`str.format` (which would let a template reach attributes of the objects it is given).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from editor_app.library.errors import InvalidFieldError

TEMPLATE_VARIABLES = {
    "dateline": "the article's dateline (its place, e.g. TEHRAN)",
    "date": "the photo's taken date; {date:%B %-d, %Y} picks the format",
    "byline": "the article's byline",
    "creator": "the photographer (the photo's creator)",
    "credit": "the credit of this use of the photo, else the photo's",
    "city": "the city where the photo was taken",
    "country": "the country where the photo was taken",
    "headline": "the article's headline, else the photo's",
    "section": "the article's section",
}
DEFAULT_DATE_FORMAT = "%B %-d, %Y"


class TemplateError(InvalidFieldError):
    """A template that cannot be filled: an unknown variable, an unclosed brace, a bad date format."""


# ---------------------------------------------------------------- templates


@dataclass(frozen=True)
class _Variable:
    name: str
    format: str | None  # only {date:...} takes one


def parse_template(template: str) -> list[str | _Variable]:
    """Literal text and variables, in order. `{{` and `}}` are literal braces.

    Raises TemplateError naming the first mistake.
    """
    parts: list[str | _Variable] = []
    literal: list[str] = []
    i, length = 0, len(template)
    while i < length:
        char = template[i]
        if char in "{}" and template.startswith(char * 2, i):
            literal.append(char)
            i += 2
            continue
        if char == "}":
            raise TemplateError(f"The template has a '}}' with no '{{' before it (character {i + 1}).")
        if char != "{":
            literal.append(char)
            i += 1
            continue
        end = template.find("}", i + 1)
        if end < 0:
            raise TemplateError(f"The template has a '{{' that is never closed (character {i + 1}).")
        inside = template[i + 1 : end]
        if "{" in inside:
            raise TemplateError(f"The template has a '{{' inside a variable (character {i + 1}).")
        name, colon, spec = inside.partition(":")
        name = name.strip()
        if name not in TEMPLATE_VARIABLES:
            known = ", ".join("{" + known + "}" for known in TEMPLATE_VARIABLES)
            shown = "{" + inside + "}"
            raise TemplateError(f"The template uses {shown}, which is not a variable; use one of {known}.")
        if colon and name != "date":
            raise TemplateError(f"Only {{date}} takes a format; {{{name}}} does not.")
        if name == "date":
            spec = spec if colon else DEFAULT_DATE_FORMAT
            format_date(date(2000, 1, 1), spec)  # raises TemplateError on a bad format
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(_Variable(name, spec if name == "date" else None))
        i = end + 1
    if literal:
        parts.append("".join(literal))
    return parts


def template_problems(template: str) -> list[str]:
    """What is wrong with a template, as sentences for the template dialog; [] when it is fine."""
    problems = []
    if not template.strip():
        problems.append("The template is empty.")
    try:
        parse_template(template)
    except TemplateError as error:
        problems.append(str(error))
    return problems


def template_values(article=None, photo=None, placement=None) -> dict[str, str]:
    """Each variable's value for one photo in one article ("" when there is none).

    Any of the three may be None: the library browser fills a template without an article.
    """

    def text(obj, name: str) -> str:
        return (getattr(obj, name, "") or "").strip() if obj is not None else ""

    return {
        "dateline": text(article, "dateline"),
        "byline": text(article, "byline"),
        "headline": text(article, "headline") or text(photo, "headline"),
        "section": text(article, "section"),
        "creator": text(photo, "creator"),
        "credit": text(placement, "credit") or text(photo, "credit"),
        "city": text(photo, "city"),
        "country": text(photo, "country"),
    }


def fill_template(template: str, article=None, photo=None, placement=None) -> str:
    """The template with each variable replaced by its value for this photo in this article.

    A variable with no value leaves nothing, and takes with it the separator that would be
    left dangling: "{city}, {country}: " with no city gives "Canada: ", not ", Canada: ".
    Raises TemplateError for a template `template_problems` would reject.
    """
    values = template_values(article, photo, placement)
    taken = _taken_date(getattr(photo, "taken_at", None)) if photo is not None else None
    pieces: list[str | None] = []  # None marks a variable that had no value
    for part in parse_template(template):
        if isinstance(part, str):
            pieces.append(part)
        elif part.name == "date":
            pieces.append(format_date(taken, part.format or DEFAULT_DATE_FORMAT) if taken else None)
        else:
            pieces.append(values[part.name] or None)
    return _join_around_gaps(pieces).strip()


_SEPARATORS = ",;:/|–—-"
_CLOSERS = ",;:.!?)]/|–—-"


def _join_around_gaps(pieces: list[str | None]) -> str:
    out = ""
    gap = False  # a variable with no value was just passed
    for piece in pieces:
        if piece is None:
            gap = True
            continue
        out = _close_gap(out, piece) if gap else out + piece
        gap = False
    return _close_gap(out, "") if gap else out


def _close_gap(before: str, after: str) -> str:
    """Join the text around an empty variable: one space at most, no dangling separator."""
    spaced = before != before.rstrip() or after != after.lstrip()
    left, right = before.rstrip(), after.lstrip()
    if left.endswith(("(", "[")) and right.startswith((")", "]")):
        # "({date})" with no date: the brackets go too.
        left, right, spaced = left[:-1].rstrip(), right[1:].lstrip(), True
    if not left:
        return right[1:].lstrip() if right[:1] in _SEPARATORS else right
    if not right:
        return left[:-1].rstrip() if left[-1] in _SEPARATORS else left
    if left[-1] in _SEPARATORS and right[0] in _CLOSERS:
        return left[:-1].rstrip() + right
    return left + (" " if spaced and right[0] not in _CLOSERS else "") + right


def _taken_date(taken_at: str | None) -> date | None:
    if not taken_at:
        return None
    try:
        return datetime.fromisoformat(taken_at[:19] if len(taken_at) > 10 else taken_at).date()
    except ValueError:
        try:
            return date.fromisoformat(taken_at[:10])
        except ValueError:
            return None


# ---------------------------------------------------------------- dates without the C library

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# AP style abbreviates these months in datelines and captions ("Sept. 8", "March 8").
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


def format_date(day: date, spec: str) -> str:
    """`day` formatted by a strftime-like `spec`, the same on every platform and locale.

    Month and day names are English (the C library would follow the window's locale).
    `%-d` (or `%#d`) drops the padding of any number; `%P` gives AP-style months ("Sept.").
    Raises TemplateError for an unknown directive.
    """
    out: list[str] = []
    i = 0
    while i < len(spec):
        char = spec[i]
        if char != "%":
            out.append(char)
            i += 1
            continue
        i += 1
        unpadded = i < len(spec) and spec[i] in "-#"
        if unpadded:
            i += 1
        if i >= len(spec):
            raise TemplateError(f"The date format {spec!r} ends with a lone '%'.")
        directive = spec[i]
        i += 1
        value = _directive(day, directive)
        if value is None:
            raise TemplateError(
                f"The date format {spec!r} uses %{directive}, which is not known; "
                "use %d %-d %m %-m %B %b %Y %y %A %a %j or %P."
            )
        if unpadded and value.isdigit():
            value = value.lstrip("0") or "0"
        out.append(value)
    return "".join(out)


def _directive(day: date, directive: str) -> str | None:
    return {
        "d": f"{day.day:02d}",
        "e": f"{day.day:2d}",
        "m": f"{day.month:02d}",
        "Y": f"{day.year:04d}",
        "y": f"{day.year % 100:02d}",
        "B": MONTHS[day.month - 1],
        "b": MONTHS[day.month - 1][:3],
        "h": MONTHS[day.month - 1][:3],
        "P": AP_MONTHS[day.month - 1],
        "A": WEEKDAYS[day.weekday()],
        "a": WEEKDAYS[day.weekday()][:3],
        "j": f"{day.timetuple().tm_yday:03d}",
        "u": str(day.isoweekday()),
        "F": day.isoformat(),
        "%": "%",
    }.get(directive)


# ---------------------------------------------------------------- code replacements


def expand_code_at(text: str, cursor: int, codes: Mapping[str, str]) -> tuple[str, int] | None:
    """Expand the code the editor just finished typing, or None when there is none.

    The character before `cursor` must be the one just typed: a space or punctuation,
    which ends the code before it ("=qal " -> "Iranian Parliament Speaker ... "). The code
    is the run of non-space characters before that, without opening brackets or quotes,
    so "(=qal)" expands too. Returns the new text and the cursor after the terminator.
    """
    if not codes or cursor < 2 or cursor > len(text):
        return None
    terminator = text[cursor - 1]
    if not (terminator.isspace() or _is_punctuation(terminator)):
        return None
    end = cursor - 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    for begin in range(start, end):
        candidate = text[begin:end]
        replacement = codes.get(candidate)
        if replacement is not None:
            expanded = text[:begin] + replacement + text[end:]
            return expanded, begin + len(replacement) + 1
        # Only opening brackets and quotes may stand between the space and the code.
        if text[begin] not in "([{\"'“‘«¿¡":
            break
    return None


def _is_punctuation(char: str) -> bool:
    # "=" and "\" can start codes; they are not what ends one.
    return char not in "=\\@#" and unicodedata.category(char)[0] == "P"


@dataclass(frozen=True)
class CodeList:
    """A code list read from a file: the codes, and one sentence per line that was not used."""

    codes: dict[str, str]
    problems: list[str] = field(default_factory=list)


def parse_code_list(text: str) -> CodeList:
    """Read Photo Mechanic's code replacement format: `code<TAB>replacement` per line.

    Liberal in what it takes: a byte-order mark, CRLF or CR line ends, blank lines and
    comment lines (starting with "#" or "//" and holding no tab) are skipped. A line
    without a tab, or with an empty code or replacement, is reported by its number; a
    code given twice keeps its last replacement, and that is reported too.
    """
    codes: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        if "\t" not in line:
            if line.lstrip().startswith(("#", "//")):
                continue
            problems.append(f"Line {number} has no tab between the code and its replacement: {_shorten(line)!r}.")
            continue
        code, _tab, replacement = line.partition("\t")
        code, replacement = code.strip(), replacement.strip()
        if not code or not replacement:
            problems.append(f"Line {number} has an empty {'code' if not code else 'replacement'}.")
            continue
        if code in codes and codes[code] != replacement:
            problems.append(f"Line {number} gives {code} again; the later replacement is kept.")
        codes[code] = replacement
    return CodeList(codes, problems)


def decode_code_file(data: bytes) -> str:
    """The text of a code list file: UTF-8 (with or without BOM), UTF-16 with a BOM, or
    Windows-1252 as older Photo Mechanic versions on Windows wrote it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def format_code_list(codes: Mapping[str, str]) -> str:
    """The codes in Photo Mechanic's format, sorted by code, one per line (UTF-8, LF)."""
    lines = []
    for code in sorted(codes, key=str.casefold):
        replacement = " ".join(codes[code].split())  # a tab or newline would break the line
        lines.append(f"{code}\t{replacement}\n")
    return "".join(lines)


def _shorten(line: str, limit: int = 60) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ---------------------------------------------------------------- through the library


def save_template(library, name: str, template: str, *, template_id: int | None = None):
    """Check a template and store it (new, or replacing `template_id`'s name and text).

    Raises TemplateError with the first problem, which the template dialog shows.
    """
    problems = template_problems(template)
    if problems:
        raise TemplateError(problems[0])
    if template_id is None:
        return library.add_caption_template(name, template)
    return library.update_caption_template(template_id, name=name, template=template)


def apply_template(library, template: str, placement_ids: list[int], *, field: str = "caption"):
    """Fill `template` for each placement from its own photo and its article, and store
    all of them in one write (one Undo step). Returns the library's BatchEdit."""
    if field not in ("caption", "credit", "alt_text"):
        raise TemplateError(f"A template fills a caption, credit or alt text, not {field!r}.")
    parse_template(template)  # a bad template fails before anything is read
    changes: dict[int, dict] = {}
    articles: dict[int, object] = {}
    for placement_id in placement_ids:
        placement = library.get_placement(placement_id)
        if placement.article_id not in articles:
            articles[placement.article_id] = library.get_article(placement.article_id)
        # A slot (a wire caption waiting for its photo) fills from its article alone.
        photo = library.get_photo(placement.photo_id) if not placement.is_slot else None
        changes[placement.id] = {field: fill_template(template, articles[placement.article_id], photo, placement)}
    return library.batch_update(placements=changes)


def set_credits(
    library,
    placement_ids: list[int] = (),
    photo_ids: list[int] = (),
    *,
    credit: str | None = None,
    creator: str | None = None,
    copyright: str | None = None,
):
    """Set credit, creator and copyright on many photos at once, in one write.

    Credit belongs to each use of a photo (the placement) and to the photo itself;
    creator and copyright only to the photo. `photo_ids` are photos not placed (the library
    browser); placements reach their photos. None leaves a field as it is.
    """
    placement_changes: dict[int, dict] = {}
    photo_changes: dict[int, dict] = {}
    photo_fields = {k: v for k, v in (("creator", creator), ("copyright", copyright)) if v is not None}
    for placement_id in placement_ids:
        placement = library.get_placement(placement_id)
        if credit is not None:
            placement_changes[placement.id] = {"credit": credit}
        if photo_fields and not placement.is_slot:  # a slot has no photo to hold creator and copyright
            photo_changes.setdefault(placement.photo_id, {}).update(photo_fields)
    for photo_id in photo_ids:
        fields = dict(photo_fields)
        if credit is not None:
            fields["credit"] = credit
        if fields:
            photo_changes.setdefault(int(photo_id), {}).update(fields)
    return library.batch_update(placements=placement_changes, photos=photo_changes)
