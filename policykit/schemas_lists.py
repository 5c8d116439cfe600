"""Closed schemas of ``policy/lists/*.yaml`` (one entry per file stem)."""

from __future__ import annotations

SCHEMAS: dict[str, object] = {}
