"""Shared pieces of the widget tests: the sample enterprises and the boot timeout. The built and
served site and the browser are the fixtures of ``conftest.py``."""

from __future__ import annotations

import base64
import json
import zlib
from urllib.parse import parse_qs

import selfcheck

from ._site import ROOT
from ._thresholds import INSURED

__all__ = ["BOOT_TIMEOUT_MS", "ROOT", "SAMPLE", "fragment", "read_link"]

#: Sample enterprises in the public answer format: the engine's strong example, and two
#: variants of it.
_ELIGIBLE = json.loads((ROOT / "examples" / "strong.json").read_text(encoding="utf-8"))
SAMPLE = {
    "eligible": _ELIGIBLE,
    # Too few insured staff (c2 not met); no enterprise type (c3 left to the district).
    "not_eligible": {**_ELIGIBLE, "insured_staff_shenzhen": INSURED - 50, "enterprise_types": []},
    "incomplete": {"registered_in_shenzhen": True, "employees": 500},
}
#: Pyodide boots in 5-8 s on a quiet machine; leave room for a busy one.
BOOT_TIMEOUT_MS = 90_000


def fragment(answers) -> str:
    """A share link's fragment in its first form, ``#answers=<base64url of the JSON>`` (links
    made so before the short form keep opening)."""
    raw = json.dumps(answers, ensure_ascii=False).encode("utf-8")
    return "#answers=" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_link(fragment_text: str) -> dict:
    """The answers of a share link's fragment, read as the answers page documents it (written
    here again on purpose: the page's description, not the widget's code, is what others build
    on): ``a=z<base64url of raw deflate>`` or ``a=t<base64url>`` of the fields in link order, or
    ``answers=<base64url of the JSON>``."""
    params = {k: v[0] for k, v in parse_qs(fragment_text.lstrip("#")).items()}

    def unb64(text: str) -> bytes:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    if "answers" in params:
        return json.loads(unb64(params["answers"]).decode("utf-8"))
    kind, body = params["a"][0], unb64(params["a"][1:])
    text = (zlib.decompress(body, wbits=-15) if kind == "z" else body).decode("utf-8")
    policy = selfcheck.load_policy_bundle()["selfcheck"]["questions"]
    types = {q["key"]: q["type"] for q in policy["questions"]}
    answers: dict = {}
    for key, field in zip(policy["link_order"], text.split(",") if text else []):
        kind = types[key]
        if field == "":
            continue
        if field == "?":
            answers[key] = "unsure"
        elif kind == "boolean":
            answers[key] = field == "1"
        elif kind in ("integer", "number"):
            answers[key] = json.loads(field)
        elif kind == "multi_choice":
            answers[key] = [] if field == "-" else field.split(".")
        else:
            answers[key] = field
    return answers


def opened_tabs(make_tab, browser, origin):
    """A fixture's body: yields a maker of tabs (``make(lang)``: ``make_tab(browser, origin,
    lang)``) and closes every tab it made."""
    opened = []

    def make(lang="zh"):
        opened.append(make_tab(browser, origin, lang))
        return opened[-1]

    yield make
    for t in opened:
        t.context.close()
