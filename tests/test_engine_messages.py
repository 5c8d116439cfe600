"""The engine's sentences and materials (policy/selfcheck/*.yaml) fit the code and the data."""

from __future__ import annotations

import re
import string

import pytest

from selfcheck import evaluate, load_policy_bundle
from selfcheck._points import Judge

BUNDLE = load_policy_bundle()
MESSAGES = BUNDLE["selfcheck"]["messages"]
QUESTION_KEYS = {q["key"] for q in BUNDLE["selfcheck"]["questions"]["questions"]}
POINTS = {p["id"]: p for c in BUNDLE["conditions"] for p in c["points"]}


def _templates(node, path=()):
    if isinstance(node, dict) and set(node) == {"zh", "en"}:
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _templates(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _templates(value, path + (index,))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


TEMPLATES = list(_templates(MESSAGES)) + list(_templates(BUNDLE["selfcheck"]["materials"]))


@pytest.mark.parametrize(
    ("path", "template"), TEMPLATES, ids=[".".join(map(str, p)) for p, _ in TEMPLATES]
)
def test_both_languages_of_a_template_have_the_same_placeholders(path, template):
    assert _fields(template["zh"]) == _fields(template["en"])


def test_no_template_types_a_threshold_of_the_conditions():
    phrases = {
        p["threshold"]["phrase"][lang]
        for p in POINTS.values()
        if "threshold" in p
        for lang in ("zh", "en")
    }
    numbers = {
        str(p["threshold"]["value"])
        for p in POINTS.values()
        if "threshold" in p and p["threshold"]["value"] >= 10
    }
    texts = [t[lang] for _, t in _templates(MESSAGES) for lang in ("zh", "en")]
    assert numbers and [t for t in texts for n in phrases | numbers if n in t] == []


@pytest.mark.parametrize("point", list(POINTS.values()), ids=list(POINTS))
def test_the_engine_has_a_way_to_decide_each_point_as_its_data_says(point):
    assert callable(getattr(Judge, point["decision"], None))


@pytest.mark.parametrize(
    "condition", BUNDLE["conditions"], ids=[c["id"] for c in BUNDLE["conditions"]]
)
def test_the_report_lists_each_conditions_points_in_the_clauses_order(condition):
    report = evaluate({}, as_of="2026-01-05")
    decided = [p.point for p in report.condition(condition["key"]).points]
    assert decided == [p["id"] for p in condition["points"]]
    positions = [condition["text"]["zh"].index(p["text"]["zh"]) for p in condition["points"]]
    assert positions == sorted(positions)


def test_point_sentences_name_real_points_and_facts_name_real_keys():
    assert {r["point"] for r in MESSAGES["point_reasons"]} <= set(POINTS)
    assert {f["key"] for f in MESSAGES["facts"]} <= QUESTION_KEYS


def test_materials_rest_on_real_clauses_and_keys():
    materials = BUNDLE["selfcheck"]["materials"]
    clauses = {c["id"] for c in BUNDLE["conditions"]} | {p["id"] for p in BUNDLE["procedure"]}
    items = materials["required"] + materials["evidence"] + materials["submission"]
    assert {m["clause"] for m in items} <= clauses
    assert {m["only_if"] for m in items if "only_if" in m} <= QUESTION_KEYS
    roles = {p["id"]: p["role"] for p in BUNDLE["procedure"]}
    assert {roles[m["clause"]] for m in materials["required"]} == {"materials"}
    assert {roles[m["clause"]] for m in materials["submission"]} == {"submission"}


def test_suggested_evidence_covers_every_required_condition():
    required = {c["id"] for c in BUNDLE["conditions"] if c["nature"] == "required"}
    assert required <= {m["clause"] for m in BUNDLE["selfcheck"]["materials"]["evidence"]}


def test_no_sentence_gives_an_address_phone_or_mailbox():
    texts = " ".join(t[lang] for _, t in TEMPLATES for lang in ("zh", "en"))
    assert re.findall(r"[\w.-]+@[\w-]+\.\w+|\d{3,4}-?\d{7,8}|地址[:：]", texts) == []
    assert "附件2" in texts and "Annex 2" in texts
