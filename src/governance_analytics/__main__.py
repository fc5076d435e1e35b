"""``python -m governance_analytics``: the ``governance-analytics`` command."""

import sys

from governance_analytics.cli import main

sys.exit(main())
