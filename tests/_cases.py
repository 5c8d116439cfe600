"""The YAML case files in examples/cases/ (OpenFisca style), resolved, and the checker of one
bridge response against a case's expectation. Used by the CPython, Pyodide and trimmed-library
runs of the same cases."""

from __future__ import annotations

from typing import Any

from sitegen.widget.stdlib import AS_OF, resolve_cases

__all__ = ["AS_OF", "CASES", "EXPECT_KEYS", "load_cases", "problems"]

EXPECT_KEYS = {
    "verdict",
    "size_class",
    "size",
    "conditions",
    "points",
    "priority_factors",
    "missing",
    "missing_blocks",
    "missing_unsure",
    "title",
    "headline",
    "weighed",
    "brief",
    "not_said",
    "reasons",
    "summary",
    "next_steps",
    "steps_text",
    "errors",
}


def load_cases() -> list[dict[str, Any]]:
    """Every case, resolved: ``{id, json, lang, as_of, expect}`` (answers as JSON text), read the
    way the trimmed library's build reads them for its scenarios."""
    return resolve_cases(keep=("expect",))


def _text(items: list[dict[str, Any]]) -> str:
    return "\n".join(item[lang] for item in items for lang in ("zh", "en"))


def problems(response: dict[str, Any], expect: dict[str, Any]) -> list[str]:
    """What differs between a bridge response and a case's expectation (empty when it passes)."""
    unknown = set(expect) - EXPECT_KEYS
    if unknown:
        return [f"unknown expectation keys {sorted(unknown)}"]
    if "errors" in expect:
        if response.get("ok") is not False:
            return [f"expected errors {expect['errors']}, got a report"]
        fields = sorted((e["field"] for e in response["errors"]), key=str)
        wanted = sorted(expect["errors"], key=str)
        bilingual = all(e["zh"].strip() and e["en"].strip() for e in response["errors"])
        return ([] if fields == wanted else [f"error fields {fields} != {wanted}"]) + (
            [] if bilingual else ["an error lacks a language"]
        )
    if response.get("ok") is not True:
        return [f"expected a report, got errors {response.get('errors')}"]
    report = response["report"]
    out = []

    def same(what: str, got: Any, want: Any) -> None:
        if got != want:
            out.append(f"{what}: got {got!r}, expected {want!r}")

    for key in ("verdict", "size_class", "priority_factors"):
        if key in expect:
            same(key, report[key], expect[key])
    for key, want in expect.get("size", {}).items():
        got = report["size"][key]
        same(f"size.{key}", [i["indicator"] for i in got] if key == "indicators" else got, want)
    for key, want in expect.get("conditions", {}).items():
        same(f"conditions.{key}", report["conditions"][key]["status"], want)
    points = {p["id"]: p for c in report["conditions"].values() for p in c["points"]}
    for key, want in expect.get("points", {}).items():
        same(f"points.{key}", points[key]["status"], want)
    if "missing" in expect:
        same("missing", [m["key"] for m in report["missing"]], expect["missing"])
    blocks = {m["key"]: m["blocks"] for m in report["missing"]}
    for key, want in expect.get("missing_blocks", {}).items():
        same(f"missing_blocks.{key}", blocks.get(key), want)
    for key, fragments in expect.get("reasons", {}).items():
        text = _text(report["conditions"][key]["reasons"])
        out += [f"reasons.{key} lacks {f!r}:\n{text}" for f in fragments if f not in text]
    if "missing_unsure" in expect:
        same(
            "missing_unsure",
            [m["key"] for m in report["missing"] if m["unsure"]],
            expect["missing_unsure"],
        )
    title = _text([report["title"]])
    out += [f"title lacks {f!r}: {title}" for f in expect.get("title", []) if f not in title]
    line = _text([report["headline"]])
    out += [f"headline lacks {f!r}: {line}" for f in expect.get("headline", []) if f not in line]
    if "weighed" in expect:
        same("weighed", [w["point"] for w in report["weighed"]], expect["weighed"])
    brief = _text(report["brief"])
    out += [f"brief lacks {f!r}:\n{brief}" for f in expect.get("brief", []) if f not in brief]
    said = "\n".join(
        [title, _text([report["summary"]]), _text(report["next_steps"])]
        + [_text(c["reasons"]) for c in report["conditions"].values()]
    )
    out += [f"the report says {f!r}" for f in expect.get("not_said", []) if f in said]
    summary = _text([report["summary"]])
    out += [
        f"summary lacks {f!r}: {summary}" for f in expect.get("summary", []) if f not in summary
    ]
    steps = [s["id"] for s in report["next_steps"]]
    wanted = expect.get("next_steps", {})
    out += [f"next_steps lacks {i}" for i in wanted.get("include", []) if i not in steps]
    out += [f"next_steps has {i}" for i in wanted.get("exclude", []) if i in steps]
    steps_text = _text(report["next_steps"])
    out += [f"next steps lack {f!r}" for f in expect.get("steps_text", []) if f not in steps_text]
    return out


CASES = load_cases()
