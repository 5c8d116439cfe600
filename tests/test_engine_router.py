"""The web worker's router, ``selfcheck.handle``: JSON text in, JSON text out, never an exception."""

from __future__ import annotations

import json

import pytest

from selfcheck import batch_json, evaluate_json, handle, markdown_json

STRONG = json.dumps({"registered_in_shenzhen": True, "employees": 500})


def test_each_operation_answers_as_its_bridge_does():
    request = {"answers_json": STRONG, "lang": "en", "as_of": "2026-01-05"}
    assert handle(json.dumps({"op": "evaluate", **request})) == evaluate_json(
        STRONG, "en", "2026-01-05"
    )
    assert handle(json.dumps({"op": "markdown", **request})) == markdown_json(
        STRONG, "en", "2026-01-05"
    )
    csv_text = "ref,employees\nA,300\n"
    assert handle(
        json.dumps({"op": "batch", "csv": csv_text, "as_of": "2026-01-05"})
    ) == batch_json(csv_text, "2026-01-05")


def test_info_says_what_runs():
    info = json.loads(handle('{"op": "info"}'))["info"]
    assert info["data_version"] and info["compiled_on"] and info["python"]


@pytest.mark.parametrize(
    "request_json",
    [
        "not json",
        "[]",
        "null",
        '{"op": "delete"}',
        '{"op": "evaluate"}',
        '{"op": "batch"}',
        '{"op": "evaluate", "answers_json": 5}',
    ],
)
def test_a_request_it_cannot_route_is_answered_in_both_languages(request_json):
    answer = json.loads(handle(request_json))
    assert answer["ok"] is False
    (error,) = answer["errors"]
    assert error["zh"] and error["en"] and "Traceback" not in json.dumps(answer)
