"""Where Copydesk keeps things by default (no Qt; the CLI and the window share it).

Nothing here runs at import time, so tests can point COPYDESK_LIBRARY (or the
window's --library) somewhere in tmp_path without patching globals.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "Copydesk"
DEFAULT_LIBRARY_NAME = "library.copydesk"
LIBRARY_ENV_VAR = "COPYDESK_LIBRARY"


def default_library_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / DEFAULT_LIBRARY_NAME


def log_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


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
