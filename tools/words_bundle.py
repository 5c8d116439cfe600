"""Check ``policy/proposed/aliases.yaml`` and write it as ``selfcheck/data/words.json``.

``python -m tools.words_bundle [--check]`` validates the file against :data:`ALIASES` (a closed
schema in policykit's notation) and against the policy it refers to (answer keys, option codes,
units, sources), then writes the JSON the standard-library engine reads (``--check``: only report).

This is a stop-gap while the file is proposed: once it moves to ``policy/selfcheck/aliases.yaml``,
``ALIASES`` goes into ``policykit/schemas_selfcheck.py`` (``SCHEMAS["aliases"]``), :func:`problems`
into ``policykit.schema.validate_policy``, the engine bundle carries it as ``selfcheck.aliases``
(``selfcheck._words`` already reads it from there first) and this tool and ``words.json`` go away.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from policykit import load_policy, load_yaml
from policykit._types import CONFIDENCE, LANG, SOURCE, Enum, check

ROOT = Path(__file__).resolve().parent.parent
SOURCE_PATH = ROOT / "policy" / "proposed" / "aliases.yaml"
OUT_PATH = ROOT / "selfcheck" / "data" / "words.json"

_WORDS = [str]
_ANSWER_IDS = Enum("yes", "no", "unsure", "none")

ALIASES = {
    "id": Enum("aliases"),
    "basis": Enum("editorial"),
    "note": LANG,
    "answers": [{"id": _ANSWER_IDS, "shown": LANG, "words": _WORDS}],
    "meanings": [{"key": str, "yes": LANG, "no": LANG}],
    "numbers": {
        "magnitudes": [{"word": str, "power": int}],
        "currency": _WORDS,
        "units": [
            {
                "unit": str,
                "power": int,
                "words": _WORDS,
                "magnitudes": _WORDS,
                "currency": bool,
                "large?": {"zh": str, "en": str},
                "example": LANG,
            }
        ],
        "approximate": _WORDS,
        "range": _WORDS,
        "abbreviations": _WORDS,
    },
    "names": [
        {
            "key": str,
            "prefixes": _WORDS,
            "suffixes": _WORDS,
            "aliases": [
                {"value": str, "words": _WORDS, "source?": SOURCE, "confidence": CONFIDENCE}
            ],
        }
    ],
    "separators": _WORDS,
    "headers": {
        "with_unit": LANG,
        "ref": {"label": LANG, "words": _WORDS},
        "aliases": [{"key": str, "words": _WORDS}],
        "example_words": _WORDS,
    },
    "understood": {name: LANG for name in ("figure", "amount", "amount_large", "answer",
                                           "answer_meaning")},
    "errors": {
        name: LANG
        for name in (
            "number", "approximate", "range", "negative", "abbreviation", "separators",
            "wrong_unit", "unclear_unit", "not_whole", "too_large", "too_long", "yes_no",
            "yes_no_only", "choice", "ambiguous", "multi_item", "none_mixed", "unsure_mixed",
            "unsure_not_allowed",
        )
    },
    "sheet": {
        "names": {name: LANG for name in ("answers", "guide", "lists", "results")},
        "title": LANG,
        "notes": [LANG],
        "example": LANG,
        "example_word": LANG,
        "guide_columns": {name: LANG for name in ("column", "question", "unit", "values",
                                                  "help", "more")},
        "values": {name: LANG for name in ("ref", "boolean", "integer", "number", "choice",
                                           "multi_choice")},
        "choice_prompt": LANG,
        "more_keys": LANG,
        "more_values": LANG,
        "prompt_title": LANG,
        "multi_note": LANG,
        "dropdown_error": LANG,
        "figure_error": LANG,
        "unavailable": LANG,
        "problems": {
            name: LANG
            for name in ("not_xlsx", "old_xls", "xlsx_as_csv", "encoding", "binary", "empty",
                         "no_header", "duplicate_column", "formula", "no_sheet", "ignored",
                         "example_skipped")
        },
    },
    "example_row": dict,  # answer key -> answer; problems() checks the keys, the engine the values
}


def _words_are_text(node: Any, where: str) -> list[str]:
    """Every leaf of a word list is a non-empty string (YAML 1.1 turns a bare yes into True)."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, str):
                out.append(f"{where}: key {key!r} is not text (quote it)")
            out += _words_are_text(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _words_are_text(value, f"{where}[{i}]")
    elif isinstance(node, str) and not node:
        out.append(f"{where}: empty text")
    return out


def problems(data: Any, policy: dict[str, Any] | None = None) -> list[str]:
    """Every problem of the aliases file: its schema, then what it refers to in the policy."""
    found = check(data, ALIASES, "aliases")
    if found:
        return found
    found += _words_are_text(data, "aliases")
    policy = policy if policy is not None else load_policy()
    questions = {q["key"]: q for q in policy["selfcheck"]["questions"]["questions"]}
    choices: dict[str, list[str]] = {}
    for key, q in questions.items():
        if "options" in q:
            choices[key] = [o["value"] for o in q["options"]]
        elif "options_from" in q:
            lst = policy["lists"][q["options_from"]]
            choices[key] = [e["id"] for e in lst.get("groups") or lst.get("entries")]
    ids = [a["id"] for a in data["answers"]]
    if sorted(ids) != sorted(["yes", "no", "unsure", "none"]):
        found.append(f"aliases.answers: ids {ids} must be yes, no, unsure, none once each")
    for m in data["meanings"]:
        if questions.get(m["key"], {}).get("type") != "boolean":
            found.append(f"aliases.meanings: {m['key']!r} is not a yes/no question")
    units = {u["unit"] for u in data["numbers"]["units"]}
    magnitudes = {m["word"] for m in data["numbers"]["magnitudes"]}
    for q in questions.values():
        if q["type"] in ("integer", "number") and q.get("unit", {}).get("zh") not in units:
            found.append(f"aliases.numbers.units: no entry for the unit of {q['key']!r}")
    for u in data["numbers"]["units"]:
        for word in u["magnitudes"] + list(u.get("large", {}).values()):
            if word not in magnitudes:
                found.append(f"aliases.numbers.units[{u['unit']}]: {word!r} is not a magnitude")
    for n in data["names"]:
        if n["key"] not in choices:
            found.append(f"aliases.names: {n['key']!r} is not a choice question")
            continue
        for a in n["aliases"]:
            if a["value"] not in choices[n["key"]]:
                found.append(f"aliases.names[{n['key']}]: {a['value']!r} is not one of its codes")
            for ref in [a.get("source")] if isinstance(a.get("source"), str) else a.get("source", []):
                if ref not in policy["sources"]:
                    found.append(f"aliases.names[{n['key']}]: source {ref!r} is not in sources.yaml")
    for h in data["headers"]["aliases"]:
        if h["key"] not in questions:
            found.append(f"aliases.headers.aliases: {h['key']!r} is not an answer key")
    if set(data["example_row"]) != set(questions):
        found.append("aliases.example_row: must give every answer key once")
    return found


def words_json(data: Any) -> str:
    """Canonical JSON text of the words file (sorted keys, UTF-8, trailing newline)."""
    payload = {
        "generated": {
            "zh": "由 policy/proposed/aliases.yaml 生成，请勿手工修改：运行 python -m tools.words_bundle",
            "en": "Generated from policy/proposed/aliases.yaml; do not edit by hand: run python -m tools.words_bundle",
        },
        "aliases": data,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data = load_yaml(SOURCE_PATH)
    found = problems(data)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        return 1
    if "--check" not in argv:
        OUT_PATH.write_text(words_json(data), encoding="utf-8")
        print(OUT_PATH.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
