"""policy/ passes its closed schemas, and the schemas really are closed."""

from __future__ import annotations

import copy

import pytest

from policykit import DuplicateKeyError, load_policy, load_yaml
from policykit.schema import validate_policy

from ._policy_paths import get, lang_maps

POLICY = load_policy()


def test_policy_has_no_problems():
    assert validate_policy(POLICY) == []


def test_a_duplicate_yaml_key_is_an_error(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("id: a\ntitle: x\nid: b\n", encoding="utf-8")
    with pytest.raises(DuplicateKeyError, match="duplicate key 'id'"):
        load_yaml(path)


def test_a_nested_duplicate_key_is_an_error(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("text:\n  zh: 甲\n  en: a\n  zh: 乙\n", encoding="utf-8")
    with pytest.raises(DuplicateKeyError):
        load_yaml(path)


def test_an_unknown_key_is_an_error():
    policy = copy.deepcopy(POLICY)
    policy["notice"]["s2-i2"]["threshold_typo"] = 300
    assert any("unknown key 'threshold_typo'" in p for p in validate_policy(policy))


def test_an_unknown_key_in_a_list_file_is_an_error():
    policy = copy.deepcopy(POLICY)
    policy["lists"]["districts"]["entries_extra"] = []
    assert any("unknown key 'entries_extra'" in p for p in validate_policy(policy))


def test_an_id_that_differs_from_its_file_stem_is_an_error():
    policy = copy.deepcopy(POLICY)
    policy["notice"]["s2-i3"]["id"] = "s2-i9"
    assert any("differs from the file stem" in p for p in validate_policy(policy))


def test_an_unknown_source_is_an_error():
    policy = copy.deepcopy(POLICY)
    policy["notice"]["s2-i1"]["source"] = "no-such-source"
    assert any("'no-such-source' is not in sources.yaml" in p for p in validate_policy(policy))


ALL_LANG_PATHS = (
    [
        (group, name, path)
        for group in ("notice", "lists", "selfcheck")
        for name, content in POLICY[group].items()
        for path in lang_maps(content)
    ]
    + [("meta", None, path) for path in lang_maps(POLICY["meta"])]
    + [
        ("sources", name, path)
        for name, content in POLICY["sources"].items()
        for path in lang_maps(content)
    ]
)


def test_there_are_many_translations_to_check():
    assert len(ALL_LANG_PATHS) > 300


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_removing_any_translation_fails(lang):
    """Every one of the language maps is checked: dropping either language is reported."""
    missed = []
    for group, name, path in ALL_LANG_PATHS:
        policy = copy.deepcopy(POLICY)
        container = policy[group] if name is None else policy[group][name]
        del get(container, path)[lang]
        if not validate_policy(policy):
            missed.append((group, name, path))
    assert missed == []


def test_an_empty_translation_fails():
    policy = copy.deepcopy(POLICY)
    policy["notice"]["s2-i5"]["text"]["en"] = "  "
    assert any("text.en: empty" in p for p in validate_policy(policy))


@pytest.mark.parametrize(
    "point_id, value", [("s2-i3-members", 6), ("s2-i2-insured", 30), ("s2-i2-insured", 3000)]
)
def test_a_threshold_that_differs_from_its_quoted_phrase_fails(point_id, value):
    policy = copy.deepcopy(POLICY)
    for item in policy["notice"].values():
        for point in item.get("points", []):
            if point["id"] == point_id:
                point["threshold"]["value"] = value
    assert any(
        f"points.{point_id}.threshold.value {value} is not the number" in p
        for p in validate_policy(policy)
    )
