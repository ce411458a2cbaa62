"""Settings for every test: no background warm-up of the pages' opening views (tests count fits
and time nothing; ``tests/unit/test_prewarm.py`` checks the warm-up itself)."""

import os

from ui.shell import PREWARM_ENV

os.environ[PREWARM_ENV] = "0"
