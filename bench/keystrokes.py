"""What one keystroke costs the GUI thread with the whole writer's desk on. Prints figures.

    QT_QPA_PLATFORM=offscreen python bench/keystrokes.py [--words 20000] [--profile 25]

A realistic 20,000-word English article (real words from the installed en_US Hunspell
list, 2% misspelt; subheads, bulleted and numbered lists, quotes, links, bold and
italic) is opened in the window with spellcheck on, the outline above the body, and
typed into in two layouts:

- the normal window, preview and photos in sight;
- Focus Mode with typewriter scrolling and dimming of the other paragraphs.

For each layout:

- back to back: 400 keys with nothing between them but the repaint (`QTest.keyClick`
  timed alone, then with `processEvents`), the per-key work;
- at typing speed: keys 60-180 ms apart with a pause of 0.4-1.5 s every dozen keys, so
  every debounced timer fires (counts, outline, preview render in its worker, preview
  following the cursor, autosave on the writer thread): each key timed as above, and
  every turn of the GUI thread's event loop (a 1 ms heartbeat) for the stalls that the
  timers' work causes between keys;
- `--profile N`: cProfile of 200 back-to-back keys on the GUI thread, the top N entries by
  own time.

Target (issue 10): with spellcheck on, median < 1 ms and p95 < 4 ms a keystroke. The
machine may be loaded by other work: read the figures with the load average printed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import _stalls as stalls

TYPED = "the minister said the budget would pass before the end of the week "


class StallWatchdog(stalls.StallWatchdog):
    """Where the GUI thread is while it has not turned the event loop for over 8 ms: a
    thread wakes every 2 ms and samples the GUI thread's innermost Copydesk frames."""

    def __init__(self, gui_thread_id: int) -> None:
        super().__init__(gui_thread_id)
        self.places: dict[str, int] = {}  # where -> samples

    def sample(self, now: float) -> None:
        if now - self.last_beat > 0.008:
            place = stalls.where(self.gui_frame(), 3)
            self.places[place] = self.places.get(place, 0) + 1


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):.2f} ms, p95 {percentile(values, 0.95):.2f} ms, "
        f"max {max(values):.1f} ms (n={len(values)})"
    )


