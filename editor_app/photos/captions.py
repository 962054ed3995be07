"""Caption rules: split a wire credit off a caption, and find what an editor must fix.

Both functions are pure (text in, values out) so the inspector can run them as the
editor types and the command line can run them over a whole article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from editor_app.model import ALT_TEXT_LIMIT

# Agencies and picture desks that sign photos. Matched case-sensitively at the start of a
# parenthesised tail, so "(AP)" is a credit and "(ap)" or "(Apple)" is not.
AGENCIES = (
    "AFP", "Agence France-Presse", "AP", "Associated Press", "Reuters", "Getty Images", "Getty",
    "EPA-EFE", "EPA", "EFE", "ANSA", "Xinhua", "ICANA", "IRNA", "ISNA", "WANA", "Mehr", "Tasnim",
    "Fars", "Anadolu Agency", "Anadolu", "DPA", "dpa", "The Canadian Press", "Canadian Press",
    "PA Images", "PA Wire", "PA", "Press Association", "AAP", "Kyodo", "Yonhap", "TASS", "Sputnik",
    "SIPA", "Sipa", "Shutterstock", "Alamy", "NurPhoto", "ZUMA", "SOPA", "Keystone", "ABACA", "UPI",
    "Bloomberg", "Pool", "Handout", "Imago", "KNA", "Ritzau", "NTB", "TT", "Belga", "ANP", "Lusa",
)
_AGENCY_NAMES = "|".join(re.escape(agency) for agency in AGENCIES)
_AGENCY_START = re.compile(rf"^(?:{_AGENCY_NAMES})(?![\w-])")

# "Photo by X", "Photograph: X", "Credit: X", "Picture by X" -> X; Persian "عکس: X" and
# "عکس از X", Arabic "صورة: X" (Iranian and Gulf sites caption that way in their own script).
_LEAD_IN = re.compile(
    r"^(?:photo(?:graph)?s?|pictures?|images?|credit|photo credit|image credit|عکس|تصویر|صورة)"
    r"\s*(?:by\b|:|از\s)\s*(?P<who>.+)$",
    re.IGNORECASE,
)
# "AFP photo", "Xinhua Photo", "Pool photograph" -> AFP, Xinhua, Pool (X must be capitalised)
_TRAILING_PHOTO = re.compile(r"^(?P<who>[A-Z][\w.&'’ -]*?)\s+(?:photo(?:graph)?s?|pictures?)$", re.IGNORECASE)
_COURTESY = re.compile(r"^courtesy\b", re.IGNORECASE)
# "Reuters/Jane Doe", "The Canadian Press/Paul Chiasson", "AP Photo/John Smith"
_SLASH_FORM = re.compile(r"^[A-Z][\w.&'’ -]*/\s*[A-Z][\w.&'’ -]*(?:/\s*[A-Z][\w.&'’ -]*)?$")
_TRAILING_PARENTHESIS = re.compile(r"\s*\((?P<inner>[^()]{1,160})\)\s*$")
# Words that make "X photo" a description rather than a credit: "(file photo)", "(handout photo)".
_NOT_A_SOURCE = {"file", "archive", "archival", "stock", "undated", "old", "family", "this", "the", "a"}


def split_credit(caption: str) -> tuple[str, str | None]:
    """Split a trailing parenthesised credit off a wire caption.

    Returns ``(caption without the tail, credit)``, or ``(caption unchanged, None)`` when the
    tail is not a credit: "(left)", "(file photo)", "(2019)", "(pictured)" stay in the caption.

    The credit is normalised by dropping lead-ins that only say "this is a photo":
    "Photo by ICANA" -> "ICANA", "Photo: Jane Doe/AFP" -> "Jane Doe/AFP", "AFP photo" -> "AFP".
    Agency/photographer forms are kept as written ("Reuters/Jane Doe", "AP Photo/John Smith",
    "The Canadian Press/Paul Chiasson"), as are "Getty Images" and "Courtesy of ..." credits,
    because those words are part of the credit line a publication prints.
    `split_wire_credit` goes further: credit and creator apart, and tails without brackets.
    """
    match = _TRAILING_PARENTHESIS.search(caption)
    if not match:
        return caption, None
    credit = _credit_from(match.group("inner").strip())
    if credit is None:
        return caption, None
    return caption[: match.start()].rstrip(), credit


def _credit_from(inner: str) -> str | None:
    lead_in = _LEAD_IN.match(inner)
    if lead_in:
        who = lead_in.group("who").strip()
        return who or None
    if _COURTESY.match(inner):
        return inner
    trailing = _TRAILING_PHOTO.match(inner)
    if trailing:
        who = trailing.group("who").strip()
        if who.lower() in _NOT_A_SOURCE or who.split()[0].lower() in _NOT_A_SOURCE:
            return None
        return who
    if _SLASH_FORM.match(inner) and not inner.replace("/", "").replace(" ", "").isdigit():
        return inner
    if _AGENCY_START.match(inner):
        return inner
    return None


# ---- credit and creator apart, as the big agencies write them

# How each agency is credited, by the ways captions write its name (compared casefolded,
# with a trailing "photo" dropped: "AFP PHOTO", "AP Photo", "Xinhua Photo").
CANONICAL_AGENCIES = {
    "AFP": ("afp", "agence france-presse", "agence france presse"),
    "AP": ("ap", "associated press", "the associated press"),
    "Reuters": ("reuters", "thomson reuters"),
    "Getty Images": ("getty", "getty images"),
    "EPA": ("epa",),
    "EPA-EFE": ("epa-efe", "epa/efe"),
    "EFE": ("efe",),
    "Anadolu": ("anadolu", "anadolu agency", "anadolu ajansi", "aa"),
    "Xinhua": ("xinhua", "xinhua news agency"),
    "dpa": ("dpa", "dpa picture-alliance", "picture alliance", "picture-alliance"),
    "ANSA": ("ansa",),
    "Kyodo": ("kyodo", "kyodo news"),
    "PA": ("pa", "pa wire", "pa images", "pa media", "press association"),
    "Shutterstock": ("shutterstock", "rex", "rex features", "rex/shutterstock"),
    "The Canadian Press": ("the canadian press", "canadian press", "cp"),
    "Bloomberg": ("bloomberg",),
    "Yonhap": ("yonhap",),
    "TASS": ("tass",),
    "UPI": ("upi",),
    "Sipa": ("sipa", "sipa press"),
    "NurPhoto": ("nurphoto",),
    "ZUMA": ("zuma", "zuma press", "zuma wire"),
    "SOPA Images": ("sopa", "sopa images"),
    "Alamy": ("alamy",),
    "AAP": ("aap",),
    "Keystone": ("keystone",),
    "Belga": ("belga",),
    "ANP": ("anp",),
    "Lusa": ("lusa",),
    "Sputnik": ("sputnik",),
}
_CANONICAL_BY_SPELLING = {spelling: name for name, spellings in CANONICAL_AGENCIES.items() for spelling in spellings}
# Words that sit beside a credit without being the photographer: "AFP PHOTO/POOL/Jane Doe".
_NOT_A_CREATOR = {"pool", "handout", "file", "stringer", "str", "photo", "staff", "via"}
_PHOTO_SUFFIX = re.compile(r"\s+(?:photo(?:graph)?s?|pictures?|images?)$", re.IGNORECASE)
# A local agency by pattern: one all-capitals word of 2 to 8 letters (ICANA, IRNA, WANA, KCNA).
_LOCAL_AGENCY = re.compile(r"^[A-Z][A-Z-]{1,7}$")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+")
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")


def canonical_agency(name: str) -> str | None:
    """The agency's usual credit ("REUTERS" -> "Reuters", "AP Photo" -> "AP"), or None."""
    key = _PHOTO_SUFFIX.sub("", " ".join(name.split())).casefold()
    return _CANONICAL_BY_SPELLING.get(key)


