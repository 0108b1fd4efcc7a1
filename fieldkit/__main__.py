"""``python -m fieldkit``: the same as the ``fieldkit`` command."""

import sys

from fieldkit.cli import main

# Guarded: a large import starts a worker process with "spawn", which imports this module
# again under another name; it must not run the command a second time.
if __name__ == "__main__":
    sys.exit(main())
