"""Value objects and an HTML reader for the renderer tests: a wire story, its photos.

Timestamps are fixed so the golden page is byte-for-byte reproducible.
"""

from __future__ import annotations

import random
from dataclasses import replace
from html.parser import HTMLParser

from editor_app.model import Article, Photo, Placement

WIRE_BODY = """\
Thousands of people gathered outside parliament on Tuesday as lawmakers debated a bill that would \
extend the government's emergency powers for another six months.

"We did not vote for this," said Maryam Hosseini, a 34-year-old teacher who travelled from Isfahan \
to join the protest. "They promised the powers would end in the spring."

![](placement:12)

## A vote delayed twice

The bill, first tabled in March, has been delayed twice after members of the governing coalition \
objected to a clause allowing the interior ministry to close newspapers without a court order.

Speaker Ali Rahimi told reporters the chamber would vote "before the end of the week, whatever \
happens outside."

## Opposition walks out

Opposition members left the chamber during the afternoon session. Their leader, Dariush Kamali, \
called the bill "a blank cheque written in the name of security" and said his party would challenge \
it in the constitutional court.

- The bill extends emergency powers until September.
- It allows closure of publications by ministerial order.
- Appeals go to a special tribunal rather than ordinary courts.

![](placement:13)

## What happens next

If passed, the bill goes to the Guardian Council, which has 10 days to approve it. Analysts at the \
[International Crisis Group](https://www.crisisgroup.org/) expect approval.[^1]

[^1]: The council has rejected two of the last 40 bills sent to it.
"""


def make_photo(photo_id: int, **changes) -> Photo:
    photo = Photo(
        id=photo_id,
        uuid=f"00000000-0000-4000-8000-{photo_id:012d}",
        sha256=f"{photo_id:02d}" * 32,
        original_name=f"DSC_{photo_id:04d}.JPG",
        format="JPEG",
        mime="image/jpeg",
        byte_size=2_400_000,
        width=3000,
        height=2000,
        orientation=1,
        taken_at="2025-11-25T11:02:00",
        description="Protesters outside parliament",
        creator="Atta Kenare",
        credit="AFP",
        copyright="AFP 2025",
        source="AFP",
        headline="",
        city="Tehran",
        country="Iran",
        alt_text="A crowd holding banners in front of a stone building",
        usage_terms="",
        camera_make="NIKON",
        camera_model="D5",
        has_location=False,
        has_alpha=False,
        imported_at="2025-11-25T12:00:00Z",
    )
    return replace(photo, **changes)


def make_placement(placement_id: int, photo_id: int, **changes) -> Placement:
    placement = Placement(
        id=placement_id,
        uuid=f"10000000-0000-4000-8000-{placement_id:012d}",
        article_id=7,
        photo_id=photo_id,
        position=placement_id,
        role="inline",
        caption="A caption.",
        credit="(AFP photo)",
        alt_text="A photo",
        created_at="2025-11-25T12:05:00Z",
    )
    return replace(placement, **changes)


def make_article(**changes) -> Article:
    article = Article(
        id=7,
        uuid="20000000-0000-4000-8000-000000000007",
        slug="parliament-debates-emergency-powers",
        section="News / Politics",
        headline="Parliament debates extending emergency powers as crowds gather",
        standfirst="Opposition walks out as the governing coalition pushes a six-month extension.",
        byline="By Sara Nouri and James Whitfield",
        dateline="TEHRAN",
        body=WIRE_BODY,
        status="ready",
        language="en",
        target_words=600,
        editor_note="Check the Kamali quote with the desk before publishing.",
        tags=("Iran", "Parliament", "Press freedom"),
        created_at="2025-11-25T09:00:00Z",
        updated_at="2025-11-25T14:30:00Z",
        published_at="2025-11-25T14:00:00Z",
        word_count=290,
    )
    return replace(article, **changes)


class ParsedHtml(HTMLParser):
    """Elements and attributes of an HTML document, collected in document order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.script_texts: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_texts.append(data)
        else:
            self.text_parts.append(data)

    def tags(self) -> list[str]:
        return [tag for tag, _ in self.elements]

    def find_all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


# Realistic news prose for limits tests and bench/render.py.
_WORDS = [
    "government",
    "minister",
    "said",
    "officials",
    "parliament",
    "budget",
    "vote",
    "protest",
    "city",
    "police",
    "report",
    "economy",
    "inflation",
    "prices",
    "workers",
    "union",
    "strike",
    "talks",
    "agreement",
    "election",
    "campaign",
    "court",
    "ruling",
    "judge",
    "appeal",
    "crisis",
    "border",
    "refugees",
    "aid",
    "hospital",
    "doctors",
    "patients",
    "energy",
    "fuel",
    "subsidies",
    "spending",
    "deficit",
    "analysts",
    "week",
    "month",
    "year",
    "morning",
    "evening",
    "statement",
    "interview",
]
_NAMES = ["Leila Ahmadi", "Tom Becker", "Dariush Kamali", "Maryam Hosseini", "Ali Rahimi"]


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def news_body(target_words: int, seed: int = 5) -> str:
    """A realistic news body: paragraphs, quoted speech, links, subheads every ~400 words, lists."""
    rng = random.Random(seed)
    blocks, words = [], 0
    while words < target_words:
        kind = rng.random()
        if words and words % 400 < 60 and kind < 0.5:
            blocks.append(f"## {_sentence(rng, 4)[:-1]}")
            words += 4
        elif kind < 0.25:
            quote = _sentence(rng, 14)
            blocks.append(f'"{quote}" said {rng.choice(_NAMES)}, who has worked in the city\'s council for years.')
            words += 24
        elif kind < 0.32:
            items = [f"- {_sentence(rng, 8)}" for _ in range(3)]
            blocks.append("\n".join(items))
            words += 24
        elif kind < 0.36:
            blocks.append(f"> {_sentence(rng, 20)}")
            words += 20
        else:
            text = " ".join(_sentence(rng, rng.randint(12, 24)) for _ in range(3))
            text += f" The [{rng.choice(_WORDS)} report](https://example.org/{words}) was published *on Monday*."
            blocks.append(text)
            words += len(text.split())
    return "\n\n".join(blocks) + "\n"
