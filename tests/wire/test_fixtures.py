"""Wire import of stories in nine house styles (tests/fixtures/wire): every field of each,
every sentence of each kept, the boilerplate in the editor's note, and the stored article
with its photo slots in a real library."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from editor_app.photos.placements import caption_problems
from editor_app.wire import REMOVED_HEADING, import_wire_story, parse_wire_story, read_wire_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wire"
STORIES = sorted(path for path in FIXTURES.iterdir() if not path.name.endswith(".json"))
FIELDS = ("section", "headline", "standfirst", "byline", "dateline", "dateline_as_written", "language")


def expected(story: Path) -> dict:
    return json.loads((FIXTURES / f"{story.stem}.expected.json").read_text(encoding="utf-8"))


def test_the_fixtures_cover_the_house_styles_the_issue_names():
    names = {story.name for story in STORIES}
    assert len(STORIES) >= 8
    assert {"web_page_figure.html", "irna_persian_rtl.html", "no_captions_staff.txt", "standfirst_feature.md"} <= names
    assert {"ap_washington.txt", "reuters_tehran.txt", "afp_paris.txt", "tehran_times_caption_block.txt"} <= names
    for story in STORIES:
        assert (FIXTURES / f"{story.stem}.expected.json").is_file(), story.name


@pytest.mark.parametrize("story", STORIES, ids=lambda p: p.stem)
def test_each_field_of_each_story(story):
    want = expected(story)
    draft = parse_wire_story(read_wire_file(story))
    assert {name: getattr(draft, name) for name in FIELDS} == {name: want[name] for name in FIELDS}
    got_slots = [
        {"caption": slot.caption, "credit": slot.credit, "role": slot.role, "alt_text": slot.alt_text}
        for slot in draft.slots
    ]
    assert got_slots == want["slots"]
    body = draft.body()
    assert re.findall(r"^## (.+)$", body, re.MULTILINE) == want["subheads"]
    assert body.startswith(want["body_starts"])
    assert body.endswith(want["body_ends"])
    for passage in want.get("body_contains", []):
        assert passage in body
    assert list(draft.removed) == want["removed"]


@pytest.mark.parametrize("story", STORIES, ids=lambda p: p.stem)
def test_removed_boilerplate_is_in_the_editors_note_and_nowhere_published(story):
    draft = parse_wire_story(read_wire_file(story))
    note = draft.editor_note
    if draft.removed:
        section = note.split(REMOVED_HEADING, 1)[1]
        assert [line[2:] for line in section.strip().splitlines()] == list(draft.removed)
    else:
        assert REMOVED_HEADING not in note
    published = "\n".join(
        [draft.headline, draft.standfirst, draft.byline, draft.body(), *(s.caption for s in draft.slots)]
    )
    for removed in draft.removed:
        assert removed not in published


class _TextOfHtml(HTMLParser):
    """Every run of text a reader of the page could see, as the test's own independent reading."""

    def __init__(self):
        super().__init__()
        self.pieces: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.pieces.append(data)


def input_sentences(story: Path) -> list[str]:
    text = story.read_text(encoding="utf-8")
    if story.suffix == ".html":
        parser = _TextOfHtml()
        parser.feed(text)
        text = "\n".join(parser.pieces)
    sentences = []
    for line in text.splitlines():
        line = re.sub(r"^#+\s+", "", line.strip())  # a Markdown heading's marker is not text
        sentences += [" ".join(s.split()) for s in re.split(r"(?<=[.!?؟])\s+", line) if s.strip()]
    return sentences


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def _words_kept_in(sentence: str, field: str, ignorable=("by", "photo", "image", "credit", "عکس")) -> bool:
    words = [w for w in _words(sentence) if w not in ignorable]
    return bool(words) and set(words) <= set(_words(field))


@pytest.mark.parametrize("story", STORIES, ids=lambda p: p.stem)
def test_every_sentence_of_the_story_is_in_the_body_the_note_or_a_caption(story):
    want = expected(story)
    draft = parse_wire_story(read_wire_file(story))
    kept = "\n".join(
        [draft.headline, draft.standfirst, draft.body(), draft.editor_note] + [slot.caption for slot in draft.slots]
    )
    kept = " ".join(kept.replace("\\", "").split())
    missing = []
    for sentence in input_sentences(story):
        if want["dateline_as_written"] and sentence.startswith(want["dateline_as_written"].strip()):
            sentence = sentence[len(want["dateline_as_written"].strip()) :].strip()
        if sentence in kept or not re.search(r"[^\W\d_]", sentence):
            continue
        # A caption keeps its words, its credit the rest of the line: "... (عکس: ایرنا)".
        caption = next((slot for slot in draft.slots if slot.caption and sentence.startswith(slot.caption)), None)
        if caption is not None and _words_kept_in(sentence[len(caption.caption) :], caption.credit):
            continue
        # Header lines rewritten as fields keep their words there: "World > Middle East" in
        # the section, "(Photo by ICANA)" in a slot's credit.
        fields = [draft.section, draft.byline, draft.dateline] + [slot.credit for slot in draft.slots]
        if any(_words_kept_in(sentence, field) for field in fields if field):
            continue
        missing.append(sentence)
    assert missing == []


def test_the_sentence_check_catches_a_lost_sentence(monkeypatch):
    """The check above fails when the parser drops a paragraph (it is not vacuous)."""
    from editor_app.wire import parsing

    story = FIXTURES / "reuters_tehran.txt"
    original = parsing._escape_start
    monkeypatch.setattr(
        parsing, "_escape_start", lambda text: "" if text.startswith("Lawmakers voted") else original(text)
    )
    with pytest.raises(AssertionError, match="Lawmakers voted 190 to 52"):
        test_every_sentence_of_the_story_is_in_the_body_the_note_or_a_caption(story)


@pytest.mark.parametrize("story", STORIES, ids=lambda p: p.stem)
def test_the_stored_article_has_the_fields_slots_and_placed_photos(library, story):
    want = expected(story)
    draft = parse_wire_story(read_wire_file(story))
    article = import_wire_story(library, read_wire_file(story))
    for name in ("section", "headline", "standfirst", "byline", "dateline", "language"):
        assert getattr(article, name) == want[name]
    assert article.editor_note == draft.editor_note
    slots = library.photo_slots(article.id)
    assert [(s.caption, s.credit, s.role, s.alt_text) for s in slots] == [
        (w["caption"], w["credit"], w["role"], w["alt_text"]) for w in want["slots"]
    ]
    placed = re.findall(r"^!\[\]\(placement:(\d+)\)$", article.body, re.MULTILINE)
    assert [int(n) for n in placed] == [s.id for s in slots if s.role == "inline"]
    assert library.placed_photos(article.id) == []
    assert library.check() == []
    problems = caption_problems(library, article.id)
    assert sorted(p.placement_id for p in problems if p.code == "photo_slot_empty") == [s.id for s in slots]
    assert [len(library.revisions(article.id))] == [1]  # one import, one revision
