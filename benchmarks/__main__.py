"""``python -m benchmarks``: run every group (``--only vault|exchange|gui``, ``--quick``)."""

import sys

from benchmarks.run import main

sys.exit(main())
