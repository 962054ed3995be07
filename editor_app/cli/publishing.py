"""Publishing commands: `render` (one article's HTML on stdout) and `export` (a folder)."""

from __future__ import annotations

import sys
import time

from .arguments import READS, path_text, record_ref
from .output import UserError, emit

# A terminal progress line is redrawn at most this often; redrawing per file would cost
# more than writing the file.
PROGRESS_INTERVAL_SECONDS = 0.1
# editor_app.export.formats.EXPORT_FORMATS, named here so that starting the command does not
# import the exporters (tests/export/test_formats_cli.py keeps the two equal).
EXPORT_FORMAT_CHOICES = ("html", "markdown", "ninjs", "docx")


def register(subparsers, common) -> None:
    p = subparsers.add_parser("render", parents=[common], help="print an article's exported HTML page")
    p.add_argument("article", metavar="ID", type=record_ref, help="article id, uuid or slug")
    p.set_defaults(handler=cmd_render, opens=READS)

    p = subparsers.add_parser(
        "export",
        parents=[common],
        help="export one article, or the library as a static site, to a folder",
        description=(
            "Write a folder that opens from disk in any browser. The folder is replaced whole "
            "(never left half-written) and files that did not change are kept as they were."
        ),
    )
    p.add_argument(
        "--out", metavar="DIR", type=path_text, help="the export folder (created, or replaced); not needed with --check"
    )
    p.add_argument("--article", metavar="ID", type=record_ref, help="export only this article (id, uuid or slug)")
    p.add_argument("--section", help='only articles in this section and its subsections, e.g. "News"')
    p.add_argument(
        "--status",
        help="only articles with this status, drafts included when chosen (default: ready and published)",
    )
    p.add_argument(
        "--include-drafts",
        action="store_true",
        help="send drafts and articles in edit too, not only ready and published",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="only run the preflight: list what would go and every problem; exit 1 when it has errors",
    )
    p.add_argument(
        "--force", action="store_true", help="export even when the preflight has errors, and report what was overridden"
    )
    p.add_argument("--tag", help="only articles with this tag")
    p.add_argument(
        "--format",
        dest="export_format",
        choices=EXPORT_FORMAT_CHOICES,
        default="html",
        help="html: a site (or one article's page) that opens in any browser (the default); "
        "markdown: index.md with YAML front matter for Hugo or Jekyll, photos beside it; "
        "ninjs: IPTC ninjs 2.1 JSON with its photos; docx: a Word document, photos inside. "
        "With several articles each gets a folder (a .docx file) of its own",
    )
    site = p.add_argument_group(
        "the site (remembered in the library: the next export, here or in the window, uses them)"
    )
    site.add_argument(
        "--site-url",
        metavar="URL",
        help="the address the site is published at, e.g. https://news.example/ (canonical links, "
        'social cards, sitemaps); "" forgets it',
    )
    site.add_argument(
        "--site-name", "--title", dest="site_name", metavar="NAME", help="the site's name on its pages and feeds"
    )
    site.add_argument("--site-description", metavar="TEXT", help="one sentence: the description of the site's listings")
    site.add_argument("--site-language", metavar="TAG", help="the site's language, e.g. en, fa, pt-BR")
    p.set_defaults(handler=cmd_export, opens=READS)


# The exporter (Jinja, Markdown, the photo renditions) is imported by the two commands
# that use it, so the other commands start without it.


def cmd_render(args, library) -> int:
    from ..export import ArticleExporter

    article = library.get_article(args.article)
    html = ArticleExporter(library, article).render()
    if getattr(args, "json", False):
        emit(args, {"id": article.id, "slug": article.slug, "html": html})
    else:
        sys.stdout.write(html if html.endswith("\n") else html + "\n")
    return 0


class ProgressLine:
    """`done/total message` redrawn in place on a terminal's stderr; silent otherwise."""

    def __init__(self, stream=None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0
        self._width = 0

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < PROGRESS_INTERVAL_SECONDS and done < total:
            return
        self._last = now
        text = f"Exporting {done}/{total} {message}" if total else message
        text = text[:100]
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def cmd_export(args, library) -> int:
    """Preflight first: with errors the export stops (exit 1, nothing written) unless --force."""
    from ..export import ExportError, ExportScope, export_checked, run_preflight

    if args.article and (args.section or args.status or args.tag):
        raise UserError("--article exports one article; it cannot be combined with --section, --status or --tag.")
    if not args.check and not args.out:
        raise UserError("--out DIR is required to export; use --check to run only the preflight.")
    site_options = [
        option
        for option, value in (
            ("--site-url", args.site_url),
            ("--site-name", args.site_name),
            ("--site-description", args.site_description),
            ("--site-language", args.site_language),
        )
        if value is not None
    ]
    if args.export_format != "html" and site_options:
        raise UserError(
            f"{', '.join(site_options)} describe the HTML site; they cannot be used with --format {args.export_format}."
        )
    scope = ExportScope(
        article=args.article, section=args.section, status=args.status, tag=args.tag, include_drafts=args.include_drafts
    )
    preflight = run_preflight(library, scope)
    if args.check:
        emit(args, preflight.to_dict(), preflight.report())
        return 0 if preflight.ok else 1
    if not preflight.ok and not args.force:
        emit(args, {"exported": False, "preflight": preflight.to_dict()}, preflight.report())
        print(
            f"copydesk: the export stopped on {len(preflight.errors)} preflight "
            f"error{'s' if len(preflight.errors) != 1 else ''}; nothing was written. "
            "Fix them, or run again with --force to export anyway.",
            file=sys.stderr,
        )
        return 1
    site = {"settings": _site_settings(args, library)} if args.export_format == "html" else {}
    progress = ProgressLine()
    try:
        report = export_checked(
            library,
            args.out,
            preflight,
            override=args.force,
            progress=progress,
            export_format=args.export_format,
            **site,
        )
    except ExportError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"Could not write the export: {exc.strerror or exc} ({exc.filename or args.out})") from exc
    finally:
        progress.clear()
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    # Stdout, after the summary: stderr is for errors, and an error there stays one line.
    text = f"{report.summary()}\n{preflight.report()}" if preflight.problems else report.summary()
    emit(
        args,
        {**report.to_dict(), "exported": True, "format": args.export_format, "preflight": preflight.to_dict()},
        text,
    )
    return 0


def _site_settings(args, library):
    """The library's site settings with the options given; remembered when they change.

    `export` opens the library read-only (it works beside the window), so remembering opens
    it for writing briefly; when another program holds it, the export still uses them and
    says they were not remembered."""
    from ..export import SiteSettings, SiteSettingsError
    from ..library import LibraryError

    given = {
        "url": args.site_url,
        "name": args.site_name,
        "description": args.site_description,
        "language": args.site_language,
    }
    stored = SiteSettings.from_library(library)
    try:
        settings = stored.with_changes(**given)
    except SiteSettingsError as exc:
        raise UserError(str(exc)) from exc
    if settings != stored:
        from ..library import Library

        try:
            with Library.open(library.path) as writer:
                settings.remember(writer)
        except LibraryError as exc:
            print(f"warning: the site settings were used but not remembered: {exc}", file=sys.stderr)
    return settings
