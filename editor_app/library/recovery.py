"""Saving what can be read from a damaged library into a new one.

The damaged file is only ever read (read-only connections; SQLite never checkpoints
or deletes a WAL from one), so it stays as it was for a specialist or a second try.
SQLite's own `.recover` (the sqlite3 command-line shell) reads every page it can,
past broken b-tree pages, into a scratch database; without the shell, each table is
copied row by row, skipping what cannot be read. Either way the rows then go into a
library freshly built by our migrations, so the result is a sound Copydesk library
(search index rebuilt from the articles) however mangled the source's schema was.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

from sqlite_utils import Database

from ..model import ARTICLE_TEXT_FIELDS
from . import schema
from .errors import LibraryError
from .files import fsync_file, fsync_folder
from .text import count_words, slugify

# Each table with the integer key its rows are read by, and how many keys are read at
# once (few for the tables of photo bytes: 10 MB originals).
TABLES = {
    "article": ("id", 100),
    "article_tag": ("article_id", 100),
    "revision": ("id", 100),
    "photo": ("id", 100),
    "photo_original": ("photo_id", 4),
    "photo_thumbnail": ("photo_id", 16),
    "placement": ("id", 100),
}

# Rows whose parent was lost, removed so the new library passes its own checks.
_ORPHANS = {
    "article_tag": "article_id NOT IN (SELECT id FROM article)",
    "revision": "article_id NOT IN (SELECT id FROM article)",
    "photo_original": "photo_id NOT IN (SELECT id FROM photo)",
    "photo_thumbnail": "photo_id NOT IN (SELECT id FROM photo)",
    "placement": "article_id NOT IN (SELECT id FROM article) OR photo_id NOT IN (SELECT id FROM photo)",
}

MAX_ROWID = 2**63 - 1


class RecoveryError(LibraryError):
    pass


@dataclasses.dataclass
class RecoveryReport:
    destination: Path
    method: str  # "sqlite3 .recover" or "row-by-row copy"
    rows: dict[str, int]  # rows copied per table
    dropped: dict[str, int]  # rows removed because what they belonged to was lost
    rebuilt_articles: int = 0  # articles whose row was lost, rebuilt from their newest revision

    def summary(self) -> str:
        counts = ", ".join(
            f"{self.rows.get(t, 0)} {t.replace('_', ' ')} row(s)" for t in ("article", "photo", "revision")
        )
        rebuilt = f" ({self.rebuilt_articles} article(s) rebuilt from their history)" if self.rebuilt_articles else ""
        text = (
            f"Recovered {counts}{rebuilt} and their tags, originals and placements into {self.destination} "
            f"with {self.method}."
        )
        lost = {t: n for t, n in self.dropped.items() if n}
        if lost:
            text += (
                " Left out because what they belonged to was lost: "
                + ", ".join(f"{n} {t.replace('_', ' ')} row(s)" for t, n in lost.items())
                + "."
            )
        return text + " The damaged library was not changed."

    def to_dict(self) -> dict:
        return dataclasses.asdict(self) | {"destination": str(self.destination)}


def integrity_problems(path: Path) -> list[str]:
    """SQLite's integrity check of the file (with its WAL), read-only; [] when sound."""
    try:
        conn = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"integrity: {exc}"]
    return [row[0] for row in rows if row[0] != "ok"]


