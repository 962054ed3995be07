"""Exceptions the renderer raises, named for what went wrong with the body.

The window shows the message instead of a preview; the exporter reports the
article and carries on with the others.
"""

from __future__ import annotations


class RenderError(Exception):
    """A body that the renderer refuses to turn into HTML."""


class BodyTooLargeError(RenderError):
    """The body is longer than any article the renderer is meant to handle."""


class BodyTooDeeplyNestedError(RenderError):
    """Quotes, lists or raw HTML nested deeper than a reader could follow."""


class BodyTooComplexError(RenderError):
    """A shape of text on which Markdown parsing would take quadratic time."""
