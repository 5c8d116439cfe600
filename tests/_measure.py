"""The command line run as a reader runs it, measured: its seconds and its own peak memory (for
the tests that bound memory, which does not depend on the machine's load; time does, so it is
printed, not asserted)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


#: ``python -m selfcheck`` that writes its own peak resident memory (VmHWM, in kB: the memory of
#: this program after exec, not of the process it was forked from) to the file $PEAK_FILE.
_MEASURED = """
import os, runpy, sys
try:
    runpy.run_module("selfcheck", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as status, open(os.environ["PEAK_FILE"], "w") as out:
        out.write(next(l.split()[1] for l in status if l.startswith("VmHWM:")))
"""


def run_cli(
    path: Path | str, *args: str, stdin: Path | None = None
) -> tuple[subprocess.CompletedProcess, float, float]:
    """``python -m selfcheck batch PATH`` (``-`` with ``stdin``, a file given as standard input):
    the result, its seconds and its peak memory in MB."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        source = stack.enter_context(open(stdin, "rb")) if stdin else subprocess.DEVNULL
        peak_file = Path(tmp) / "peak"
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURED, "batch", str(path), "--as-of", "2026-01-05", *args],
            cwd=ROOT,
            stdin=source,
            capture_output=True,
            timeout=600,
            env={**os.environ, "PEAK_FILE": str(peak_file)},
        )
        seconds = time.monotonic() - start
        peak = int(peak_file.read_text()) / 1024
    return proc, seconds, peak
