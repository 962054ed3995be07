"""Hostile and mistaken command lines: each ends with one line on stderr and exit status 2,
never a traceback, whatever the command."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import subprocess
import sys

import pytest

from editor_app.cli.main import main
from tests.conftest import REPO_ROOT

TOO_BIG = str(2**63)

# (argv after `--library LIB`, words the one line must contain)
ODD_COMMAND_LINES = [
    (["show", TOO_BIG], "from 1 to"),
    (["show", "99999999999999999999999999999"], "from 1 to"),
    (["show", "-1"], "from 1 to"),
    (["show", ""], "empty id"),
    (["edit", TOO_BIG, "--headline", "x"], "from 1 to"),
    (["history", TOO_BIG], "from 1 to"),
    (["snapshot", TOO_BIG, "--name", "x"], "from 1 to"),
    (["restore", "1", TOO_BIG], "from 1 to"),
    (["restore", "1", "1.5"], "whole number"),
    (["diff", "1", "1", TOO_BIG], "from 1 to"),
    (["diff", "1", "0"], "from 1 to"),
    (["list", "--limit", "1e30"], "whole number"),
    (["list", "--limit", "99999999999999999999"], "from 0 to"),
    (["list", "--limit", "-5"], "from 0 to"),
    (["list", "--limit", "nan"], "whole number"),
    (["search", "budget", "--limit", TOO_BIG], "from 0 to"),
    (["new", "--headline", "x", "--target-words", "1e30"], "whole number"),
    (["new", "--headline", "x", "--target-words", "-3"], "from 0 to"),
    (["new", "--headline", "x", "--body-file", ""], "empty path"),
    (["photos", "list", "--limit", "-1"], "from 0 to"),
    (["photos", "show", TOO_BIG], "from 1 to"),
    (["photos", "edit", TOO_BIG, "--credit", "x"], "from 1 to"),
    (["photos", "import", ""], "empty path"),
    (["attach", TOO_BIG, "1"], "from 1 to"),
    (["attach", "1", TOO_BIG], "from 1 to"),
    (["placements", TOO_BIG], "from 1 to"),
    (["detach", "1", TOO_BIG], "from 1 to"),
    (["check-captions", TOO_BIG], "from 1 to"),
    (["render", TOO_BIG], "from 1 to"),
    (["export", "--out", ""], "empty path"),
    (["export", "--out", "site", "--article", TOO_BIG], "from 1 to"),
    (["backup", ""], "empty path"),
    (["check", "--recover", ""], "empty path"),
    (["show", "no-such-slug"], "No article"),
    (["show", "999"], "No article"),
    (["restore", "1", "999"], "No revision 999"),
    (["detach", "1", "999"], "placement"),
    # Bytes that are not UTF-8 (a Latin-1 terminal), as Python hands them over: surrogates.
    (["show", "caf\udce9"], "UTF-8"),
    (["new", "--headline", "caf\udce9"], "UTF-8"),
    (["list", "--section", "caf\udce9"], "UTF-8"),
    (["frobnicate"], "invalid choice"),
    (["list", "--no-such-option"], "unrecognized arguments"),
    (["photos"], "required"),
    (["new"], "required"),
]


@pytest.fixture(scope="module")
def library_with_an_article(tmp_path_factory):
    path = tmp_path_factory.mktemp("odd") / "odd.copydesk"
    from editor_app.library import Library

    with Library.create(path) as library:
        library.create_article("Exists")
    return path


def _run(argv: list[str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "editor_app", *argv],
        capture_output=True,
        check=False,
        text=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )


def test_odd_command_lines_end_in_one_line_and_status_2(library_with_an_article, tmp_path):
    """Each in a process of its own, as typed in a shell (four at a time: each starts Python)."""
    libraries, cwd = tmp_path / "libraries", tmp_path / "cwd"
    libraries.mkdir()
    cwd.mkdir()
    # A copy of the library each: two commands that write must not meet each other's lock.
    lines = []
    for number, (argv, _) in enumerate(ODD_COMMAND_LINES):
        copy = libraries / f"{number}.copydesk"
        shutil.copyfile(library_with_an_article, copy)
        lines.append(["--library", str(copy), *argv])
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda argv: _run(argv, cwd), lines))
    failures = []
    for (argv, expected), result in zip(ODD_COMMAND_LINES, results, strict=True):
        err = result.stderr.strip()
        if result.returncode != 2 or len(err.splitlines()) != 1 or "Traceback" in err or expected not in err:
            failures.append(f"{argv}: exit {result.returncode}, stderr {err!r}")
    assert failures == []
    assert list(cwd.iterdir()) == []  # an empty path wrote nothing in the current folder


def test_init_in_a_missing_folder_says_the_folder_is_missing(tmp_path, capsys):
    missing = tmp_path / "missing" / "dir" / "x.copydesk"
    assert main(["init", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and str(missing.parent) in err
    assert "copydesk init" not in err
    assert not missing.parent.exists()


def test_an_empty_library_path_is_refused_not_replaced_by_the_default(tmp_path, capsys):
    assert main(["--library", "", "list"]) == 2
    assert "empty path" in capsys.readouterr().err


def test_an_unexpected_error_is_one_line_with_the_traceback_in_the_log(tmp_path, capsys, monkeypatch):
    from editor_app.cli import articles

    def broken(args, library):
        raise ZeroDivisionError("a bug in a command")

    monkeypatch.setenv("COPYDESK_LOG_DIR", str(tmp_path / "logs"))
    path = tmp_path / "lib.copydesk"
    assert main(["init", str(path)]) == 0
    monkeypatch.setattr(articles, "cmd_list", broken)
    capsys.readouterr()
    status = main(["--library", str(path), "list"])
    err = capsys.readouterr().err
    assert status == 70
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "ZeroDivisionError" in err and str(tmp_path / "logs") in err
    log = (tmp_path / "logs" / "copydesk-errors.log").read_text()
    assert "Traceback" in log and "a bug in a command" in log and "list" in log
