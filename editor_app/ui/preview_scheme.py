"""The preview's private URL scheme, which Qt WebEngine needs declared before the QApplication.

Kept apart from the preview pane so declaring it costs only the QtWebEngineCore import.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWebEngineCore import QWebEngineUrlScheme

PREVIEW_SCHEME = "copydesk-preview"
PREVIEW_HOST = "article"


def register_preview_scheme() -> None:
    """Declare `copydesk-preview://`; must run before the QApplication is created."""
    name = QByteArray(PREVIEW_SCHEME.encode())
    if QWebEngineUrlScheme.schemeByName(name).name().isEmpty():
        scheme = QWebEngineUrlScheme(name)
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
        # Secure (https-like) but not LocalScheme: Chromium refuses a local scheme's page its
        # own subresources, and the page's Content-Security-Policy ('self') must keep working.
        scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme)
        QWebEngineUrlScheme.registerScheme(scheme)
