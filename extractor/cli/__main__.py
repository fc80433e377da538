"""``python -m extractor.cli``: the same as the ``nianbao`` command."""

import sys

from extractor.cli import main

sys.exit(main())
