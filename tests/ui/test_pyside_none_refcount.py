"""PySide6 pin regression: void methods returning None must not break None's refcount.

PySide6 6.12.0 on CPython 3.11 aborts with "Fatal Python error: none_dealloc" after
about 5,000 calls of a void method; a typing session makes that many in seconds.
The calls run in a subprocess so an abort fails this test instead of killing pytest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

CALLS = 20_000

SCRIPT = textwrap.dedent(
    f"""
    from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextCursor, QTextDocument
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    widget = QWidget()
    for i in range({CALLS}):
        widget.setWindowTitle("title")
        widget.update()

    document = QTextDocument()
    cursor = QTextCursor(document)
    for i in range({CALLS}):
        cursor.insertText("x")

    class Highlighter(QSyntaxHighlighter):
        calls = 0

        def highlightBlock(self, text):
            fmt = QTextCharFormat()
            for _ in range(100):
                self.setFormat(0, 1, fmt)
                Highlighter.calls += 1

    document = QTextDocument()
    highlighter = Highlighter(document)
    document.setPlainText("\\n".join("line" for _ in range({CALLS} // 100)))
    highlighter.rehighlight()
    assert Highlighter.calls >= {CALLS}, Highlighter.calls
    print("survived")
    """
)


def test_void_methods_called_20000_times_do_not_abort():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT], check=False, capture_output=True, text=True, env=env, timeout=300
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "survived" in completed.stdout
