"""A wire story's blocks read as an article draft: which block is the headline, the
standfirst, the byline, the dateline, a photo caption, a subhead, a paragraph, or the
boilerplate a web page or a feed wraps around the story.

Nothing is dropped: every block ends up in a field, the body, a photo slot's caption, or
the editor's note under "Removed on import" (tests/wire asserts it sentence by sentence).

Where the agency goes: "TEHRAN (Reuters) -" names the agency that must be credited when
the story is published. The byline is the credit line readers see (the editor's note is
never exported), so the agency is added to the byline: "Parisa Hafezi, Reuters", or
"Reuters" alone when the story has no byline. The dateline as written is kept in the
note, so the date an AP dateline carries is not lost either.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from editor_app.photos.captions import AGENCIES, canonical_agency, name_case, split_wire_credit

from .blocks import (
    BREADCRUMB,
    BYLINE,
    CAPTION,
    CHROME,
    HEADING,
    HEADLINE,
    ITEM,
    QUOTE,
    STANDFIRST,
    TEXT,
    Block,
    html_blocks,
    plain_text_blocks,
)
from .boilerplate import is_arabic_script_boilerplate
from .reading import WireText

REMOVED_HEADING = "Removed on import:"

# ---- photo captions


_PHOTO_CREDIT_WORD = re.compile(r"photo|picture|image|\bpic\b|credit|عکس|تصویر|صورة|/", re.IGNORECASE)
MAX_CAPTION_CHARS = 600


@dataclass(frozen=True)
class SlotDraft:
    """A photo the story had: its caption and credit, waiting for the photo itself."""

    caption: str
    # The credit line as the agency wrote it, less a "Photo by" lead-in ("ICANA", "REUTERS/Majid
    # Asgaripour", "AP Photo/J. Scott Applewhite"): a placement holds a credit but no creator
    # (that is the photo's, and a slot has none yet), so the photographer stays in the line.
    credit: str
    creator: str  # the photographer the credit named, "" when none (shown by --json, not stored)
    alt_text: str  # from the HTML image's alt text, "" otherwise
    role: str  # "lead" or "inline"
    as_written: str  # the caption line as it came


@functools.lru_cache(maxsize=4096)
def caption_of(block: Block) -> tuple[str, str, str] | None:
    """(caption, credit as written, creator) when the block reads as a photo caption: a <figcaption>,
    or a line ending in a photo credit ("(AFP photo)", "(Photo by ICANA)", "REUTERS/Name",
    "AP Photo/Name"). A paragraph ending in "(Reuters)" alone is a text credit, not a photo's."""
    text = block.text
    if block.kind == CAPTION:
        split = split_wire_credit(text)
        if split is None:
            return text, "", ""
        return split.caption, split.credit_as_written, split.creator
    if block.kind not in (TEXT, STANDFIRST) or len(text) > MAX_CAPTION_CHARS:
        return None
    split = split_wire_credit(text)
    if split is None or not _PHOTO_CREDIT_WORD.search(split.credit_line):
        return None
    return split.caption, split.credit_as_written, split.creator


def _is_caption_line(line: str) -> bool:
    return caption_of(Block(line)) is not None


# ---- section, byline, dateline

_SECTION_SEPARATOR = re.compile(r"\s*(?:/|>|»|›|→|\\)\s*")
_SECTION_WORD = re.compile(r"^(?:[^\W\d_][\w'’.-]*|&|and|of|the)$")
_HOME = {"home", "homepage", "start", "خانه", "صفحه اصلی", "الرئيسية"}
_SENTENCE_END = tuple('.!?,;:…"”’»')


def section_path(text: str) -> str | None:
    """ "World > Middle East", "News/Politics", "Home › World › Iran" -> "World / Middle East"...,
    or None when the line is not a section path (every word of every part capitalised, or in
    a script without capitals; a leading "Home" is dropped)."""
    if len(text) > 80 or text.endswith(_SENTENCE_END):
        return None
    parts = _SECTION_SEPARATOR.split(text.strip())
    if len(parts) < 2 or any(not part for part in parts):
        return None
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 4:
            return None
        for word in words:
            if not _SECTION_WORD.match(word):
                return None
            if word[0].islower() and word not in ("and", "of", "the"):
                return None
    while parts and parts[0].casefold() in _HOME:
        parts = parts[1:]
    return " / ".join(parts) if parts else None


