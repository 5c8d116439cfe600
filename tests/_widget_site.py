"""Shared pieces of the widget tests: the sample enterprises and the boot timeout. The built and
served site and the browser are the fixtures of ``conftest.py``."""

from __future__ import annotations

import json

from ._site import ROOT
from ._thresholds import INSURED

__all__ = ["BOOT_TIMEOUT_MS", "ROOT", "SAMPLE"]

#: Sample enterprises in the public answer format: the engine's strong example, and two
#: variants of it.
_ELIGIBLE = json.loads((ROOT / "examples" / "strong.json").read_text(encoding="utf-8"))
SAMPLE = {
    "eligible": _ELIGIBLE,
    # Too few insured staff (c2 not met); no enterprise type (c3 left to the district office).
    "not_eligible": {**_ELIGIBLE, "insured_staff_shenzhen": INSURED - 50, "enterprise_types": []},
    "incomplete": {"registered_in_shenzhen": True, "employees": 500},
}
#: Pyodide boots in 5-8 s on a quiet machine; leave room for a busy one.
BOOT_TIMEOUT_MS = 90_000
