"""``python -m benchmarks``: run the vault workloads (``--quick`` for a smoke run)."""

import sys

from benchmarks.run import main

sys.exit(main())
