"""Article formats newsrooms pass around, beside the HTML site: Markdown with YAML front
matter, IPTC ninjs 2.x JSON and DOCX (no Qt).

Each is an exporter of the common shape (`editor_app.export.writer.Exporter`), so it is
written atomically into its folder, its photos are the privacy-safe renditions the HTML
export writes, and the preflight runs before it as before HTML.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from .common import DOCX, EXPORT_FORMATS, FORMAT_LABELS, HTML, MARKDOWN, NINJS, UnknownFormatError


def format_exporter(export_format: str, library, article_ids: Sequence[int], *, single: bool):
    """The exporter of `export_format` (not HTML, which is the site exporter) for these articles."""
    if export_format == MARKDOWN:
        from .markdown_format import MarkdownExporter as exporter_class
    elif export_format == NINJS:
        from .ninjs_format import NinjsExporter as exporter_class
    elif export_format == DOCX:
        from .docx_format import DocxExporter as exporter_class
    else:
        raise UnknownFormatError(export_format)
    return exporter_class(library, article_ids, single=single)


def export_in_format(
    library,
    out_dir: os.PathLike | str,
    export_format: str,
    article_ids: Sequence[int],
    *,
    single: bool,
    progress=None,
    cancel=None,
):
    """Write the articles in `export_format` into `out_dir`, atomically (the folder holds the
    previous export or this one). `single`: one article, its files at the top of the folder.
    The window and the CLI come here through `preflight.export_checked`, after the preflight."""
    exporter = format_exporter(export_format, library, article_ids, single=single)
    return exporter.write(out_dir, progress=progress, cancel=cancel)


__all__ = [
    "DOCX",
    "EXPORT_FORMATS",
    "FORMAT_LABELS",
    "HTML",
    "MARKDOWN",
    "NINJS",
    "UnknownFormatError",
    "export_in_format",
    "format_exporter",
]
