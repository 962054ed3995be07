"""Steps, reports and the loop that turns a build generator into a callback-driven export.

A build is a generator of `ExportStep`s, as the house style asks, so the window can show a
bar (one step per event-loop turn, or from a worker) and the CLI a progress line, and
cancelling is just not asking for the next step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExportCancelled

ProgressCallback = Callable[[int, int, str], object]
CancelCheck = Callable[[], bool] | threading.Event


@dataclass(frozen=True)
class ExportStep:
    done: int
    total: int
    message: str


@dataclass(frozen=True)
class SkippedArticle:
    """An article left out of an export, and why (in the words the editor shows)."""

    id: int
    slug: str
    headline: str
    reason: str

    def describe(self) -> str:
        return f"article {self.id} “{self.headline or self.slug}”: {self.reason}"

    def to_dict(self) -> dict:
        return {"id": self.id, "slug": self.slug, "headline": self.headline, "reason": self.reason}


@dataclass
class ExportReport:
    destination: Path
    articles: int = 0  # exported; the skipped ones are not counted
    files_written: int = 0
    files_reused: int = 0
    seconds: float = 0.0
    written: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[SkippedArticle] = field(default_factory=list)
    overridden: list = field(default_factory=list)  # preflight errors exported anyway (PreflightProblem)

    def to_dict(self) -> dict:
        return {
            "destination": str(self.destination),
            "articles": self.articles,
            "files_written": self.files_written,
            "files_reused": self.files_reused,
            "seconds": round(self.seconds, 3),
            "written": list(self.written),
            "warnings": list(self.warnings),
            "skipped": [article.to_dict() for article in self.skipped],
            "overridden": [problem.to_dict() for problem in self.overridden],
        }

    def summary(self) -> str:
        """What the CLI prints: one line, then the skipped articles if any."""
        exported = (
            f"Exported {self.articles} article{'s' if self.articles != 1 else ''} to {self.destination}: "
            f"{self.files_written} file{'s' if self.files_written != 1 else ''} written, "
            f"{self.files_reused} reused, in {self.seconds:.2f} s."
        )
        lines = [exported]
        if self.overridden:
            count = len(self.overridden)
            lines.append(f"Exported anyway over {count} preflight error{'s' if count != 1 else ''}:")
            lines.extend(f"- article {p.article_id}: {p.message}" for p in self.overridden)
        if self.skipped:
            lines.append(self.skipped_summary())
        return "\n".join(lines)

    def skipped_summary(self) -> str:
        """The articles left out and why, one per line ("" when none): what the window shows
        in a dialog, since a status-bar message is too short-lived for it."""
        if not self.skipped:
            return ""
        count = len(self.skipped)
        lines = [f"Skipped {count} article{'s' if count != 1 else ''} that cannot be rendered:"]
        lines.extend(f"- {article.describe()}" for article in self.skipped)
        return "\n".join(lines)


def is_cancelled(cancel: CancelCheck | None) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def drive(
    steps: Generator[ExportStep, None, ExportReport],
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ExportReport:
    """Run a build to the end, reporting each step and checking `cancel` between steps.

    On cancel the generator is closed, which runs its clean-up (the staging folder is
    removed, worker processes stopped) before ExportCancelled is raised.
    """
    try:
        while True:
            if is_cancelled(cancel):
                steps.close()
                raise ExportCancelled()
            try:
                step = next(steps)
            except StopIteration as finished:
                return finished.value
            if progress is not None:
                progress(step.done, step.total, step.message)
    finally:
        steps.close()
