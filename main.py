"""Start Copydesk: `python main.py` opens the window on the default library.

Arguments are those of the `copydesk` command (`python main.py --library PATH`).
"""

import sys

from editor_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
