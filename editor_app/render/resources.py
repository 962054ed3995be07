"""Where the templates and the stylesheet live.

All lookups go through `resources_dir` so that shipping `resources/` as package
data later means changing one function.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

STYLESHEET_NAME = "copydesk.css"


def resources_dir() -> Path:
    """The repository's `resources/` folder (the package sits two levels below it)."""
    return Path(__file__).resolve().parents[2] / "resources"


def templates_dir() -> Path:
    return resources_dir() / "templates"


def stylesheet_path() -> Path:
    """The stylesheet every page links as `assets/copydesk.css`."""
    return resources_dir() / "style" / STYLESHEET_NAME


@lru_cache(maxsize=1)
def stylesheet_text() -> str:
    """The stylesheet, read once per process: the exporter copies it for every export."""
    return stylesheet_path().read_text(encoding="utf-8")
