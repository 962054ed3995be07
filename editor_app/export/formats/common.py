"""What the Markdown, ninjs and DOCX exporters share: which articles go, where each one's
files go, its photos, and its body from the one renderer.

Layout of an export folder (every format replaces it whole, like the HTML export):

    one article    index.md | ninjs.json | <slug>.docx, and photos/ beside them
    several        <slug>/index.md | <slug>/ninjs.json with <slug>/photos/, or <slug>.docx

A photo placement waiting for its photo (a slot) is never exported; the preflight refuses
an article that still has one, and the exporters skip it if it is exported anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from editor_app.model import Article, Photo, Placement

from ..errors import ArticleRefusedError, ExportError
from ..manifest import content_key
from ..pages import lead_of
from ..paths import SegmentAllocator
from ..site import PhotoPlanner, publishable, refusal_of
from ..writer import Exporter, ExportPlan

# The formats `copydesk export --format` and the Export Article dialog offer, HTML first.
HTML = "html"
MARKDOWN = "markdown"
NINJS = "ninjs"
DOCX = "docx"
EXPORT_FORMATS = (HTML, MARKDOWN, NINJS, DOCX)
FORMAT_LABELS = {
    HTML: "HTML (a folder that opens in any browser)",
    MARKDOWN: "Markdown with YAML front matter (Hugo, Jekyll)",
    NINJS: "ninjs 2.1 JSON (IPTC news in JSON)",
    DOCX: "DOCX (Word, LibreOffice)",
}


class UnknownFormatError(ExportError):
    """An export format Copydesk does not write."""

    def __init__(self, name: str):
        super().__init__(f"Unknown export format {name!r}; choose one of: {', '.join(EXPORT_FORMATS)}.")


@dataclass(frozen=True)
class ArticleInput:
    """One article as an export of another format sees it."""

    article: Article  # publishable: no editor's note
    placed: tuple[tuple[Placement, Photo], ...]  # photos only, never slots
    folder: str  # "" for a single article, else "<slug>/"
    name: str  # the article's safe file-name segment

    @property
    def lead(self):
        """The lead photo as the renderer shows it (PlacedPhoto), or None."""
        return lead_of(list(self.placed))

    def inputs(self) -> dict:
        """Everything the article's files are made from, for their keys."""
        return {
            "article": {k: v for k, v in vars(self.article).items() if k != "editor_note"},
            "placed": [
                {"placement": vars(placement), "photo": {k: v for k, v in vars(photo).items() if k != "embedded"}}
                for placement, photo in self.placed
            ],
        }


def photos_only(placed: Sequence[tuple[Placement, Photo | None]]) -> tuple[tuple[Placement, Photo], ...]:
    """Placements that hold a photo: a slot (no photo yet) has nothing to export."""
    return tuple(
        (placement, photo) for placement, photo in placed if photo is not None and placement.photo_id is not None
    )


class ArticleFormatExporter(Exporter):
    """The exporters of one format: each article's files plus its photos, in one folder.

    A subclass says what one article's files are (`plan_article`) and whether its photos
    are written beside them (`writes_photo_files`) and at which widths (`largest_only`).
    """

    kind = "format"
    format_version = 1
    writes_photo_files = True
    largest_only = False

    def __init__(self, library, article_ids: Sequence[int], *, single: bool):
        super().__init__(library)
        self.article_ids = sorted(set(article_ids))
        self.single = single

    def expected_pages(self) -> int:
        return len(self.article_ids)

    def article_inputs(self) -> tuple[list[ArticleInput], list]:
        """The articles to write and the ones the renderer refuses (left out of a set of
        several, each named in the report; alone, the export stops)."""
        names = SegmentAllocator()
        chosen, skipped = [], []
        for article_id in self.article_ids:
            article = publishable(self.library.get_article(article_id))
            refusal = refusal_of(article)
            if refusal is not None:
                if self.single:
                    raise ArticleRefusedError(f"Cannot render {refusal.describe()}")
                skipped.append(refusal)
                continue
            name = names.claim(article.slug, f"article-{article.id}")
            folder = "" if self.single else f"{name}/"
            chosen.append(ArticleInput(article, photos_only(self.library.placed_photos(article.id)), folder, name))
        return chosen, skipped

    def plan(self) -> ExportPlan:
        articles, skipped = self.article_inputs()
        plan = ExportPlan(articles=len(articles), skipped=skipped)
        for item in articles:
            photos = PhotoPlanner(f"{item.folder}photos", largest_only=self.largest_only)
            if self.writes_photo_files:
                for placement, photo in item.placed:
                    photos.add(placement, photo)
                plan.photos.extend(photos.outputs.values())
            plan.files.extend(self.plan_article(item))
        return plan

    def plan_article(self, item: ArticleInput) -> list:
        raise NotImplementedError

    def key(self, item: ArticleInput, path: str) -> str:
        from editor_app.render import RENDERER_VERSION

        return content_key(self.kind, self.format_version, RENDERER_VERSION, path, item.inputs())


def render_body(item: ArticleInput):
    """The article through the one renderer, photos referred to as `photos/<file>` beside
    the article's own file: the page's body fragment, sanitized, without the lead photo."""
    from editor_app.render import PlacedPhoto, render_article

    return render_article(item.article, [PlacedPhoto(placement, photo) for placement, photo in item.placed], root="")


def largest_rendition(placed):
    """The widest rendition of a placed photo: the one file Markdown and DOCX show."""
    from editor_app.render import renditions

    return renditions(placed)[-1]


def rendition_bytes(library, placed, width: int) -> bytes:
    """A rendition as the HTML export writes it (upright, sRGB, no GPS, serials, maker
    notes or thumbnail; caption and credit written in), for a format that embeds photos."""
    from ..jobs import RenditionJob, render_photo_files

    job = RenditionJob(
        photo_name=placed.photo.original_name or f"photo {placed.photo.id}",
        original=library.photo_original(placed.photo.id),
        outputs=(("photo", width),),
        placement=placed.placement,
        photo=placed.photo,
    )
    return render_photo_files(job)[0].data


def find_placed(placed_photos, source: str):
    """The placed photo whose largest rendition the renderer put at `source`, or None."""
    from editor_app.render import PlacedPhoto

    for placement, photo in placed_photos:
        placed = PlacedPhoto(placement, photo)
        if f"photos/{largest_rendition(placed).filename}" == source:
            return placed
    return None