@dataclass(frozen=True)
class CreditSplit:
    """A wire credit moved out of a caption, and what the caption was before (for Undo)."""

    as_typed: str  # the caption exactly as typed or pasted
    caption: str  # the caption without its credit
    credit: str  # "Reuters", "AP", "ICANA", "Courtesy of the Ahmadi family"
    creator: str  # the photographer, "" when the credit names none
    credit_line: str  # the tail as it was written: "REUTERS/Jane Doe"

    @property
    def credit_as_written(self) -> str:
        """The credit line as the agency wrote it, less a lead-in that only says "this is a
        photo" ("Photo by Ludovic MARIN / AFP" -> "Ludovic MARIN / AFP", "AP Photo/John
        Smith" unchanged): what `split_credit` stores, for a field that holds no creator."""
        line = " ".join(self.credit_line.split()).rstrip(".")
        return _credit_from(line) or line

    @property
    def notice(self) -> str:
        """What the inspector says under the caption: "Credit moved to Credit: AFP"."""
        text = f"Credit moved to Credit: {self.credit}"
        return f"{text}, Creator: {self.creator}" if self.creator else text


def split_wire_credit(caption: str) -> CreditSplit | None:
    """Find the wire credit a caption ends with and split it into credit and creator.

    Handles "(AFP photo)", "(Photo by ICANA)", "(Reuters/Jane Doe)" in brackets, and the
    forms agencies write without them at the end of the caption: "... 2020. REUTERS/Jane
    Doe", "AP Photo/John Smith", "THE CANADIAN PRESS/Paul Chiasson", "EPA-EFE/ABEDIN
    TAHERKENAREH", "... Doha. Jane Doe/AFP", "... Doha. AFP PHOTO". None when there is no
    credit to move (a caption such as "Maryam Ahmadi (left) speaks" keeps its brackets).
    """
    text = caption.rstrip()
    match = _TRAILING_PARENTHESIS.search(text)
    if match:
        inner = match.group("inner").strip()
        if _credit_from(inner) is not None:
            credit, creator = _credit_and_creator(inner, strict=False)
            if credit:
                return CreditSplit(caption, text[: match.start()].rstrip(), credit, creator, inner)
    found = _bare_credit_tail(text)
    if found is None:
        return None
    start, tail = found
    credit, creator = _credit_and_creator(tail, strict=True)
    body = text[:start].rstrip()
    if not credit or not body:
        return None
    return CreditSplit(caption, body, credit, creator, tail)


