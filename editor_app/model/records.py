"""Plain value objects passed between the library, the renderer, the exporters and the window.

They are frozen dataclasses so a pane or a worker thread can hold one without
fearing that another part of the program changes it underneath.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

# Article status values as stored; labels are what people read.
STATUSES = ("draft", "in_edit", "ready", "published")
STATUS_LABELS = {
    "draft": "Draft",
    "in_edit": "In edit",
    "ready": "Ready",
    "published": "Published",
}
PLACEMENT_ROLES = ("lead", "inline")

ALT_TEXT_LIMIT = 250
"""Characters; screen readers and CMS fields cut longer descriptions."""

# The article fields that revisions snapshot and that `edit` may change.
ARTICLE_TEXT_FIELDS = (
    "slug",
    "section",
    "headline",
    "standfirst",
    "byline",
    "dateline",
    "body",
    "status",
    "language",
    "target_words",
    "editor_note",
    "tags",
)


@dataclass(frozen=True)
class Article:
    id: int
    uuid: str
    slug: str
    section: str  # a path such as "News / Politics"; "" when unfiled
    headline: str
    standfirst: str
    byline: str
    dateline: str  # the dateline place, e.g. "TEHRAN"
    body: str  # Markdown
    status: str  # one of STATUSES
    language: str  # BCP 47 tag, e.g. "en", "fa", "ar-EG"
    target_words: int | None
    editor_note: str  # never exported
    tags: tuple[str, ...]
    created_at: str  # ISO 8601, UTC
    updated_at: str
    published_at: str | None
    word_count: int

    def summary(self) -> ArticleSummary:
        """The list row for this article, as `list_articles` would return it."""
        return ArticleSummary(
            id=self.id, uuid=self.uuid, slug=self.slug, headline=self.headline, section=self.section,
            status=self.status, word_count=self.word_count, updated_at=self.updated_at, created_at=self.created_at,
        )  # fmt: skip

    @property
    def section_parts(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.section.split("/") if p.strip())

    def to_dict(self) -> dict:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data


@dataclass(frozen=True)
class ArticleSummary:
    """What a list of articles needs, without the body."""

    id: int
    uuid: str
    slug: str
    headline: str
    section: str
    status: str
    word_count: int
    updated_at: str
    created_at: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Photo:
    id: int
    uuid: str
    sha256: str
    original_name: str
    format: str  # JPEG, PNG, WEBP, TIFF, HEIF
    mime: str
    byte_size: int
    width: int  # stored pixel size, before orientation
    height: int
    orientation: int  # EXIF 1-8, 1 when absent
    taken_at: str | None  # ISO 8601 local time as the camera recorded it
    description: str  # the permanent caption of the photo itself
    creator: str
    credit: str
    copyright: str
    source: str
    headline: str
    city: str
    country: str
    alt_text: str
    usage_terms: str
    camera_make: str
    camera_model: str
    has_location: bool
    has_alpha: bool
    embedded: dict = field(default_factory=dict, compare=False)  # fields as the file said
    imported_at: str = ""

    @property
    def display_size(self) -> tuple[int, int]:
        """Pixel size after EXIF orientation is applied."""
        if self.orientation in (5, 6, 7, 8):
            return self.height, self.width
        return self.width, self.height

    def to_dict(self) -> dict:
        data = asdict(self)
        data["display_width"], data["display_height"] = self.display_size
        return data


# The photo fields an import supplies (the library adds id, uuid and imported_at), and
# the optional text among them, stored as "" rather than NULL when the file has none.
STORED_PHOTO_FIELDS = tuple(f.name for f in fields(Photo) if f.name not in ("id", "uuid", "imported_at"))
REQUIRED_PHOTO_FIELDS = ("sha256", "format", "mime", "width", "height")
OPTIONAL_PHOTO_TEXT_FIELDS = tuple(
    f.name
    for f in fields(Photo)
    if f.type == "str" and f.name in STORED_PHOTO_FIELDS and f.name not in REQUIRED_PHOTO_FIELDS
)


@dataclass(frozen=True)
class Placement:
    """A photo used in an article. Caption, credit and alt text belong to the use.

    A placement whose `photo_id` is None is a slot: a wire story's caption waiting for its
    photo. Slots are listed by `placements` and checked like any caption, never rendered,
    and the preflight refuses to export one until a photo fills it.
    """

    id: int
    uuid: str
    article_id: int
    photo_id: int | None  # None: a slot awaiting its photo
    position: int
    role: str  # "lead" or "inline"
    caption: str
    credit: str
    alt_text: str
    created_at: str = ""

    @property
    def is_slot(self) -> bool:
        return self.photo_id is None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Revision:
    id: int
    article_id: int
    created_at: str
    updated_at: str
    name: str | None  # set for named snapshots the user asked for
    kind: str  # "auto", "snapshot", "restore"
    fields: dict  # every ARTICLE_TEXT_FIELDS value at that moment

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


def field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
