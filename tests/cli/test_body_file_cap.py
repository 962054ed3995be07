"""--body-file reads at most what the body limit can use: a device or an endless pipe given by
mistake is refused in one line instead of being read until memory runs out (or forever)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from editor_app.model.limits import MAX_BODY_CHARS
from tests.conftest import REPO_ROOT


@pytest.mark.parametrize("device", ["/dev/urandom", "/dev/zero"])
def test_an_endless_body_file_is_refused_in_one_line(tmp_path, device):
    library = tmp_path / "lib.copydesk"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "editor_app", "--library", str(library)]
    subprocess.run([*command, "init", str(library)], check=True, capture_output=True, env=env)
    result = subprocess.run(
        [*command, "new", "--headline", "x", "--body-file", device],
        capture_output=True, text=True, timeout=60, env=env, check=False,
    )  # fmt: skip
    err = result.stderr.strip()
    assert result.returncode == 2
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"{MAX_BODY_CHARS:,}" in err


def test_standard_input_is_capped_the_same_way(tmp_path):
    library = tmp_path / "lib.copydesk"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "editor_app", "--library", str(library)]
    subprocess.run([*command, "init", str(library)], check=True, capture_output=True, env=env)
    with open("/dev/zero", "rb") as endless:
        result = subprocess.run(
            [*command, "new", "--headline", "x", "--body-file", "-"],
            stdin=endless, capture_output=True, text=True, timeout=60, env=env, check=False,
        )  # fmt: skip
    assert result.returncode == 2 and f"{MAX_BODY_CHARS:,}" in result.stderr


def test_codes_import_from_an_endless_device_is_refused_in_one_line(tmp_path):
    library = tmp_path / "lib.copydesk"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "editor_app", "--library", str(library)]
    subprocess.run([*command, "init", str(library)], check=True, capture_output=True, env=env)
    result = subprocess.run(
        [*command, "codes", "import", "/dev/zero"], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    err = result.stderr.strip()
    assert result.returncode == 2 and len(err.splitlines()) == 1 and "too large" in err