def _bare_credit_tail(text: str) -> tuple[int, str] | None:
    """(where it starts, the tail) of an unbracketed credit at the end of `text`."""
    # "AGENCY/Name" ends the caption, with or without a full stop before it.
    slash = text.rfind("/")
    if slash > 0:
        before = text[:slash].rstrip()
        words = before.split(" ")
        for count in range(min(4, len(words)), 0, -1):
            agency = " ".join(words[-count:])
            if _agency_side(agency):
                start = len(before) - len(agency)
                if start == 0 or text[start - 1].isspace():
                    return start, text[start:]
    # After the last full stop: "Photo by ICANA", "AFP PHOTO", "Jane Doe/AFP", "Reuters".
    ends = list(_SENTENCE_END.finditer(text))
    if ends:
        start = ends[-1].end()
        return start, text[start:]
    return None


def _agency_side(words: str) -> bool:
    """Whether `words`, before a slash, name an agency: known, or all capitals by pattern."""
    if canonical_agency(words):
        return True
    bare = _PHOTO_SUFFIX.sub("", words)
    return bool(bare) and all(_LOCAL_AGENCY.match(word) for word in bare.split())


def _credit_and_creator(tail: str, *, strict: bool) -> tuple[str, str]:
    """("Reuters", "Jane Doe") from "REUTERS/Jane Doe"; ("", "") when `tail` is no credit.

    `strict` is for tails without brackets, where only unmistakable credits count.
    """
    tail = " ".join(tail.split()).rstrip(".")
    lead_in = _LEAD_IN.match(tail)
    if lead_in:
        tail = lead_in.group("who").strip()
    elif strict and "/" not in tail and not canonical_agency(tail):
        return "", ""
    if _COURTESY.match(tail):
        return tail, ""
    parts = [part.strip() for part in tail.split("/") if part.strip()]
    if not parts:
        return "", ""
    if len(parts) == 1:
        agency = canonical_agency(parts[0])
        if agency:
            return agency, ""
        if strict and not lead_in:
            return "", ""
        trailing = _TRAILING_PHOTO.match(parts[0])
        return (trailing.group("who").strip() if trailing else parts[0]), ""
    agencies = [canonical_agency(part) for part in parts]
    known = [agency for agency in agencies if agency]
    if known:
        credit = known[0]
    elif _agency_side(parts[0]):
        credit = _PHOTO_SUFFIX.sub("", parts[0])  # a local agency, as written
        agencies[0] = credit
    else:
        if strict:
            return "", ""
        return tail, ""
    people = [part for part, agency in zip(parts, agencies) if not agency and part.casefold() not in _NOT_A_CREATOR]
    if strict and not all(_looks_like_name(person) for person in people):
        return "", ""
    creator = name_case(people[0]) if people else ""
    return credit, creator


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and all(_NAME_WORD.match(word) for word in words) and text[0].isupper()


