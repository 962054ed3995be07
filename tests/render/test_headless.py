"""The renderer runs headless: importing it must not import Qt."""

from __future__ import annotations

import subprocess
import sys


def test_render_imports_no_qt():
    code = (
        "import sys, editor_app.render, editor_app.render.page; "
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'shiboken'))]; "
        "print(qt); sys.exit(1 if qt else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
