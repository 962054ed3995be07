"""Exporters: one article as a folder, the library as a static site (no Qt).

Both are writers of one shape (`steps(out_dir)` yields progress, `write(out_dir)` runs
it), both are atomic (the destination holds the old export or the new one) and
incremental (unchanged files are kept), and both ask `editor_app.render` for HTML and
`editor_app.photos` for renditions.
"""

from .errors import (
    ArticleRefusedError,
    ExportCancelled,
    ExportDestinationError,
    ExportError,
    SiteSettingsError,
    UnsafePathError,
)
from .feed import FEED_FILE, build_feed
from .manifest import MANIFEST_NAME, Manifest
from .paths import SegmentAllocator, safe_segment
from .preflight import (
    ExportScope,
    Preflight,
    PreflightFailedError,
    PreflightProblem,
    export_checked,
    export_when_clean,
    run_preflight,
)
from .progress import ExportReport, ExportStep, SkippedArticle
from .site import ArticleExporter, SiteExporter, export_article, export_site
from .site_settings import SiteSettings
from .staging import wait_for_cleanup

__all__ = [
    "FEED_FILE",
    "MANIFEST_NAME",
    "ArticleExporter",
    "ArticleRefusedError",
    "ExportCancelled",
    "ExportDestinationError",
    "ExportError",
    "ExportReport",
    "ExportScope",
    "ExportStep",
    "Manifest",
    "Preflight",
    "PreflightFailedError",
    "PreflightProblem",
    "SegmentAllocator",
    "SiteExporter",
    "SiteSettings",
    "SiteSettingsError",
    "SkippedArticle",
    "UnsafePathError",
    "build_feed",
    "export_article",
    "export_checked",
    "export_site",
    "export_when_clean",
    "run_preflight",
    "safe_segment",
    "wait_for_cleanup",
]  # fmt: skip
