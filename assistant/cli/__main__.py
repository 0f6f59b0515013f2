"""``python -m assistant.cli``: the same as the ``backtalk`` command."""

import sys

from .entry import main

sys.exit(main())