def recover_library(damaged: Path, destination: Path, *, use_shell: bool = True) -> RecoveryReport:
    """Copy every row that can be read from `damaged` into a new library at `destination`."""
    damaged = Path(damaged).expanduser().absolute()
    destination = Path(destination).expanduser().absolute()
    if destination == damaged:
        raise RecoveryError("The recovered library must be a new file, not the damaged one.")
    if destination.exists():
        raise RecoveryError(f"{destination} already exists; choose a new file name for the recovered library.")
    if not destination.parent.is_dir():
        raise RecoveryError(f"The folder {destination.parent} does not exist.")
    scratch = destination.with_name(f".{destination.name}.recovered-{os.getpid()}")
    building = destination.with_name(f".{destination.name}.building-{os.getpid()}")
    shell = shutil.which("sqlite3") if use_shell else None
    try:
        source, method = damaged, "a row-by-row copy"
        if shell and _shell_can_recover(shell):
            _recover_with_shell(shell, damaged, scratch)
            source, method = scratch, "sqlite3 .recover"
        rows, dropped, rebuilt = _build_library(source, building)
        fsync_file(building)
        os.replace(building, destination)
        fsync_folder(destination.parent)
    except OSError as exc:
        raise RecoveryError(f"Could not write the recovered library to {destination}: {exc.strerror or exc}") from exc
    finally:
        for leftover in (scratch, building):
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{leftover}{suffix}").unlink(missing_ok=True)
    return RecoveryReport(destination, method, rows, dropped, rebuilt)


def _shell_can_recover(shell: str) -> bool:
    """`.recover` reads pages through the sqlite_dbpage table, which some builds leave out
    (Debian 12's sqlite3 3.40 among them: there it fails with "SQL logic error")."""
    probe = subprocess.run([shell, ":memory:", "SELECT count(*) FROM sqlite_dbpage"], capture_output=True, check=False)
    return probe.returncode == 0


def _recover_with_shell(shell: str, damaged: Path, scratch: Path) -> None:
    """`sqlite3 -readonly DAMAGED .recover | sqlite3 SCRATCH`, without a shell in between."""
    reader = subprocess.Popen(
        [shell, "-readonly", str(damaged), ".recover --ignore-freelist"],  # freed pages hold deleted rows
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        writer = subprocess.run([shell, str(scratch)], stdin=reader.stdout, capture_output=True, check=False)
    finally:
        reader.stdout.close()
        reader_error = reader.stderr.read().decode("utf-8", "replace")
        reader.stderr.close()
        reader.wait()
    if reader.returncode != 0 or not scratch.exists():
        detail = reader_error.strip() or writer.stderr.decode("utf-8", "replace").strip()
        raise RecoveryError(f"sqlite3 .recover could not read the damaged library ({detail or 'no output'}).")


def _build_library(source: Path, building: Path) -> tuple[dict[str, int], dict[str, int], int]:
    conn = sqlite3.connect(building.as_uri(), uri=True, isolation_level=None)  # uri: to attach read-only
    try:
        schema.apply_migrations(Database(conn))
        conn.execute("PRAGMA foreign_keys = OFF")  # children may arrive before we know their parent survived
        conn.execute("ATTACH DATABASE ? AS damaged", (f"{source.as_uri()}?mode=ro",))
        rows = {table: _copy_table(conn, table) for table in TABLES}
        rebuilt = _rebuild_articles_from_revisions(conn)
        rows["article"] += rebuilt
        _copy_search_captions(conn)
        conn.execute("DETACH DATABASE damaged")
        dropped = {}
        with conn:
            conn.execute("BEGIN")
            for table, orphan in _ORPHANS.items():
                dropped[table] = conn.execute(f"DELETE FROM main.{table} WHERE {orphan}").rowcount
        problems = conn.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in problems] != ["ok"] or conn.execute("PRAGMA foreign_key_check").fetchall():
            raise RecoveryError("The recovered library failed its own integrity check; nothing was written.")
    finally:
        conn.close()
    return {t: n - dropped.get(t, 0) for t, n in rows.items()}, dropped, rebuilt


