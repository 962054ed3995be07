"""Corpus ground truth and an independent metadata reader (exiftool) for photo tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "photos"


def load_expected() -> dict[str, dict]:
    """EXPECTED.json's per-file entries (exiftool's reading of each corpus file)."""
    return json.loads((CORPUS_DIR / "EXPECTED.json").read_text(encoding="utf-8"))["files"]


def corpus_bytes(name: str) -> bytes:
    return (CORPUS_DIR / name).read_bytes()


def exiftool_json(path: Path) -> dict:
    """Every tag exiftool finds, grouped by location (-G1), numeric values (-n)."""
    completed = subprocess.run(
        ["exiftool", "-j", "-G1", "-a", "-n", str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout)[0]


requires_exiftool = pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed")
