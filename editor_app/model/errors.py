"""Refusals of a body that every part of Copydesk shares: the library refuses to store
what the renderer could not render, and the editor, the CLI and the exporter say so
with the same words."""

from __future__ import annotations


class BodyRefusedError(ValueError):
    """A body outside the limits in `editor_app.model.limits`."""


class BodyTooLargeError(BodyRefusedError):
    """The body is longer than any article the renderer is meant to handle."""


class BodyTooDeeplyNestedError(BodyRefusedError):
    """Quotes, lists or raw HTML nested deeper than a reader could follow."""


class BodyTooComplexError(BodyRefusedError):
    """A shape of text on which Markdown parsing would take quadratic time."""
