"""Listing pages of an exported site: the front page, section pages and tag pages.

The renderer owns article pages; listing pages exist only in exports, so they live here,
in the same Jinja environment (autoescaping on) and with the same stylesheet and
Content-Security-Policy as the article pages. A listing page's key is the hash of exactly
what it shows, so editing an article's body rewrites no listing, and editing its headline
rewrites only the listings that show it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from editor_app.library.models import Article

from .manifest import content_key

CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; style-src 'self'"
_RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku-arab", "ps", "sd", "ug", "ur", "yi"})
LISTING_FORMAT_VERSION = 1


def text_direction(language: str) -> str:
    primary = (language or "").lower().split("-")[0]
    return "rtl" if primary in _RIGHT_TO_LEFT else "ltr"


@dataclass(frozen=True)
class ListingEntry:
    """What a listing shows of one article."""

    path: str  # the article page, relative to the export root
    headline: str
    standfirst: str
    byline: str
    section: str
    date: str  # ISO date shown, published or created
    language: str

    @classmethod
    def of(cls, article: Article, path: str) -> ListingEntry:
        return cls(
            path=path,
            headline=article.headline or "(untitled)",
            standfirst=article.standfirst,
            byline=article.byline,
            section=article.section,
            date=(article.published_at or article.created_at)[:10],
            language=article.language or "en",
        )


@dataclass(frozen=True)
class SiteLinks:
    """Where the site's shared pages are, for navigation on every page."""

    title: str
    sections: dict[tuple[str, ...], str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def for_article(self, article: Article) -> dict:
        """The links an article page shows (root-relative); plain data, so it pickles and hashes."""
        parts = article.section_parts
        return {
            "title": self.title,
            "index": "index.html",
            "sections": [
                [parts[depth - 1], self.sections[parts[:depth]]]
                for depth in range(1, len(parts) + 1)
                if parts[:depth] in self.sections
            ],
            "tags": [[tag, self.tags[tag]] for tag in article.tags if tag in self.tags],
        }

    def top_sections(self) -> list[tuple[str, str]]:
        return sorted(((parts[0], path) for parts, path in self.sections.items() if len(parts) == 1), key=lambda x: x[0].casefold())


_LISTING_TEMPLATE = """\
<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{ heading }}{% if heading != site_title %} · {{ site_title }}{% endif %}</title>
<link rel="stylesheet" href="{{ link('assets/copydesk.css') }}">
</head>
<body class="listing">
<header class="site-header">
<p class="site-title"><a href="{{ link('index.html') }}">{{ site_title }}</a></p>
{% if sections %}<nav class="site-sections" aria-label="Sections"><ul>
{% for name, path in sections %}<li><a href="{{ link(path) }}">{{ name }}</a></li>
{% endfor %}</ul></nav>{% endif %}
</header>
<main>
<h1>{{ heading }}</h1>
{% if entries %}<ol class="article-list">
{% for entry in entries %}<li lang="{{ entry.language }}" dir="{{ direction(entry.language) }}">
<article>
<h2><a href="{{ link(entry.path) }}">{{ entry.headline }}</a></h2>
{% if entry.standfirst %}<p class="standfirst">{{ entry.standfirst }}</p>{% endif %}
<p class="meta">{% if entry.section %}<span class="section">{{ entry.section }}</span> · {% endif %}<time datetime="{{ entry.date }}">{{ entry.date }}</time>{% if entry.byline %} · <span class="byline">{{ entry.byline }}</span>{% endif %}</p>
</article>
</li>
{% endfor %}</ol>{% else %}<p class="empty">No articles.</p>{% endif %}
</main>
</body>
</html>
"""


def _environment():
    """The renderer's Jinja environment when it offers one (same filters and escaping), else ours."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        import jinja2

        _ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return _ENVIRONMENT


_ENVIRONMENT = None
_TEMPLATE = None


def render_listing_page(path: str, heading: str, root: str, entries: list[ListingEntry], site: SiteLinks) -> str:
    from .site import href

    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = _environment().from_string(_LISTING_TEMPLATE)
    return _TEMPLATE.render(
        csp=CONTENT_SECURITY_POLICY,
        heading=heading,
        site_title=site.title,
        sections=site.top_sections(),
        entries=entries,
        link=lambda target: href(root, target),
        direction=text_direction,
    )


def listing_output(path: str, heading: str, root: str, entries: list[ListingEntry], site: SiteLinks):
    """A listing page as a planned file: keyed by what it shows, rendered only when needed."""
    from .writer import FileOutput

    key = content_key(
        "listing",
        LISTING_FORMAT_VERSION,
        path,
        heading,
        root,
        [asdict(e) for e in entries],
        site.title,
        site.top_sections(),
    )
    return FileOutput(
        path, key, make=lambda: render_listing_page(path, heading, root, entries, site).encode("utf-8")
    )