def name_case(name: str) -> str:
    """ "ABEDIN TAHERKENAREH" -> "Abedin Taherkenareh"; names with any lower case stay as written."""
    if any(char.islower() for char in name):
        return name
    return " ".join("-".join(part.capitalize() for part in word.split("-")) for word in name.split())


# ---- problems an editor must fix before publishing


@dataclass(frozen=True)
class PlacementCheck:
    """The words of one placement, and what its photo's file says, as the checks need them."""

    placement_id: int
    caption: str
    credit: str
    alt_text: str
    creator: str = ""  # the photo's creator as the library holds it now
    file_credit: str = ""  # credit and creator as the photo's file said them at import
    file_creator: str = ""
    file_source: str = ""
    taken_at: str | None = None  # the photo's taken date (ISO 8601)
    photo_missing: bool = False  # the placement's photo is no longer in the library
    awaiting_photo: bool = False  # a slot: the caption came with a wire story, the photo has not


ERROR = "error"
WARNING = "warning"
# Problems that stop an export until fixed or overridden; every other problem only informs.
ERROR_CODES = frozenset(
    {"person_not_in_article", "missing_credit", "placeholder", "photo_missing", "photo_slot_empty"}
)
DEFAULT_CAPTION_LIMIT = 600  # the desk setting's default (library.desk.CAPTION_LENGTH_LIMIT)
DEFAULT_DATE_TOLERANCE_DAYS = 3


@dataclass(frozen=True)
class CaptionProblem:
    placement_id: int
    field: str  # "caption", "credit", "alt_text", "creator" or "photo"
    code: str  # stable identifier for the GUI, the preflight and tests
    message: str  # one sentence naming the placement and the field
    severity: str = WARNING  # ERROR or WARNING
    suggestion: str | None = None  # a value for `field` that fixes it, when there is one

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


_PLACEHOLDERS = (
    (re.compile(r"\[[^\]]*\]"), "a bracketed placeholder"),
    (re.compile(r"\{[^}]*\}"), "a {template} placeholder"),
    (re.compile(r"<[^>]*>"), "an <angle-bracket> placeholder"),
    (re.compile(r"\bX{3,}\b"), '"XXX"'),
    (re.compile(r"\bTK(?:TK)*\b"), '"TK" (to come)'),
    (re.compile(r"\blorem ipsum\b", re.IGNORECASE), '"Lorem ipsum"'),
    (re.compile(r"\bINSERT\b"), '"INSERT"'),
    (re.compile(r"\b(?:caption|credit|name|text) (?:here|goes here|to come)\b", re.IGNORECASE), "template text"),
    (re.compile(r"\bTBD\b|\bFPO\b"), '"TBD"/"FPO"'),
    (re.compile(r"\?{3,}"), '"???"'),
)

_FIELD_LABELS = {"caption": "caption", "credit": "credit", "alt_text": "alt text", "creator": "creator", "photo": "photo"}


def find_caption_problems(
    article_text: str,
    placements: list[PlacementCheck],
    *,
    caption_limit: int = DEFAULT_CAPTION_LIMIT,
    date_tolerance_days: int = DEFAULT_DATE_TOLERANCE_DAYS,
) -> list[CaptionProblem]:
    """Everything wrong with the captions, credits and alt texts of an article's photos.

    ``article_text`` is everything a reader sees of the story (headline, standfirst, body,
    byline); it is used to spot people named in a caption whom the story never mentions,
    the tell-tale of a caption left over from another story.
    """
    problems: list[CaptionProblem] = []
    for placement in placements:
        problems.extend(_problems_of(article_text, placement, caption_limit, date_tolerance_days))
    return problems


