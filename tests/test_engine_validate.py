"""Validation of the public answer format: strict types, every bad field named, both languages."""

from __future__ import annotations

import json
import math

import pytest

from selfcheck import AnswerError, evaluate, evaluate_json, handle, validate_answers

AS_OF = "2026-01-05"


def errors_of(answers) -> dict:
    with pytest.raises(AnswerError) as info:
        validate_answers(answers)
    return {e.field: e for e in info.value.errors}


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"employees": 0},
        {"revenue_10k_cny": 0.5},
        {"revenue_10k_cny": 10**12},
        {"enterprise_types": []},
        {"district": "shenshan"},
        {"training_system": False},
        {"size_industry": "real_estate_development", "total_assets_10k_cny": 5000.25},
    ],
)
def test_valid_answers_pass_unchanged(answers):
    assert validate_answers(answers) == answers


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("training_system", 1),
        ("training_system", 0),
        ("training_system", "true"),
        ("training_system", None),
        ("employees", True),
        ("employees", "300"),
        ("employees", 300.0),
        ("employees", -1),
        ("employees", 2.5),
        ("revenue_10k_cny", False),
        ("revenue_10k_cny", "2000"),
        ("revenue_10k_cny", math.nan),
        ("revenue_10k_cny", math.inf),
        ("revenue_10k_cny", -0.01),
        ("district", "Nanshan"),
        ("district", 4),
        ("district", ["nanshan"]),
        ("size_industry", "manufacturing"),
        ("enterprise_types", "listed"),
        ("enterprise_types", ["listed", "listed"]),
        ("enterprise_types", ["stock"]),
        ("enterprise_types", [True]),
        ("enterprise_types", {"listed": True}),
        ("employees", 2**53),
        pytest.param("employees", 10**5000, id="employees-5001-digits"),
        ("revenue_10k_cny", 1e300),
    ],
)
def test_wrong_types_are_named_with_what_is_allowed(key, value):
    from selfcheck._policy import policy

    label = policy().questions[key]["label"]
    error = errors_of({key: value})[key]
    assert error.field == key  # for programs
    assert f"“{label['zh']}”" in error.zh and f"“{label['en']}”" in error.en  # for readers
    assert f"“{key}”" not in error.zh + error.en
    assert error.zh != error.en
    for machinery in ("9007199254740991", "2^53", "NaN or Infinity", "string", "字符串"):
        assert machinery not in error.zh + error.en


@pytest.mark.parametrize(
    ("key", "value", "zh", "en"),
    [
        ("revenue_10k_cny", "3亿", "例如 3亿元 填 30000", "CNY 300 million is 30000"),
        ("employees", "600人", "须为整数", "whole number"),
        ("employees", -1, "不能是负数", "cannot be negative"),
        ("employees", 2**53, "太大", "too large"),
        ("district", "baoan district", "baoan（宝安区）", "baoan (Bao'an District)"),
        ("training_system", "yes", '"unsure"', '"unsure"'),
    ],
)
def test_each_problem_is_said_with_a_short_example(key, value, zh, en):
    error = errors_of({key: value})[key]
    assert zh in error.zh and en in error.en


def test_the_largest_figure_a_browser_carries_exactly_is_accepted():
    assert validate_answers({"employees": 2**53 - 1}) == {"employees": 2**53 - 1}


def test_a_choice_error_lists_the_allowed_values_from_the_list_files():
    error = errors_of({"district": "shenzhen"})["district"]
    assert "futian" in error.en and "shenshan" in error.en and "dapeng" in error.zh
    error = errors_of({"size_industry": "x"})["size_industry"]
    assert "information_transmission" in error.en and "leasing_business" in error.en


def test_an_unknown_key_is_an_error_that_names_the_nearest_question():
    error = errors_of({"emploees": 300})["emploees"]
    assert "“从业人员数”（employees）" in error.zh and "(employees)" in error.en
    error = errors_of({"zzz": 300})["zzz"]
    assert "“答案格式与批量自查”" in error.zh and "Answer format and batch checks" in error.en


@pytest.mark.parametrize(
    "key",
    ["k" * 100_000, "\ud800", "a\u202eb", "\x00\x1b[31m", "עברית"],
    ids=["long", "surrogate", "bidi", "controls", "rtl"],
)
def test_an_unknown_key_is_echoed_short_printable_and_isolated(key):
    error = errors_of({key: 1})[key]
    for text in (error.zh, error.en):
        assert len(text) < 200
        text.encode("utf-8")  # no lone surrogate
        assert "\u202e" not in text and "\x1b" not in text and "\x00" not in text
    if key == "עברית":
        assert "\u2068עברית\u2069" in error.en


def test_every_bad_field_is_reported_at_once():
    errors = errors_of(
        {"employees": "1", "training_system": 1, "district": "x", "foo": 1, "planned_jobs": 300}
    )
    assert set(errors) == {"employees", "training_system", "district", "foo"}


@pytest.mark.parametrize("answers", [[], "{}", None, 3, [("employees", 3)]])
def test_the_answers_must_be_an_object(answers):
    assert list(errors_of(answers)) == [None]


def test_evaluate_rejects_a_bad_language_and_a_bad_date():
    with pytest.raises(AnswerError) as info:
        evaluate({}, lang="de", as_of=AS_OF)
    assert [e.field for e in info.value.errors] == ["lang"]
    for bad in ("2026-13-01", "20260105", "2026-1-5", "today", 20260105):
        with pytest.raises(AnswerError) as info:
            evaluate({}, as_of=bad)
        assert [e.field for e in info.value.errors] == ["as_of"]


