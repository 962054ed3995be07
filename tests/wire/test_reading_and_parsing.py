"""The pieces of wire import one at a time: decoding, refusing, and reading each kind of line."""

from __future__ import annotations

import codecs

import pytest

from editor_app.wire import (
    EmptyWireStoryError,
    HtmlTooComplexError,
    NotTextError,
    WireStoryTooLargeError,
    decode_wire_bytes,
    parse_wire_story,
    wire_text,
)
from editor_app.wire.blocks import CAPTION, TEXT, Block, html_blocks, plain_text_blocks
from editor_app.wire.parsing import byline_of, caption_of, dateline_of, is_debris, is_subhead, section_path
from editor_app.wire.reading import MAX_WIRE_BYTES, looks_like_html

STORY = "Budget passes\n\nTEHRAN (Reuters) - Iran’s parliament approved the budget on Sunday.\n\nIt was close."


# ---- decoding and refusing


@pytest.mark.parametrize(
    "data",
    [
        STORY.encode("utf-8"),
        codecs.BOM_UTF8 + STORY.encode("utf-8"),
        STORY.encode("utf-16"),  # with its byte-order mark
        STORY.replace("\n", "\r\n").encode("utf-8"),
        STORY.encode("cp1252"),  # an older desk system's curly apostrophe is byte 0x92
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "crlf", "windows-1252"],
)
def test_every_usual_encoding_reads_as_the_same_story(data):
    source = decode_wire_bytes(data, "story.txt")
    assert source.text == STORY and not source.is_html
    assert parse_wire_story(source).body() == "Iran’s parliament approved the budget on Sunday.\n\nIt was close."


def test_empty_binary_and_oversized_input_are_refused_by_name():
    with pytest.raises(EmptyWireStoryError, match="^The clipboard is empty"):
        wire_text(" \n\t\n")
    with pytest.raises(NotTextError, match="^photo.jpg is not text or HTML"):
        decode_wire_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "photo.jpg")
    with pytest.raises(NotTextError):
        decode_wire_bytes(bytes(range(128, 256)) * 100, "archive.zip")  # no NUL, but not text either
    with pytest.raises(NotTextError):
        wire_text("Headline\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10")
    with pytest.raises(WireStoryTooLargeError, match="larger than 8 MB"):
        decode_wire_bytes(b"a" * (MAX_WIRE_BYTES + 1), "huge.txt")


def test_html_that_would_take_the_parser_minutes_is_refused_before_parsing():
    with pytest.raises(HtmlTooComplexError, match="unclosed HTML tags"):
        wire_text("<p>" + '<a href="' * 5000)


def test_a_real_page_with_comparisons_in_its_scripts_is_read():
    script = "<script>" + "if(a<b&&c<d){x()}" * 2000 + "</script>"
    source = wire_text(f"<html><head>{script}</head><body><h1>Headline</h1><p>Text.</p>{script}</body></html>")
    draft = parse_wire_story(source)
    assert (draft.headline, draft.body(), draft.removed) == ("Headline", "Text.", ())


def test_html_is_recognised_by_its_tags_and_plain_text_with_angle_brackets_is_not():
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("<p>One</p>\n<p>Two</p>\n<p>Three</p>")
    assert not looks_like_html("Prices rose <3% in March, and a <b> tag\nis text here.")


# ---- lines


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("News / Politics", "News / Politics"),
        ("World > Middle East", "World / Middle East"),
        ("World>Middle East", "World / Middle East"),
        ("  Sport  /Football ", "Sport / Football"),
        ("Home › World › Iran", "World / Iran"),
        ("Culture » Books & Arts", "Culture / Books & Arts"),
        ("سیاسی > مجلس", "سیاسی / مجلس"),
        ("Iran/US talks resume", None),
        ("Lawmakers vote / Reuters says.", None),
        ("Budget passes", None),
    ],
)
def test_section_paths_with_any_separator_and_spacing(line, section):
    assert section_path(line) == section


