"""Exceptions the renderer raises, named for what went wrong with the body.

The window shows the message instead of a preview; the exporter reports the
article and carries on with the others. Every refusal is a body outside the limits
the whole program shares (editor_app.model.limits), so the classes live there.
"""

from __future__ import annotations

from editor_app.model.errors import (
    BodyRefusedError,
    BodyTooComplexError,
    BodyTooDeeplyNestedError,
    BodyTooLargeError,
)

RenderError = BodyRefusedError

__all__ = ["BodyTooComplexError", "BodyTooDeeplyNestedError", "BodyTooLargeError", "RenderError"]
