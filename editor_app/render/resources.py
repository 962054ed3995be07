"""Where the templates and the stylesheet live.

All lookups go through `resources_dir` so that shipping `resources/` as package
data later means changing one function.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

STYLESHEET_NAME = "copydesk.css"


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
