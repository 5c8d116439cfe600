"""Running the pinned Pyodide under Node: ``runner.mjs`` beside this file does the work."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
NODE_PYODIDE = ROOT / "node_modules" / "pyodide"
RUNNER = Path(__file__).with_name("runner.mjs")

__all__ = ["NODE_PYODIDE", "RUNNER", "pyodide_version", "run_node"]


def pyodide_version() -> str:
    """The version of the npm runtime in node_modules (pinned in package.json)."""
    meta = NODE_PYODIDE / "package.json"
    if not meta.exists():
        raise FileNotFoundError(
            "node_modules/pyodide is missing: run `bash scripts/setup.sh` (npm ci) first"
        )
    return json.loads(meta.read_text(encoding="utf-8"))["version"]


def run_node(job: dict[str, Any], *, timeout: float = 900) -> dict[str, Any]:
    """Run ``runner.mjs`` on ``job`` (its header says what a job holds) and return its output."""
    node = shutil.which("node")
    if not node:
        raise FileNotFoundError("node is not on PATH: run scripts/setup.sh")
    if not (NODE_PYODIDE / "pyodide.mjs").exists():
        raise FileNotFoundError("node_modules/pyodide is missing: run scripts/setup.sh")
    job = {"pyodide_dir": str(NODE_PYODIDE) + os.sep, **job}
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as fh:
        json.dump(job, fh, ensure_ascii=False)
    try:
        proc = subprocess.run(
            [node, str(RUNNER), fh.name], capture_output=True, text=True, timeout=timeout, cwd=ROOT
        )
    finally:
        os.unlink(fh.name)
    if proc.returncode != 0:
        raise RuntimeError(f"Pyodide under Node failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout)
