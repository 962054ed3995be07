"""Preflight: which articles an export sends, and everything wrong in them, before a file is written.

Export Article, Export Site and `copydesk export` all ask `run_preflight` first and then
`export_checked`, which refuses while errors remain unless the caller overrides them for
that one export; the report then records what was overridden. Warnings only inform.

Caption checks come from `editor_app.photos` and are used whatever codes they grow, with
the severity their checker gives them (a warning when it gives none), so a new check
flows into every export without a change here.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from editor_app.model import STATUS_LABELS, Article
from editor_app.model.limits import body_refusal

from .errors import ExportCancelled, ExportError
from .progress import CancelCheck, ExportReport, ProgressCallback, is_cancelled

ERROR, WARNING = "error", "warning"

# What goes by default; drafts and articles still in edit go only when chosen.
PUBLISHABLE_STATUSES = ("ready", "published")

# The article-level mistakes that must not reach readers unless someone says so for this
# export. Caption problems carry their own severity (editor_app.photos.captions decides
# which of its checks stop an export); a problem of any other code is a warning.
ERROR_CODES = frozenset(
    {
        "missing_headline",
        "placement_without_photo",  # the body shows a photo the article no longer has
        "not_ready",  # one article asked for, but it is a draft and drafts were not chosen
    }
)


@dataclass(frozen=True)
class ExportScope:
    """What an export was asked for: one article, or the site narrowed by filters.

    `status` is an explicit choice (`--status draft` sends drafts); without it only
    PUBLISHABLE_STATUSES go unless `include_drafts`.
    """

    article: int | str | None = None
    section: str | None = None
    status: str | None = None
    tag: str | None = None
    include_drafts: bool = False

    def with_drafts(self, include: bool) -> ExportScope:
        return ExportScope(self.article, self.section, self.status, self.tag, include)

    def admits(self, status: str) -> bool:
        return self.include_drafts or self.status is not None or status in PUBLISHABLE_STATUSES


@dataclass(frozen=True)
class PreflightProblem:
    """One thing wrong in an article that is going, and where "Go to" takes the editor.

    `field` is the article field ("headline", "body", "status") or, with a
    `placement_id`, the placement's ("caption", "credit", "alt_text").
    """

    article_id: int
    placement_id: int | None
    severity: str  # ERROR or WARNING
    code: str
    message: str
    field: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def identity(self) -> tuple:
        """Equal for the same problem found again, so an override given for one check
        covers the same problem when the export re-checks, and nothing new."""
        return (self.article_id, self.placement_id, self.code, self.field, self.message)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["go_to"] = {"article_id": self.article_id, "placement_id": self.placement_id, "field": self.field}
        return data


@dataclass(frozen=True)
class PreflightArticle:
    id: int
    slug: str
    headline: str
    status: str

    @property
    def title(self) -> str:
        return self.headline.strip() or self.slug or f"article {self.id}"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Preflight:
    scope: ExportScope
    articles: list[PreflightArticle] = field(default_factory=list)  # going, in id order
    left_out: list[PreflightArticle] = field(default_factory=list)  # drafts not chosen
    problems: list[PreflightProblem] = field(default_factory=list)  # by article, errors first

    @property
    def errors(self) -> list[PreflightProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[PreflightProblem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def article_ids(self) -> list[int]:
        return [a.id for a in self.articles]

    def problems_by_article(self) -> list[tuple[PreflightArticle, list[PreflightProblem]]]:
        """Articles with problems, those with errors first, each with its problems."""
        grouped: dict[int, list[PreflightProblem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.article_id, []).append(problem)
        articles = [a for a in self.articles if a.id in grouped]
        articles.sort(key=lambda a: (not any(p.is_error for p in grouped[a.id]), a.id))
        return [(a, grouped[a.id]) for a in articles]

    def to_dict(self) -> dict:
        """The stable JSON shape of `copydesk export --check --json`."""
        return {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "articles": [a.to_dict() for a in self.articles],
            "left_out": [a.to_dict() for a in self.left_out],
            "problems": [p.to_dict() for p in self.problems],
        }

    def headline(self) -> str:
        """One line: what goes, what is left out, how many problems."""
        going = _count(len(self.articles), "article")
        line = f"Preflight: {going} to export"
        if self.left_out:
            line += f", {_count(len(self.left_out), 'draft')} left out"
        return f"{line}; {_count(len(self.errors), 'error')}, {_count(len(self.warnings), 'warning')}."

    def report(self) -> str:
        """What the CLI prints: the headline, then each article's problems, errors first."""
        lines = [self.headline()]
        for article, problems in self.problems_by_article():
            lines.append(
                f"Article {article.id} “{article.title}” ({STATUS_LABELS.get(article.status, article.status)}):"
            )
            lines.extend(f"  {p.severity:<7}  {p.code}: {p.message}" for p in problems)
        return "\n".join(lines)


