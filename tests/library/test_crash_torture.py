"""200+ SIGKILLs of `copydesk new` / `copydesk edit` writers at random moments, a third
of them just after the save was acknowledged (while the command folds the WAL back into
the library file on its way out). After every kill, every acknowledged save is listed
by `copydesk list` and `copydesk check` finds nothing wrong.

Bodies are as long as the library accepts (MAX_BODY_CHARS, in Persian: two bytes a
letter), so each save writes about a megabyte across article, revision and search index.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import json
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from editor_app.cli.main import main
from editor_app.library.connections import lock_is_held
from editor_app.library.locking import lock_path_for
from editor_app.model.limits import MAX_BODY_CHARS
from tests.conftest import REPO_ROOT

KILLS = 200
LANES = 2  # libraries tortured side by side (each kill costs a Python start-up)
MAX_ARTICLES = 5  # then edits only, which rewrite the article and its revision in place
# `copydesk` as its console script runs it, except that start-up (imports, which touch
# no file) is done before the command line arrives: 200 kills need not wait for 200 starts.
WARM_WRITER = (
    "import json, sys\n"
    "from editor_app.cli.main import build_parser, main\n"
    "build_parser()\n"
    "sys.exit(main(json.loads(sys.stdin.readline())))\n"
)
PERSIAN_WORDS = ("خبرنگار", "مجلس", "بودجه", "تهران", "گزارش", "دولت", "شب", "رأی")


def _body(headline: str, rng: random.Random) -> str:
    words, length = [headline], len(headline)
    while length < MAX_BODY_CHARS - 500:
        paragraph = " ".join(rng.choice(PERSIAN_WORDS) for _ in range(80)) + "\n\n"
        words.append(paragraph)
        length += len(paragraph) + 1
    return " ".join(words)


_in_process = threading.Lock()  # redirect_stdout swaps sys.stdout for every thread


def _copydesk(library: Path, *argv: str) -> dict | list:
    """`copydesk --library LIBRARY ARGV --json`, run in this process (no start-up to wait for)."""
    out, err = io.StringIO(), io.StringIO()
    with _in_process, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--library", str(library), *argv, "--json"])
    assert status == 0, (argv, err.getvalue())
    return json.loads(out.getvalue())


class Lane:
    """One library, its writers, and what each article's headline may be after a kill."""

    def __init__(self, folder: Path, seed: int):
        self.rng = random.Random(seed)
        self.library = folder / "tortured.copydesk"
        self.bodies = folder / "bodies"
        self.bodies.mkdir()
        self.acknowledged: dict[int, str] = {}  # article id -> last acknowledged headline
        self.attempts: dict[int | None, list[str]] = {}  # unacknowledged since then (None: a new article)
        self.kills = self.kills_after_ack = 0
        self.lock = lock_path_for(self.library)
        self.write_seconds = 0.3  # from holding the lock to acknowledging the save; measured as we go
        self.writes = 0

    def writer(self) -> tuple[list[str], int | None, str]:
        self.writes += 1
        headline = f"Save {self.writes} of {self.library.parent.name}"
        body = self.bodies / f"{self.writes}.md"
        body.write_text(_body(headline, self.rng), encoding="utf-8")
        if len(self.acknowledged) < MAX_ARTICLES or not self.acknowledged:
            return ["new", "--headline", headline, "--body-file", str(body)], None, headline
        article = self.rng.choice(sorted(self.acknowledged))
        return ["edit", str(article), "--headline", headline, "--body-file", str(body)], article, headline

    def spawn_writer(self) -> subprocess.Popen:
        """A `copydesk` process that has done its imports and waits for its command line."""
        return subprocess.Popen(
            [sys.executable, "-c", WARM_WRITER],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def round(self) -> None:
        argv, article, headline = self.writer()
        proc, self.spare = self.spare, self.spawn_writer()  # the next one warms up meanwhile
        proc.stdin.write((json.dumps(["--library", str(self.library), *argv]) + "\n").encode())
        proc.stdin.close()
        # Wait until the writer holds the library, then kill it somewhere in its
        # open / write / commit / close.
        while not lock_is_held(self.lock) and proc.poll() is None:
            time.sleep(0.002)
        holding = time.monotonic()
        line = b""
        if self.rng.random() < 1 / 3:
            # Just after the save is acknowledged: close() is folding the WAL back.
            line = proc.stdout.readline()
            self.write_seconds = 0.7 * self.write_seconds + 0.3 * (time.monotonic() - holding)
            time.sleep(self.rng.uniform(0, 0.03))
            self.kills_after_ack += 1
        else:
            time.sleep(self.rng.uniform(0, 1.2) * self.write_seconds)
        proc.send_signal(signal.SIGKILL)
        output = line + proc.stdout.read()  # read(), not communicate(): readline() may have buffered
        err = proc.stderr.read().decode()
        proc.wait(timeout=60)
        self.kills += 1
        # `new` prints "ID<tab>UUID<tab>SLUG", `edit` "Updated article ID (SLUG)", once saved.
        acknowledged = re.fullmatch(rb"(\d+)\t.*\n|Updated article (\d+) .*\n", output)
        if acknowledged:
            self.acknowledged[int(acknowledged[1] or acknowledged[2])] = headline
        else:
            assert proc.returncode == -signal.SIGKILL, err
            self.attempts.setdefault(article, []).append(headline)
        self.verify()

    def verify(self) -> None:
        listed = {a["id"]: a["headline"] for a in _copydesk(self.library, "list", "--limit", "1000")}
        for article_id, headline in self.acknowledged.items():
            assert article_id in listed, f"acknowledged article {article_id} is missing after kill {self.kills}"
            allowed = [headline, *self.attempts.get(article_id, [])]
            assert listed[article_id] in allowed, (article_id, listed[article_id], allowed)
        for article_id in set(listed) - set(self.acknowledged):
            # Killed after its commit and before it could print its id: saved, never announced.
            assert listed[article_id] in self.attempts.get(None, []), listed[article_id]
        self.acknowledged = dict(listed)
        self.attempts = {}
        assert _copydesk(self.library, "check") == {"ok": True, "problems": []}

    def run(self, kills: int) -> None:
        created = subprocess.run(
            [sys.executable, "-m", "editor_app", "init", str(self.library)],
            cwd=REPO_ROOT,
            capture_output=True,
            check=False,
        )
        assert created.returncode == 0, created.stderr
        self.spare = self.spawn_writer()
        try:
            while self.kills < kills:
                self.round()
        finally:
            self.spare.kill()
            self.spare.communicate()


@pytest.mark.slow
def test_killed_writers_never_lose_an_acknowledged_save(tmp_path):
    lanes = []
    for number in range(LANES):
        folder = tmp_path / f"lane{number}"
        folder.mkdir()
        lanes.append(Lane(folder, seed=number))
    with concurrent.futures.ThreadPoolExecutor(LANES) as pool:
        for future in [pool.submit(lane.run, -(-KILLS // LANES)) for lane in lanes]:
            future.result()
    assert sum(lane.kills for lane in lanes) >= KILLS
    assert sum(lane.kills_after_ack for lane in lanes) >= KILLS // 5
    # The torture wrote something: saves were acknowledged in every library.
    assert all(len(lane.acknowledged) >= 2 for lane in lanes)
