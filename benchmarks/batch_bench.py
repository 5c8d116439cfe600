"""Benchmark: 10,000 generated enterprises through ``python -m selfcheck batch`` in CPython.

    .venv/bin/python benchmarks/batch_bench.py [ROWS] [RUNS]

Writes a CSV of generated enterprises (fixed seed, every answer key, some cells left empty and a
few invalid, as in real uploads) to a temporary folder, and the same rows as an .xlsx written as
Excel writes one (shared strings, figures as numbers), runs the batch command on each as a user
would (results to a CSV file; the two files take turns), checks that one result row came back per
input row, and prints the wall time of each run, the best and the median, the CPU time of the best,
rows per second, and the .xlsx against the CSV (median over median). A script, not a timed test:
the figure depends on the machine (and on what else runs on it: the CPU time is printed to tell a
busy machine from a slow engine). Goal: 10,000 rows in <= 2 s.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
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


def _run(source: Path, results: Path) -> tuple[float, float]:
    """One run of the command: its wall time and CPU time (its own and its children's)."""
    before = os.times()
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
    wall = time.perf_counter() - start
    after = os.times()
    if proc.returncode != 0:
        sys.exit(proc.stderr)
    return wall, (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def main(rows: int = 10_000, runs: int = 3) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from batch_browser_bench import _xlsx_shared

    with tempfile.TemporaryDirectory() as tmp:
        source, results = Path(tmp) / "enterprises.csv", Path(tmp) / "results.csv"
        write_enterprises(source, rows)
        workbook = Path(tmp) / "enterprises.xlsx"
        _xlsx_shared(source, workbook)
        files = {"CSV": source, ".xlsx": workbook}
        timings: dict[str, list[tuple[float, float]]] = {label: [] for label in files}
        out: dict[str, list[dict[str, str]]] = {}
        for _ in range(runs):
            for label, path in files.items():
                timings[label].append(_run(path, results))
                with open(results, encoding="utf-8-sig", newline="") as handle:
                    out[label] = list(csv.DictReader(handle))
    csv_median = statistics.median(w for w, _ in timings["CSV"])
    for label, runs_of in timings.items():
        assert len(out[label]) == rows, f"{len(out[label])} result rows for {rows} input rows"
        bad = sum(1 for row in out[label] if row["error_fields"])
        verdicts: dict[str, int] = {}
        for row in out[label]:
            verdicts[row["verdict"] or "invalid"] = verdicts.get(row["verdict"] or "invalid", 0) + 1
        walls = [w for w, _ in runs_of]
        best = min(runs_of)
        ratio = f", {statistics.median(walls) / csv_median:.2f}x the CSV" if label != "CSV" else ""
        print(
            f"batch, {label}: {rows} enterprises, runs {', '.join(f'{w:.2f}' for w in walls)} s; "
            f"best {best[0]:.2f} s ({rows / best[0]:,.0f} rows/s, CPU {best[1]:.2f} s), "
            f"median {statistics.median(walls):.2f} s{ratio}; Python {sys.version.split()[0]}; "
            f"{bad} rows with cells that could not be read; verdicts {verdicts}"
        )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
