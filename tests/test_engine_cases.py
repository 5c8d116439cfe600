"""The YAML case files in examples/cases/ (OpenFisca style): answers in, expected outcome out.

Each case runs through the JSON bridge, exactly as the browser calls the engine; the same cases
run in real Pyodide under Node (test_engine_pyodide.py) and are checked by the same function
(``tests/_cases.py``).
"""

from __future__ import annotations

import json

import pytest

from selfcheck import evaluate_json

from ._cases import AS_OF, CASES, problems


def test_case_ids_are_unique_and_there_are_many():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 150


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case):
    response = json.loads(evaluate_json(case["json"], case["lang"], case["as_of"]))
    assert problems(response, case["expect"]) == []


def test_the_checker_itself_catches_a_wrong_expectation():
    case = next(c for c in CASES if c["id"] == "insured-299-is-not-met")
    response = json.loads(evaluate_json(case["json"], case["lang"], case["as_of"]))
    assert problems(response, {"verdict": "eligible"}) != []
    assert problems(response, {"conditions": {"c2": "met"}}) != []
    assert problems(response, {"reasons": {"c2": ["298人"]}}) != []
    assert problems(response, {"verdit": "eligible"}) == ["unknown expectation keys ['verdit']"]


# -- the size class below medium rests on bounds not checked against the official table ----------

SMALL = {"size_industry": "industry", "employees": 100, "revenue_10k_cny": 500}
MICRO = {"size_industry": "industry", "employees": 5, "revenue_10k_cny": 50}


@pytest.mark.parametrize("answers", [SMALL, MICRO])
def test_small_or_micro_carries_the_caveat_of_the_unverified_small_bounds(answers):
    from selfcheck import evaluate, render_markdown, render_text

    report = evaluate(answers, as_of=AS_OF)
    assert report.size_class in ("small", "micro")
    note = report.to_dict()["size"]["note"]
    assert "核对" in note["zh"] and "(二)" in note["zh"] and "300" in note["zh"]
    assert "not been checked" in note["en"] and "(2)" in note["en"]
    assert note["zh"] in render_text(report, "zh")
    assert note["en"] in render_markdown(report, "en")


def test_large_or_medium_has_no_caveat():
    from selfcheck import evaluate, render_text

    report = evaluate({**SMALL, "employees": 300, "revenue_10k_cny": 2000}, as_of=AS_OF)
    assert report.size_class == "medium" and report.to_dict()["size"]["note"] is None
    assert "官方文件核对" not in render_text(report)


def test_the_caveat_follows_the_confidence_in_the_data(monkeypatch):
    from selfcheck import evaluate
    from selfcheck._policy import policy

    group = next(g for g in policy().size_table["groups"] if g["id"] == "industry")
    monkeypatch.setitem(group, "small_confidence", "checked")
    assert evaluate(SMALL, as_of=AS_OF).to_dict()["size"]["note"] is None
