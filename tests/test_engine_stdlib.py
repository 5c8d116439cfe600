"""The engine imports the standard library only (it runs in Pyodide with no extra package).

The one exception is PyYAML, imported inside ``try ... except ImportError`` to read a YAML answer
file on the command line when it happens to be installed.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "selfcheck"
OPTIONAL = {"yaml"}


def _guarded(tree: ast.AST) -> set[int]:
    """Line numbers of imports inside a ``try`` whose handler catches ImportError."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in {"ImportError", "ModuleNotFoundError"}
            for h in node.handlers
        ):
            lines |= {
                n.lineno
                for stmt in node.body
                for n in ast.walk(stmt)
                if isinstance(n, (ast.Import, ast.ImportFrom))
            }
    return lines


def imports() -> list[tuple[str, str, bool]]:
    """(file, top-level module, guarded) for every absolute import in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = _guarded(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            found += [(path.name, name.split(".")[0], node.lineno in guarded) for name in names]
    return found


def test_the_walk_sees_the_imports():
    modules = {module for _, module, _ in imports()}
    assert {"json", "hashlib", "dataclasses", "csv", "argparse", "yaml"} <= modules


def test_only_the_standard_library_is_imported():
    allowed = set(sys.stdlib_module_names) | {"__future__", "selfcheck"}
    assert [(f, m) for f, m, guarded in imports() if m not in allowed and not guarded] == []


def test_the_optional_imports_are_guarded_and_known():
    optional = {m for _, m, guarded in imports() if guarded}
    assert optional == OPTIONAL


def test_the_walk_would_catch_a_third_party_import(tmp_path):
    tree = ast.parse("import requests\ntry:\n    import yaml\nexcept ImportError:\n    pass\n")
    assert _guarded(tree) == {3}
