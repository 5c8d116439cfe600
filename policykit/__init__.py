"""Load, validate and bundle the policy data in ``policy/``.

``policy/`` is the single source of truth of the project. This package reads it (PyYAML, with
duplicate keys rejected), checks it against closed schemas (:mod:`policykit.schema`) and writes the
JSON bundle that the standard-library-only engine (:mod:`selfcheck`) and the browser read.
It is build tooling: the engine never imports it.
"""

from ._bundle import BUNDLE_PATH, bundle_json, condition_keys, engine_bundle, write_bundle
from ._load import (
    POLICY_DIR,
    DuplicateKeyError,
    PolicyFileError,
    PolicyLoadError,
    load_policy,
    load_yaml,
)

__all__ = [
    "BUNDLE_PATH",
    "POLICY_DIR",
    "DuplicateKeyError",
    "PolicyFileError",
    "PolicyLoadError",
    "bundle_json",
    "condition_keys",
    "engine_bundle",
    "load_policy",
    "load_yaml",
    "write_bundle",
]
