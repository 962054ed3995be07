"""Pieces every part of the Library class shares: time stamps and the mutex decorator."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable

from .errors import LibraryClosedError

Clock = Callable[[], datetime.datetime]


def utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def synchronised(method):
    """Run the method under the library's mutex; refuse once the library is closed."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self._mutex:
            if self._conn is None:
                raise LibraryClosedError()
            return method(self, *args, **kwargs)

    return wrapper
