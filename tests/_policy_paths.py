"""Walk a loaded policy and list every language map, so tests can remove one at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def lang_maps(node: Any, path: tuple = ()) -> Iterator[tuple]:
    """Yield the path of every ``{zh, en}`` map in ``node``."""
    if isinstance(node, dict):
        if set(node) == {"zh", "en"}:
            yield path
            return
        for key, value in node.items():
            yield from lang_maps(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from lang_maps(value, path + (index,))


def get(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node
