"""``python -m policykit check`` is the maintainers' tool, run after every edit of ``policy/``: every
problem of a YAML file is one line naming the file and the line, never a traceback (issue 18), and
an alias (``*name``) is refused where it stands, so no file can multiply itself."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policykit import POLICY_DIR, DuplicateKeyError, PolicyFileError, load_yaml

ROOT = Path(__file__).resolve().parent.parent


def check(policy: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policykit", "check", str(policy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def policy(tmp_path) -> Path:
    copy = tmp_path / "policy"
    shutil.copytree(POLICY_DIR, copy)
    return copy


def _bomb(levels: int = 8) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnop"
    for prev, name in zip(names[:levels], names[1 : levels + 1]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(lines) + "\n"


BROKEN = {
    "duplicate key": (
        "lists/districts.yaml",
        "id: districts\nid: again\n",
        "duplicate key 'id'",
        2,
    ),
    "python object": ("lists/districts.yaml", "id: !!python/object:os.system x\n", "python", 1),
    "a tab": ("lists/districts.yaml", "id: districts\n\tnote: x\n", "tab", 2),
    "bad utf-8": ("lists/districts.yaml", b"id: districts\nnote: \xff\xfe\n", "UTF-8", 2),
    "deep nesting": ("lists/districts.yaml", "id: " + "[" * 5000 + "]" * 5000 + "\n", "deep", 1),
    "a list as a key": ("lists/districts.yaml", "? [a, b]\n: x\n", "key", 1),
    "an alias bomb": ("lists/bomb.yaml", _bomb(), "alias", 2),
    "not yaml at all": ("lists/districts.yaml", "id: [unclosed\n", "", 2),
}


@pytest.mark.parametrize("name", BROKEN)
def test_each_yaml_problem_is_one_line_with_its_file_and_line(policy, name):
    file, content, words, line = BROKEN[name]
    target = policy / file
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    proc = check(policy)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "Error:" not in proc.stderr
    said = [s for s in proc.stderr.splitlines() if s.startswith(str(target))]
    assert len(said) == 1, proc.stderr
    assert said[0].startswith(f"{target}:{line}: ") and words.lower() in said[0].lower()


def test_a_missing_file_is_said_not_a_traceback(policy):
    (policy / "notice.txt").unlink()
    (policy / "sources.yaml").unlink()
    proc = check(policy)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (
        f"{policy / 'notice.txt'}: " in proc.stderr
        and f"{policy / 'sources.yaml'}: " in proc.stderr
    )


def test_the_policy_as_it_is_passes(policy):
    proc = check(policy)
    assert proc.returncode == 0 and proc.stderr == ""


def test_load_yaml_raises_a_problem_with_the_file_and_the_line(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("id: a\ntitle: x\nid: b\n", encoding="utf-8")
    with pytest.raises(DuplicateKeyError) as info:
        load_yaml(path)
    assert isinstance(info.value, PolicyFileError) and (info.value.line, info.value.path) == (
        3,
        path,
    )
