"""Values kept per operating-system thread (editor_app.threads)."""

from __future__ import annotations

import threading

from editor_app.threads import PerThread


def run_in_thread(function):
    result = []
    thread = threading.Thread(target=lambda: result.append(function()))
    thread.start()
    thread.join()
    return result[0]


def test_each_thread_has_its_own_value_and_an_ended_threads_value_can_be_discarded():
    values: PerThread[list] = PerThread()
    assert values.get() is None
    mine = ["main"]
    values.set(mine)
    started = threading.Event()
    finish = threading.Event()

    def hold():
        values.set(["held"])
        started.set()
        finish.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    started.wait(10)
    seen_there = run_in_thread(lambda: (values.set(["ended"]), values.get())[1])
    assert seen_there == ["ended"] and values.get() is mine and len(values) == 3
    assert values.discard_ended() == [["ended"]]  # the holder is alive: its value stays
    finish.set()
    holder.join()
    assert values.discard_ended() == [["held"]]
    assert values.take_all() == [mine] and len(values) == 0 and values.get() is None
