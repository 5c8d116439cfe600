"""The words parser, the CSV decoder and selfcheck.xlsx in real Pyodide (Python 3.14) under Node,
offline: the engine from its wheel, openpyxl and et_xmlfile loaded with ``pyodide.loadPackage``
from local wheel files. The same scenario (tests/_xlsx_scenario.py) runs in CPython and must give
the same result.

The openpyxl wheels are the files in ``$SELFCHECK_XLSX_WHEELS`` (``pip download openpyxl==3.1.5
et-xmlfile==2.0.0 --no-deps -d DIR``) when set, else rebuilt from the installed distributions
(pure Python: their files as RECORD lists them, without bytecode), so the test needs no network.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from sitegen.widget.wheel import build_wheel

from . import _xlsx_scenario
from .test_engine_xlsx import FILLED_ZH

pytestmark = pytest.mark.pyodide
ROOT = Path(__file__).resolve().parent.parent
WHEELS = {"openpyxl": "3.1.5", "et_xmlfile": "2.0.0"}

CELLS = [
    ["revenue_10k_cny", "3亿"],
    ["revenue_10k_cny", "３，０００万元"],
    ["revenue_10k_cny", "3000000元"],
    ["revenue_10k_cny", "CNY 300 million"],
    ["revenue_10k_cny", "600人"],
    ["revenue_10k_cny", "3k"],
    ["employees", "1,200人"],
    ["employees", "约300"],
    ["employees", "300-400"],
    ["employees", ""],
    ["district", "宝安"],
    ["district", "Bao'an"],
    ["district", "大鹏"],
    ["size_industry", "工业*"],
    ["bad_record_last_3_years", "有"],
    ["training_system", "不确定"],
    ["training_system", "maybe"],
    ["enterprise_types", "规上；专精特新"],
    ["enterprise_types", "无"],
    ["enterprise_types", "规上、abc"],
]
CSV = '编号,商事登记所在区,从业人员数（人）,营业收入（万元）,企业类型\n甲,宝安,600人,3亿,规上、上市\n乙,南山区,"1,200",3000,无\n'


def _input() -> dict:
    return {
        "cells": CELLS,
        "csv": CSV,
        "rows": [cells for cells, _ in FILLED_ZH],
        "result_rows": 500,
    }


def wheel_from_installed(name: str, out_dir: Path) -> Path:
    """A pure wheel rebuilt from an installed distribution's files (no bytecode)."""
    dist = importlib.metadata.distribution(name)
    version = dist.version
    path = out_dir / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in dist.files or []:
            if "__pycache__" in file.parts or file.suffix == ".pyc" or str(file).startswith(".."):
                continue
            archive.write(dist.locate_file(file), str(file))
    return path


def _wheels(tmp: Path) -> list[Path]:
    folder = os.environ.get("SELFCHECK_XLSX_WHEELS")
    if folder:
        found = sorted(Path(folder).glob("*.whl"))
        assert {p.name.split("-")[0] for p in found} >= set(WHEELS), found
        return [p for p in found if p.name.split("-")[0] in WHEELS]
    installed = {n: importlib.metadata.version(n) for n in WHEELS}
    assert installed == WHEELS, "install openpyxl==3.1.5 et-xmlfile==2.0.0 into the venv"
    return [wheel_from_installed(n, tmp) for n in WHEELS]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    node = shutil.which("node")
    assert node, "node is not on PATH: run scripts/setup.sh"
    assert (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists(), "run scripts/setup.sh"
    tmp = tmp_path_factory.mktemp("xlsx-pyodide")
    engine = build_wheel(tmp)
    data = tmp / "input.json"
    data.write_text(json.dumps(_input(), ensure_ascii=False), encoding="utf-8")
    scenario = Path(_xlsx_scenario.__file__)
    proc = subprocess.run(
        [
            node,
            str(ROOT / "tests" / "xlsx_pyodide_runner.mjs"),
            str(engine),
            str(scenario),
            str(data),
            *map(str, _wheels(tmp)),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_it_ran_on_pyodides_python_with_the_local_openpyxl(run):
    assert run["platform"] == "emscripten" and run["python"].startswith("3.14")
    assert run["openpyxl"] == "3.1.5"
    assert run["openpyxl_file"] == "/lib/python3.14/site-packages/openpyxl/__init__.py"


def test_pyodide_reads_cells_and_csv_bytes_as_cpython_does(run):
    assert run["result"]["engine"] == _xlsx_scenario.run_engine(_input())
    csv = run["result"]["engine"]["csv"]["gbk"]
    assert csv == [
        [
            2,
            "甲",
            {
                "district": "baoan",
                "employees": 600,
                "revenue_10k_cny": 30000,
                "enterprise_types": ["above_designated_size", "listed"],
            },
        ],
        [
            3,
            "乙",
            {
                "district": "nanshan",
                "employees": 1200,
                "revenue_10k_cny": 3000,
                "enterprise_types": [],
            },
        ],
    ]


def test_pyodide_builds_fills_reads_and_writes_workbooks_as_cpython_does(run):
    got = dict(run["result"]["xlsx"])
    expected = _xlsx_scenario.run_xlsx(_input())
    got.pop("timings"), expected.pop("timings")
    assert got == expected
    assert [a[2] for a in got["answers"]] == [answers for _, answers in FILLED_ZH]
    assert got["table"]["examples"] == [3]
    assert got["results"]["formula_cell_type"] == "s" and got["results"]["rows"] == 503


def test_the_standard_library_modules_openpyxl_uses_are_recorded(run):
    # For the trimmed standard library. "requested": every stdlib module an import statement named
    # while openpyxl was imported and used (already loaded or not); the stage lists: what each
    # stage newly loaded. Printed with -s for the record.
    modules = run["modules"]
    stages = ["boot", "engine", "load_wheels", "openpyxl_import", "xlsx_use"]
    for before, after in zip(stages, stages[1:]):
        print(
            f"\nnewly loaded by {after}:",
            " ".join(sorted(set(modules[after]) - set(modules[before]))),
        )
    print("\nrequested by openpyxl import and use:", " ".join(run["requested"]))
    print("timings (ms):", json.dumps({k: round(v) for k, v in run["timings_ms"].items()}))
    print(
        "in-Python timings (s):",
        json.dumps({k: round(v, 3) for k, v in run["result"]["xlsx"]["timings"].items()}),
    )
    requested = {m.split(".")[0] for m in run["requested"]}
    assert {"zipfile", "xml", "datetime", "re"} <= requested
    assert not requested & {"tkinter", "sqlite3", "ssl", "multiprocessing", "asyncio"}
    assert set(run["requested"]) <= set(modules["xlsx_use"])
