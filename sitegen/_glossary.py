"""Glossary entries and the search vocabulary, both read from policy/lists/glossary.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["glossary_entries", "search_terms"]

_EXTRA_TERMS = Path(__file__).resolve().parent / "search_terms.txt"


def glossary_entries(policy: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries of policy/lists/glossary.yaml (each with abbr and definition maps)."""
    try:
        content = policy["lists"]["glossary"]
    except KeyError:
        raise KeyError("policy/lists/glossary.yaml is missing") from None
    return list(content["entries"])


def search_terms(policy: dict[str, Any]) -> list[str]:
    """Words jieba must keep whole: the glossary's Chinese terms plus sitegen/search_terms.txt.

    Material's search matches word beginnings only, so a term that jieba splits (参保/职工) or
    keeps inside a longer word cannot be found by typing it.
    """
    terms = [e["abbr"]["zh"] for e in glossary_entries(policy)]
    for line in _EXTRA_TERMS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            terms.append(line)
    return sorted(set(terms), key=lambda term: (-len(term), term))
