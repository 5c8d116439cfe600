"""selfcheck/data/policy.json (committed, generated) equals what policy/ gives now."""

from __future__ import annotations

import json

from policykit import BUNDLE_PATH, bundle_json


def test_the_engine_bundle_is_fresh():
    committed = BUNDLE_PATH.read_text(encoding="utf-8")
    assert committed == bundle_json(), "stale: run .venv/bin/python -m policykit bundle"


def test_the_bundle_says_it_is_generated_and_carries_the_data_version():
    data = json.loads(BUNDLE_PATH.read_text(encoding="utf-8"))
    assert "policykit bundle" in data["generated"]["en"]
    assert data["version"] and data["compiled_on"]
    assert {"questions", "messages", "materials"} <= set(data["selfcheck"])
    assert {"districts", "nbs-size-2017"} <= set(data["lists"])
