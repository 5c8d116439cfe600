"""The web worker's router, ``selfcheck.handle``: JSON text in, JSON text out, never an exception.
Each op is asked as the worker asks it and its answer checked for what the page relies on."""

from __future__ import annotations

import base64
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from selfcheck import answer_format, handle
from selfcheck._policy import policy

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-01-05"
STRONG = (ROOT / "examples" / "strong.json").read_text(encoding="utf-8")


def ask(op: str, **args) -> dict:
    return json.loads(handle(json.dumps({"op": op, **args}, ensure_ascii=False)))


def test_evaluate_answers_the_report_in_the_language_and_on_the_date_asked():
    report = ask("evaluate", answers_json=STRONG, lang="en", as_of=AS_OF)["report"]
    assert report["verdict"] == "eligible" and report["as_of"] == AS_OF
    assert report["size_class"] == "large"
    assert {c["status"] for c in report["conditions"].values()} == {"met", "applies"}
    zh = ask("evaluate", answers_json=STRONG, lang="zh", as_of=AS_OF)["report"]
    assert zh["digest"] == report["digest"]  # the digest is of the answers, not the language


def test_evaluate_names_the_field_of_an_answer_it_refuses():
    answer = ask("evaluate", answers_json='{"employees": -1}', lang="en", as_of=AS_OF)
    assert answer["ok"] is False
    (error,) = answer["errors"]
    assert error["field"] == "employees" and error["zh"] and error["en"]


def test_markdown_is_the_report_for_download_with_its_digest():
    digest = ask("evaluate", answers_json=STRONG, lang="en", as_of=AS_OF)["report"]["digest"]
    markdown = ask("markdown", answers_json=STRONG, lang="en", as_of=AS_OF)["markdown"]
    assert markdown.startswith("# Self-check") and digest in markdown
    assert ask("markdown", answers_json="[1]", lang="en", as_of=AS_OF)["ok"] is False


def test_read_gives_the_answer_and_what_was_understood_or_the_error():
    read = ask("read", key="revenue_10k_cny", text="3亿")
    assert read["ok"] and read["answers"] == {"revenue_10k_cny": 30000}
    assert read["understood"]["revenue_10k_cny"]["zh"] == "按 30000 万元计（即 3 亿元）"
    refused = ask("read", cells={"employees": "约300", "district": "宝安", "planned_jobs": ""})
    assert refused["ok"] is False and refused["answers"] == {"district": "baoan"}
    assert refused["answered"] == {"district": True, "planned_jobs": False}
    assert [(e["field"], e["kind"]) for e in refused["errors"]] == [("employees", "approximate")]


def test_a_batch_goes_through_start_next_and_close():
    text = "ref,employees,training_system\nA,300,yes\nB,abc,\n"
    file = base64.b64encode(text.encode("utf-8")).decode("ascii")
    assert ask("batch_check", size=len(text), name="a.csv") == {"ok": True}
    start = ask("batch_start", file=file, name="a.csv", lang="en", as_of=AS_OF)
    assert start["ok"]
    assert start["header"][start["reader_columns"] :] == answer_format()["output_columns"]
    first = ask("batch_next", session=start["session"], count=1, show=5)
    while first.get("reading"):  # the rows are read (and counted) before any is checked
        first = ask("batch_next", session=start["session"], count=1, show=5)
    assert first["total"] == 2
    assert (first["done"], first["processed"], [r["verdict"] for r in first["rows"]]) == (
        False,
        1,
        ["incomplete"],
    )
    last = ask("batch_next", session=start["session"], count=1, show=5)
    assert last["done"] is False or last["processed"] == 2
    while not last["done"]:
        last = ask("batch_next", session=start["session"], count=1, show=5)
    assert last["counts"] == {"incomplete": 1, "errors": 1}
    assert last["summary"]["en"] == "2 rows: No result yet: 1; Not checked (see the problems): 1."
    assert ask("batch_close", session=start["session"]) == {"ok": True}
    gone = ask("batch_next", session=start["session"], count=1)
    assert gone["ok"] is False and gone["errors"][0]["zh"] and gone["errors"][0]["en"]


def test_a_file_over_the_stated_size_is_refused_before_it_is_read():
    limit = answer_format()["limits"]["batch_bytes"]
    answer = ask("batch_check", size=limit + 1, name="big.csv")
    assert answer["ok"] is False and "MB" in answer["errors"][0]["en"]
    assert ask("batch_check", size=100, name="old.xls")["ok"] is False


def test_template_is_the_csv_template_in_the_readers_language_which_the_batch_reads_back():
    for lang in ("zh", "en"):
        text = ask("template", format="csv", lang=lang)["text"]
        header, example = list(csv.reader(io.StringIO(text)))
        assert len(header) == len(example) == len(policy().questions) + 1  # ref, every question
        file = base64.b64encode(text.encode("utf-8")).decode("ascii")
        start = ask("batch_start", file=file, name="t.csv", lang=lang, as_of=AS_OF)
        assert start["ok"]
        assert [c["key"] for c in start["columns"]][0] == answer_format()["ref"]
        step = ask("batch_next", session=start["session"])
        while step.get("reading"):
            step = ask("batch_next", session=start["session"])
        assert (step["total"], step["done"]) == (0, True)  # the example row is skipped
        ask("batch_close", session=start["session"])


def test_info_says_what_runs():
    info = ask("info")["info"]
    assert info["data_version"] and info["compiled_on"] and info["python"]


def test_a_request_over_the_limit_is_refused_unread_with_the_reason():
    limit = answer_format()["limits"]["request_chars"]
    answer = json.loads(handle(" " * (limit + 1)))
    assert answer["ok"] is False and str(limit) in answer["errors"][0]["en"].replace(",", "")


@pytest.mark.parametrize(
    "request_json",
    [
        "not json",
        "[]",
        "null",
        '{"op": "delete"}',
        '{"op": "batch"}',
        '{"op": "evaluate"}',
        '{"op": "evaluate", "answers_json": 5}',
    ],
)
def test_a_request_it_cannot_route_is_answered_in_both_languages(request_json):
    answer = json.loads(handle(request_json))
    assert answer["ok"] is False
    (error,) = answer["errors"]
    assert error["zh"] and error["en"] and "Traceback" not in json.dumps(answer)


def test_the_batch_code_is_loaded_by_the_first_batch_request_not_by_the_engine():
    """A page that checks one enterprise never loads the batch's code (a third of the engine's
    import time, which a phone pays at every start)."""
    code = (
        "import json, sys, selfcheck\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith('selfcheck.batch'))\n"
        "before = loaded()\n"
        "selfcheck.handle(json.dumps({'op': 'evaluate', 'answers_json': '{}'}))\n"
        "one = loaded()\n"
        "answer = json.loads(selfcheck.handle(json.dumps({'op': 'template', 'lang': 'en'})))\n"
        "print(json.dumps([before, one, answer['ok'], 'selfcheck.batch' in loaded()]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [[], [], True, True]
