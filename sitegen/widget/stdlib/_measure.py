"""Boot time under Node, stock library against a trimmed one (printed by the command line and the
tests, never asserted: it depends on the machine)."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path
from typing import Any

from ._node import run_node
from ._wheels import engine_package

__all__ = ["measure_boot"]

_FIRST_ANSWER = (
    "import json, selfcheck\n"
    "RESULT = json.loads(selfcheck.handle(json.dumps({'op': 'evaluate', 'answers_json': "
    "'{\"employees\": 300}', 'lang': 'en', 'as_of': '2026-01-05'})))['ok']"
)


def measure_boot(library: Path, runs: int = 3) -> dict[str, Any]:
    """``loadPyodide`` with the engine in the inline lock, then one evaluation through
    ``selfcheck.handle``: the stock library against ``library``, alternating; medians in ms."""
    with tempfile.TemporaryDirectory(prefix="pyodide-boot-") as tmp:
        package = engine_package(Path(tmp))
        step = {"name": "first-answer", "load": [], "data": None, "code": _FIRST_ANSWER}
        boot: dict[str, list[float]] = {"stock": [], "trimmed": []}
        first: dict[str, list[float]] = {"stock": [], "trimmed": []}
        for _ in range(runs):
            for label, stdlib in (("stock", None), ("trimmed", str(library))):
                out = run_node(
                    {
                        "stdlib": stdlib,
                        "packages": [package.to_job()],
                        "preload": ["selfcheck"],
                        "record": False,
                        "steps": [step],
                    }
                )
                if out["steps"]["first-answer"]["result"] is not True:
                    raise RuntimeError(f"the first answer failed: {out['steps']['first-answer']}")
                boot[label].append(out["boot_ms"])
                first[label].append(out["boot_ms"] + out["steps"]["first-answer"]["ms"])
    return {
        label: {
            "boot_ms": round(statistics.median(boot[label])),
            "first_answer_ms": round(statistics.median(first[label])),
            "runs": [round(x) for x in boot[label]],
        }
        for label in boot
    }
