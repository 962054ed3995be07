"""Where the templates and the stylesheet live.

All lookups go through `resources_dir` so that shipping `resources/` as package
data later means changing one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STYLESHEET_NAME = "copydesk.css"


@dataclass(frozen=True)
class SiteIcon:
    """An icon file every exported page links to (`rel` None: written, not linked)."""

    href: str  # where the export puts it, relative to the export root
    resource: str  # its file under resources/icons/site/
    rel: str | None
    media_type: str
    sizes: str


# Browsers ask for an icon on every page (a 404 otherwise): SVG where understood, PNG
# sizes for the rest, a touch icon for home screens, and /favicon.ico for the tools that
# ask for it without reading the page.
SITE_ICONS = (
    SiteIcon("icons/favicon.svg", "favicon.svg", "icon", "image/svg+xml", "any"),
    SiteIcon("icons/favicon-32.png", "favicon-32.png", "icon", "image/png", "32x32"),
    SiteIcon("icons/icon-192.png", "icon-192.png", "icon", "image/png", "192x192"),
    SiteIcon("icons/apple-touch-icon.png", "apple-touch-icon.png", "apple-touch-icon", "image/png", "180x180"),
    SiteIcon("favicon.ico", "favicon.ico", None, "image/x-icon", "16x16 32x32 48x48"),
)


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """`resources/`: installed as the package `editor_app.resources`, or at the top of a checkout."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "resources"
    if (installed / "templates").is_dir():
        return installed
    return package.parent / "resources"


def templates_dir() -> Path:
    return resources_dir() / "templates"


def stylesheet_path() -> Path:
    """The stylesheet every page links as `assets/copydesk.css`."""
    return resources_dir() / "style" / STYLESHEET_NAME


@lru_cache(maxsize=1)
def stylesheet_text() -> str:
    """The stylesheet, read once per process: the exporter copies it for every export."""
    return stylesheet_path().read_text(encoding="utf-8")


def site_icon_bytes(icon: SiteIcon) -> bytes:
    return (resources_dir() / "icons" / "site" / icon.resource).read_bytes()
