"""What makes the batch fast must not change a single report: points, conditions and size classes
are kept by the answers they read (selfcheck._engine, _points), sentences are written when read,
cells are read once a batch. Reports made with every memo warm equal reports made with every memo
cleared, in full (JSON, text and Markdown), "not sure" included; and a batch row's report is the
single enterprise's report."""

from __future__ import annotations

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck import check_rows, evaluate, render_markdown, render_text, write_csv
from selfcheck._engine import _MEMO
from selfcheck._words import UNSURE

from .test_engine_properties import QUESTIONS, _value

AS_OF = "2026-01-05"
WITH_UNSURE = st.fixed_dictionaries(
    {}, optional={q["key"]: _value(q) | st.just(UNSURE) for q in QUESTIONS}
)


def _cold() -> None:
    _MEMO.clear()


def _everything(answers: dict, lang: str) -> tuple:
    report = evaluate(answers, lang=lang, as_of=AS_OF)
    return (
        json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True),
        render_text(report),
        render_markdown(report),
    )


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WITH_UNSURE, min_size=2, max_size=6), st.sampled_from(["zh", "en"]))
def test_reports_with_warm_memos_equal_reports_made_cold(batch, lang):
    warm = [_everything(a, lang) for a in batch]  # the memos are warm from every example before
    cold = []
    for answers in batch:
        _cold()
        cold.append(_everything(answers, lang))
    assert warm == cold


def test_a_batch_rows_report_is_the_single_enterprises_report():
    text = "ref,employees,revenue_10k_cny,size_industry,training_system\n" + "".join(
        f"R{i},{250 + i},{1990 + i},industry,{'是' if i % 2 else '不确定'}\n" for i in range(40)
    )
    rows = check_rows(text, as_of=AS_OF)
    for row in rows:
        _cold()
        assert row.report.to_dict() == evaluate(row.answers, as_of=AS_OF).to_dict()
    write_csv(rows, io.StringIO())  # the results of the same rows are made too


def test_answers_equal_in_python_but_written_apart_do_not_share_a_memo():
    """0, 0.0 and -0.0 compare equal (so do 1 and True), but a report echoes each as given: a warm
    memo must not hand one enterprise's echo to another (found by the property above)."""
    base = {"employees": 300, "size_industry": "postal", "district": "futian"}
    spellings = [0, 0.0, -0.0, 0, 1, 1.0]
    _cold()
    warm = [_everything({**base, "revenue_10k_cny": v}, "zh") for v in spellings]
    cold = []
    for v in spellings:
        _cold()
        cold.append(_everything({**base, "revenue_10k_cny": v}, "zh"))
    assert warm == cold
    assert '"value": 0.0' in warm[1][0] and '"value": -0.0' in warm[2][0]