def _columns(conn: sqlite3.Connection, database: str, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA {database}.table_info({table})")]


def _copy_table(conn: sqlite3.Connection, table: str) -> int:
    """Rows of `table` that can be read; an unreadable stretch is skipped, not fatal.

    Rows are read in windows of their integer key, each read finished before its rows
    are written (a failed read inside a transaction would spoil the transaction). A
    window that cannot be read is retried key by key; a key that cannot even be
    looked for is stepped over, one and then ever further.
    """
    key, span = TABLES[table]
    try:
        source_columns = set(_columns(conn, "damaged", table))
    except sqlite3.DatabaseError:
        return 0
    columns = [c for c in _columns(conn, "main", table) if c in source_columns]
    if key not in columns:
        return 0
    names = ", ".join(columns)
    insert = f"INSERT OR IGNORE INTO main.{table} ({names}) VALUES ({', '.join('?' for _ in columns)})"
    select_window = f"SELECT {names} FROM damaged.{table} WHERE {key} BETWEEN ? AND ?"
    copied, after, skip = 0, 0, 1  # our keys start at 1
    while after < MAX_ROWID:
        try:
            row = conn.execute(
                f"SELECT {key} FROM damaged.{table} WHERE {key} > ? ORDER BY {key} LIMIT 1", (after,)
            ).fetchone()
        except sqlite3.DatabaseError:
            after, skip = min(after + skip, MAX_ROWID), skip * 2
            continue
        if row is None:
            break
        first, skip = row[0], 1
        last = min(first + span - 1, MAX_ROWID)
        try:
            rows = conn.execute(select_window, (first, last)).fetchall()
        except sqlite3.DatabaseError:
            rows = []
            for one in range(first, last + 1):
                try:
                    rows += conn.execute(select_window, (one, one)).fetchall()
                except sqlite3.DatabaseError:
                    pass
        conn.execute("BEGIN")
        copied += sum(conn.execute(insert, values).rowcount for values in rows)
        conn.execute("COMMIT")
        after = last
    return copied


def _rebuild_articles_from_revisions(conn: sqlite3.Connection) -> int:
    """Articles whose own row was lost but whose history survived, as their newest revision
    holds them (every text field; the uuid is new, the times come from the revisions).
    Their revisions, tags and placements then have an article to belong to again."""
    rows = conn.execute(
        "SELECT article_id, fields, min(created_at) OVER win, max(updated_at) OVER win FROM main.revision "
        "WHERE article_id NOT IN (SELECT id FROM main.article) "
        "WINDOW win AS (PARTITION BY article_id) ORDER BY article_id, id"
    ).fetchall()
    newest = {article_id: (fields, created, updated) for article_id, fields, created, updated in rows}
    rebuilt = 0
    conn.execute("BEGIN")
    for article_id, (fields_json, created, updated) in newest.items():
        try:
            fields = json.loads(fields_json)
        except ValueError:
            continue
        tags = fields.pop("tags", None) or []
        values = {key: fields[key] for key in ARTICLE_TEXT_FIELDS if key in fields and key != "tags"}
        if (
            not values.get("slug")
            or conn.execute("SELECT 1 FROM main.article WHERE slug = ? COLLATE NOCASE", (values["slug"],)).fetchone()
        ):
            values["slug"] = f"{slugify(values.get('slug') or values.get('headline') or '') or 'article'}-{article_id}"
        values.update(
            id=article_id,
            uuid=str(uuid.uuid4()),
            created_at=created,
            updated_at=updated,
            published_at=updated if values.get("status") == "published" else None,
            word_count=count_words(values.get("body") or ""),
        )
        try:
            conn.execute(
                f"INSERT INTO main.article ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
                list(values.values()),
            )
        except sqlite3.IntegrityError:
            continue  # a value the schema refuses (a hand-edited revision): leave this one out
        conn.executemany(
            "INSERT OR IGNORE INTO main.article_tag (article_id, position, tag) VALUES (?, ?, ?)",
            [(article_id, position, tag) for position, tag in enumerate(tags)],
        )
        rebuilt += 1
    conn.execute("COMMIT")
    return rebuilt


def _copy_search_captions(conn: sqlite3.Connection) -> None:
    """The captions column of the search index (articles' own columns were indexed as
    they were inserted); what cannot be read is left empty until the photos change."""
    try:
        captions = conn.execute("SELECT rowid, captions FROM damaged.article_fts WHERE captions != ''").fetchall()
    except sqlite3.DatabaseError:
        return
    with conn:
        conn.execute("BEGIN")
        conn.executemany("UPDATE main.article_fts SET captions = ? WHERE rowid = ?", [(c, r) for r, c in captions])
