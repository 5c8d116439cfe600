"""The hostile documents of ``_hostile.py`` in real Pyodide (Python 3.14, WebAssembly) under Node,
through the worker's router: 0 fatal errors of the interpreter (a document nested 20,000 deep is
refused before the JSON decoder sees it), every answer a report or well-formed errors, and the same
answers CPython gives; the typed-answer reader and the chunked batch ops too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ._hostile import check_response, corpus
from ._pyodide import run_in_pyodide

pytestmark = pytest.mark.pyodide
SCENARIO = Path(__file__).resolve().parent / "_pyodide_fuzz_scenario.py"
CSV = '编号,从业人员数,所在区,企业是否在深圳市注册登记？\n甲,600人,宝安,是\n乙,abc,南山,否\n丙,3,福田,不确定\n丁,"1,200",\u202e坪山,是\n戊,５,光明区,否\n'
CELLS = [
    {"revenue_10k_cny": "3亿", "employees": "600人", "planned_jobs": "３０００"},
    {"employees": "abc", "district": "\ud800", "enterprise_types": "规上；\u202e专精特新"},
    {"no_such_key": "1", "training_system": "x" * 5000},
]


def _scenario(data: dict) -> dict:
    scope: dict = {}
    exec(SCENARIO.read_text(encoding="utf-8"), scope)  # noqa: S102 - our own scenario
    return json.loads(json.dumps(scope["run"](data), ensure_ascii=True))


@pytest.fixture(scope="module")
def data() -> dict:
    return {"documents": corpus(250), "cells": CELLS, "csv": CSV}


@pytest.fixture(scope="module")
def pyodide(tmp_path_factory, data) -> dict:
    return run_in_pyodide(tmp_path_factory.mktemp("fuzz-pyodide"), SCENARIO, data)


def test_it_ran_in_pyodide(pyodide):
    assert pyodide["platform"] == "emscripten" and pyodide["python"].startswith("3.14")


def test_every_hostile_document_gets_a_report_or_errors_in_pyodide(pyodide, data):
    answers = pyodide["result"]["answers"]
    assert len(answers) == len(data["documents"])
    problems = [p for pair in answers for text in pair for p in check_response(text)]
    assert problems == []


def test_pyodide_answers_exactly_as_cpython(pyodide, data):
    # (where a batch step ends depends on the time it took: the steps' sizes are left out)
    result = {**pyodide["result"], "chunks": pyodide["result"]["chunks"]["all"]}
    expected = _scenario(data)
    assert result == {**expected, "chunks": expected["chunks"]["all"]}


def test_the_batch_ops_read_a_gbk_file_in_steps_of_at_most_count_rows(pyodide):
    result = pyodide["result"]
    assert result["start"]["ok"] is True
    steps = result["chunks"]["processed"]
    sizes = [b - a for a, b in zip([0, *steps], steps)]
    assert steps[-1] == 5 and all(1 <= n <= 3 for n in sizes)
    last = result["chunks"]["all"]
    assert last["done"] is True and last["total"] == 5
    assert last["summary"]["zh"] == (
        "5 行：尚无结论 2 行；暂不符合申报条件 1 行；有错误，未自查 2 行。"
    )
    assert json.loads(result["refused"])["errors"][0]["zh"].startswith("文件大小为")
