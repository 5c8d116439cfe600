"""Fuzzing as a habit (issue 10): hostile answer documents through the JSON bridge and the worker's
router in CPython (every answer a report or well-formed errors, never an internal error, in bounded
time), and through the command line (exit 0 or 2, never a traceback, bounded time). The same
documents run in Pyodide under Node in ``test_engine_fuzz_pyodide.py``."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck import evaluate_json, handle

from ._hostile import HOSTILE, KEYS, check_response, documents

ROOT = Path(__file__).resolve().parent.parent
FUZZ = settings(
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(documents())
def test_hostile_documents_through_the_bridge_get_reports_or_errors(doc):
    start = time.monotonic()
    assert check_response(evaluate_json(doc, "zh", "2026-01-05")) == []
    request = json.dumps({"op": "evaluate", "answers_json": doc, "lang": "en"})
    assert check_response(handle(request)) == []
    assert time.monotonic() - start < 5


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(KEYS),
        st.text(alphabet=st.sampled_from(HOSTILE) | st.characters(), max_size=400),
        max_size=6,
    )
)
def test_hostile_typed_answers_through_the_read_op(cells):
    response = handle(json.dumps({"op": "read", "cells": cells}))
    assert check_response(response) == []
    body = json.loads(response)
    assert set(body["answers"]) | {e["field"] for e in body["errors"]} <= set(cells)


@settings(max_examples=60, deadline=None, database=None)
@given(documents())
def test_hostile_requests_to_the_router_never_raise(doc):
    for request in (
        doc,
        json.dumps({"op": doc}),
        json.dumps({"op": "read", "key": doc, "text": doc}),
    ):
        body = json.loads(handle(request))
        assert body["ok"] is False and body["errors"][0]["zh"] and body["errors"][0]["en"]


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(documents(), st.sampled_from(["answers.json", "answers.yaml"]))
def test_hostile_files_on_the_command_line_exit_0_or_2_never_a_traceback(
    tmp_path_factory, doc, name
):
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_text(doc, encoding="utf-8", errors="surrogatepass")
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "selfcheck", "check", str(path)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert time.monotonic() - start < 30
    assert proc.returncode in (0, 2)
    stderr = proc.stderr.decode("utf-8")  # valid UTF-8 whatever the input
    assert "Traceback" not in stderr


@settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.lists(
            st.text(alphabet=st.sampled_from(HOSTILE) | st.characters(), max_size=30), max_size=5
        ),
        max_size=6,
    )
)
def test_hostile_csv_files_on_the_command_line_exit_0_or_2(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("fuzz") / "in.csv"
    body = "\n".join(",".join(cells) for cells in rows)
    path.write_bytes(("编号,从业人员数,所在区\n" + body).encode("utf-8", "surrogatepass"))
    proc = subprocess.run(
        [sys.executable, "-m", "selfcheck", "batch", str(path)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode in (0, 2)
    assert "Traceback" not in proc.stderr.decode("utf-8")
