"""The closed schema of ``policy/selfcheck/aliases.yaml`` (how the self-check reads what people
type or write in a spreadsheet) and the checks of what it refers to in the policy."""

from __future__ import annotations

from typing import Any

from ._types import CONFIDENCE, LABEL, READING, SOURCE, Enum

# How the self-check reads what people type or write in a spreadsheet (aliases.yaml): the words
# for yes/no/not sure, units and magnitudes, short names of the options, spreadsheet headers, and
# the sentences said about them. Every word is the site's reading of common usage.
WORDS = [str]
ANSWER_IDS = Enum("yes", "no", "unsure", "none")

ALIASES = {
    "id": Enum("aliases"),
    "basis": Enum("editorial"),
    "note": READING,
    "answers": [{"id": ANSWER_IDS, "shown": LABEL, "words": WORDS}],
    "meanings": [{"key": str, "yes": READING, "no": READING}],
    "numbers": {
        "magnitudes": [{"word": str, "power": int}],
        "currency": WORDS,
        "units": [
            {
                "unit": str,
                "power": int,
                "words": WORDS,
                "magnitudes": WORDS,
                "currency": bool,
                "large?": {"zh": str, "en": str},
                "example": LABEL,
                "plain": LABEL,
            }
        ],
        "approximate": WORDS,
        "range": WORDS,
        "abbreviations": WORDS,
    },
    "names": [
        {
            "key": str,
            "prefixes": WORDS,
            "suffixes": WORDS,
            "aliases": [
                {"value": str, "words": WORDS, "source?": SOURCE, "confidence": CONFIDENCE}
            ],
        }
    ],
    "separators": WORDS,
    "headers": {
        "with_unit": LABEL,
        "ref": {"label": LABEL, "words": WORDS},
        "aliases": [{"key": str, "words": WORDS}],
        "example_words": WORDS,
    },
    # What the site says it understood from a typed answer: its reading.
    "understood": {
        name: READING for name in ("figure", "amount", "amount_large", "answer", "answer_meaning")
    },
    "errors": {
        name: LABEL
        for name in (
            "number",
            "approximate",
            "range",
            "negative",
            "abbreviation",
            "separators",
            "wrong_unit",
            "unclear_unit",
            "not_whole",
            "too_large",
            "too_long",
            "yes_no",
            "yes_no_only",
            "choice",
            "ambiguous",
            "multi_item",
            "none_mixed",
            "unsure_mixed",
            "unsure_not_allowed",
        )
    },
    "sheet": {
        "names": {name: LABEL for name in ("answers", "guide", "lists", "results", "summary")},
        "title": LABEL,
        "notes": [READING],
        "example": LABEL,
        "example_word": LABEL,
        "guide_columns": {
            name: LABEL for name in ("column", "question", "unit", "values", "help", "more")
        },
        "values": {
            name: LABEL
            for name in ("ref", "boolean", "integer", "number", "choice", "multi_choice")
        },
        "choice_prompt": LABEL,
        "more_keys": LABEL,
        "more_values": LABEL,
        "prompt_title": LABEL,
        "multi_note": LABEL,
        "dropdown_error": LABEL,
        "figure_error": LABEL,
        "unavailable": LABEL,
        "problems": {
            name: LABEL
            for name in (
                "not_xlsx",
                "old_xls",
                "xlsx_as_csv",
                "encoding",
                "binary",
                "empty",
                "no_header",
                "duplicate_column",
                "formula",
                "no_sheet",
                "too_many_texts",
                "ignored",
                "example_skipped",
            )
        },
    },
    "example_row": dict,  # answer key -> answer; aliases_problems() checks the keys, the engine the values
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


def aliases_problems(data: Any, policy: dict[str, Any]) -> list[str]:
    """What the aliases file refers to in the policy (its schema is checked like every file's):
    answer keys, option codes, units, sources; and words that YAML read as something else."""
    found = _words_are_text(data, "aliases")
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
            for ref in (
                [a.get("source")] if isinstance(a.get("source"), str) else a.get("source", [])
            ):
                if ref not in policy["sources"]:
                    found.append(
                        f"aliases.names[{n['key']}]: source {ref!r} is not in sources.yaml"
                    )
    for h in data["headers"]["aliases"]:
        if h["key"] not in questions:
            found.append(f"aliases.headers.aliases: {h['key']!r} is not an answer key")
    if set(data["example_row"]) != set(questions):
        found.append("aliases.example_row: must give every answer key once")
    return found
