"""`python -m editor_app`: the same program as `copydesk` and `python main.py`."""

import sys

from editor_app.cli import main

sys.exit(main())