def _problems_of(article_text: str, placement: PlacementCheck, caption_limit: int, tolerance: int) -> list[CaptionProblem]:
    pid = placement.placement_id
    caption = (placement.caption or "").strip()
    credit = (placement.credit or "").strip()
    alt_text = (placement.alt_text or "").strip()
    found = []

    def problem(field: str, code: str, text: str, suggestion: str | None = None) -> None:
        severity = ERROR if code in ERROR_CODES else WARNING
        message = f"Photo placement {pid}, {_FIELD_LABELS[field]}: {text}"
        found.append(CaptionProblem(pid, field, code, message, severity, suggestion))

    if placement.photo_missing:
        problem("photo", "photo_missing", "its photo was removed from the library; remove the placement or place the photo again.")
    if placement.awaiting_photo:
        problem("photo", "photo_slot_empty", "the slot is still waiting for its photo; drop a photo on it or remove it.")
    if not caption:
        problem("caption", "missing_caption", "the caption is missing.")
    elif len(caption) > caption_limit:
        problem("caption", "caption_too_long", f"the caption is {len(caption)} characters; the desk's limit is {caption_limit}.")
    if not credit:
        problem("credit", "missing_credit", "the credit is missing.", placement.file_credit or None)
    if not alt_text:
        problem("alt_text", "missing_alt_text", "the alt text for screen readers is missing.")
    elif caption and _normalise(alt_text) == _normalise(caption):
        problem("alt_text", "alt_text_same_as_caption", "the alt text repeats the caption; describe what the photo shows instead.")
    if len(alt_text) > ALT_TEXT_LIMIT:
        problem("alt_text", "alt_text_too_long", f"the alt text is {len(alt_text)} characters; keep it under {ALT_TEXT_LIMIT}.")
    for field, value in (("caption", caption), ("credit", credit), ("alt_text", alt_text)):
        for pattern, label in _PLACEHOLDERS:
            hit = pattern.search(value)
            if hit:
                problem(field, "placeholder", f"still holds {label}: {hit.group(0)!r}.")
                break
    for name in people_named_in(caption, credit):
        if not _mentioned(name, article_text):
            problem(
                "caption",
                "person_not_in_article",
                f"names {name}, who is not mentioned in the article (a caption from another story?).",
            )
    for field, typed_credit, typed_creator in _typed_credits(placement, caption, credit):
        if typed_credit and placement.file_credit and not _credits_agree(
            typed_credit, placement.file_credit, placement.file_source, placement.file_creator
        ):
            problem(
                field,
                "credit_differs_from_file",
                f"says {typed_credit}, but the photo's file credits {_file_line(placement)}.",
                placement.file_credit if field == "credit" else None,
            )
        if typed_creator and placement.file_creator and not _names_agree(typed_creator, placement.file_creator):
            problem(
                field if field == "caption" else "creator",
                "creator_differs_from_file",
                f"names {typed_creator} as the photographer, but the photo's file says {placement.file_creator}.",
                placement.file_creator if field != "caption" else None,
            )
    taken = _iso_date(placement.taken_at)
    if taken is not None:
        for written, day in dates_written_in(caption):
            if abs((day - taken).days) > tolerance:
                problem(
                    "caption",
                    "date_differs_from_photo",
                    f"says {written}, but the photo was taken on {_long_date(taken)}.",
                )
    return found


def _typed_credits(placement: PlacementCheck, caption: str, credit: str) -> list[tuple[str, str, str]]:
    """(field, credit, creator) typed by the editor: the credit field with the photo's
    creator, and a wire credit left at the end of the caption."""
    typed = [("credit", credit, (placement.creator or "").strip())]
    tail = split_wire_credit(caption)
    if tail is not None:
        typed.append(("caption", tail.credit, tail.creator))
    return typed


def _file_line(placement: PlacementCheck) -> str:
    if placement.file_creator and not _names_agree(placement.file_creator, placement.file_credit):
        return f"{placement.file_credit} / {placement.file_creator}"
    return placement.file_credit


def _credits_agree(typed: str, file_credit: str, file_source: str = "", file_creator: str = "") -> bool:
    """Whether a typed credit says what the file says, allowing the usual variants:
    "Reuters" for "REUTERS", "AP" for "Associated Press", "The Canadian Press/Paul
    Chiasson" for "The Canadian Press", "CP" when the file's source is "CP"."""
    typed_agency = canonical_agency(typed)
    for said in (file_credit, file_source, file_creator):
        if not said:
            continue
        if _names_agree(typed, said):
            return True
        if typed_agency and typed_agency == canonical_agency(said):
            return True
        # "Jane Doe/AFP" against "AFP": any part of a slash form.
        if any(canonical_agency(part) and canonical_agency(part) == canonical_agency(said) for part in typed.split("/")):
            return True
    return False


def _names_agree(first: str, second: str) -> bool:
    a, b = _normalise(first), _normalise(second)
    if not a or not b:
        return True
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


# ---- dates written in a caption

