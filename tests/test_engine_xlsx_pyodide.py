"""The words parser, the CSV decoder and selfcheck.xlsx in real Pyodide (Python 3.14) under Node,
offline: the engine from its wheel, openpyxl and et_xmlfile loaded with ``pyodide.loadPackage``
from local wheel files. The same scenario (tests/_xlsx_scenario.py) runs in CPython and must give
the same result.

The openpyxl and et-xmlfile wheels are the pinned ones the site ships (``xlsx_packages()``:
downloaded by ``scripts/setup.sh``, checked by SHA-256). Which standard-library modules openpyxl
imports is recorded by running, when the site's trimmed library is built (sitegen/widget/stdlib).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.widget.stdlib import xlsx_packages

from . import _xlsx_scenario
from ._pyodide import run_in_pyodide
from .test_engine_xlsx import FILLED_ZH

pytestmark = pytest.mark.pyodide
SCENARIO = Path(_xlsx_scenario.__file__)

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


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    wheels = [package.path for package in xlsx_packages()]
    return run_in_pyodide(tmp_path_factory.mktemp("xlsx-pyodide"), SCENARIO, _input(), wheels)


def test_it_ran_on_pyodides_python_with_the_local_openpyxl(run):
    assert run["platform"] == "emscripten" and run["python"].startswith("3.14")
    assert run["result"]["openpyxl"] == "3.1.5"
    assert run["result"]["openpyxl_file"] == "/lib/python3.14/site-packages/openpyxl/__init__.py"


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
