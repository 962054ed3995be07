"""A fixture article shaped like a real wire story, used across library, CLI, render
and export tests (and the render golden file).

Section path, headline, standfirst, byline, dateline, several paragraphs of quoted
speech, three subheadings and two photo placements whose captions ended with a
parenthesised credit that the editor split out.
"""

from __future__ import annotations

from pathlib import Path

FIXTURE_FIELDS = {
    "section": "News / Politics",
    "headline": "Parliament approves emergency budget after all-night session",
    "standfirst": (
        "Lawmakers passed the spending plan by 162 votes to 97 as protesters gathered "
        "outside, ending a week of brinkmanship over fuel subsidies."
    ),
    "byline": "Leila Ahmadi and Tom Becker",
    "dateline": "TEHRAN",
    "language": "en",
    "target_words": 600,
    "tags": ["Iran", "Budget", "Parliament"],
    "editor_note": "Legal has cleared the quotes from the minister. Do not publish before 06:00.",
    "body": """\
Parliament approved an emergency budget early on Thursday after an all-night session, \
ending a week of brinkmanship between the government and its critics over fuel subsidies.

"This budget protects the poorest families from the worst of the price rises," \
Finance Minister Reza Karimi told lawmakers shortly before the vote. \
"We have listened, and we have changed course where we had to."

## A narrow path to a majority

The plan passed by 162 votes to 97. Opposition members said the subsidy cuts were \
only delayed, not cancelled. "They have moved the pain to next spring," said \
Maryam Sadeghi, who leads the parliament's economic committee.

* Fuel subsidies stay at current levels until March.
* Public sector wages rise by 12 per cent.
* A new fund supports provinces hit by drought.

## Protests outside the chamber

Several hundred people gathered outside the parliament building through the night. \
Police kept the two sides apart and no arrests were reported.

> "We came because nobody asked us," said Hassan, a taxi driver who gave only his \
first name. "Fuel is our bread."

![](placement:{inline_placement})

## What happens next

The budget now goes to the Guardian Council, which has ten days to approve it. \
Analysts expect it to pass without changes, according to [the central bank's outlook](https://example.org/outlook).
""",
}

# Captions as they arrive from the wire, credit still attached.
LEAD_PHOTO = "news_canadian_press.jpg"
LEAD_WIRE_CAPTION = "Finance Minister Reza Karimi speaks to lawmakers in Tehran on January 23, 2023. (AFP photo)"
LEAD_ALT = "A man in a dark suit speaks at a lectern in a crowded chamber."
INLINE_PHOTO = "gps_nikon_coolpix.jpg"
INLINE_WIRE_CAPTION = "Protesters gather outside the parliament building in Tehran. (Photo by ICANA)"
INLINE_ALT = "A crowd holding banners stands in a street at night."


def build_fixture_article(library, corpus_dir: Path):
    """Import the two photos, create the article and place them; returns the Article."""
    from editor_app.photos import import_photos, split_credit

    results = import_photos(library, [corpus_dir / LEAD_PHOTO, corpus_dir / INLINE_PHOTO])
    failures = [r for r in results if r.error]
    assert not failures, failures
    lead_photo, inline_photo = (r.photo for r in results)
    fields = dict(FIXTURE_FIELDS)
    body = fields.pop("body")
    article = library.create_article(**fields)
    lead_caption, lead_credit = split_credit(LEAD_WIRE_CAPTION)
    inline_caption, inline_credit = split_credit(INLINE_WIRE_CAPTION)
    library.attach_photo(
        article.id, lead_photo.id, role="lead", caption=lead_caption, credit=lead_credit, alt_text=LEAD_ALT
    )
    inline = library.attach_photo(
        article.id, inline_photo.id, role="inline", caption=inline_caption, credit=inline_credit, alt_text=INLINE_ALT
    )
    return library.update_article(article.id, body=body.format(inline_placement=inline.id))
