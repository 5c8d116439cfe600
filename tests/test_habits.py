"""The project's habits, checked: lint and format (ruff), type-checked JavaScript (tsc), a reason for
every file longer than a sitting, no clause id or condition count typed in code, no reaching into
another package's private names, no import cycles."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The product's source (not the tests, not the data in policy/).
PRODUCT = [
    ROOT / "selfcheck",
    ROOT / "policykit",
    ROOT / "sitegen",
    ROOT / "benchmarks",
    ROOT / "overrides",
    ROOT / "docs",
]
SOURCE_SUFFIXES = {".py", ".mjs", ".js", ".j2", ".html", ".css"}
MAX_LINES = 400


def _sources(suffixes=SOURCE_SUFFIXES) -> list[Path]:
    return sorted(
        p
        for folder in PRODUCT
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in suffixes and "__pycache__" not in p.parts
    )


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    result = _run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]


def test_ruff_formatted():
    result = _run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]


@pytest.mark.parametrize("config", ["jsconfig.json", "jsconfig.worker.json"])
def test_the_widgets_javascript_type_checks(config):
    tsc = ROOT / "node_modules" / ".bin" / "tsc"
    assert tsc.exists(), "run scripts/setup.sh (npm ci installs typescript)"
    result = _run(str(tsc), "-p", f"sitegen/widget/assets/{config}")
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_script_of_the_widget_asks_to_be_type_checked():
    scripts = [
        p for p in (ROOT / "sitegen" / "widget" / "assets").iterdir() if p.suffix in {".js", ".mjs"}
    ]
    assert (
        scripts
        and [
            p.name for p in scripts if not p.read_text(encoding="utf-8").startswith("// @ts-check")
        ]
        == []
    )


#: Files longer than a sitting, each with the reason it is still one file (a concept that outgrew
#: a file becomes a subpackage with one public face; a long file is a question to answer here).
LONG_FILES: dict[str, str] = {}


def _long_files() -> dict[str, int]:
    return {
        str(p.relative_to(ROOT)): n
        for p in _sources()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }


def test_a_file_longer_than_a_sitting_says_why_it_is_one_file():
    unexplained = sorted(set(_long_files()) - set(LONG_FILES))
    assert unexplained == [], "split it by concept, or give LONG_FILES its reason"
    # A reason is a sentence, not a placeholder; a file that got shorter leaves the list.
    assert [f for f, why in LONG_FILES.items() if len(why.split()) < 6] == []
    assert sorted(set(LONG_FILES) - set(_long_files())) == []


# A clause id (s2-i4, s4-i1…), a condition's report key typed as a string ("c2", 'c8'), a character
# class or range of the eight keys, or the count of the conditions typed as a number.
_TYPED = re.compile(
    r"\bs\d+-i\d+\b"
    r"|[\"'`]c[1-9][\"'`]"
    r"|c\[1-8\]|\^c\[1-"
    r"|range\(1,\s*9\)|\.c[1-8]\b"
)


def test_no_clause_id_or_condition_count_is_typed_in_code():
    found = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _TYPED.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_clause_id_check_would_catch_one():
    for line in ('x = "s2-i4"', "key == 'c2'", "/^c[1-8]$/", "range(1, 9)", "report.c2"):
        assert _TYPED.search(line), line


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base]) if base else ".".join(parts)
            out += [f"{base}.{a.name}" for a in node.names] + [base]
    return out


def _top(name: str) -> str:
    return name.split(".")[0]


def test_no_module_imports_another_packages_private_names():
    found = []
    for path in _sources({".py"}):
        own = _top(".".join(path.relative_to(ROOT).parts))
        for name in _imports(path):
            parts = name.split(".")
            if (
                _top(name) != own
                and _top(name) in {"selfcheck", "policykit", "sitegen"}
                and any(part.startswith("_") and not part.startswith("__") for part in parts[1:])
            ):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    assert found == []


def _module_graph() -> dict[str, set[str]]:
    modules = {}
    for path in _sources({".py"}):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        modules[name] = path
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not name.startswith(imported + "."):
                targets.add(imported)
        graph[name] = targets
    return graph


def test_no_import_cycles_between_modules():
    graph = _module_graph()
    cycles = []

    def visit(node, stack, seen):
        for target in graph.get(node, ()):
            if target in stack:
                cycles.append(" -> ".join(stack[stack.index(target) :] + [target]))
            elif target not in seen:
                seen.add(target)
                visit(target, stack + [target], seen)

    for start in graph:
        visit(start, [start], {start})
    assert sorted(set(cycles)) == []


def test_node_and_ruff_are_there():
    assert shutil.which("node"), "node is not on PATH"


ARROW = r"\s*(\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>"


def test_a_browser_test_waits_on_a_function_not_an_expression():
    """``wait_for_function`` polls a bare expression through ``eval`` in the page, which the
    site's Content-Security-Policy refuses (EvalError), so such a wait fails whenever its condition
    is not already true at the first look; a function (``"() => …"``) is polled without ``eval``."""
    bare = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "wait_for_function" or not node.args:
                continue
            first = node.args[0]
            text = first.value if isinstance(first, ast.Constant) else None
            if isinstance(text, str) and not re.match(ARROW, text):
                bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bare == []
