"""Properties over generated answers (hypothesis): 11,500 examples in all.

Valid or not, any input gives a report or the documented validation error, nothing else; a report
is internally consistent; priority factors never change the verdict; more is never worse.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck import AnswerError, evaluate, evaluate_json, load_policy_bundle, parse_row
from selfcheck._policy import policy

BUNDLE = load_policy_bundle()
QUESTIONS = BUNDLE["selfcheck"]["questions"]["questions"]
KEYS = [q["key"] for q in QUESTIONS]
PRIORITY_KEYS = [
    k
    for c in BUNDLE["conditions"]
    for p in c["points"]
    if p["nature"] == "priority"
    for k in p["keys"]
]
REQUIRED = [c["key"] for c in policy().conditions if c["nature"] == "required"]
STATUSES = {"met", "not_met", "needs_review", "unknown", "applies", "does_not_apply"}
AS_OF = "2026-01-05"


def _choices(question) -> list[str]:
    if "options" in question:
        return [o["value"] for o in question["options"]]
    lst = BUNDLE["lists"][question["options_from"]]
    return [e["id"] for e in lst.get("groups") or lst["entries"]]


# Counts cluster around the thresholds so the boundaries are hit often.
_COUNT = st.one_of(st.integers(0, 10), st.integers(295, 305), st.integers(0, 10**7))
_NUMBER = st.one_of(
    _COUNT,
    st.floats(0, 1e12, allow_nan=False, allow_infinity=False),
    st.sampled_from([499.99, 500, 1999.99, 2000, 5000, 8000, 10000, 40000]),
)


def _value(question):
    kind = question["type"]
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return _COUNT
    if kind == "number":
        return _NUMBER
    if kind == "choice":
        return st.sampled_from(_choices(question))
    return st.lists(st.sampled_from(_choices(question)), unique=True)


VALID = st.fixed_dictionaries({}, optional={q["key"]: _value(q) for q in QUESTIONS})
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
ANYTHING = (
    st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=12), JSONISH, max_size=8) | JSONISH
)


def examples(n: int) -> settings:
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_report(report, answers) -> None:
    data = report.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["verdict"] in {"eligible", "needs_review", "incomplete", "not_eligible"}
    statuses = {k: c["status"] for k, c in data["conditions"].items()}
    assert (
        list(statuses) == [c["key"] for c in policy().conditions]
        and set(statuses.values()) <= STATUSES
    )
    required = [statuses[k] for k in REQUIRED]
    expected = (
        "not_eligible"
        if "not_met" in required
        else "incomplete"
        if "unknown" in required
        else "needs_review"
        if "needs_review" in required
        else "eligible"
    )
    assert data["verdict"] == expected
    for condition in data["conditions"].values():
        assert condition["reasons"] and all(r["zh"] and r["en"] for r in condition["reasons"])
        assert not any("{" in r["zh"] + r["en"] for r in condition["reasons"])
    assert all(m["key"] not in answers for m in data["missing"])
    assert bool(data["missing"]) == ("unknown" in required)
    assert data["priority_factors"] == [k for k in PRIORITY_KEYS if answers.get(k) is True]
    canonical = json.dumps(
        {"version": data["version"], "answers": answers},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert data["digest"] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@examples(3000)
@given(VALID, st.sampled_from(["zh", "en"]))
def test_valid_answers_always_give_a_consistent_report(answers, lang):
    _check_report(evaluate(answers, lang=lang, as_of=AS_OF), answers)


@examples(3000)
@given(ANYTHING)
def test_any_input_gives_a_report_or_the_documented_error(answers):
    try:
        report = evaluate(answers, as_of=AS_OF)
    except AnswerError as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.field is None or isinstance(error.field, str)
            assert error.zh.strip() and error.en.strip() and error.zh != error.en
    else:
        _check_report(report, answers)


@examples(2000)
@given(st.text(max_size=60) | ANYTHING.map(lambda v: json.dumps(v)))
def test_the_bridge_always_answers_json(text):
    response = json.loads(evaluate_json(text, "en", AS_OF))
    assert response["ok"] in (True, False)
    assert ("report" in response) is response["ok"]
    if not response["ok"]:
        assert all(set(e) == {"field", "zh", "en"} for e in response["errors"])


@examples(1500)
@given(VALID, st.fixed_dictionaries({}, optional={k: st.booleans() for k in PRIORITY_KEYS}))
def test_priority_factors_never_change_the_verdict(answers, factors):
    before = evaluate(answers, as_of=AS_OF)
    after = evaluate({**answers, **factors}, as_of=AS_OF)
    assert after.verdict == before.verdict
    for key in REQUIRED:
        assert after.condition(key).status == before.condition(key).status


@examples(1000)
@given(
    VALID,
    st.sampled_from([q["key"] for q in QUESTIONS if q["type"] in ("integer", "number")]),
    st.integers(0, 10**6),
)
def test_a_larger_figure_never_turns_met_into_not_met(answers, key, more):
    if key not in answers:
        return
    before = evaluate(answers, as_of=AS_OF)
    after = evaluate({**answers, key: answers[key] + more}, as_of=AS_OF)
    for k in REQUIRED:
        if before.condition(k).status == "met":
            assert after.condition(k).status == "met"


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value) if value else "none"
    return repr(value) if isinstance(value, float) else str(value)


@examples(1000)
@given(VALID.map(lambda a: {k: round(v, 4) if isinstance(v, float) else v for k, v in a.items()}))
def test_a_csv_row_reads_back_as_the_same_answers(answers):
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_cell(v) for v in answers.values()])
    cells = next(csv.reader(io.StringIO(buffer.getvalue()))) if answers else []
    assert parse_row(dict(zip(answers, cells))) == answers
