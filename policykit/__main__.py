"""``python -m policykit check|bundle``: validate ``policy/`` or rewrite the engine's bundle."""

from __future__ import annotations

import sys

from ._bundle import write_bundle
from ._load import load_policy
from .schema import validate_policy


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "check"
    problems = validate_policy(load_policy())
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"policy/: {len(problems)} problem(s) / 发现 {len(problems)} 处问题", file=sys.stderr)
        return 1
    if command == "bundle":
        print(f"wrote {write_bundle()}")
    elif command != "check":
        print("usage: python -m policykit [check|bundle]", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
