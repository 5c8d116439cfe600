"""Read the YAML files of ``policy/`` into one dict, rejecting duplicate keys."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from ._placeholders import fill_placeholders
from .schema import said_in_policy

POLICY_DIR = Path(__file__).resolve().parent.parent / "policy"


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping in a policy file has the same key twice."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise DuplicateKeyError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(path: Path | str) -> Any:
    """Parse one YAML file strictly (safe types only, no duplicate keys)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass


def _in_notice_order(items: dict[str, Any], text: str) -> dict[str, Any]:
    """The notice's items in the order the notice prints them: by where each item's own text
    (verbatim, its first paragraph) first stands in ``notice.txt``. An item whose text is not
    found (a schema error reported elsewhere) goes last."""

    def position(stem: str) -> tuple[int, str]:
        quote = items[stem].get("text", {}) if isinstance(items[stem], dict) else {}
        first = quote.get("zh", "").split("\n\n")[0] if isinstance(quote, dict) else ""
        found = text.find(first) if first else -1
        return (found if found >= 0 else len(text), stem)

    return {stem: items[stem] for stem in sorted(items, key=position)}


def load_policy(root: Path | str = POLICY_DIR) -> dict[str, Any]:
    """Return every policy file as one dict.

    Keys: ``meta``, ``sources`` (id -> source), ``notice`` (id -> item, in the notice's order),
    ``lists`` (file stem -> file content), ``selfcheck`` (file stem -> file content),
    ``wording`` (the wording rules), ``faq`` (the questions answered from what the notice does
    not say), ``search`` (what readers type and the page that answers it), ``notice_text`` and
    ``notice_sha256``. The placeholders of the site's own sentences are filled
    (:mod:`policykit._placeholders`).
    """
    root = Path(root)
    text_bytes = (root / "notice.txt").read_bytes()
    policy: dict[str, Any] = {
        "meta": load_yaml(root / "meta.yaml") if (root / "meta.yaml").exists() else {},
        "sources": {},
        "notice": {},
        "lists": {},
        "selfcheck": {},
        "wording": load_yaml(root / "wording.yaml") if (root / "wording.yaml").exists() else {},
        "faq": load_yaml(root / "faq.yaml") if (root / "faq.yaml").exists() else {"entries": []},
        "search": (
            load_yaml(root / "search.yaml") if (root / "search.yaml").exists() else {"answers": []}
        ),
        "notice_text": text_bytes.decode("utf-8"),
        "notice_sha256": hashlib.sha256(text_bytes).hexdigest(),
    }
    if (root / "sources.yaml").exists():
        for entry in load_yaml(root / "sources.yaml")["sources"]:
            policy["sources"][entry["id"]] = entry
    items = {p.stem: load_yaml(p) for p in sorted((root / "notice").glob("*.yaml"))}
    policy["notice"] = _in_notice_order(items, policy["notice_text"])
    for path in sorted((root / "lists").glob("*.yaml")):
        policy["lists"][path.stem] = load_yaml(path)
    for path in sorted((root / "selfcheck").glob("*.yaml")):
        policy["selfcheck"][path.stem] = load_yaml(path)
    # A threshold's number typed once: the site's own sentences name it by placeholder.
    fill_placeholders(policy, said_in_policy(policy))
    return policy
