"""A small newsroom library for export tests: the wire-story fixture article (two photos,
one with GPS) plus articles across sections, statuses and tags."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CSP = "default-src 'none'; img-src 'self'; style-src 'self'; connect-src 'self'"
EDITOR_NOTE_MARK = "EDITOR-NOTE-SECRET-7731"


@pytest.fixture
def newsroom(library, fixture_article):
    """`library` holding the fixture article and five more; returns a dict of the articles."""
    library.update_article(
        fixture_article.id, status="ready", editor_note=f"{fixture_article.editor_note} {EDITOR_NOTE_MARK}"
    )
    articles = {"budget": library.get_article(fixture_article.id)}
    specs = [
        ("world", "Ceasefire talks resume in Geneva", "News / World", "ready", ["Diplomacy", "Iran"]),
        ("derby", "Late goal settles the capital derby", "Sport / Football", "published", ["Football"]),
        ("draft", "Draft: council budget leak", "News / Politics", "draft", ["Budget"]),
        ("tennis", "Qualifier stuns top seed", "Sport", "ready", ["Tennis"]),
        ("persian", "گزارش ویژه درباره بودجه", "News", "ready", ["Iran"]),
    ]
    for key, headline, section, status, tags in specs:
        articles[key] = library.create_article(
            headline=headline,
            section=section,
            status=status,
            tags=tags,
            language="fa" if key == "persian" else "en",
            standfirst=f"Standfirst of {headline}.",
            byline="Desk reporter",
            body=f"First paragraph of {headline}.\n\n## A subhead\n\nSecond paragraph with [a link](https://example.org/).",
            editor_note=f"Do not run. {EDITOR_NOTE_MARK}",
        )
    return articles


def files_under(root: Path) -> dict[str, os.stat_result]:
    """Every regular file below `root` by relative POSIX path, with its lstat."""
    found = {}
    for current, _folders, names in os.walk(root):
        for name in names:
            path = Path(current) / name
            found[path.relative_to(root).as_posix()] = path.lstat()
    return found


def html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


_LINK = re.compile(r'(?:href|src)="([^"]+)"|srcset="([^"]+)"')


def local_links(page: Path) -> list[str]:
    """Every href/src/srcset target of a page that is not an external link or anchor."""
    text = page.read_text(encoding="utf-8")
    targets = []
    for single, srcset in _LINK.findall(text):
        if single:
            targets.append(single)
        else:
            targets.extend(part.strip().split(" ")[0] for part in srcset.split(","))
    return [t for t in targets if not re.match(r"^(?:https?:|mailto:|#)", t)]


def copydesk_command(library_path: Path, *arguments: str) -> list[str]:
    """`python -m editor_app --library PATH ARGUMENTS...`: the command a user types."""
    return [sys.executable, "-m", "editor_app", "--library", str(library_path), *arguments]


def run_copydesk(
    library_path: Path, *arguments: str, env_overrides: dict[str, str] | None = None, **options
) -> subprocess.CompletedProcess:
    """Run the command line in a subprocess, on this checkout, and capture its text output."""
    from tests.conftest import REPO_ROOT

    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        **(env_overrides or {}),
    }
    options = {"capture_output": True, "text": True, "env": environment, "timeout": 120, "check": False, **options}
    return subprocess.run(copydesk_command(library_path, *arguments), **options)  # noqa: PLW1510 - check is in options
