"""``python -m sitegen.widget.stdlib OUT_DIR [--groups engine,xlsx] [--no-cache] [--measure]``:
build the trimmed standard library into ``OUT_DIR`` with its manifest and say what it holds."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import DEFAULT_GROUPS, build_stdlib, describe, measure_boot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitegen.widget.stdlib",
        description="Build the trimmed, precompiled Python standard library for the self-check.",
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument(
        "--groups",
        default=",".join(DEFAULT_GROUPS),
        help="scenario groups in the library (default: %(default)s)",
    )
    parser.add_argument("--no-cache", action="store_true", help="build even if cached")
    parser.add_argument("--measure", action="store_true", help="print boot times under Node")
    args = parser.parse_args(argv)
    groups = [g for g in args.groups.split(",") if g]
    build = build_stdlib(args.out_dir, groups, cache=not args.no_cache)
    (args.out_dir / (build.name[:-4] + ".json")).write_text(
        json.dumps(build.manifest, indent=1, sort_keys=True), encoding="utf-8"
    )
    print(describe(build))
    if args.measure:
        print(json.dumps(measure_boot(args.out_dir / build.name), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
