"""A copy of the checkout (the files git tracks, plus new ones it does not ignore), for tests that
change or remove part of it; ``node_modules/`` is linked, not copied."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_checkout(dest: Path, without: tuple[str, ...] = ()) -> Path:
    """The checkout copied into ``dest`` (top-level folders in ``without`` left out)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if Path(name).parts[0] in without or not source.is_file():
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def run_python(copy: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """``python ARGS`` in the copy, importing the copy's packages (never this checkout's)."""
    env = {**os.environ, "PYTHONPATH": str(copy)}
    env.pop("SITEGEN_POLICY_DIR", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
    )