_BY = re.compile(r"^(?:by|BY|By)[:\s]\s*(?P<who>\S.{1,118})$")
_PIPE = re.compile(r"^(?P<who>[^|]{2,80}?)\s*\|\s*(?P<agency>[^|]{2,60})$")
_NAME_PART = re.compile(r"^[^\W\d_][\w.'’-]*$")
_PERSIAN_BYLINE = re.compile(r"^(?:نویسنده|خبرنگار|گزارش)\s*[:：]\s*(?P<who>.{2,80})$")
_OUTLET_WORDS = {"press", "news", "agency", "times", "post", "tribune", "daily", "gazette", "herald", "wire", "media"}


def _agency_name(text: str) -> str | None:
    """The agency or outlet a byline or dateline names: "AP", "Reuters", "Tehran Times"..."""
    text = text.strip().strip(".")
    canonical = canonical_agency(text)
    if canonical:
        return text if len(text) > len(canonical) and text.istitle() else canonical
    if text in AGENCIES:
        return text
    words = text.split()
    if 1 <= len(words) <= 4 and words[-1].casefold() in _OUTLET_WORDS and all(w[0].isupper() for w in words):
        return text
    return None


def _looks_like_names(text: str) -> bool:
    people = re.split(r"\s*(?:,|\band\b|\bAND\b|&)\s*", text)
    people = [person for person in people if person]
    if not people:
        return False
    for person in people:
        words = person.split()
        if not 1 <= len(words) <= 5 or not all(_NAME_PART.match(word) for word in words):
            return False
        if not (words[0][0].isupper() or not words[0][0].isalpha() or not words[0][0].islower()):
            return False
    return True


def _person_case(names: str) -> str:
    """ "JON GAMBRELL and NASSER KARIMI" -> "Jon Gambrell and Nasser Karimi"."""
    pieces = re.split(r"(\s*(?:,|\band\b|\bAND\b|&)\s*)", names)
    return "".join(piece.lower() if piece.strip() in ("AND", "and") else name_case(piece) for piece in pieces)


@dataclass(frozen=True)
class Byline:
    names: str
    agency: str


def byline_of(block: Block) -> Byline | None:
    """ "By Parisa Hafezi", "By JON GAMBRELL, Associated Press", "Leila Ahmadi | Tehran Times",
    "نویسنده: ..." ; a block its HTML class marks as the byline."""
    text = block.text.strip()
    if len(text) > 120 or (text.endswith(".") and not re.search(r"\b[A-Z]\.$", text)):
        return None
    match = _BY.match(text) or _PERSIAN_BYLINE.match(text)
    if match:
        who = match.group("who").strip()
    else:
        pipe = _PIPE.match(text)
        if pipe and _looks_like_names(pipe.group("who")) and pipe.group("agency")[0].isupper():
            return Byline(_person_case(pipe.group("who").strip()), pipe.group("agency").strip())
        if block.kind != BYLINE:
            return None
        who = text
    agency = ""
    for separator in (" | ", ", ", " - ", " — ", " – "):
        if separator in who:
            head, tail = who.rsplit(separator, 1)
            if _agency_name(tail):
                who, agency = head.strip(), _agency_name(tail)
                break
    if not agency:
        # AP writes "By JON GAMBRELL Associated Press": the agency after the capitals.
        for name in sorted(AGENCIES + ("Associated Press",), key=len, reverse=True):
            if who.endswith(" " + name) and who[: -len(name)].strip().isupper():
                who, agency = who[: -len(name)].strip(), name
                break
    if not _looks_like_names(who) and block.kind != BYLINE and not _PERSIAN_BYLINE.match(text):
        return None
    return Byline(_person_case(who), agency)


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTH_DAY = re.compile(rf"^(?:{_MONTHS})\.?\s+\d{{1,2}}$")
_PLACE_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|[\u0600-\u06FF\u200c]+)$")
_DATELINE_WITH_AGENCY = re.compile(
    r"^(?P<head>[^()\n]{2,70}?)\s*\((?P<agency>[^()\n]{2,40})\)\s*(?:--|[-–—:])\s*(?=\S)"
)
_DATELINE_CAPITALS = re.compile(
    r"^(?P<head>[A-Z][A-Z.'’-]{2,}(?: [A-Z][A-Z.'’-]+){0,3}(?:,\s*[^,—–\n]{2,40}?)?)\s+(?:--|—|–|-)\s+(?=\S)"
)
# Gulf News and The National: "Dubai: Landlords of ...".
_DATELINE_COLON = re.compile(r"^(?P<head>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}):\s+(?=[A-Z])")
_DATELINE_ARABIC_SCRIPT = re.compile(
    r"^(?P<head>[\u0600-\u06FF\u200c ]{2,30}?)\s*[-–—]\s*(?P<agency>[\u0600-\u06FF\u200c ]{2,20}?)\s*[-–—]\s*(?=\S)"
)


