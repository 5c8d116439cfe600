"""Issue 19 in CPython: the batch's results as an officer reads them. Each row's open required
conditions (还差什么, in the one table's status words, both languages saying the same), its missing
count, its place in the results' order (by verdict, then by how many conditions are open); the
rows one condition short counted apart from the verdicts; hidden workbook rows checked and said; the
page's ``batch_rows`` op giving the first rows in that order and the rows with errors apart, each
with answers that the engine gives the row's verdict for."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from selfcheck import evaluate_json
from selfcheck._policy import policy
from selfcheck.batch import VERDICTS, Batch, check_rows, open_xlsx
from selfcheck.batch._results import lacking, lacking_words, order_key

from ._chunked import ask
from ._xlsx_craft import HEADER, row_xml, sheet, workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "enterprises-zh.csv"
AS_OF = "2026-01-05"
POL = policy()


def test_what_is_missing_names_the_open_required_conditions_by_status():
    rows = [r for r in check_rows(EXAMPLE.read_text(encoding="utf-8-sig"), as_of=AS_OF) if r.found]
    words = POL.messages["words"]["statuses"]
    for row in rows:
        lack = lacking(row.found)
        required = {c.key: c.status for c in row.found.conditions if c.nature == "required"}
        assert [k for _, k in lack] == [
            k for k, s in required.items() if s in ("not_met", "needs_review", "unknown")
        ]
        said = lacking_words(lack, POL)
        if row.verdict == "eligible":
            assert lack == () and said is None
            continue
        assert lack and said is not None
        for status, _ in lack:  # the one table's words, in both languages
            assert words[status]["zh"] in said.zh and words[status]["en"] in said.en
        for key in (k for _, k in lack):
            marker = POL.condition_words[key][0]
            assert marker.zh in said.zh and marker.en in said.en


def test_the_order_is_by_verdict_then_by_how_many_conditions_are_open():
    assert order_key("eligible", 0, 9) < order_key("needs_review", 1, 2)
    assert order_key("needs_review", 3, 2) < order_key("incomplete", 1, 2)
    assert order_key("incomplete", 1, 5) < order_key("incomplete", 2, 3)
    assert order_key("incomplete", 8, 5) < order_key("not_eligible", 1, 3)
    assert order_key("not_eligible", 8, 5) < order_key("errors", 0, 2)


def _batch(data: bytes, name: str) -> dict:
    start = ask(
        "batch_start",
        file=base64.b64encode(data).decode(),
        name=name,
        lang="zh",
        as_of=AS_OF,
        show=3,
        show_errors=5,
    )
    assert start["ok"], start
    step = {"done": False}
    while not step["done"]:
        step = ask("batch_next", session=start["session"], count=2)
    rows = ask("batch_rows", session=start["session"])
    ask("batch_close", session=start["session"])
    return {"last": step, **rows}


def test_the_pages_results_are_the_first_rows_in_order_and_open_in_the_form():
    data = EXAMPLE.read_bytes()
    got = _batch(data, "名单.csv")
    expected = sorted(
        (r for r in check_rows(data.decode("utf-8-sig"), as_of=AS_OF) if r.found),
        key=lambda r: order_key(r.verdict, len(lacking(r.found)), r.row),
    )
    assert [(r["row"], r["verdict"], r["missing"]) for r in got["rows"]] == [
        (r.row, r.verdict, len(lacking(r.found))) for r in expected[:3]
    ]
    assert [e["row"] for e in got["errors"]] == [6] and "约300" in got["errors"][0]["problems"]
    counts = got["counts"]
    assert sum(counts[v] for v in (*VERDICTS, "errors") if v in counts) == 5
    assert counts["one_short"] == sum(len(lacking(r.found)) == 1 for r in expected)
    for row in got["rows"]:  # the answers the form is opened with give the row's verdict
        report = json.loads(evaluate_json(json.dumps(row["answers"]), "zh", AS_OF))
        assert report["report"]["verdict"] == row["verdict"]
        assert row["district"] and row["ref"]


def test_hidden_rows_are_checked_and_said():
    rows = (
        row_xml(1, HEADER)
        + row_xml(2, ["甲", 300, "宝安"])
        + row_xml(3, ["乙", 301, "南山"], hidden=True)
        + row_xml(4, ["丙", 302, "福田"], hidden=True)
    )
    data = workbook(sheet(rows))
    batch = Batch(open_xlsx(data), as_of=AS_OF)
    assert [r.row for r in batch] == [2, 3, 4]
    assert batch.hidden == 2
    said = batch.summary()
    assert said.zh.startswith("3 行：") and "其中 2 行在工作表中是隐藏的，也已自查。" in said.zh
    assert "2 of them are hidden in the sheet; they were checked too." in said.en
    assert "隐藏" in _batch(data, "名单.xlsx")["last"]["summary"]["zh"]