def test_the_date_defaults_to_today_and_accepts_a_date_object():
    import datetime

    assert evaluate({}).as_of == datetime.date.today().isoformat()
    assert evaluate({}, as_of=datetime.date(2026, 1, 5)).as_of == "2026-01-05"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"revenue_10k_cny": NaN}', "revenue_10k_cny"),
        ('{"revenue_10k_cny": Infinity}', "revenue_10k_cny"),
        ('{"revenue_10k_cny": -Infinity}', "revenue_10k_cny"),
        ('{"revenue_10k_cny": 1e400}', "revenue_10k_cny"),
        ('{"employees": 1, "employees": 1}', "employees"),
        ("{'employees': 1}", None),
        ("", None),
        ("[" * 100000, None),
        ('{"employees": ' + "9" * 5000 + "}", None),
    ],
)
def test_the_bridge_answers_bad_json_with_errors_never_an_exception(text, field):
    response = json.loads(evaluate_json(text, "zh", AS_OF))
    assert response["ok"] is False
    assert [e["field"] for e in response["errors"]] == [field]
    assert all(e["zh"] and e["en"] for e in response["errors"])


def test_the_bridge_survives_bad_types_for_its_own_parameters():
    assert json.loads(evaluate_json(None, "zh", AS_OF))["ok"] is False  # type: ignore[arg-type]
    response = json.loads(evaluate_json("{}", None, AS_OF))  # type: ignore[arg-type]
    assert response["errors"][0]["field"] == "lang"
    assert json.loads(evaluate_json("{}", "en", "yesterday"))["errors"][0]["field"] == "as_of"
    assert json.loads(evaluate_json("{}", "en", AS_OF))["ok"] is True


def test_a_value_that_is_not_json_is_shown_with_its_text():
    import datetime

    error = errors_of({"employees": datetime.date(2026, 1, 1)})["employees"]
    assert "“2026-01-01”" in error.zh and "“2026-01-01”" in error.en
    assert "datetime" not in error.en


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ('{\n "employees": 1,\n}', "第 3 行第 1 列", "line 3, column 1"),
        (
            '{"revenue_10k_cny": NaN}',
            "“营业收入（万元）”须为数字，NaN 不是一个数",
            "“Operating revenue (in 10,000 CNY)” takes a number; NaN is not one",
        ),
        ("[Infinity]", "回答中有 Infinity，它不是一个数", "The answers hold Infinity"),
        ('{"employees": ' + "9" * 5000 + "}", "位数", "digits"),
        ("[" * 10000, "嵌套超过 8 层", "more than 8 deep"),
        ("[" * 100000, "回答太长", "too long"),
    ],
)
def test_json_errors_speak_each_language(text, zh, en):
    (error,) = json.loads(evaluate_json(text, "zh", AS_OF))["errors"]
    assert zh in error["zh"] and en in error["en"]
    for english in ("Expecting", "allowed", "Exceeds", "recursion", "line "):
        assert english not in error["zh"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_json_constant_is_refused_in_the_words_of_its_questions_type(constant):
    # Issue 18: NaN inside enterprise_types was said to be "not a number", as if the question
    # took one; it takes a list of types.
    (error,) = json.loads(evaluate_json(f'{{"enterprise_types": [{constant}]}}', "zh", AS_OF))[
        "errors"
    ]
    assert error["field"] == "enterprise_types"
    assert "须为一个列表" in error["zh"] and "takes a list" in error["en"]
    assert f"[{constant}]" in error["en"] and "not a number" not in error["en"]
    (error,) = json.loads(evaluate_json(f'{{"district": {constant}}}', "en", AS_OF))["errors"]
    assert "takes one of" in error["en"] and constant in error["en"]
    (error,) = json.loads(evaluate_json(f'{{"employees": {constant}}}', "en", AS_OF))["errors"]
    assert "takes a number" in error["en"]  # a figure: NaN and Infinity are not figures


def _boom(*args, **kwargs):
    raise RuntimeError("boom")


def test_an_internal_error_is_said_in_both_languages_with_the_detail_apart(monkeypatch):
    import selfcheck._bridge
    import selfcheck.batch._browser

    monkeypatch.setattr(selfcheck._bridge, "evaluate", _boom)
    monkeypatch.setattr(selfcheck.batch._browser, "decode_csv_bytes", _boom)
    from selfcheck._policy import policy

    said = policy().messages["validation"]["internal"]
    batch = json.dumps({"op": "batch_start", "file": "QQ==", "name": "a.csv", "as_of": AS_OF})
    for response in (evaluate_json("{}", "zh", AS_OF), handle(batch)):
        (error,) = json.loads(response)["errors"]
        assert (error["zh"], error["en"]) == (said["zh"], said["en"])
        assert "boom" in error["detail"] and "boom" not in error["zh"] + error["en"]


def test_the_last_resort_error_is_the_same_sentence(monkeypatch):
    import selfcheck._bridge
    from selfcheck._policy import policy

    said = policy().messages["validation"]["internal"]
    monkeypatch.setattr(selfcheck._bridge, "evaluate", _boom)
    monkeypatch.setattr(selfcheck._bridge, "field_error", _boom)
    (error,) = json.loads(evaluate_json("{}", "zh", AS_OF))["errors"]
    assert (error["zh"], error["en"]) == (said["zh"], said["en"]) and "boom" in error["detail"]
