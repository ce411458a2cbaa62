"""The background warm-up cannot leave a half-imported module for the first page to trip on."""

from __future__ import annotations

import subprocess
import sys

from ui import registry

# In a fresh interpreter: keep the warm-up thread from running at all, then check what the
# page's own thread can already rely on.
_PROBE = """
import sys, threading
threading.Thread.start = lambda self: None
from ui import shell
shell.warm_up_once()
print(",".join(name for name in shell.IMPORTED_BEFORE_WARM_UP if name in sys.modules))
"""


def test_modules_plotly_probes_are_imported_before_the_warm_up_thread_starts():
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=registry.ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "numpy,pandas"
