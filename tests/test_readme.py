"""README.md opens with the two set-up commands, and CI runs exactly the second one."""

from __future__ import annotations

import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    return [
        line.rstrip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:2]
    ]


def test_the_readme_opens_with_serve_then_test():
    serve, test = _readme_commands()
    assert serve.startswith("bash scripts/setup.sh && ") and serve.endswith("-m sitegen serve")
    assert test.startswith("bash scripts/setup.sh && ") and "-m pytest" in test
    assert (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[2].strip() == ""


def test_ci_runs_the_readmes_test_command():
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert ci_lines[-1] == _readme_commands()[1]


def test_the_commands_name_files_that_exist():
    for command in _readme_commands():
        words = shlex.split(command)
        assert (ROOT / words[1]).is_file()  # bash scripts/setup.sh
        assert words[3] == ".venv/bin/python"
