"""Benchmark: 10,000 generated enterprises through ``python -m selfcheck batch`` in CPython.

    .venv/bin/python benchmarks/batch_bench.py [ROWS]

Writes a CSV of generated enterprises (fixed seed, every answer key, some cells left empty and a
few invalid, as in real uploads) to a temporary folder, runs the batch command on it as a user
would, checks that one result row came back per input row, and prints the time and rows per
second. A script, not a timed test: the figure depends on the machine.
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selfcheck import load_policy_bundle  # noqa: E402 - after the path is set


def _cell(question: dict, rng: random.Random) -> str:
    """A plausible cell for one question: mostly valid, sometimes empty, rarely invalid."""
    roll = rng.random()
    if roll < 0.03:
        return ""
    if roll < 0.032:
        return rng.choice(["maybe", "-3", "1,200", "n/a"])
    kind = question["type"]
    if kind == "boolean":
        good = question["key"] != "bad_record_last_3_years"
        answer = good if rng.random() < 0.93 else not good
        return rng.choice(["yes", "是", "true"] if answer else ["no", "否", "false"])
    if kind == "integer":
        return str(rng.choice([rng.randint(0, 10), rng.randint(250, 350), rng.randint(0, 5000)]))
    if kind == "number":
        return rng.choice([str(rng.randint(0, 200000)), f"{rng.uniform(0, 50000):.2f}"])
    choices = question["_choices"]
    if kind == "choice":
        return rng.choice(choices)
    picked = rng.sample(choices, rng.randint(0, 3))
    return ";".join(picked) if picked else "none"


def write_enterprises(path: Path, rows: int, seed: int = 20260105) -> None:
    bundle = load_policy_bundle()
    questions = bundle["selfcheck"]["questions"]["questions"]
    for q in questions:
        if "options" in q:
            q["_choices"] = [o["value"] for o in q["options"]]
        elif "options_from" in q:
            source = bundle["lists"][q["options_from"]]
            q["_choices"] = [e["id"] for e in source.get("groups") or source["entries"]]
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", *(q["key"] for q in questions)])
        for n in range(rows):
            writer.writerow([f"E{n:05d}", *(_cell(q, rng) for q in questions)])


def main(rows: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, results = Path(tmp) / "enterprises.csv", Path(tmp) / "results.csv"
        write_enterprises(source, rows)
        start = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "selfcheck",
                "batch",
                str(source),
                "--out",
                str(results),
                "--as-of",
                "2026-01-05",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(proc.stderr)
        with open(results, encoding="utf-8-sig", newline="") as handle:
            out = list(csv.DictReader(handle))
    assert len(out) == rows, f"{len(out)} result rows for {rows} input rows"
    bad = sum(1 for row in out if row["errors"])
    verdicts: dict[str, int] = {}
    for row in out:
        verdicts[row["verdict"] or "invalid"] = verdicts.get(row["verdict"] or "invalid", 0) + 1
    print(
        f"batch: {rows} enterprises in {seconds:.2f} s ({rows / seconds:,.0f} rows/s), "
        f"Python {sys.version.split()[0]}; {bad} rows with invalid cells; verdicts {verdicts}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