def load_average() -> str:
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def english_vocabulary() -> list[str]:
    entries = Path("/usr/share/hunspell/en_US.dic").read_text(encoding="utf-8", errors="replace").split("\n")[1:]
    words = [e.split("/")[0] for e in entries if e.split("/")[0].isalpha() and e.split("/")[0].islower()]
    return words[:: max(1, len(words) // 6000)]  # a reporter's few thousand distinct words


def realistic_article(word_count: int, rng: random.Random) -> str:
    """Markdown as a long feature is written: sections under ## and ### subheads, paragraphs
    of 40-120 words with links and emphasis, now and then a list or a quote."""
    vocabulary = english_vocabulary()

    def words(count: int) -> str:
        chosen = []
        for _ in range(count):
            word = rng.choice(vocabulary)
            if len(word) > 4 and rng.random() < 0.02:  # a misspelling: two letters swapped
                i = rng.randrange(1, len(word) - 2)
                word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            chosen.append(word)
        return " ".join(chosen)

    blocks, written, paragraph = [], 0, 0
    while written < word_count:
        if paragraph % 12 == 0:
            blocks.append(f"## {words(5).capitalize()}")
        elif paragraph % 6 == 0:
            blocks.append(f"### {words(4).capitalize()}")
        kind = rng.random()
        if kind < 0.08:
            blocks.append("\n".join(f"- {words(rng.randint(5, 14))}" for _ in range(rng.randint(3, 6))))
        elif kind < 0.12:
            blocks.append("\n".join(f"{n}. {words(rng.randint(6, 16))}" for n in range(1, rng.randint(3, 6))))
        elif kind < 0.18:
            blocks.append(f"> {words(rng.randint(20, 50))}.\n> — *{words(2).title()}*")
        else:
            text = words(rng.randint(40, 120))
            cut = text.split(" ")
            at = rng.randrange(1, len(cut) - 4)
            cut[at] = f"[{cut[at]} {cut[at + 1]}](https://example.org/{cut[at]})"
            del cut[at + 1]
            cut[at + 2] = f"**{cut[at + 2]}**"
            cut[-3] = f"*{cut[-3]}*"
            blocks.append(" ".join(cut).capitalize() + ".")
        written = sum(len(block.split()) for block in blocks)
        paragraph += 1
    return "\n\n".join(blocks)


def settle(app, window, seconds: float = 30.0) -> None:
    """Let the window finish what opening the article started (render, underlines, saves)."""
    deadline = time.perf_counter() + seconds
    highlighter = window.editor.body.highlighter
    while time.perf_counter() < deadline and (
        window.workers.busy or window.writes.pending or highlighter.is_catching_up
    ):
        app.processEvents()
    quiet = time.perf_counter() + 1.5  # the debounced timers of the last change
    while time.perf_counter() < quiet:
        app.processEvents()


def place_cursor_mid_article(window) -> None:
    from PySide6.QtGui import QTextCursor

    body = window.editor.body
    document = body.document()
    block = document.findBlockByNumber(document.blockCount() // 2)
    while block.isValid() and (not block.text() or block.text()[0] in "#>-1"):
        block = block.next()
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    body.setTextCursor(cursor)
    body.setFocus()


def back_to_back(app, body, keys: int = 400) -> tuple[list[float], list[float], list[float]]:
    """Each key's wall-clock time alone and with its repaint, and the GUI thread's CPU time
    for both (which a loaded machine does not inflate: waiting for a core is not counted)."""
    from PySide6.QtTest import QTest

    key_only, with_paint, cpu = [], [], []
    for i in range(keys):
        started, cpu_started = time.perf_counter(), time.thread_time()
        QTest.keyClick(body, TYPED[i % len(TYPED)])
        middle = time.perf_counter()
        app.processEvents()
        ended = time.perf_counter()
        cpu.append((time.thread_time() - cpu_started) * 1000)
        key_only.append((middle - started) * 1000)
        with_paint.append((ended - started) * 1000)
    return key_only, with_paint, cpu


def at_typing_speed(app, body, keys: int = 240) -> tuple[list[float], list[float], dict[str, int]]:
    """Keys as a writer types them, every debounced timer firing in the pauses: each key's
    cost, every gap between turns of the event loop (1 ms heartbeat), and where the GUI
    thread was in the gaps over half a frame (`StallWatchdog`)."""
    import threading

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    rng = random.Random(3)
    per_key: list[float] = []
    gaps: list[float] = []
    watchdog = StallWatchdog(threading.get_ident())

    def heartbeat() -> None:
        now = time.perf_counter()
        gaps.append((now - watchdog.last_beat) * 1000)
        watchdog.last_beat = now

    beat = QTimer()
    beat.setTimerType(Qt.TimerType.PreciseTimer)
    beat.setInterval(1)
    beat.timeout.connect(heartbeat)
    watchdog.start()
    beat.start()
    for i in range(keys):
        started = time.perf_counter()
        QTest.keyClick(body, TYPED[i % len(TYPED)])
        app.processEvents()
        per_key.append((time.perf_counter() - started) * 1000)
        wait = rng.uniform(0.4, 1.5) if i % 12 == 11 else rng.uniform(0.06, 0.18)
        until = time.perf_counter() + wait
        while time.perf_counter() < until:
            app.processEvents()
            time.sleep(0.0005)
    beat.stop()
    watchdog.stop()
    return per_key, [gap - 1.0 for gap in gaps[1:]], watchdog.places


def profile_keys(app, body, keys: int = 200, top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    back_to_back(app, body, keys)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(pstats.SortKey.TIME).print_stats(top)
    return out.getvalue()


def measure(app, window, label: str, profile_top: int) -> None:
    body = window.editor.body
    place_cursor_mid_article(window)
    settle(app, window)
    print(f"{label} ({load_average()}):")
    key_only, with_paint, cpu = back_to_back(app, body)
    print(f"  back to back, keyClick alone: {summary(key_only)}")
    print(f"  back to back, with repaint:   {summary(with_paint)}")
    print(f"  back to back, GUI-thread CPU with repaint: {summary(cpu)}")
    settle(app, window)
    per_key, lateness, where = at_typing_speed(app, body)
    stalls = sorted(lateness)[-5:]
    print(f"  at typing speed, each key with repaint: {summary(per_key)}")
    print(
        f"  at typing speed, event-loop lateness: median {statistics.median(lateness):.2f} ms, "
        f"p99 {percentile(lateness, 0.99):.1f} ms, longest {', '.join(f'{s:.1f}' for s in stalls)} ms"
    )
    print("  where the GUI thread was in gaps over 8 ms (2 ms samples, innermost Copydesk frames):")
    for place, count in sorted(where.items(), key=lambda item: -item[1])[:6]:
        print(f"    {count:4d}  {place}")
    if profile_top:
        settle(app, window)
        print(f"  cProfile of 200 back-to-back keys, GUI thread ({load_average()}):")
        print("    " + profile_keys(app, body, top=profile_top).replace("\n", "\n    "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the top N profile entries")
    parser.add_argument("--focus-only", action="store_true", help="only the Focus Mode layout")
    parser.add_argument("--normal-only", action="store_true", help="only the normal window")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

    with tempfile.TemporaryDirectory(prefix="copydesk-bench-keys-") as temporary:
        workdir = Path(temporary)
        os.environ["XDG_CONFIG_HOME"] = str(workdir / "config")
        os.environ["COPYDESK_LOG_DIR"] = str(workdir / "logs")
        from PySide6.QtCore import QSettings

        from editor_app.library import Library
        from editor_app.ui.app import create_application
        from editor_app.ui.main_window import MainWindow

        app = create_application()
        window = MainWindow(QSettings(str(workdir / "settings.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 900)
        window.show()
        library = Library.create(workdir / "bench.copydesk")
        window.set_library(library)
        body_text = realistic_article(args.words, random.Random(11))
        article = library.create_article(headline="A long read", language="en", body=body_text)
        window.open_article(article.id)
        settle(app, window)
        subheads = window.editor.outline.count()
        print(
            f"a {len(body_text.split()):,}-word article ({len(body_text):,} characters, "
            f"{window.editor.body.document().blockCount():,} lines, {subheads} subheads in the outline), "
            f"spellcheck {'on' if window.editor.body.highlighter.checker else 'OFF (no dictionary)'}"
        )
        if not args.focus_only:
            measure(app, window, "normal window, outline and preview in sight", args.profile)
        if not args.normal_only:
            window.focus_mode.typewriter_action.setChecked(True)
            window.focus_mode.dimming_action.setChecked(True)
            window.focus_mode.set_active(True)
            measure(app, window, "Focus Mode, typewriter scrolling and dimming on", args.profile)
            window.focus_mode.set_active(False)
        window.autosaver.save_now()
        window.close()
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