@pytest.mark.parametrize(
    ("line", "names", "agency"),
    [
        ("By Parisa Hafezi", "Parisa Hafezi", ""),
        ("BY JON GAMBRELL", "Jon Gambrell", ""),
        ("By JON GAMBRELL and AAMER MADHANI", "Jon Gambrell and Aamer Madhani", ""),
        ("By Jon Gambrell, Associated Press", "Jon Gambrell", "Associated Press"),
        ("By JON GAMBRELL Associated Press", "Jon Gambrell", "Associated Press"),
        ("Leila Ahmadi | Tehran Times", "Leila Ahmadi", "Tehran Times"),
        ("By Staff Reporter, Gulf News", "Staff Reporter", "Gulf News"),
    ],
)
def test_bylines(line, names, agency):
    byline = byline_of(Block(line))
    assert (byline.names, byline.agency) == (names, agency)


@pytest.mark.parametrize("line", ["By Sunday, lawmakers had voted.", "News | Politics and more words here.", "Budget"])
def test_lines_that_are_not_bylines(line):
    assert byline_of(Block(line)) is None


@pytest.mark.parametrize(
    ("paragraph", "place", "agency"),
    [
        ("TEHRAN (Reuters) - Iran's parliament voted.", "TEHRAN", "Reuters"),
        ("WASHINGTON, March 8 (AP) — The officials said.", "WASHINGTON", "AP"),
        ("DUBAI, United Arab Emirates (AP) — Iran said.", "DUBAI, United Arab Emirates", "AP"),
        ("Paris (AFP) - France urged restraint.", "Paris", "AFP"),
        ("BEIRUT -- Lebanon's cabinet met.", "BEIRUT", ""),
        ("TEHRAN – Iran’s parliament voted.", "TEHRAN", ""),
        ("Dubai: Landlords of older buildings", "Dubai", ""),
        ("تهران (ایرنا) - مجلس لایحه را تصویب کرد.", "تهران", "ایرنا"),
        ("تهران- ایرنا- مجلس لایحه را تصویب کرد.", "تهران", "ایرنا"),
    ],
)
def test_datelines(paragraph, place, agency):
    dateline = dateline_of(paragraph)
    assert (dateline.place, dateline.agency) == (place, agency)
    assert paragraph == dateline.as_written + dateline.rest


@pytest.mark.parametrize(
    "paragraph",
    [
        "The minister (pictured) - said no.",
        "US - Iran talks resume today.",
        "Officials said on Sunday: no.",
        "No dateline.",
    ],
)
def test_paragraphs_without_a_dateline(paragraph):
    assert dateline_of(paragraph) is None


@pytest.mark.parametrize(
    ("line", "is_caption"),
    [
        ("Lawmakers vote in Tehran. (Photo by ICANA)", True),
        ("Smoke rises over the port (AFP photo)", True),
        ("A man walks past a mural. REUTERS/Majid Asgaripour", True),
        ("Blinken speaks in Washington. (AP Photo/Mark Schiefelbein)", True),
        ("Towers at dusk. Image Credit: Gulf News Archives", True),
        ("The minister said so, the agency reported (Reuters)", False),  # a text credit, not a photo's
        ("Maryam Ahmadi (left) speaks to reporters.", False),
    ],
)
def test_caption_lines_end_in_a_photo_credit(line, is_caption):
    assert (caption_of(Block(line)) is not None) is is_caption


def test_a_figcaption_without_a_credit_is_still_a_caption():
    assert caption_of(Block("The river at dawn.", CAPTION)) == ("The river at dawn.", "", "")


@pytest.mark.parametrize(
    "line",
    [
        "This article can also be read at irandaily.example.",
        "(Reporting by Parisa Hafezi; Editing by Toby Chopra)",
        "Writing by Maha El Dahan; Editing by Alex Richardson",
        "Read more: Tanker seized",
        "READ MORE",
        "Share this article",
        "Share on WhatsApp",
        "We use cookies to give you the best experience.",
        "Accept all cookies",
        "Download our app on the App Store",
        "Follow us on X",
        "Join our Telegram channel for the latest news",
        "© 2026 Desk Daily",
        "burs-dv/jm",
        "انتهای پیام",
    ],
)
def test_boilerplate_lines(line):
    assert is_debris(line)


