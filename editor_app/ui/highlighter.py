"""Markdown highlighting for the body editor: headings, emphasis, links, quotes, photo placements.

Colours come from the widget's palette (Link, PlaceholderText, Highlight...), so the
editor follows a light or dark system theme; `refresh_formats` is called again when the
palette changes. Patterns are compiled once and each block is scanned in one pass per
rule, which keeps a keystroke in a 20,000-word article well under a millisecond.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QFont, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

HEADING = re.compile(r"^(#{1,6})\s+\S.*$")
QUOTE = re.compile(r"^\s{0,3}>.*$")
PLACEMENT = re.compile(r"!\[[^\]\n]*\]\(placement:[^)\s]*\)")
LINK = re.compile(r"(?<!!)\[[^\]\n]+\]\([^)\s]+(?:\s+\"[^\"]*\")?\)|<(?:https?|mailto):[^>\s]+>")
STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(r"(?<![*_\w])([*_])(?=\S)(.+?)(?<=\S)\1(?![*_\w])")


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self._formats: dict[str, QTextCharFormat] = {}
        self.refresh_formats(palette, rehighlight=False)

    def refresh_formats(self, palette: QPalette, rehighlight: bool = True) -> None:
        """Build the character formats from palette roles (call again on a palette change)."""
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        heading.setForeground(palette.color(QPalette.ColorRole.Text))
        marker = QTextCharFormat()
        marker.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
        strong = QTextCharFormat()
        strong.setFontWeight(QFont.Weight.Bold)
        emphasis = QTextCharFormat()
        emphasis.setFontItalic(True)
        link = QTextCharFormat()
        link.setForeground(palette.color(QPalette.ColorRole.Link))
        link.setFontUnderline(True)
        quote = QTextCharFormat()
        quote.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
        quote.setFontItalic(True)
        placement = QTextCharFormat()
        placement.setForeground(palette.color(QPalette.ColorRole.HighlightedText))
        placement.setBackground(palette.color(QPalette.ColorRole.Highlight))
        self._formats = {
            "heading": heading,
            "marker": marker,
            "strong": strong,
            "emphasis": emphasis,
            "link": link,
            "quote": quote,
            "placement": placement,
        }
        if rehighlight:
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if not text:
            return
        formats = self._formats
        first = text.lstrip()[:1]
        if first == "#":
            match = HEADING.match(text)
            if match:
                self.setFormat(0, len(text), formats["heading"])
                self.setFormat(0, len(match.group(1)), formats["marker"])
                return
        elif first == ">" and QUOTE.match(text):
            self.setFormat(0, len(text), formats["quote"])
        if "*" in text or "_" in text:
            for match in STRONG.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), formats["strong"])
            for match in EMPHASIS.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), formats["emphasis"])
        if "](" in text or "<" in text:
            for match in LINK.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), formats["link"])
            if "placement:" in text:
                for match in PLACEMENT.finditer(text):
                    self.setFormat(match.start(), match.end() - match.start(), formats["placement"])
