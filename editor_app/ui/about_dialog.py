"""Help > About: what this Copydesk is made of, for bug reports."""

from __future__ import annotations

import platform
import sqlite3
import sys

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget


def component_versions() -> dict[str, str]:
    import markdown
    import PIL
    import PySide6

    from editor_app import __version__

    return {
        "Copydesk": __version__,
        "Python": platform.python_version(),
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "SQLite": sqlite3.sqlite_version,
        "Pillow": PIL.__version__,
        "Markdown": markdown.__version__,
    }


def about_text() -> str:
    rows = "".join(f"<tr><td>{name}</td><td>{version}</td></tr>" for name, version in component_versions().items())
    return (
        "<h3>Copydesk</h3><p>An offline newsroom editor: articles, photos with captions, "
        f"and safe HTML export.</p><table>{rows}</table><p>{sys.platform}</p>"
    )


def show_about(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle("About Copydesk")
    box.setAccessibleName("About Copydesk")
    box.setText(about_text())
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.open()
    return box