_MONTH_NUMBERS = {
    name.casefold(): number
    for number, names in enumerate(
        (("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",), ("June", "Jun"),
         ("July", "Jul"), ("August", "Aug"), ("September", "Sep", "Sept"), ("October", "Oct"),
         ("November", "Nov"), ("December", "Dec")),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WRITTEN_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # March 08, 2019
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 8 March 2019
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),  # 2019-03-08
)


def dates_written_in(text: str) -> list[tuple[str, date]]:
    """Full dates (with a year) written in a caption, as written and as dates."""
    found: list[tuple[int, str, date]] = []
    for pattern in _WRITTEN_DATES:
        for match in pattern.finditer(text):
            month = match.group("month")
            number = int(month) if month.isdigit() else _MONTH_NUMBERS[month.casefold()]
            try:
                day = date(int(match.group("year")), number, int(match.group("day")))
            except ValueError:
                continue  # "February 30, 2019": not a date, nothing to compare
            found.append((match.start(), match.group(0), day))
    return [(written, day) for _start, written, day in sorted(found)]


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _long_date(day: date) -> str:
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")  # fmt: skip
    return f"{months[day.month - 1]} {day.day}, {day.year}"


def _normalise(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


# ---- finding people's names in a caption

_MONTHS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec",
}
_WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
# Titles and roles that precede a name: dropped from the front of a candidate.
_TITLES = {
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady",
    "President", "Vice", "Prime", "Minister", "Foreign", "Interior", "Defence", "Defense",
    "Finance", "Secretary", "Chancellor", "Senator", "Sen", "Rep", "Representative",
    "Governor", "Gov", "Mayor", "Councillor", "Councilor", "King", "Queen", "Prince",
    "Princess", "Pope", "Cardinal", "Archbishop", "Bishop", "Father", "Sister", "Rabbi",
    "Imam", "Ayatollah", "Sheikh", "Judge", "Justice", "General", "Gen", "Colonel", "Col",
    "Major", "Maj", "Captain", "Capt", "Lieutenant", "Lt", "Sergeant", "Sgt", "Officer",
    "Detective", "Inspector", "Chief", "Commissioner", "Ambassador", "Coach", "Manager",
    "Striker", "Goalkeeper", "Defender", "Midfielder", "Director", "Actor", "Actress",
    "Singer", "Rapper", "Author", "Chairman", "Chairwoman", "CEO", "Leader", "Speaker",
    "Supreme", "Deputy", "Former", "Late", "Saint",
}
# Words that start sentences or describe groups, never part of a person's name.
_COMMON_STARTERS = {
    "The", "A", "An", "In", "On", "At", "From", "With", "By", "For", "During", "After", "Before",
    "As", "Of", "And", "But", "Or", "This", "That", "These", "Those", "Here", "There", "He", "She",
    "They", "His", "Her", "Their", "It", "Its", "We", "Our", "You", "Your", "When", "While",
    "Police", "Protesters", "Supporters", "Fans", "Firefighters", "Students", "Officials",
    "Members", "Workers", "Residents", "People", "Soldiers", "Demonstrators", "Rescuers",
    "Children", "Women", "Men", "Players", "Voters", "Delegates", "Visitors", "Mourners",
    "Pilgrims", "Refugees", "Migrants", "Troops", "Activists", "Photo", "File", "Left", "Right",
    "Center", "Centre", "Top", "Bottom", "Front", "Back", "Above", "Below", "Pictured",
}
# Words that mark a place, organisation or event rather than a person.
_PLACE_OR_ORGANISATION = {
    "Street", "St", "Avenue", "Ave", "Road", "Square", "Park", "Boulevard", "Bridge", "River",
    "Lake", "Mountain", "Mountains", "Mount", "Island", "Islands", "Bay", "Sea", "Ocean",
    "Gulf", "Valley", "Desert", "City", "County", "Province", "State", "States", "Republic",
    "Kingdom", "United", "Nations", "Union", "Police", "Department", "Ministry", "Council",
    "Party", "Press", "Agency", "News", "Museum", "Hospital", "Airport", "Stadium", "Arena",
    "Church", "Cathedral", "Mosque", "Temple", "Synagogue", "Palace", "House", "Court",
    "Parliament", "Congress", "Senate", "Assembly", "Company", "Corp", "Inc", "Ltd", "Group",
    "Club", "Team", "FC", "School", "College", "University", "Institute", "Center", "Centre",
    "Hall", "Building", "Tower", "Station", "National", "International", "Federal", "Olympic",
    "Olympics", "Games", "Cup", "League", "Championship", "Festival", "Day", "Week", "Year",
    "Central", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
    "New", "Fort", "Port", "Airlines", "Airways", "Bank", "Forces", "Army", "Navy", "Guard",
    "Guards", "Revolutionary", "Islamic", "Front", "Movement", "Foundation", "Association",
    "Organization", "Organisation", "Commission", "Committee", "Office", "Embassy", "Market",
    "Exchange", "Times", "Post", "Images", "Photo", "Getty", "Reuters", "Associated", "Canadian",
    "Gardens", "Garden", "Hills", "Coast", "Prison", "Jail", "Base", "Camp", "Inter", "Real",
    "Atletico", "Sporting", "Olympique", "Borussia",
}
_NAME_PARTICLES = {"de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "bin", "bint", "al", "el", "la", "le", "ibn", "ben", "dos", "das"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")
# A credit line written into the end of the caption: "... THE CANADIAN PRESS/Paul Chiasson".
_INLINE_CREDIT_TAIL = re.compile(r"\s[A-Z][A-Z0-9 .&'’-]+/[^/]+$")


