"""Read the YAML files of ``policy/`` into one dict, rejecting duplicate keys."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

POLICY_DIR = Path(__file__).resolve().parent.parent / "policy"

# The order of the notice's parts, as printed.
_NOTICE_ORDER = (
    ["preamble", "s1", "s2"]
    + [f"s2-i{n}" for n in range(1, 9)]
    + ["s3"]
    + [f"s3-i{n}" for n in range(1, 7)]
    + ["s4"]
    + [f"s4-i{n}" for n in range(1, 7)]
    + ["closing"]
)


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping in a policy file has the same key twice."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one)."""

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKeyError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(path: Path | str) -> Any:
    """Parse one YAML file strictly (safe types only, no duplicate keys)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass


def _notice_sort_key(stem: str) -> tuple[int, str]:
    try:
        return (_NOTICE_ORDER.index(stem), stem)
    except ValueError:
        return (len(_NOTICE_ORDER), stem)


def load_policy(root: Path | str = POLICY_DIR) -> dict[str, Any]:
    """Return every policy file as one dict.

    Keys: ``meta``, ``sources`` (id -> source), ``notice`` (id -> item, in the notice's order),
    ``lists`` (file stem -> file content), ``selfcheck`` (file stem -> file content),
    ``notice_text`` and ``notice_sha256``.
    """
    root = Path(root)
    text_bytes = (root / "notice.txt").read_bytes()
    policy: dict[str, Any] = {
        "meta": load_yaml(root / "meta.yaml") if (root / "meta.yaml").exists() else {},
        "sources": {},
        "notice": {},
        "lists": {},
        "selfcheck": {},
        "notice_text": text_bytes.decode("utf-8"),
        "notice_sha256": hashlib.sha256(text_bytes).hexdigest(),
    }
    if (root / "sources.yaml").exists():
        for entry in load_yaml(root / "sources.yaml")["sources"]:
            policy["sources"][entry["id"]] = entry
    stems = sorted((p.stem for p in (root / "notice").glob("*.yaml")), key=_notice_sort_key)
    for stem in stems:
        policy["notice"][stem] = load_yaml(root / "notice" / f"{stem}.yaml")
    for path in sorted((root / "lists").glob("*.yaml")):
        policy["lists"][path.stem] = load_yaml(path)
    for path in sorted((root / "selfcheck").glob("*.yaml")):
        policy["selfcheck"][path.stem] = load_yaml(path)
    return policy