@pytest.mark.parametrize(
    "line",
    [
        "Associated Press writer Nasser Karimi contributed to this report.",
        "Reporters were told to leave the chamber.",
        "She shared the prize with two colleagues.",
        "The app store's rules changed in 2024, the minister said, and cookies were not mentioned.",
    ],
)
def test_story_sentences_are_not_boilerplate(line):
    assert not is_debris(line)


@pytest.mark.parametrize(
    ("line", "subhead"),
    [
        ("Budget details: Qalibaf", True),
        ("What happens next", True),
        ("It was close.", False),
        ("“We will not give up,” he said", False),  # a quotation, however short
        ("and then it rained", False),
        ("2026", False),
    ],
)
def test_subheads(line, subhead):
    assert is_subhead(line) is subhead


# ---- blocks


def test_hard_wrapped_plain_text_is_one_paragraph_but_caption_lines_stay_apart():
    text = (
        "Iran's parliament approved the government's budget on Sunday but threw out\n"
        "a proposal to raise petrol prices, state media reported.\n"
        "Lawmakers attend a session of parliament in Tehran on Sunday. (Photo by ICANA)\n"
        "Speaker Mohammad Baqer Qalibaf chairs the session in Tehran. (Photo by ICANA)"
    )
    lines = [block.text for block in plain_text_blocks(text, lambda line: caption_of(Block(line)) is not None)]
    assert lines == [
        (
            "Iran's parliament approved the government's budget on Sunday but threw out a proposal to raise petrol "
            "prices, state media reported."
        ),
        "Lawmakers attend a session of parliament in Tehran on Sunday. (Photo by ICANA)",
        "Speaker Mohammad Baqer Qalibaf chairs the session in Tehran. (Photo by ICANA)",
    ]


def test_html_scripts_styles_and_head_never_reach_the_story():
    blocks, language = html_blocks(
        '<html lang="en-GB"><head><title>Site</title><style>p{}</style></head><body>'
        "<script>alert('x')</script><p>Text <b>bold</b> and<br>next line.</p><noscript>Enable JS</noscript>"
        "</body></html>"
    )
    assert [(b.text, b.kind) for b in blocks] == [("Text bold and", TEXT), ("next line.", TEXT)]
    assert language == "en-GB"


def test_a_paragraph_starting_like_markdown_stays_a_paragraph():
    draft = parse_wire_story(wire_text("Headline\n\n#IranVotes trended all day.\n\n> not a quote here", is_html=False))
    assert draft.body() == "\\#IranVotes trended all day.\n\n\\> not a quote here"


def test_a_story_that_is_only_a_headline_imports_with_an_empty_body():
    draft = parse_wire_story(wire_text("Just a headline"))
    assert (draft.headline, draft.body(), draft.slots) == ("Just a headline", "", ())


def test_a_story_longer_than_the_renderer_takes_is_refused_whole_and_nothing_is_stored(library):
    from editor_app.library import InvalidFieldError
    from editor_app.wire import import_wire_story

    paragraphs = "\n\n".join(
        f"Paragraph {n} of a very long story about the budget vote in Tehran." for n in range(4000)
    )
    story = wire_text(f"Headline\n\nA caption of the vote. (Photo by ICANA)\n\n{paragraphs}")
    with pytest.raises(InvalidFieldError, match="at most 200,000"):
        import_wire_story(library, story)
    assert library.count_articles() == 0
    assert library.db.execute("SELECT count(*) FROM placement").fetchone()[0] == 0


def test_markup_written_as_text_in_a_page_never_runs_in_the_rendered_article(library):
    from editor_app.render import render_article
    from editor_app.wire import import_wire_story

    page = (
        "<h1>Headline</h1><p>TEHRAN (Reuters) - The page quoted &lt;script&gt;alert(1)&lt;/script&gt; as text.</p>"
        '<p><a href="javascript:alert(2)">A link</a> and <img src=x onerror="alert(3)"> in a paragraph.</p>'
    )
    article = import_wire_story(library, wire_text(page))
    assert "<script>alert(1)</script>" in article.body  # kept as written...
    html = render_article(article, []).html
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html  # ...never run