@dataclass(frozen=True)
class Dateline:
    place: str  # "TEHRAN", "DUBAI, United Arab Emirates"
    agency: str  # "Reuters", "AP", "" for a staff story
    as_written: str  # "WASHINGTON, March 8 (AP) — "
    rest: str  # the paragraph after it


def dateline_of(text: str) -> Dateline | None:
    """The dateline a story's first paragraph opens with: "TEHRAN (Reuters) -",
    "WASHINGTON, March 8 (AP) —", "Paris (AFP) -", "DUBAI, United Arab Emirates (AP) —",
    "TEHRAN — ", "تهران (ایرنا) -", "تهران- ایرنا- "."""
    for pattern in (_DATELINE_WITH_AGENCY, _DATELINE_ARABIC_SCRIPT, _DATELINE_CAPITALS, _DATELINE_COLON):
        match = pattern.match(text)
        if match is None:
            continue
        parts = [part.strip() for part in re.split(r"[,،]", match.group("head")) if part.strip()]
        place_parts = [part for part in parts if not _MONTH_DAY.match(part)]
        if not place_parts or len(parts) > 3:
            continue
        if not all(_PLACE_WORD.match(word) for part in place_parts for word in part.split()):
            continue
        if any(len(part.split()) > 4 for part in place_parts):
            continue
        agency = ""
        if "agency" in match.groupdict():
            written = match.group("agency").strip()
            agency = _agency_name(written) or (written if _is_agency_like(written) else "")
            if not agency:
                continue
        return Dateline(", ".join(place_parts), agency, match.group(0), text[match.end() :])
    return None


