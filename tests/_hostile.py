"""Hostile answer documents (hypothesis strategies), for fuzzing the engine through its JSON bridge
(CPython and Pyodide) and its command line: deep nesting, huge strings and numbers, lone
surrogates, control and bidi characters, repeated keys, NaN and Infinity, odd numbers, real keys
with wrong values, and the limits' edges. Every document is JSON *text* (what a share link, a
receipt or a file holds), built so that what JSON forbids can be said too."""

from __future__ import annotations

import json

from hypothesis import strategies as st

from selfcheck import answer_format
from selfcheck._policy import policy

KEYS = list(policy().questions)
LIMITS = answer_format()["limits"]

#: Characters that make trouble: lone surrogates, controls, bidi controls and isolates, zero-width,
#: line and paragraph separators, a BOM, full-width digits, CJK, RTL letters, emoji.
HOSTILE = (
    "\ud800\udfff\x00\x01\x1b\x7f\x85\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\u2028\u2029\ufeff\ufffe\uffff０１２３亿万人是否不确定"
    "עבריתعربية😀\"\\/'<>&;,、；\n\r\t"
)
texts = st.text(alphabet=st.sampled_from(HOSTILE) | st.characters(), max_size=60)
keys = st.sampled_from(KEYS) | texts
numbers = st.sampled_from(
    [
        "0",
        "-0",
        "1e400",
        "-1e400",
        "1E-400",
        "9007199254740991",
        "9007199254740992",
        "NaN",
        "Infinity",
        "-Infinity",
        "0.1e1",
        "1" * 4400,
        "300.0",
        "-1",
    ]
)


def _literal(value) -> str:
    """A value as JSON text (ensure_ascii: lone surrogates become \\udXXX escapes)."""
    return json.dumps(value, ensure_ascii=True)


@st.composite
def values(draw, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["text", "number", "bool", "null", "list", "object", "code"]))
    if kind == "text":
        return _literal(draw(texts))
    if kind == "number":
        return draw(numbers | st.integers().map(str) | st.floats(allow_nan=False).map(repr))
    if kind == "bool":
        return draw(st.sampled_from(["true", "false"]))
    if kind == "null":
        return "null"
    if kind == "code":  # a valid-looking answer
        return _literal(draw(st.sampled_from(["unsure", "baoan", "listed", "3亿", "yes", ""])))
    if depth > 3:
        return "[]"
    items = draw(st.lists(values(depth + 1), max_size=4))
    if kind == "list":
        return "[" + ",".join(items) + "]"
    names = draw(st.lists(keys, min_size=len(items), max_size=len(items)))
    return "{" + ",".join(f"{_literal(k)}:{v}" for k, v in zip(names, items)) + "}"


@st.composite
def documents(draw) -> str:
    """One hostile answer document as JSON text."""
    shape = draw(
        st.sampled_from(
            ["object", "repeated", "deep", "huge_text", "huge_key", "many_keys", "any", "broken"]
        )
    )
    if shape == "deep":
        depth = draw(st.integers(1, 20_000))
        opener = draw(st.sampled_from(["[", '{"employees":', '{"a":[']))
        closer = {"[": "]", '{"employees":': "}", '{"a":[': "]}"}[opener]
        return opener * depth + "1" + closer * depth
    if shape == "huge_text":
        size = draw(st.sampled_from([LIMITS["text_chars"] + 1, 70_000, 300_000]))
        return '{"district":' + _literal("x" * size) + "}"
    if shape == "huge_key":
        return "{" + _literal("k" * draw(st.integers(1000, 100_000))) + ": 1}"
    if shape == "many_keys":
        n = draw(st.integers(LIMITS["keys"] - 5, LIMITS["keys"] + 50))
        return "{" + ",".join(f'"k{i}": {i}' for i in range(n)) + "}"
    if shape == "repeated":
        key = _literal(draw(keys))
        return "{" + f"{key}: {draw(values())}, {key}: {draw(values())}" + "}"
    if shape == "broken":
        text = draw(values())
        cut = draw(st.integers(0, max(len(text) - 1, 0)))
        return text[:cut] + draw(st.sampled_from(["", ",", "}", "]", "'", "\\", "\ud800"]))
    if shape == "any":
        return draw(values())
    pairs = draw(st.lists(st.tuples(keys, values()), max_size=8))
    return "{" + ",".join(f"{_literal(k)}:{v}" for k, v in pairs) + "}"


def corpus(n: int, seed: int = 20260105) -> list[str]:
    """``n`` documents, always the same ones (for a run outside hypothesis, as in Pyodide)."""
    from hypothesis import HealthCheck, given, settings

    out: list[str] = []

    @settings(
        max_examples=n,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(documents())
    def collect(doc: str) -> None:
        out.append(doc)

    collect()
    return out[:n]


def check_response(text: str) -> list[str]:
    """What is wrong with a bridge response (empty when it is a report or well-formed errors)."""
    try:
        response = json.loads(text)
    except ValueError:
        return [f"not JSON: {text[:200]!r}"]
    if response.get("ok") is True:
        return [] if "report" in response or "answers" in response else ["ok without a report"]
    errors = response.get("errors")
    if not isinstance(errors, list) or not errors:
        return [f"no errors in a refusal: {text[:200]!r}"]
    out = []
    for error in errors:
        if set(error) - {"field", "zh", "en", "kind", "got", "label", "message"}:
            out.append(f"internal error or odd shape: {json.dumps(error)[:300]}")
        if not (isinstance(error.get("zh"), str) and error["zh"] and error.get("en")):
            out.append(f"an error lacks a language: {error}")
        elif len(error["zh"]) > 2000 or len(error["en"]) > 2000:
            out.append("an error message is too long")
    return out
