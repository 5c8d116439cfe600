"""The page reads answers from outside (a share link, a receipt, this device) before the engine runs,
so that the form shows them at once; it reads them with the engine's numbers (the widget
configuration's ``limits``, from ``answer_format()``), and it must refuse what the engine refuses.
Each document at a limit's edge goes through codec.mjs's ``parseAnswers`` under Node and through the
engine's own reader of answer JSON, and the two must agree."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from selfcheck import AnswerError, answer_format
from selfcheck._answers_json import parse_answers
from sitegen.widget import ASSETS

pytestmark = pytest.mark.skipif(not shutil.which("node"), reason="needs node")

LIMITS = answer_format()["limits"]


def _padded(body: str, length: int) -> str:
    """``body`` (a JSON object) with spaces before its closing brace, ``length`` characters long."""
    return body[:-1] + " " * (length - len(body)) + "}"


def _keys(n: int) -> str:
    return "{" + ",".join(f'"k{i}": {i}' for i in range(n)) + "}"


def _nested(depth: int) -> str:
    """An object whose value nests lists: ``depth`` levels in all."""
    return '{"a": ' + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "}"


DOCUMENTS = {
    "at the size limit": _padded('{"employees": 300}', LIMITS["answers_chars"]),
    "one over the size limit": _padded('{"employees": 300}', LIMITS["answers_chars"] + 1),
    "at the depth limit": _nested(LIMITS["depth"]),
    "one over the depth limit": _nested(LIMITS["depth"] + 1),
    "at the key limit": _keys(LIMITS["keys"]),
    "one over the key limit": _keys(LIMITS["keys"] + 1),
    "a key given twice": '{"employees": 1, "employees": 2}',
    "a key given twice, nested": '{"a": {"b": 1, "b": 2}}',
    "the same key in two objects": '{"a": {"b": 1}, "c": {"b": 2}}',
    "a list": "[1, 2]",
    "not JSON": "{employees: 1}",
}


def _in_the_page(documents: dict[str, str], tmp_path) -> dict[str, str | None]:
    """What codec.mjs says of each document: None (read) or the cause of its refusal."""
    data = tmp_path / "documents.json"
    data.write_text(json.dumps(documents), encoding="utf-8")
    script = f"""
import {{ readFileSync }} from "node:fs";
import {{ parseAnswers, InputError }} from {json.dumps((ASSETS / "codec.mjs").as_uri())};
const limits = {json.dumps(LIMITS)};
const documents = JSON.parse(readFileSync({json.dumps(str(data))}, "utf-8"));
const out = {{}};
for (const [name, text] of Object.entries(documents)) {{
  try {{ parseAnswers(text, limits); out[name] = null; }}
  catch (err) {{ out[name] = err instanceof InputError ? err.cause : String(err); }}
}}
console.log(JSON.stringify(out));
"""
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _by_the_engine(text: str) -> bool:
    """Whether the engine reads ``text`` as an answers object (its values are checked later)."""
    try:
        return isinstance(parse_answers(text), dict)
    except AnswerError:
        return False


def test_the_page_refuses_answers_from_outside_exactly_where_the_engine_does(tmp_path):
    page = _in_the_page(DOCUMENTS, tmp_path)
    engine = {name: _by_the_engine(text) for name, text in DOCUMENTS.items()}
    assert {name: page[name] is None for name in DOCUMENTS} == engine
    assert page["one over the depth limit"] == "depth" and page["a key given twice"] == "duplicate"
