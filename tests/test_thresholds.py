"""Every threshold of the notice is tested at its boundary, and the examples that stand at one say
so: when a threshold changes in policy/, these checks name each case and example that still stands
at the old number (the site's own sentences follow by themselves: policykit's placeholders)."""

from __future__ import annotations

import json

import pytest

from ._cases import CASES
from ._site import ROOT
from ._thresholds import INSURED, THRESHOLDS

#: For each comparison, the answers on either side of the boundary: (met, not met).
SIDES = {
    "gte": lambda v: (v, v - 1),
    "gt": lambda v: (v + 1, v),
    "lte": lambda v: (v, v + 1),
    "lt": lambda v: (v - 1, v),
}


def _answering(key: str) -> dict[str, object]:
    """The cases that answer ``key``, with the answer they give."""
    out = {}
    for case in CASES:
        try:
            answers = json.loads(case["json"])
        except ValueError:
            continue
        if isinstance(answers, dict) and key in answers:
            out[case["id"]] = answers[key]
    return out


@pytest.mark.parametrize("key", sorted(THRESHOLDS))
def test_each_threshold_has_a_case_on_either_side_of_it(key):
    point = THRESHOLDS[key]
    rule = point["threshold"]
    met, not_met = SIDES[rule["comparison"]](rule["value"])
    cases = _answering(key)
    missing = [
        side for side, value in (("met", met), ("not met", not_met)) if value not in cases.values()
    ]
    assert missing == [], (
        f"examples/cases/ has no case answering {key} = {met if 'met' in missing else not_met} "
        f"({', '.join(missing)} at the threshold of {point['id']}, {rule['value']}); the cases "
        f"answering {key}: {', '.join(f'{i} ({v})' for i, v in cases.items())}"
    )


def test_the_borderline_example_stands_one_below_the_insured_threshold_as_the_readme_says():
    example = json.loads((ROOT / "examples" / "borderline.json").read_text(encoding="utf-8"))
    insured = example["insured_staff_shenzhen"]
    assert insured == INSURED - 1, (
        f"examples/borderline.json answers insured_staff_shenzhen = {insured}, one below the "
        f"threshold was {INSURED - 1}: change it, and the line of README.md that runs it"
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if "examples/borderline.json" in x)
    assert f"# {insured} insured staff" in line, f"README.md: {line.strip()}"