def people_named_in(caption: str, credit: str = "") -> list[str]:
    """Likely personal names in a caption: runs of two or more capitalised words.

    Sentence starters, titles, months, weekdays and words that mark places or
    organisations are filtered out, and so is the credit (the photographer is named in
    the caption of many wire photos but rarely in the story). Names in scripts without
    capital letters are not detected; the check then simply stays silent.
    """
    text, tail_credit = split_credit(caption)
    text = _INLINE_CREDIT_TAIL.sub("", text)
    credit_words = set(_words_of(credit)) | set(_words_of(tail_credit or ""))
    names: list[str] = []
    for run in _capitalised_runs(text):
        # A title or role ends whatever precedes it ("Iranian Foreign Minister Hossein
        # Amir-Abdollahian" -> "Hossein Amir-Abdollahian").
        title_positions = [i for i, word in enumerate(run) if word in _TITLES]
        if title_positions:
            run = run[title_positions[-1] + 1 :]
        while run and run[0] in _COMMON_STARTERS:
            run = run[1:]
        if any(word.rstrip(".") in _PLACE_OR_ORGANISATION for word in run):
            continue
        if any(word in _MONTHS or word in _WEEKDAYS for word in run):
            continue
        if sum(1 for word in run if word[0].isupper()) < 2:
            continue
        if set(run) <= credit_words:
            continue
        name = " ".join(run)
        if name not in names:
            names.append(name)
    return names


def _words_of(text: str) -> list[str]:
    return [m.group(0).rstrip(".") for m in _WORD.finditer(text)]


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words separated by single spaces (punctuation ends a run)."""
    runs: list[list[str]] = []
    current: list[str] = []
    previous_end = None
    for match in _WORD.finditer(text):
        word = match.group(0)
        gap = text[previous_end : match.start()] if previous_end is not None else None
        if current and gap != " ":
            runs.append(current)
            current = []
        bare = word.rstrip(".")
        is_initial = len(bare) == 1 and bare.isupper() and word.endswith(".")
        if _is_capitalised(bare) or is_initial or (current and bare in _NAME_PARTICLES):
            current.append(bare)
            # A full stop after a word (not an initial) ends the sentence, and the run.
            if word.endswith(".") and not is_initial:
                runs.append(current)
                current = []
        elif current:
            runs.append(current)
            current = []
        previous_end = match.end()
    if current:
        runs.append(current)
    # Particles cannot end a name ("Jan van" is not a name).
    return [_trim_particles(run) for run in runs]


def _trim_particles(run: list[str]) -> list[str]:
    while run and run[-1] in _NAME_PARTICLES:
        run = run[:-1]
    return run


def _is_capitalised(word: str) -> bool:
    # "Chiasson", "McDonald", "O'Neil", "Al-Sadr" yes; "AFP", "THE", "iPhone" no.
    return len(word) > 1 and word[0].isupper() and any(ch.islower() for ch in word[1:])


def _mentioned(name: str, article_text: str) -> bool:
    """The full name or the surname appears in the article as a word (case-insensitive)."""
    surname = name.split()[-1]
    for candidate in (name, surname):
        if re.search(r"(?<!\w)" + re.escape(candidate) + r"(?!\w)", article_text, re.IGNORECASE):
            return True
    return False
