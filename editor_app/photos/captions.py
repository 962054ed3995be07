"""Caption rules: split a wire credit off a caption, and find what an editor must fix.

Both functions are pure (text in, values out) so the inspector can run them as the
editor types and the command line can run them over a whole article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

# "Photo by X", "Photograph: X", "Credit: X", "Picture by X" -> X
_LEAD_IN = re.compile(
    r"^(?:photo(?:graph)?s?|pictures?|images?|credit|photo credit)\s*(?:by\b|:)\s*(?P<who>.+)$",
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


# ---- problems an editor must fix before publishing


@dataclass(frozen=True)
class PlacementCheck:
    """The words of one placement, as the caption checker needs them."""

    placement_id: int
    caption: str
    credit: str
    alt_text: str


@dataclass(frozen=True)
class CaptionProblem:
    placement_id: int
    field: str  # "caption", "credit" or "alt_text"
    code: str  # stable identifier for the GUI and tests
    message: str  # one sentence naming the placement and the field


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

_FIELD_LABELS = {"caption": "caption", "credit": "credit", "alt_text": "alt text"}


def find_caption_problems(article_text: str, placements: list[PlacementCheck]) -> list[CaptionProblem]:
    """Everything wrong with the captions, credits and alt texts of an article's photos.

    ``article_text`` is everything a reader sees of the story (headline, standfirst, body,
    byline); it is used to spot people named in a caption whom the story never mentions,
    the tell-tale of a caption left over from another story.
    """
    problems: list[CaptionProblem] = []
    for placement in placements:
        problems.extend(_problems_of(article_text, placement))
    return problems


def _problems_of(article_text: str, placement: PlacementCheck) -> list[CaptionProblem]:
    pid = placement.placement_id
    caption = (placement.caption or "").strip()
    credit = (placement.credit or "").strip()
    alt_text = (placement.alt_text or "").strip()
    found = []

    def problem(field: str, code: str, text: str) -> None:
        found.append(CaptionProblem(pid, field, code, f"Photo placement {pid}, {_FIELD_LABELS[field]}: {text}"))

    if not caption:
        problem("caption", "missing_caption", "the caption is missing.")
    if not credit:
        problem("credit", "missing_credit", "the credit is missing.")
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
    return found


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