def test_a_story_pasted_without_its_headline_keeps_its_first_paragraph_in_the_body():
    draft = parse_wire_story(wire_text("TEHRAN (Reuters) - Parliament voted on Sunday.\n\nIt was close."))
    assert (draft.headline, draft.dateline, draft.byline) == ("", "TEHRAN", "Reuters")
    assert draft.body() == "Parliament voted on Sunday.\n\nIt was close."


# ---- photo credits as the agency wrote them


@pytest.mark.parametrize(
    ("line", "credit", "creator"),
    [
        ("Senators arrive. (AP Photo/J. Scott Applewhite)", "AP Photo/J. Scott Applewhite", "J. Scott Applewhite"),
        ("Macron speaks. (Photo by Ludovic MARIN / AFP)", "Ludovic MARIN / AFP", "Ludovic MARIN"),
        ("Smoke over the port. REUTERS/Majid Asgaripour", "REUTERS/Majid Asgaripour", "Majid Asgaripour"),
        ("A view of the city. AFP PHOTO", "AFP", ""),  # "photo" only says what it is, as in split_credit
        ("Lawmakers vote. (Photo by ICANA)", "ICANA", ""),
    ],
)
def test_a_slot_keeps_the_credit_line_as_the_agency_wrote_it(line, credit, creator):
    """A placement holds a credit but no creator (the creator is the photo's, and a slot has
    no photo yet), so the credit is the line as written, less a "Photo by" lead-in, as the
    caption tools' split_credit stores it; the photographer is still read, for --json."""
    draft = parse_wire_story(wire_text(f"Headline\n\nFirst paragraph of the story.\n\n{line}\n\nLast one."))
    assert [(slot.credit, slot.creator) for slot in draft.slots] == [(credit, creator)]


# ---- AP's trailers


def test_aps_separator_and_contributed_line_at_the_end_go_to_the_note():
    story = (
        "Headline\n\nWASHINGTON (AP) — Talks stalled on Sunday.\n\nOil prices rose.\n\n___\n\n"
        "Associated Press writer Nasser Karimi in Tehran contributed to this report.\n\n"
        "Copyright 2026 The Associated Press. All rights reserved."
    )
    draft = parse_wire_story(wire_text(story))
    assert draft.body() == "Talks stalled on Sunday.\n\nOil prices rose."
    assert draft.removed == (
        "___",
        "Associated Press writer Nasser Karimi in Tehran contributed to this report.",
        "Copyright 2026 The Associated Press. All rights reserved.",
    )


def test_a_contributed_line_inside_the_story_stays_in_the_body():
    """Only the end of a story holds its trailers: a line saying who contributed that is
    followed by more of the story is the story's (a correction, an update, a sidebar)."""
    story = (
        "Headline\n\nTalks stalled on Sunday.\n\nAP writer Jane Doe contributed to this report.\n\n"
        "This story was updated to add the minister's comments."
    )
    draft = parse_wire_story(wire_text(story))
    assert "AP writer Jane Doe contributed to this report." in draft.body()
    assert draft.removed == ()


