"""tools/words_bundle.py: the proposed aliases file is valid, refers to real keys and codes, and
selfcheck/data/words.json (committed, generated) is fresh."""

from __future__ import annotations

import copy

import pytest

from policykit import load_policy, load_yaml
from tools.words_bundle import OUT_PATH, SOURCE_PATH, problems, words_json


@pytest.fixture(scope="module")
def data():
    return load_yaml(SOURCE_PATH)


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def test_the_aliases_file_has_no_problem(data, policy):
    assert problems(data, policy) == []


def test_words_json_is_fresh(data):
    assert OUT_PATH.read_text(encoding="utf-8") == words_json(data), \
        "stale: run .venv/bin/python -m tools.words_bundle"


def test_the_schema_is_closed(data, policy):
    bad = copy.deepcopy(data)
    bad["answers"][0]["colour"] = "red"
    assert problems(bad, policy) == [
        "aliases.answers[0]: unknown key 'colour' (allowed: id, shown, words)"]


def test_a_bare_yaml_boolean_is_caught(data, policy):
    bad = copy.deepcopy(data)
    bad["answers"][0]["words"].append(True)
    assert problems(bad, policy) == ["aliases.answers[0].words[10]: expected str, got True"]


def test_references_are_checked(data, policy):
    bad = copy.deepcopy(data)
    bad["names"][2]["aliases"][0]["value"] = "cluster_30_8"
    bad["names"][0]["aliases"][0]["source"] = "no-such-source"
    bad["headers"]["aliases"][0]["key"] = "districts"
    bad["meanings"][0]["key"] = "employees"
    del bad["example_row"]["employees"]
    assert problems(bad, policy) == [
        "aliases.meanings: 'employees' is not a yes/no question",
        "aliases.names[district]: source 'no-such-source' is not in sources.yaml",
        "aliases.names[enterprise_types]: 'cluster_30_8' is not one of its codes",
        "aliases.headers.aliases: 'districts' is not an answer key",
        "aliases.example_row: must give every answer key once",
    ]


def test_every_figure_question_has_its_unit(data, policy):
    bad = copy.deepcopy(data)
    bad["numbers"]["units"] = [u for u in bad["numbers"]["units"] if u["unit"] != "所"]
    assert problems(bad, policy) == [
        "aliases.numbers.units: no entry for the unit of 'college_partners'"]
