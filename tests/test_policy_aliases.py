"""policy/selfcheck/aliases.yaml (how typed and spreadsheet answers are read) is valid and refers
to real answer keys, option codes, units and sources: policykit checks it like every policy file."""

from __future__ import annotations

import copy

import pytest

from policykit.schema import validate_policy


@pytest.fixture
def broken(policy):
    return copy.deepcopy(policy)


def _problems(policy) -> list[str]:
    return [p for p in validate_policy(policy) if "aliases" in p]


def test_the_aliases_file_has_no_problem(policy):
    assert _problems(policy) == []


def test_the_schema_is_closed(broken):
    broken["selfcheck"]["aliases"]["answers"][0]["colour"] = "red"
    assert _problems(broken) == [
        "selfcheck/aliases.yaml.answers[0]: unknown key 'colour' (allowed: id, shown, words)"
    ]


def test_a_bare_yaml_boolean_is_caught(broken):
    words = broken["selfcheck"]["aliases"]["answers"][0]["words"]
    words.append(True)
    assert _problems(broken) == [
        f"selfcheck/aliases.yaml.answers[0].words[{len(words) - 1}]: expected str, got True"
    ]


def test_references_are_checked(broken):
    aliases = broken["selfcheck"]["aliases"]
    aliases["names"][2]["aliases"][0]["value"] = "cluster_30_8"
    aliases["names"][0]["aliases"][0]["source"] = "no-such-source"
    aliases["headers"]["aliases"][0]["key"] = "districts"
    aliases["meanings"][0]["key"] = "employees"
    del aliases["example_row"]["employees"]
    assert _problems(broken) == [
        "selfcheck/aliases.yaml: source 'no-such-source' is not in sources.yaml",
        "selfcheck/aliases.yaml: aliases.meanings: 'employees' is not a yes/no question",
        "selfcheck/aliases.yaml: aliases.names[district]: source 'no-such-source' is not in sources.yaml",
        "selfcheck/aliases.yaml: aliases.names[enterprise_types]: 'cluster_30_8' is not one of its codes",
        "selfcheck/aliases.yaml: aliases.headers.aliases: 'districts' is not an answer key",
        "selfcheck/aliases.yaml: aliases.example_row: must give every answer key once",
    ]


def test_every_figure_question_has_its_unit(broken):
    units = broken["selfcheck"]["aliases"]["numbers"]["units"]
    units[:] = [u for u in units if u["unit"] != "所"]
    assert _problems(broken) == [
        "selfcheck/aliases.yaml: aliases.numbers.units: no entry for the unit of 'college_partners'"
    ]
