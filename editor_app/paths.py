"""Where Copydesk keeps things by default (no Qt; the CLI and the window share it).

Nothing here runs at import time, so tests can point COPYDESK_LIBRARY (or the
window's --library) somewhere in tmp_path without patching globals.
"""

from __future__ import annotations

import datetime
import os
import threading
from pathlib import Path

APP_DIR_NAME = "Copydesk"
DEFAULT_LIBRARY_NAME = "library.copydesk"
LIBRARY_ENV_VAR = "COPYDESK_LIBRARY"
LOG_DIR_ENV_VAR = "COPYDESK_LOG_DIR"
ERROR_LOG_NAME = "copydesk-errors.log"

_log_lock = threading.Lock()


def default_library_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / DEFAULT_LIBRARY_NAME


def log_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def error_log_folder() -> Path:
    """The user's log folder, or $COPYDESK_LOG_DIR when set (tests point it into tmp_path)."""
    override = os.environ.get(LOG_DIR_ENV_VAR)
    return Path(override) if override else log_folder()


def write_error_log(text: str, folder: Path | None = None) -> Path:
    """Append `text` with a timestamp to the error log and return the log's path (any thread).

    The window and the command line share the log, so one file holds every traceback.
    """
    folder = folder or error_log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / ERROR_LOG_NAME
    stamp = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    # backslashreplace: a command line's undecodable bytes (surrogates) must not stop the log.
    with _log_lock, open(log_path, "a", encoding="utf-8", errors="backslashreplace") as handle:
        handle.write(f"--- {stamp}\n{text.rstrip()}\n")
    return log_path


def chosen_library_path(explicit: str | os.PathLike | None = None) -> tuple[Path, bool]:
    """The library to use and whether it is the default location.

    Order: an explicit --library, then $COPYDESK_LIBRARY, then the user data folder.
    Only the default location may be created without being asked for.
    """
    if explicit:
        return Path(explicit).expanduser(), False
    from_env = os.environ.get(LIBRARY_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser(), False
    return default_library_path(), True
