"""IPTC ninjs 2.1 ("news in JSON"), the format Superdesk and other newsroom systems ingest.

One `ninjs.json` per article, valid against IPTC's ninjs 2.1 JSON Schema (tests/ninjs), with
the photos' renditions in photos/ beside it. How Copydesk's fields map:

    uri              urn:uuid:<article uuid> (stable across exports and libraries)
    headlines        [{role: main, value: headline}]
    descriptions     [{role: summary, value: standfirst}]
    bodies           [{role: main, contenttype: text/html, value: the renderer's body}]
    slugline, by, located, language      slug, byline, dateline, language
    subjects         a subject per tag (rel "about"), and the section path (rel "section")
    associations     the lead photo ("featuremedia", Superdesk's name for it), then every
                     photo placed in the body ("photo-1", ...), each a picture with its
                     caption and credit (descriptions of role "caption" and "creditline",
                     since ninjs 2 has no credit-line property), alt text, creator (by),
                     copyrightnotice, usageterms and its renditions

The editor's note never leaves the building, so there is no ednote. Rendition and image
addresses are relative to the file (photos/...), as the folder is handed over whole.
"""

from __future__ import annotations

import json

from editor_app.model import Article

from .common import NINJS, ArticleFormatExporter, ArticleInput, render_body

NINJS_FILE = "ninjs.json"
NINJS_VERSION = "2.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"
LEAD_ASSOCIATION = "featuremedia"
PUBLISHED_STATUSES = ("ready", "published")


def _time(value: str | None) -> str | None:
    from editor_app.render.page import parse_timestamp

    moment = parse_timestamp(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def ninjs_document(item: ArticleInput) -> dict:
    """The ninjs object of one article (see the module docstring for the mapping)."""
    from .blocks import blocks_text, parse_body

    rendered = render_body(item)
    article = item.article
    body_text = blocks_text(parse_body(rendered.body_html), captions=False)
    document: dict = {
        "uri": f"urn:uuid:{article.uuid}",
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": "text",
        "representationtype": "full",
        "profile": "text-photo" if item.placed else "text-only",
        "version": str(article.updated_at),
        "firstcreated": _time(article.created_at),
        "versioncreated": _time(article.updated_at),
        "contentcreated": _time(article.published_at) or _time(article.created_at),
        "pubstatus": "usable" if article.status in PUBLISHED_STATUSES else "withheld",
        "language": article.language,
        "slugline": article.slug,
        "by": article.byline.strip(),
        "located": article.dateline.strip(),
        "headlines": [{"role": "main", "value": article.headline.strip()}],
        "descriptions": _descriptions([("summary", article.standfirst)]),
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "charcount": len(body_text),
                "wordcount": len(body_text.split()),
                "value": rendered.body_html,
            }
        ],
        "subjects": _subjects(article),
        "associations": _associations(item, rendered.body_html),
    }
    return {key: value for key, value in document.items() if value not in ("", None, [])}


def _descriptions(pairs) -> list[dict]:
    return [{"role": role, "value": value.strip()} for role, value in pairs if value and value.strip()]


def _subjects(article: Article) -> list[dict]:
    subjects = [{"name": tag, "rel": "about", "literal": tag} for tag in article.tags]
    if article.section_parts:
        section = " / ".join(article.section_parts)
        subjects.append({"name": section, "rel": "section", "literal": section})
    return subjects


def _associations(item: ArticleInput, body_html: str) -> list[dict]:
    """The lead photo first, then the body's photos in the order the body shows them
    (a photo the body does not show is not sent, as the HTML page does not show it)."""
    from editor_app.render import PlacedPhoto

    lead = item.lead
    inline = {
        placement.id: PlacedPhoto(placement, photo)
        for placement, photo in item.placed
        if lead is None or placement.id != lead.id
    }
    associations = [_picture(lead, LEAD_ASSOCIATION)] if lead is not None else []
    for number, placement_id in enumerate(_placement_order(body_html, inline), start=1):
        associations.append(_picture(inline[placement_id], f"photo-{number}"))
    return associations


def _placement_order(body_html: str, candidates: dict) -> list[int]:
    """Placement ids in the order their figures appear in the body."""
    from editor_app.render import renditions

    positions = []
    for placement_id, placed in candidates.items():
        found = body_html.find(f"photos/{renditions(placed)[-1].filename}")
        if found >= 0:
            positions.append((found, placement_id))
    return [placement_id for _position, placement_id in sorted(positions)]


def _picture(placed, name: str) -> dict:
    from editor_app.render import renditions

    placement, photo = placed.placement, placed.photo
    picture = {
        "name": name,
        "uri": f"urn:uuid:{placement.uuid}",
        "type": "picture",
        "representationtype": "partial",
        "by": photo.creator.strip(),
        "headlines": [{"role": "main", "value": photo.headline.strip()}] if photo.headline.strip() else [],
        "descriptions": _descriptions(
            [
                ("caption", placement.caption),
                ("creditline", placement.credit),
                ("alt", placement.alt_text or photo.alt_text),
            ]
        ),
        "copyrightnotice": photo.copyright.strip(),
        "usageterms": photo.usage_terms.strip(),
        "renditions": [
            {
                "name": f"w{rendition.width}",
                "href": f"photos/{rendition.filename}",
                "contenttype": "image/png" if rendition.filename.endswith(".png") else "image/jpeg",
                "width": rendition.width,
                "height": rendition.height,
            }
            for rendition in renditions(placed)
        ],
    }
    return {key: value for key, value in picture.items() if value not in ("", None, [])}


class NinjsExporter(ArticleFormatExporter):
    """ninjs.json per article, every rendition the HTML export writes in photos/ beside it."""

    kind = NINJS

    def plan_article(self, item: ArticleInput) -> list:
        from ..writer import FileOutput

        path = f"{item.folder}{NINJS_FILE}"

        def make() -> bytes:
            text = json.dumps(ninjs_document(item), ensure_ascii=False, indent=2)
            return (text + "\n").encode("utf-8")

        return [FileOutput(path, self.key(item, path), make=make)]