def _is_agency_like(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 4:
        return False
    if all("\u0600" <= char <= "\u06ff" or char in " \u200c" for char in text):
        return True
    return all(word.isupper() or word[0].isupper() for word in words) and any(word.isupper() for word in words)


# ---- lines that are not the story


_SHARE_BUTTON = (
    r"(?:share|tweet|email|e-mail|print|copy link|copy|save|whatsapp|facebook|twitter|x|linkedin|telegram|pinterest|"
    r"reddit|messenger|comments?|\d+ comments?)"
)
_SHARE_WORD = rf"(?:{_SHARE_BUTTON}|this|on|via|article|story|page|link)"
# Boilerplate that opens its line (matched at the start only), and boilerplate anywhere in
# a short line. Each list is one alternation, so a paragraph costs two regex passes.
_DEBRIS_OPENINGS = (
    r"(?:follow|join|like|find) (?:us|our)\b",
    r"(?:subscribe|sign up)\b.*\b(?:newsletter|channel|alerts|updates)\b",
    # Reuters' and AFP's trailers: "(Reporting by ...; Editing by ...)"
    r"\(?(?:additional |editing and )?(?:reporting|writing|editing|compiled|compiling)(?: and \w+)? by\b[^.]*(?:;|\)$|$)",
    (
        r"(?:read (?:more|also|next)|related(?: (?:articles?|stories|news|coverage))?|see also|more on this|also read|"
        r"recommended|most read|trending)\b"
    ),
    # share buttons' text: nothing but their words ("Share on Facebook · Tweet · Copy link"); each
    # word needs a separator before it, so a line that only starts like one fails at once
    rf"{_SHARE_BUTTON}(?:[\s·|,/]+{_SHARE_WORD})*\s*$",
    r"(?:accept|reject)(?: all)?(?: cookies)?$|manage (?:cookies|preferences|consent)$",  # cookie banners' buttons
    r"(?:©|\(c\)|copyright\b|our standards\b)",
    r"(?:advertisement|skip advertisement|sponsored(?: content)?|scroll to continue|continue reading)$",
    r"(?:tags?|keywords|topics)\s*:",
    r"(?:[a-z]{2,4}(?:-[a-z]{2,4})?/){1,3}[a-z]{2,4}$",  # AFP's desk initials: "ab/fz", "burs-dv/jm"
    r"(?:download|get|install) (?:our|the) (?:[\w ]{1,30} )?app\b",
    r"_{3,}$",  # AP's separator before its trailers ("___"); Markdown would print it as a rule
)
_DEBRIS_ANYWHERE = (
    r"can also be (?:accessed|read|found|viewed) (?:at|on)\b",
    # app stores: a store named beside a call to download
    r"\b(?:download|get|install|available)\b.*\b(?:app store|google play)\b",
    r"\b(?:app store|google play)\b.*\b(?:download|get it|available)\b",
    r"\b(?:our|the) (?:telegram|whatsapp|instagram|youtube) channel\b",
    r"\b(?:we|this (?:site|website)) uses? cookies\b|\bcookies? (?:policy|settings|preferences)\b",
    r"\ball rights reserved\b",
)
_DEBRIS_AT_START = re.compile("|".join(f"(?:{p})" for p in _DEBRIS_OPENINGS), re.IGNORECASE)
_DEBRIS_INSIDE = re.compile("|".join(f"(?:{p})" for p in _DEBRIS_ANYWHERE), re.IGNORECASE)
# Every pattern of _DEBRIS_ANYWHERE holds one of these words: a paragraph without any skips the search.
_DEBRIS_INSIDE_WORDS = re.compile(
    r"accessed|read|found|viewed|app store|google play|channel|cookie|reserved", re.IGNORECASE
)
# A trailer only at the end of a story (followed by nothing but boilerplate): the same line
# with more story after it belongs to the story.
_END_TRAILER = re.compile(
    r"^.{2,250}\bcontributed (?:to this (?:report|story|article)|reporting\b.{0,80})\.?$", re.IGNORECASE
)
_PHOTO_CREDIT_ONLY = re.compile(r"^\(?(?:photo|file photo|picture)s?\s*(?:by|:)\s*[^.]{2,60}\)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def is_debris(text: str) -> bool:
    """Boilerplate around a story: links to the site's app and social accounts, "can also be
    accessed at", "Reporting by ...; Editing by ...", "Read more", share buttons' text,
    cookie notices, copyright lines, tag lists, AFP desk initials, AP's "___" separator;
    in Persian and Arabic, the phrases of boilerplate.py (IRNA's "انتهای پیام", "کد خبر")."""
    if len(text) > 300:
        return False
    if _DEBRIS_AT_START.match(text) or is_arabic_script_boilerplate(text):
        return True
    return _DEBRIS_INSIDE_WORDS.search(text) is not None and _DEBRIS_INSIDE.search(text) is not None


_TIMESTAMP_WORDS = {
    "published", "updated", "posted", "last", "on", "at", "am", "pm", "a", "m", "p", "gmt", "utc", "est", "edt",
    "cet", "cest", "bst", "irst", "ist", "ago", "hours", "hour", "minutes", "mins", "days", "day", "local",
    "time", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed",
    "thu", "fri", "sat", "sun", "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
    "دی", "بهمن", "اسفند", "ساعت", "تاریخ", "انتشار", "به‌روزرسانی",
} | {month.casefold() for month in _MONTHS.split("|")}  # fmt: skip


def is_timestamp(text: str) -> bool:
    """A line that only dates the page: "Published: March 8, 2026 - 14:32 GMT", "Updated 3 hours ago"."""
    if len(text) > 70:
        return False
    tokens = re.findall(r"[^\W_]+", text)
    if not tokens or not any(token.isdigit() for token in tokens) and "ago" not in (t.casefold() for t in tokens):
        return False
    return all(token.isdigit() or token.casefold() in _TIMESTAMP_WORDS for token in tokens)


# ---- subheads

MAX_SUBHEAD_CHARS = 80


def is_subhead(text: str) -> bool:
    """A short line standing alone without final punctuation ("Vote count", "Reaction: Qalibaf")."""
    if len(text) > MAX_SUBHEAD_CHARS or len(text.split()) > 10 or text.endswith(_SENTENCE_END):
        return False
    if any(mark in text for mark in '“”"«»,'):  # a quotation or a clause, not a heading
        return False
    first = text.lstrip("\"“‘'«(")[:1]
    if not first or first.isdigit() or (first.isalpha() and first.islower()):
        return False
    return any(char.isalpha() for char in text)


# ---- the draft


@dataclass(frozen=True)
class WireDraft:
    """An article as read from a wire story, before it is stored."""

    section: str = ""
    headline: str = ""
    standfirst: str = ""
    byline: str = ""
    dateline: str = ""
    language: str = "en"
    agency: str = ""
    dateline_as_written: str = ""
    byline_as_written: str = ""
    section_as_written: str = ""  # when a crumb such as "Home" was left out of the section
    body_parts: tuple[str | int, ...] = ()  # Markdown blocks, or the index of a slot placed there
    slots: tuple[SlotDraft, ...] = ()
    removed: tuple[str, ...] = ()  # boilerplate taken out, for the editor's note
    source_format: str = "plain text"  # or "HTML"
    source_name: str = ""

    def body(self, placement_ids: Sequence[int] | None = None) -> str:
        """The Markdown body; with the stored slots' placement ids, inline slots are placed
        where their captions stood (the lead shows above the body, so it is not placed)."""
        pieces = []
        for part in self.body_parts:
            if isinstance(part, int):
                if placement_ids is not None and self.slots[part].role != "lead":
                    pieces.append(f"![](placement:{placement_ids[part]})")
            else:
                pieces.append(part)
        return "\n\n".join(pieces)

    @property
    def editor_note(self) -> str:
        lines = [
            f"Imported from a wire story ({self.source_format}{', ' + self.source_name if self.source_name else ''})."
        ]
        if self.section_as_written:
            lines.append(f"Section as written: {self.section_as_written}")
        by_removed = _BY.match(self.byline_as_written)
        if self.byline_as_written and self.byline not in (self.byline_as_written, by_removed and by_removed["who"]):
            lines.append(f"Byline as written: {self.byline_as_written}")
        if self.dateline_as_written:
            lines.append(f"Dateline as written: {self.dateline_as_written.strip()}")
        if self.removed:
            lines += ["", REMOVED_HEADING]
            lines += [f"- {text}" for text in self.removed]
        return "\n".join(lines)

    def article_fields(self) -> dict:
        """The fields `library.create_article` takes (the body is set once slots have ids)."""
        fields = {
            "section": self.section,
            "standfirst": self.standfirst,
            "byline": self.byline,
            "dateline": self.dateline,
            "language": self.language,
            "editor_note": self.editor_note,
        }
        return {key: value for key, value in fields.items() if value}

    def to_dict(self) -> dict:
        data = asdict(self)
        data["body"] = self.body()
        data["editor_note"] = self.editor_note
        del data["body_parts"]
        return data


@dataclass
class _Reading:
    """The draft as it is being read (mutable); `parse_blocks` turns it into a WireDraft."""

    section: str = ""
    section_as_written: str = ""
    headline: str = ""
    standfirst: str = ""
    names: str = ""
    byline_lines: list[str] = field(default_factory=list)  # the byline and agency lines as written
    agencies: list[str] = field(default_factory=list)
    dateline: str = ""
    dateline_as_written: str = ""
    body: list[str | int] = field(default_factory=list)
    slots: list[SlotDraft] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # Inline photos whose captions stood above the story: placed after its first paragraph.
    waiting_slots: list[int] = field(default_factory=list)

    def add_header_slot(self, block: Block) -> None:
        index = self.add_slot(block, "lead" if not self.slots else "inline")
        if self.slots[index].role == "inline":
            self.waiting_slots.append(index)

    def add_slot(self, block: Block, role: str) -> int:
        caption, credit, creator = caption_of(block)
        self.slots.append(SlotDraft(caption, credit, creator, block.alt, role, block.text))
        return len(self.slots) - 1

    def add_agency(self, agency: str) -> None:
        """Credit an agency once: "AP" from the dateline adds nothing to "Associated Press" from the byline."""
        if not agency or agency in self.agencies:
            return
        if all(canonical_agency(a) is None or canonical_agency(a) != canonical_agency(agency) for a in self.agencies):
            self.agencies.append(agency)

    def take_section(self, text: str) -> bool:
        """Take `text` as the section path if it is one (and none was found yet)."""
        path = section_path(text)
        if path is None or self.section:
            return False
        self.section = path
        if _SECTION_SEPARATOR.split(text.strip()) != path.split(" / "):
            self.section_as_written = text
        return True

    def byline(self) -> str:
        agencies = [a for a in self.agencies if not _names_agency(self.names, a)]
        return ", ".join(part for part in [self.names, *agencies] if part)


def _names_agency(names: str, agency: str) -> bool:
    return bool(names) and (agency.casefold() in names.casefold())


def parse_blocks(blocks: list[Block], *, language: str = "", source_format: str = "plain text") -> WireDraft:
    """Read a story's blocks as an article draft (see the module's docstring)."""
    reading = _Reading()
    blocks = list(blocks)
    index = _read_until_headline(blocks, reading, has_h1=any(b.kind == HEADLINE for b in blocks))
    index = _read_header(blocks, index, reading)
    _read_body(blocks, index, reading)
    text = " ".join(b.text for b in blocks[:30])[:4000]  # the headline and first paragraphs tell
    return WireDraft(
        section=reading.section,
        section_as_written=reading.section_as_written,
        headline=reading.headline,
        standfirst=reading.standfirst,
        byline=reading.byline(),
        dateline=reading.dateline,
        language=detect_language(text, language),
        agency=", ".join(reading.agencies),
        dateline_as_written=reading.dateline_as_written,
        byline_as_written=" / ".join(reading.byline_lines),
        body_parts=tuple(reading.body),
        slots=tuple(reading.slots),
        removed=tuple(reading.removed),
        source_format=source_format,
    )


def _read_until_headline(blocks: list[Block], reading: _Reading, *, has_h1: bool) -> int:
    """Blocks before the headline: the section path, boilerplate, a photo above the headline.
    With an <h1>, any other text before it is the page's, not the story's (to the note)."""
    for index, block in enumerate(blocks):
        if block.kind == BREADCRUMB:
            if not reading.take_section(block.text):
                reading.removed.append(block.text)
            continue
        if block.kind == CHROME or is_debris(block.text):
            reading.removed.append(block.text)
            continue
        if reading.take_section(block.text):
            continue
        if caption_of(block) is not None:
            reading.add_header_slot(block)
            continue
        if is_timestamp(block.text):
            reading.removed.append(block.text)
            continue
        if has_h1 and block.kind != HEADLINE:
            reading.removed.append(block.text)
            continue
        if block.kind != HEADLINE and dateline_of(block.text) is not None:
            return index  # a story pasted without its headline starts with its datelined paragraph
        reading.headline = block.text
        return index + 1
    return len(blocks)


def _read_header(blocks: list[Block], index: int, reading: _Reading) -> int:
    """After the headline and before the story: standfirst, byline, agency, photo captions
    set in a block under the headline, timestamps. Returns where the body starts."""
    while index < len(blocks):
        block = blocks[index]
        if block.kind == CHROME or is_debris(block.text):
            reading.removed.append(block.text)
        elif caption_of(block) is not None:
            reading.add_header_slot(block)
        elif not reading.names and (byline := byline_of(block)) is not None:
            reading.names = byline.names
            reading.byline_lines.append(block.text)
            reading.add_agency(byline.agency)
        elif block.kind in (TEXT, BYLINE) and _agency_name(block.text) and len(block.text) <= 40:
            reading.add_agency(_agency_name(block.text))  # AP's "Associated Press" under the byline
            reading.byline_lines.append(block.text)
        elif is_timestamp(block.text):
            reading.removed.append(block.text)
        elif block.kind == BREADCRUMB:
            if not reading.take_section(block.text):
                reading.removed.append(block.text)
        elif not reading.standfirst and _is_standfirst(blocks, index):
            reading.standfirst = block.text
        else:
            return index
        index += 1
    return index


def _is_standfirst(blocks: list[Block], index: int) -> bool:
    """A standfirst is set apart: marked as one by its HTML class, or a short paragraph
    between the headline and the byline or the datelined first paragraph."""
    block = blocks[index]
    if block.kind == STANDFIRST:
        return True
    if block.kind not in (TEXT, HEADING) or len(block.text) > 400 or dateline_of(block.text):
        return False
    for following in blocks[index + 1 :]:
        if following.kind == CHROME or is_debris(following.text) or is_timestamp(following.text):
            continue
        if caption_of(following) is not None:
            continue
        return byline_of(following) is not None or dateline_of(following.text) is not None
    return False


def _is_related_link(block: Block) -> bool:
    """A short line that is nothing but a link, between a story's paragraphs: a related
    story's headline or a "Read more" in any language, never a subhead of this story."""
    return block.link_only and block.kind == TEXT and is_subhead(block.text)


def _read_body(blocks: list[Block], index: int, reading: _Reading) -> None:
    first_paragraph = True
    body_blocks = blocks[index:]
    removed = [
        block.kind in (CHROME, BREADCRUMB)
        or is_debris(block.text)
        or bool(_PHOTO_CREDIT_ONLY.match(block.text))
        or _is_related_link(block)
        for block in body_blocks
    ]
    for position in range(len(body_blocks) - 1, -1, -1):
        if removed[position]:
            continue
        if body_blocks[position].kind in (TEXT, ITEM) and _END_TRAILER.match(body_blocks[position].text):
            removed[position] = True
            continue
        break  # story text: the trailers end here
    # Whether any story text follows each block: a subhead stands between paragraphs, never last.
    text_follows = [False] * len(body_blocks)
    for position in range(len(body_blocks) - 2, -1, -1):
        text_follows[position] = text_follows[position + 1] or not removed[position + 1]
    for position, block in enumerate(body_blocks):
        text = block.text
        if removed[position]:
            reading.removed.append(text)
            continue
        if caption_of(block) is not None:
            lead = not reading.slots and not any(isinstance(part, str) for part in reading.body)
            reading.body.append(reading.add_slot(block, "lead" if lead else "inline"))
            continue
        if first_paragraph and block.kind in (TEXT, STANDFIRST, BYLINE):
            dateline = dateline_of(text)
            if dateline is not None:
                reading.dateline = dateline.place
                reading.dateline_as_written = dateline.as_written
                reading.add_agency(dateline.agency)
                text = dateline.rest
        if block.kind in (HEADING, HEADLINE):
            reading.body.append(f"## {text}")
            continue
        if block.kind == ITEM:
            reading.body.append(f"{'1.' if block.ordered else '-'} {_escape_start(text)}")
            continue
        if block.kind == QUOTE:
            reading.body.append(f"> {text}")
            continue
        if not first_paragraph and text_follows[position] and block.kind == TEXT and is_subhead(text):
            reading.body.append(f"## {text}")
            continue
        first_paragraph = False
        reading.body.append(_escape_start(text))
        reading.body.extend(reading.waiting_slots)
        reading.waiting_slots = []
    reading.body.extend(reading.waiting_slots)
    _join_list_items(reading)


def _join_list_items(reading: _Reading) -> None:
    """Consecutive list items are one Markdown list (no blank line between them)."""
    joined: list[str | int] = []
    for part in reading.body:
        previous = joined[-1] if joined else None
        if (
            isinstance(part, str)
            and isinstance(previous, str)
            and _LIST_START.match(part)
            and _LIST_START.match(previous.rsplit("\n", 1)[-1])
        ):
            joined[-1] = f"{previous}\n{part}"
        else:
            joined.append(part)
    reading.body = joined


_LIST_START = re.compile(r"^(?:-|1\.) ")
_MARKDOWN_OPENER = re.compile(r"^(#|>|=+\s*$|-{3,}\s*$|\*{3,}\s*$)")


def _escape_start(text: str) -> str:
    """Keep a paragraph a paragraph: "#Iran trended" is not a heading, "> " not a quotation."""
    return "\\" + text if _MARKDOWN_OPENER.match(text) else text


# ---- language

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_PERSIAN_LETTERS = re.compile(r"[پچژگکی]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str, declared: str = "") -> str:
    """The language the markup declares, else "fa" or "ar" for text mostly in Arabic script
    (Persian has letters Arabic lacks), else "en"."""
    if declared.strip():
        return declared.strip()
    arabic = len(_ARABIC_SCRIPT.findall(text))
    if arabic > len(_LATIN.findall(text)):
        return "fa" if _PERSIAN_LETTERS.search(text) else "ar"
    return "en"


# ---- entry point


def parse_wire_story(source: WireText) -> WireDraft:
    """The article a wire story makes (see `reading.wire_text` and `read_wire_file` for input)."""
    if source.is_html:
        blocks, declared = html_blocks(source.text)
        draft = parse_blocks(blocks, language=declared, source_format="HTML")
    else:
        blocks = plain_text_blocks(source.text, is_separate_line=_is_separate_line)
        draft = parse_blocks(blocks, source_format="plain text")
    return _with_source_name(draft, source.source)


def _is_separate_line(line: str) -> bool:
    return _is_caption_line(line) or is_debris(line) or byline_of(Block(line)) is not None


def _with_source_name(draft: WireDraft, name: str) -> WireDraft:
    from dataclasses import replace

    return replace(draft, source_name=name)
