"""Copydesk: an offline newsroom editor.

The packages below ``editor_app`` (library, photos, render, export, cli) run
headless and never import Qt; only ``editor_app.ui`` does.
"""

__version__ = "0.1.0"
