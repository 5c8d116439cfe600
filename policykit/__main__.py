"""``python -m policykit check|bundle``: validate ``policy/`` or rewrite the engine's bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from ._bundle import write_bundle
from ._load import POLICY_DIR, PolicyLoadError, load_policy
from .schema import validate_policy

USAGE = "usage: python -m policykit check [POLICY_DIR] | python -m policykit bundle"


def _report(problems: list[str]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"policy/: {len(problems)} problem(s) / 发现 {len(problems)} 处问题", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Check ``policy/`` (or another folder of policy files: ``check DIR``), or rewrite the
    engine's bundle. Every problem is one line naming the file (and the line, in a YAML file);
    exit status 1 when there is any, 2 for a wrong command."""
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "check"
    if command not in ("check", "bundle") or len(args) > (2 if command == "check" else 1):
        print(USAGE, file=sys.stderr)
        return 2
    root = Path(args[1]) if len(args) > 1 else POLICY_DIR
    try:
        policy = load_policy(root)
    except PolicyLoadError as exc:
        return _report(exc.problems)
    try:
        problems = validate_policy(policy)
    except Exception as exc:  # noqa: BLE001 - a shape the checks do not expect: said, not thrown
        detail = f"{type(exc).__name__}: {exc}"[:300]
        problems = [f"{root}: the check stopped at a shape it does not expect ({detail})"]
    if problems:
        return _report(problems)
    if command == "bundle":
        print(f"wrote {write_bundle()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