class PreflightFailedError(ExportError):
    """The preflight found errors and they were not overridden; nothing was written."""

    def __init__(self, preflight: Preflight):
        self.preflight = preflight
        errors = preflight.errors
        articles = len({p.article_id for p in errors})
        super().__init__(
            f"The export stopped: the preflight found {_count(len(errors), 'error')} in "
            f"{_count(articles, 'article')}; fix them or export anyway. Nothing was written."
        )


def run_preflight(
    library,
    scope: ExportScope | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> Preflight:
    """Choose the articles `scope` sends and list every problem in them.

    Reads only; safe on any thread with its own read connection (the window runs it in a
    worker: about 4 ms an article with two photos, 4 s for 1,000; bench/preflight.py).
    Raises ArticleNotFoundError for a single article that does not exist, and
    ExportCancelled when `cancel` fires.
    """
    scope = scope or ExportScope()
    preflight = Preflight(scope)
    ids = _candidate_ids(library, scope)
    for done, article_id in enumerate(ids):
        if is_cancelled(cancel):
            raise ExportCancelled("Preflight cancelled; nothing was exported.")
        if progress is not None:
            progress(done, len(ids), "Checking before export")
        article = library.get_article(article_id)
        entry = PreflightArticle(article.id, article.slug, article.headline, article.status)
        if scope.article is None and not scope.admits(article.status):
            preflight.left_out.append(entry)
            continue
        preflight.articles.append(entry)
        preflight.problems.extend(article_problems(library, article, scope))
    return preflight


def _candidate_ids(library, scope: ExportScope) -> list[int]:
    if scope.article is not None:
        return [library.get_article(scope.article).id]
    summaries = library.list_articles(section=scope.section, status=scope.status, tag=scope.tag, order="created")
    return sorted(summary.id for summary in summaries)


def article_problems(library, article: Article, scope: ExportScope | None = None) -> list[PreflightProblem]:
    """Everything wrong in one article, errors first, then in the order an editor reads."""
    from editor_app.photos.placements import caption_problems

    problems: list[PreflightProblem] = []

    def add(code: str, message: str, field: str, placement_id: int | None = None, severity: str | None = None) -> None:
        severity = severity or (ERROR if code in ERROR_CODES else WARNING)
        problems.append(PreflightProblem(article.id, placement_id, severity, code, message, field))

    if scope is not None and scope.article is not None and not scope.admits(article.status):
        label = STATUS_LABELS.get(article.status, article.status).lower()
        add(
            "not_ready",
            f"The article is {label}; only ready and published articles are exported unless drafts are chosen.",
            "status",
        )
    if not article.headline.strip():
        add("missing_headline", "The article has no headline.", "headline")
    refusal = body_refusal(article.body)
    if refusal is not None:
        # One article the renderer refuses must not stop the others: a site export leaves
        # it out and names it in the report. Asked for alone, there is nothing to export.
        alone = scope is not None and scope.article is not None
        add(
            "body_refused",
            f"The body cannot be rendered{'' if alone else ', so the article is left out'}: {refusal}",
            "body",
            severity=ERROR if alone else WARNING,
        )
    elif not article.body.strip():
        add("empty_body", "The body is empty.", "body")
    placements = library.placements(article.id)
    placed_ids = {p.id for p in placements}
    referenced = [int(number) for number in _body_placement().findall(article.body)] if refusal is None else []
    for placement_id in dict.fromkeys(referenced):
        if placement_id not in placed_ids:
            add(
                "placement_without_photo",
                f"The body shows photo placement {placement_id}, which the article no longer has; "
                "remove the reference or place a photo.",
                "body",
                placement_id,
            )
    for placement in placements:
        if placement.role != "lead" and placement.id not in referenced and refusal is None:
            add(
                "photo_not_placed",
                f"Photo placement {placement.id} is not placed in the body, so readers will not see it.",
                "body",
                placement.id,
            )
    for problem in caption_problems(library, article.id):
        add(problem.code, problem.message, problem.field, problem.placement_id, severity_of(problem))
    problems.sort(key=lambda p: not p.is_error)  # stable: errors first, each group in reading order
    return problems


def severity_of(problem) -> str:
    """A caption problem's severity as its checker set it; a warning when it sets none."""
    return ERROR if getattr(problem, "severity", WARNING) == ERROR else WARNING


def export_checked(
    library,
    out_dir: os.PathLike | str,
    preflight: Preflight,
    *,
    override: bool | Iterable[PreflightProblem] = False,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    export_format: str = "html",
    **site_options,
) -> ExportReport:
    """Export exactly the articles `preflight` lets go, after it has passed.

    `override=True` exports over every error in `preflight`; a collection of problems
    (what an editor saw and accepted) overrides only those, so an error that appeared
    since is still refused. Raises PreflightFailedError, writing nothing, otherwise.
    `export_format` is "html" (the site, or one article's page) or one of
    `formats.EXPORT_FORMATS` (Markdown, ninjs, DOCX); `site_options` (the site's title,
    ...) go to `export_site` and mean nothing to the other formats.
    """
    from .formats import EXPORT_FORMATS, HTML, UnknownFormatError, export_in_format
    from .site import export_article, export_site

    if export_format not in EXPORT_FORMATS:
        raise UnknownFormatError(export_format)
    if override is True:
        overridden = preflight.errors
    else:
        accepted = {p.identity for p in (override or ())}
        overridden = [p for p in preflight.errors if p.identity in accepted]
        if len(overridden) < len(preflight.errors):
            raise PreflightFailedError(preflight)
    if export_format != HTML:
        report = export_in_format(
            library,
            out_dir,
            export_format,
            preflight.article_ids,
            single=preflight.scope.article is not None,
            progress=progress,
            cancel=cancel,
        )
    elif preflight.scope.article is not None:
        report = export_article(library, preflight.articles[0].id, out_dir, progress=progress, cancel=cancel)
    else:
        report = export_site(
            library,
            out_dir,
            article_ids=preflight.article_ids,
            progress=progress,
            cancel=cancel,
            **site_options,
        )
    report.overridden = list(overridden)
    return report


@functools.cache
def _body_placement() -> re.Pattern:
    """`![...](placement:12)`, as the renderer places photos (compiled on first use so
    importing the exporters does not load the Markdown renderer)."""
    from editor_app.render.body import PLACEMENT_SCHEME

    return re.compile(r"\]\(\s*" + re.escape(PLACEMENT_SCHEME) + r"\s*(\d{1,18})\s*\)", re.IGNORECASE)


def export_when_clean(
    library,
    out_dir: os.PathLike | str,
    scope: ExportScope,
    *,
    accepted: Iterable[PreflightProblem] | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    **site_options,
) -> ExportReport | Preflight:
    """The preflight and then the export, as one background job of the window.

    With nothing to report it exports at once. With problems it returns the Preflight
    for the editor to see, unless `accepted` says what they saw and chose to export
    over (empty when they were only warnings): then it exports, overriding those
    errors and no others; one that appeared since raises PreflightFailedError.
    """
    preflight = run_preflight(library, scope, progress=progress, cancel=cancel)
    if accepted is None and preflight.problems:
        return preflight
    return export_checked(
        library, out_dir, preflight, override=list(accepted or ()), progress=progress, cancel=cancel, **site_options
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