# ---- Persian and Arabic boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "بیشتر بخوانید",  # read more
        "بیشتر بخوانید: شورای نگهبان لایحه را بررسی می‌کند",
        "همچنین بخوانید:",
        "اخبار مرتبط",  # related news
        "خبرهای مرتبط:",
        "این خبر را در تلگرام دنبال کنید",  # follow this story on Telegram
        "ما را در اینستاگرام دنبال کنید",
        "به کانال ایتا بپیوندید",  # Eitaa
        "ایرنا را در ایتا، بله، سروش و اینستاگرام دنبال کنید",  # Eitaa, Bale, Soroush
        "ما را در توییتر دنبال کنید",
        "ما را در ایکس دنبال کنید",
        "عضویت در کانال واتساپ",
        "اشتراک‌گذاری",  # share
        "اشتراک گذاری",
        "کد خبر: ۸۵۰۱۲۳۴۵",  # news code
        "کد خبر ۸۵۰۱۲۳۴۵",
        "برچسب‌ها: مجلس، بودجه",  # tags
        "برچسب ها: مجلس",
        "کلیدواژه‌ها: بودجه",
        "تمامی حقوق مادی و معنوی این سایت محفوظ است.",  # copyright
        "کلیه حقوق این وب‌سایت برای ایرنا محفوظ است",
        "انتهای پیام",
        "اقرأ أيضاً",  # Arabic: read also
        "اقرأ المزيد",
        "أخبار ذات صلة",  # related news
        "تابعونا على تويتر",  # follow us on Twitter
        "تابعوا آخر الأخبار على قناتنا في تليجرام",
        "انضموا إلى قناتنا على واتساب",
        "تابعنا على إنستغرام",
        "شارك الخبر",  # share
        "مشاركة",
        "رقم الخبر: 12345",  # news code
        "الكلمات المفتاحية: البرلمان، الميزانية",  # tags
        "الوسوم: البرلمان",
        "جميع الحقوق محفوظة © 2026",  # copyright
        "© 2026 وكالة الأنباء",
    ],
)
def test_persian_and_arabic_boilerplate_lines(line):
    assert is_debris(line)


@pytest.mark.parametrize(
    "line",
    [
        "دولت دسترسی به تلگرام را از روز یکشنبه محدود کرد.",  # the government restricted Telegram
        "کانال تلگرام این خبرگزاری از دسترس خارج شد.",  # the agency's Telegram channel went offline
        "کلیه حقوق معوق کارگران تا پایان ماه پرداخت می‌شود.",  # all workers' back pay (حقوق = wages)
        "پیام‌رسان ایتا و بله بیش از ده میلیون کاربر دارند.",
        "اخبار مرتبط با بودجه در جلسه بررسی شد.",  # "news related to the budget" opens a sentence
        "قال المتحدث إن الحكومة ستتابع الملف على تويتر وغيره.",
        "شارك آلاف المتظاهرين في المسيرة يوم الجمعة.",  # thousands took part (شارك = took part)
    ],
)
def test_persian_and_arabic_story_sentences_are_not_boilerplate(line):
    assert not is_debris(line)


def test_a_short_line_that_is_only_a_link_is_never_a_subhead():
    """A related story's headline set between paragraphs as a link, in any language, is the
    site's, not a subhead: it goes to the note. A real subhead (no link) still is one."""
    page = (
        "<h1>Headline</h1><p>TEHRAN (Reuters) - Parliament voted on Sunday.</p>"
        '<p><a href="/news/1">Guardian Council to review the budget</a></p>'
        "<p>Vote count</p><p>It was close.</p>"
        '<p><a href="/news/2">بیشتر بخوانید</a></p><p>Lawmakers left at noon.</p>'
    )
    draft = parse_wire_story(wire_text(page))
    assert draft.body() == "Parliament voted on Sunday.\n\n## Vote count\n\nIt was close.\n\nLawmakers left at noon."
    assert draft.removed == ("Guardian Council to review the budget", "بیشتر بخوانید")


def test_a_paragraph_that_is_a_linked_sentence_stays_in_the_body():
    page = '<h1>Headline</h1><p>It was close.</p><p><a href="/report">The full report is online.</a></p><p>End.</p>'
    draft = parse_wire_story(wire_text(page))
    assert draft.body() == "It was close.\n\nThe full report is online.\n\nEnd."


def test_a_line_break_in_the_pages_source_is_a_space_but_br_and_pre_keep_theirs():
    blocks, _language = html_blocks(
        "<p>Lawmakers approved the budget on Sunday after a long\r\nnight of debate in\n"
        "the chamber.</p><p>First line<br>Second line</p><pre>code line one\ncode line two</pre>"
    )
    assert [block.text for block in blocks] == [
        "Lawmakers approved the budget on Sunday after a long night of debate in the chamber.",
        "First line",
        "Second line",
        "code line one",
        "code line two",
    ]
