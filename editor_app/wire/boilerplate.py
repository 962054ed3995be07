"""The boilerplate Persian and Arabic news sites set around a story, as data.

Each table holds phrases as sites write them; `is_arabic_script_boilerplate` compares them
with a line after both are folded alike (`fold`): the zero-width non-joiner and spaces are
one space, Arabic and Persian forms of yeh and kaf are one letter, hamza forms of alef are
alef, and vowel marks and tatweel are gone. So "برچسب‌ها", "برچسب ها" and "برچسبها" need
not be listed thrice over, nor "اقرأ أيضاً" with and without its marks.

A phrase of LABELS is the whole line, or opens it before a colon or the value it labels
("کد خبر: ۸۵۰۱۲۳۴۵"); one of OPENINGS opens the line whatever follows ("بیشتر بخوانید:
headline"). A call to follow the site needs both a FOLLOW_CALLS phrase and a network's
name, so a story about Telegram is not taken for the site's Telegram link. " … " in a
phrase stands for a few words between its parts ("حقوق … محفوظ": all rights reserved,
never "کلیه حقوق کارگران", all the workers' wages).

English boilerplate is matched in parsing.py; Latin-script lines never reach these tables.
"""

from __future__ import annotations

import functools
import re

# Phrases that open a line whatever follows them: "read more", "read also".
OPENINGS = {
    "read more (fa)": ("بیشتر بخوانید", "همچنین بخوانید", "بخوانید:", "بیشتر بدانید", "ببینید:"),
    "read more (ar)": ("اقرأ أيضا", "اقرأ المزيد", "اقرأ كذلك", "اقرأ ايضا", "شاهد أيضا", "طالع أيضا"),
}

# Labels: the whole line, or the line's opening before ":", "-", "|" or a number.
LABELS = {
    "related news (fa)": (
        "اخبار مرتبط",
        "خبرهای مرتبط",
        "مطالب مرتبط",
        "مطالب پیشنهادی",
        "اخبار پیشنهادی",
        "پربازدیدترین",
        "پربحث ترین",
        "آخرین اخبار",
        "مطالب بیشتر",
    ),
    "related news (ar)": ("أخبار ذات صلة", "مواضيع ذات صلة", "مقالات ذات صلة", "الأكثر قراءة", "أخبار متعلقة"),
    "share (fa)": (
        "اشتراک گذاری",
        "اشتراکگذاری",
        "به اشتراک بگذارید",
        "ارسال به دوستان",
        "کپی لینک",
        "لینک کوتاه",
        "نسخه چاپی",
    ),
    "share (ar)": ("شارك الخبر", "شارك", "مشاركة", "شارك المقال", "طباعة", "نسخ الرابط", "الرابط المختصر"),
    "news code (fa)": ("کد خبر", "کد مطلب", "شناسه خبر", "شماره خبر"),
    "news code (ar)": ("رقم الخبر", "رمز الخبر", "كود الخبر", "معرف الخبر"),
    "tags (fa)": ("برچسب ها", "برچسبها", "کلیدواژه ها", "کلید واژه ها", "تگ ها", "موضوعات"),
    "tags (ar)": ("الكلمات المفتاحية", "كلمات مفتاحية", "كلمات دالة", "الوسوم", "العلامات"),
    "end of message (fa)": ("انتهای پیام", "پایان پیام", "انتهای خبر"),
}

# Copyright lines, wherever the phrase stands in a short line.
COPYRIGHT = (
    "حقوق … محفوظ",  # Persian: "all rights ... reserved" ("تمامی حقوق این سایت محفوظ است")
    "استفاده از مطالب … با ذکر منبع",  # "use of the content ... with the source named"
    "جميع الحقوق محفوظة",  # Arabic: all rights reserved
    "حقوق النشر محفوظة",
    "حقوق الطبع محفوظة",
)

# The networks a site asks readers to follow it on, by the names Persian and Arabic use.
SOCIAL_NETWORKS = {
    "Telegram": ("تلگرام", "تليجرام", "تلغرام", "تيليجرام"),
    "Instagram": ("اینستاگرام", "اینستا", "إنستغرام", "انستغرام", "انستجرام", "إنستجرام"),
    "X/Twitter": ("توییتر", "تویتر", "توئیتر", "ایکس", "تويتر", "إكس"),
    "WhatsApp": ("واتساپ", "واتس اپ", "واتساب", "واتس آب"),
    "Eitaa": ("ایتا",),
    "Bale": ("بله",),
    "Soroush": ("سروش",),
    "Rubika": ("روبیکا",),
    "YouTube": ("یوتیوب", "يوتيوب"),
    "Facebook": ("فیسبوک", "فيسبوك"),
    "Aparat": ("آپارات",),
}
# The call that makes a network's name a link to the site's account: "follow (us)", "join".
FOLLOW_CALLS = (
    "دنبال کنید", "دنبال کردن", "بپیوندید", "عضو شوید", "عضویت در", "ما را در", "کانال ما", "صفحه ما",
    "تابعونا", "تابعوا", "تابعنا", "انضموا", "انضم إلى", "اشترك في", "اشتركوا", "قناتنا", "صفحتنا", "حسابنا",
)  # fmt: skip
MAX_FOLLOW_CALL_CHARS = 200  # a call to follow is a line, not a paragraph

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # vowel marks, superscript alef, tatweel
_FOLDED_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "\u200c": " "})


def fold(text: str) -> str:
    """`text` as the tables are compared: one spelling of each letter, no marks, single spaces."""
    return " ".join(_MARKS.sub("", text).translate(_FOLDED_LETTERS).split()).casefold()


def _alternation(phrases) -> str:
    """One regex alternative per phrase (folded; " … " a gap of a few words), longest first."""
    folded = sorted({fold(phrase) for phrase in phrases}, key=len, reverse=True)
    return "|".join(r".{0,60}?".join(re.escape(part.strip()) for part in phrase.split("…")) for phrase in folded)


def _all(table: dict) -> list[str]:
    return [phrase for phrases in table.values() for phrase in phrases]


@functools.cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    openings = re.compile(rf"^(?:{_alternation(_all(OPENINGS))})")
    # A label is the line, or opens it before a colon, a dash, a bar or a number (Persian digits too).
    labels = re.compile(rf"^(?:{_alternation(_all(LABELS))})\s*(?:$|[:：\-–—|]|[\d۰-۹٠-٩])")
    copyright_line = re.compile(_alternation(COPYRIGHT))
    # Network names are whole words: "ایتا" is not the start of another word.
    networks = re.compile(rf"(?<![^\W\d_])(?:{_alternation(_all(SOCIAL_NETWORKS))})(?![^\W\d_])")
    return openings, labels, copyright_line, networks


@functools.cache
def _follow_calls() -> tuple[str, ...]:
    return tuple(fold(call) for call in FOLLOW_CALLS)


def is_arabic_script_boilerplate(text: str) -> bool:
    """Whether a line in Persian or Arabic is a site's boilerplate (see the module's docstring)."""
    if not _ARABIC_SCRIPT.search(text):
        return False
    folded = fold(text)
    openings, labels, copyright_line, networks = _patterns()
    if openings.match(folded) or labels.match(folded) or copyright_line.search(folded):
        return True
    return (
        len(folded) <= MAX_FOLLOW_CALL_CHARS
        and any(call in folded for call in _follow_calls())
        and networks.search(folded) is not None
    )
