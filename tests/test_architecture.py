"""House rules a machine can check: the core runs headless."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import REPO_ROOT

CORE_PACKAGES = ["model", "library", "photos", "render", "export", "cli", "spelling", "wire", "packets"]


def test_core_modules_never_import_qt():
    offenders = []
    for package in CORE_PACKAGES:
        for path in (REPO_ROOT / "editor_app" / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                    # Only `copydesk` with no command may start the window, lazily.
                    if node.level and node.module.startswith("ui") and node in tree.body:
                        offenders.append(f"{path}: imports the window package")
                if any(n.split(".")[0] in ("PySide6", "shiboken6") for n in names):
                    offenders.append(str(path.relative_to(REPO_ROOT)))
    assert offenders == []


def test_importing_the_core_loads_no_qt():
    code = (
        "import sys\n"
        + "".join(f"import editor_app.{p}\n" for p in CORE_PACKAGES)
        + "import editor_app.cli.main\n"
        + "from editor_app.cli.main import build_parser; build_parser()\n"
        + "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_nothing_keeps_state_in_a_threading_local():
    """A Qt pool thread gets a new Python thread state for every job, so a threading.local
    is empty again at the next job: a library reader connection per thumbnail read, the
    Markdown converters built for every preview render. editor_app.threads.PerThread
    keeps state per thread across jobs."""
    offenders = []
    for path in (REPO_ROOT / "editor_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "local" and getattr(node.value, "id", "") == "threading":
                offenders.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and node.module in ("threading", "_thread"):
                offenders += [f"{path.relative_to(REPO_ROOT)}:{node.lineno}" for a in node.names if a.name == "local"]
    assert offenders == []
