"""The `copydesk` command line (no Qt). `main()` is the console entry point."""

from .main import main

__all__ = ["main"]
