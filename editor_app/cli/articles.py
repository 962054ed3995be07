"""Library and article commands: init, new, edit, show, list, search, history, snapshot,
restore, diff, backup, check."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from ..library import LIBRARY_SUFFIX, STATUS_LABELS, Library, diff_revisions
from ..model.limits import MAX_BODY_CHARS
from .arguments import NOTHING, PATH, READS, count, path_text, record_id, record_ref
from .main import open_library
from .output import UserError, emit, read_standard_input, table


def register(subparsers, common) -> None:
    p = subparsers.add_parser("init", parents=[common], help="create a new library file")
    p.add_argument("path", metavar="PATH", type=path_text)
    p.set_defaults(handler=cmd_init, opens=NOTHING)

    p = subparsers.add_parser("new", parents=[common], help="create an article")
    _article_options(p, headline_required=True)
    p.set_defaults(handler=cmd_new)

    p = subparsers.add_parser("edit", parents=[common], help="change an article's fields")
    p.add_argument("article", metavar="ID", type=record_ref, help="article id, uuid or slug")
    _article_options(p, headline_required=False)
    p.add_argument("--status", help="draft, in edit, ready or published")
    p.add_argument("--slug", help="the article's URL name")
    p.add_argument("--note", dest="editor_note", help="editor's note (never exported)")
    p.set_defaults(handler=cmd_edit)

    p = subparsers.add_parser("show", parents=[common], help="show an article")
    p.add_argument("article", metavar="ID", type=record_ref)
    p.set_defaults(handler=cmd_show, opens=READS)

    p = subparsers.add_parser("list", parents=[common], help="list articles, newest first")
    p.add_argument("--section")
    p.add_argument("--status")
    p.add_argument("--tag")
    p.add_argument("--limit", type=count, default=50)
    p.set_defaults(handler=cmd_list, opens=READS)

    p = subparsers.add_parser("search", parents=[common], help='full-text search: words, "phrases", prefix*, -exclude')
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--ranked", action="store_true", help="best match first instead of newest first")
    p.add_argument("--limit", type=count, default=50)
    p.set_defaults(handler=cmd_search, opens=READS)

    p = subparsers.add_parser("history", parents=[common], help="an article's revisions, newest first")
    p.add_argument("article", metavar="ID", type=record_ref)
    p.set_defaults(handler=cmd_history, opens=READS)

    p = subparsers.add_parser("snapshot", parents=[common], help="keep a named revision of an article")
    p.add_argument("article", metavar="ID", type=record_ref)
    p.add_argument("--name", required=True)
    p.set_defaults(handler=cmd_snapshot)

    p = subparsers.add_parser("restore", parents=[common], help="put an article back as it was at a revision")
    p.add_argument("article", metavar="ID", type=record_ref)
    p.add_argument("revision", metavar="REVISION", type=record_id)
    p.set_defaults(handler=cmd_restore)

    p = subparsers.add_parser("diff", parents=[common], help="field-by-field changes between two revisions")
    p.add_argument("article", metavar="ID", type=record_ref)
    p.add_argument("old", metavar="REVISION", type=record_id)
    p.add_argument("new", metavar="REVISION", type=record_id, nargs="?", help="default: the article as it is now")
    p.set_defaults(handler=cmd_diff, opens=READS)

    p = subparsers.add_parser("backup", parents=[common], help="copy the library safely while it may be in use")
    p.add_argument(
        "destination", metavar="DEST", type=path_text, help="a file name, or a folder to put a dated copy in"
    )
    p.add_argument("--overwrite", action="store_true")
    p.set_defaults(handler=cmd_backup)

    p = subparsers.add_parser(
        "check",
        parents=[common],
        help="verify the library file's integrity (exit 1 if damaged)",
        description="Check the library with SQLite's integrity, foreign-key and search-index checks. "
        "With --recover, copy everything that can be read into a new library; the damaged one is not changed.",
    )
    p.add_argument("--recover", metavar="NEW", type=path_text, help="a new file to copy the readable rows into")
    p.set_defaults(handler=cmd_check, opens=PATH)


def _article_options(p: argparse.ArgumentParser, headline_required: bool) -> None:
    p.add_argument("--headline", required=headline_required)
    p.add_argument("--section", help='section path, e.g. "News / Politics"')
    p.add_argument("--standfirst")
    p.add_argument("--byline")
    p.add_argument("--dateline", help="dateline place, e.g. TEHRAN")
    p.add_argument(
        "--body-file", metavar="F", type=path_text, help="read the Markdown body from a file, or - for standard input"
    )
    p.add_argument("--tag", action="append", dest="tags", metavar="T", help="a tag (repeat for several)")
    p.add_argument("--language", help="BCP 47 language tag, e.g. en, fa, ar")
    p.add_argument("--target-words", type=count, dest="target_words", metavar="N", help="0 clears the target")


# UTF-8 spends at most 4 bytes a character: anything longer cannot be a body the renderer
# accepts, so reading stops there (a device such as /dev/zero or an endless pipe never ends).
_MAX_BODY_BYTES = MAX_BODY_CHARS * 4


def _read_body(spec: str | None) -> str | None:
    if spec is None:
        return None
    try:
        if spec == "-":
            data = read_standard_input(_MAX_BODY_BYTES + 1)
        else:
            with open(spec, "rb") as source:
                data = source.read(_MAX_BODY_BYTES + 1)
        if len(data) > _MAX_BODY_BYTES:
            raise UserError(
                f"The body has more than {MAX_BODY_CHARS:,} characters; the renderer accepts at most {MAX_BODY_CHARS:,}."
            )
        # Newlines as a text-mode read gave them (\r\n and \r become \n).
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except FileNotFoundError:
        raise UserError(f"No body file {spec}.") from None
    except UnicodeDecodeError:
        raise UserError(f"{spec} is not UTF-8 text.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {spec}: {exc.strerror}.") from None


def _article_fields(args) -> dict:
    names = ("headline", "section", "standfirst", "byline", "dateline", "tags", "language",
             "target_words", "status", "slug", "editor_note")  # fmt: skip
    fields = {key: getattr(args, key, None) for key in names}
    fields["body"] = _read_body(args.body_file)
    return {k: v for k, v in fields.items() if v is not None}


def cmd_init(args, _library) -> int:
    folder = Path(args.path).expanduser().absolute().parent
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist; create it first, or choose another place.")
    with Library.create(args.path, program="copydesk command line") as library:
        emit(args, {"path": str(library.path), "schema_version": library.schema_version},
             f"Created library {library.path}")  # fmt: skip
    return 0


def cmd_new(args, library) -> int:
    fields = _article_fields(args)
    article = library.create_article(**fields)
    emit(args, {"id": article.id, "uuid": article.uuid, "slug": article.slug},
         f"{article.id}\t{article.uuid}\t{article.slug}")  # fmt: skip
    return 0


def cmd_edit(args, library) -> int:
    fields = _article_fields(args)
    if not fields:
        raise UserError("Nothing to change: give at least one field option (see copydesk edit --help).")
    article = library.update_article(args.article, **fields)
    emit(args, article.to_dict(), f"Updated article {article.id} ({article.slug})")
    return 0


def format_article(article) -> str:
    lines = [
        f"id:          {article.id}",
        f"uuid:        {article.uuid}",
        f"slug:        {article.slug}",
        f"section:     {article.section}",
        f"headline:    {article.headline}",
        f"standfirst:  {article.standfirst}",
        f"byline:      {article.byline}",
        f"dateline:    {article.dateline}",
        f"status:      {STATUS_LABELS[article.status]}",
        f"language:    {article.language}",
        f"tags:        {', '.join(article.tags)}",
        f"words:       {article.word_count}" + (f" of {article.target_words}" if article.target_words else ""),
        f"created:     {article.created_at}",
        f"updated:     {article.updated_at}",
        f"published:   {article.published_at or '-'}",
    ]
    if article.editor_note:
        lines.append(f"note:        {article.editor_note}")
    lines += ["", article.body]
    return "\n".join(lines)


def cmd_show(args, library) -> int:
    article = library.get_article(args.article)
    emit(args, article.to_dict(), format_article(article))
    return 0


def _summary_rows(summaries):
    return [[s.id, STATUS_LABELS[s.status], s.word_count, s.updated_at[:16].replace("T", " "), s.section, s.headline]
            for s in summaries]  # fmt: skip


_SUMMARY_HEADERS = ["ID", "STATUS", "WORDS", "UPDATED", "SECTION", "HEADLINE"]


def cmd_list(args, library) -> int:
    summaries = library.list_articles(section=args.section, status=args.status, tag=args.tag, limit=args.limit)
    emit(args, [s.to_dict() for s in summaries], table(_summary_rows(summaries), _SUMMARY_HEADERS))
    return 0


def cmd_search(args, library) -> int:
    hits = library.search(args.query, ranked=args.ranked, limit=args.limit)
    text = "\n".join(f"{h.article.id}\t{h.article.headline}\n\t{h.snippet}" for h in hits) or "(no matches)"
    emit(args, [h.to_dict() for h in hits], text)
    return 0


def cmd_history(args, library) -> int:
    revisions = library.revisions(args.article)
    rows = [[r.id, r.kind, r.created_at[:19].replace("T", " "), r.updated_at[:19].replace("T", " "), r.name or ""]
            for r in revisions]  # fmt: skip
    emit(args, [r.to_dict() for r in revisions], table(rows, ["REVISION", "KIND", "STARTED", "LAST CHANGE", "NAME"]))
    return 0


def cmd_snapshot(args, library) -> int:
    revision = library.take_snapshot(args.article, args.name)
    emit(args, revision.to_dict(), f"Snapshot {revision.id} “{revision.name}”")
    return 0


def cmd_restore(args, library) -> int:
    article = library.restore_revision(args.article, args.revision)
    emit(args, article.to_dict(), f"Article {article.id} restored to revision {args.revision}")
    return 0


def cmd_diff(args, library) -> int:
    old = library.get_revision(args.old, args.article)
    new = library.get_revision(args.new, args.article) if args.new else library.get_article(args.article)
    changes = diff_revisions(old, new)
    text = "\n".join(f"{c.field}:\n  - {c.old!r}\n  + {c.new!r}" for c in changes) or "(no differences)"
    emit(args, [{"field": c.field, "old": c.old, "new": c.new} for c in changes], text)
    return 0


def cmd_backup(args, library) -> int:
    destination = library.backup(args.destination, overwrite=args.overwrite)
    emit(args, {"backup": str(destination)}, f"Backed up to {destination} (integrity check passed)")
    return 0


def cmd_check(args, path) -> int:
    """Reads only, so a library held by the window (or by another program's write lock)
    is checked, not called damaged; a library too damaged to open is still diagnosed."""
    from ..library.errors import LibraryDamagedError
    from ..library.recovery import integrity_problems, recover_library

    if args.recover:
        report = recover_library(path, args.recover)
        emit(args, report.to_dict(), report.summary())
        return 0
    try:
        with open_library(path, read_only=True) as library:
            problems = library.check()
    except LibraryDamagedError as exc:
        problems = integrity_problems(path) or [exc.detail]
    if not problems:
        emit(args, {"ok": True, "problems": []}, "ok: the library passed its integrity checks")
        return 0
    hint = (f"{path} is damaged. The file was not changed; copy what can be read into a new library with "
            f"`copydesk --library {shlex.quote(str(path))} check --recover NEW{LIBRARY_SUFFIX}`.")  # fmt: skip
    emit(args, {"ok": False, "problems": problems}, "\n".join([*problems, hint]))
    return 1
