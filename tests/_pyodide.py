"""Python run inside real Pyodide (Python 3.14, WebAssembly) under Node, offline: the one way the
tests do it (tests/pyodide_script_runner.mjs). The engine is built into a pure wheel
(sitegen/widget/wheel.py) and unpacked into Pyodide's own file system, so only the wheel is under
test, not the repository's sources; other wheels (openpyxl) are loaded as the site's worker loads
them."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitegen.widget.wheel import build_wheel

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "pyodide_script_runner.mjs"

__all__ = ["run_in_pyodide"]


def run_in_pyodide(tmp: Path, script: Path, data: Any, wheels: Iterable[Path] = ()) -> dict:
    """Run ``script`` (it defines ``run(data) -> JSON-able``) in Pyodide with the engine wheel and
    ``wheels``; returns ``{python, platform, result}``. ``data`` crosses as ASCII JSON (lone
    surrogates arrive as they are). A fatal error of the interpreter fails the test."""
    node = shutil.which("node")
    assert node, "node is not on PATH: run scripts/setup.sh"
    assert (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists(), "run scripts/setup.sh"
    source = tmp / "input.json"
    source.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
    proc = subprocess.run(
        [node, str(RUNNER), str(build_wheel(tmp)), str(script), str(source), *map(str, wheels)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)
