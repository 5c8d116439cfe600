"""The thresholds of the notice's points, read from the policy (tests that stand at a threshold
take its number from here, never typing it again)."""

from __future__ import annotations

from policykit import load_policy

_POLICY = load_policy()
#: Every point with a threshold, by its one answer key.
THRESHOLDS = {
    point["keys"][0]: point
    for item in _POLICY["notice"].values()
    for point in item.get("points", [])
    if "threshold" in point
}


def threshold_of(key: str) -> int | float:
    """The number of the threshold of the point that reads ``key``."""
    return THRESHOLDS[key]["threshold"]["value"]


#: The insured-staff threshold (300 in the notice).
INSURED = threshold_of("insured_staff_shenzhen")
