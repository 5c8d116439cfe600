"""The same YAML cases in real Pyodide (Python 3.14, WebAssembly) under Node, offline.

The engine is built into a pure wheel (sitegen/widget/wheel.py), unpacked into Pyodide's own file
system from node_modules/pyodide (no network, no repository sources visible) and driven through the
JSON bridge the browser uses. Every case must pass there too, and give the report CPython gives.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from selfcheck import evaluate_json

from ._cases import CASES, problems
from ._pyodide import run_in_pyodide

pytestmark = pytest.mark.pyodide
SCENARIO = Path(__file__).resolve().parent / "_pyodide_cases_scenario.py"


@pytest.fixture(scope="module")
def pyodide_run(tmp_path_factory) -> dict:
    cases = [{k: c[k] for k in ("id", "json", "lang", "as_of")} for c in CASES]
    run = run_in_pyodide(tmp_path_factory.mktemp("pyodide"), SCENARIO, cases)
    return {"python": run["python"], "platform": run["platform"], **run["result"]}


def test_the_engine_ran_from_the_wheel_on_pyodides_python(pyodide_run):
    assert pyodide_run["platform"] == "emscripten"
    assert pyodide_run["python"].startswith("3.14")
    assert pyodide_run["module"] == "/lib/python3.14/site-packages/selfcheck/__init__.py"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case_in_pyodide(pyodide_run, case):
    assert problems(pyodide_run["results"][case["id"]], case["expect"]) == []


def test_pyodide_gives_exactly_the_reports_cpython_gives(pyodide_run):
    differ = [
        case["id"]
        for case in CASES
        if json.loads(evaluate_json(case["json"], case["lang"], case["as_of"]))
        != pyodide_run["results"][case["id"]]
    ]
    assert differ == []


def test_markdown_and_batch_bridges_work_in_pyodide(pyodide_run):
    extras = pyodide_run["extras"]
    assert extras["markdown"]["ok"] is True
    assert extras["markdown"]["markdown"].startswith("# Self-check")
    batch = extras["batch"]
    assert batch["start"]["ok"] is True and batch["rows"]["done"] is True
    good, bad = batch["rows"]["rows"]
    assert (good["row"], good["verdict"], bad["row"], bad["verdict"]) == (
        2,
        "incomplete",
        3,
        "error",
    )
    assert [e["field"] for e in bad["errors"]] == ["employees", "training_system"]
    assert batch["rows"]["csv"]["errors"].startswith("3,") and batch["rows"]["csv"]["good"]
    assert extras["info"]["python"].startswith("3.14")


def test_the_workers_router_answers_in_pyodide_as_in_cpython(pyodide_run):
    evaluated, info, unknown, garbage = pyodide_run["extras"]["handle"]
    strong = next(c for c in CASES if c["id"] == "strong-enterprise-is-eligible")
    assert evaluated == json.loads(evaluate_json(strong["json"], "en", "2026-01-05"))
    assert info["ok"] is True and info["info"]["python"].startswith("3.14")
    for answer in (unknown, garbage):
        assert answer["ok"] is False and answer["errors"][0]["zh"] and answer["errors"][0]["en"]
