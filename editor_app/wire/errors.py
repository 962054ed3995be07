"""What can go wrong reading a wire story, each with a message that says what to do."""

from __future__ import annotations


class WireImportError(Exception):
    """The wire story could not be read; the message says why in one sentence."""


class EmptyWireStoryError(WireImportError):
    def __init__(self, source: str):
        super().__init__(f"{source} is empty: there is no story to import.")


class NotTextError(WireImportError):
    def __init__(self, source: str):
        super().__init__(
            f"{source} is not text or HTML (it looks like a binary file); paste or choose the story itself."
        )


class WireStoryTooLargeError(WireImportError):
    def __init__(self, source: str, limit_bytes: int):
        super().__init__(
            f"{source} is larger than {limit_bytes // (1024 * 1024)} MB, far more than one story; "
            "choose the story's own file or paste the story alone."
        )


class HtmlTooComplexError(WireImportError):
    def __init__(self, source: str):
        super().__init__(
            f"{source} holds too many unclosed HTML tags ('<' without '>') to read in reasonable time; "
            "paste the story as plain text instead."
        )
