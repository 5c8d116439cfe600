"""The JSON bundle the engine reads: the parts of ``policy/`` the self-check needs.

Written to ``selfcheck/data/policy.json`` (committed, marked as generated; a test fails when it is
stale). The engine is standard-library only, so it reads JSON, never YAML.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._load import POLICY_DIR, load_policy

BUNDLE_PATH = Path(__file__).resolve().parent.parent / "selfcheck" / "data" / "policy.json"

_ENGINE_LISTS = ("districts", "nbs-size-2017", "glossary", "above-designated-size")


def condition_keys(policy: dict[str, Any]) -> dict[str, str]:
    """The report key of each condition (clause id -> ``cN``, N its place): its place among the
    conditions in the notice's order. The report JSON and the batch CSV use these public keys."""
    conditions = [i["id"] for i in policy["notice"].values() if i.get("kind") == "condition"]
    return {clause: f"c{n}" for n, clause in enumerate(conditions, start=1)}


def engine_bundle(policy: dict[str, Any] | None = None) -> dict[str, Any]:
    """The subset of the policy the engine needs, as plain JSON-able data."""
    policy = policy if policy is not None else load_policy(POLICY_DIR)
    meta = policy["meta"]
    keys = condition_keys(policy)
    return {
        "generated": {
            "zh": "由 policy/ 生成，请勿手工修改：运行 python -m policykit bundle",
            "en": "Generated from policy/; do not edit by hand: run python -m policykit bundle",
        },
        "version": meta.get("data_version"),
        "compiled_on": meta.get("compiled_on"),
        "notice": {
            "title": meta.get("title"),
            "issuer": meta.get("issuer"),
            "date": meta.get("date"),
            "sha256": policy["notice_sha256"],
        },
        "conditions": [
            {**item, "key": keys[item["id"]]}
            for item in policy["notice"].values()
            if item["id"] in keys
        ],
        "sections": [
            {k: item[k] for k in ("id", "marker", "title")}
            for item in policy["notice"].values()
            if item.get("kind") == "section"
        ],
        "procedure": [
            item for item in policy["notice"].values() if item.get("kind") == "procedure"
        ],
        "lists": {name: policy["lists"][name] for name in _ENGINE_LISTS if name in policy["lists"]},
        "selfcheck": policy["selfcheck"],
        "sources": policy["sources"],
    }


def bundle_json(policy: dict[str, Any] | None = None) -> str:
    """Canonical JSON text of the engine bundle (sorted keys, UTF-8, trailing newline)."""
    return json.dumps(engine_bundle(policy), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def write_bundle(path: Path = BUNDLE_PATH) -> Path:
    """Write the bundle to ``path`` (default: the engine's data file) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bundle_json(), encoding="utf-8")
    return path
