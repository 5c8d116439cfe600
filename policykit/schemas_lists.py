"""Closed schemas of ``policy/lists/*.yaml`` (one entry per file stem).

Every list file has ``id`` (its stem), ``title``, ``source``, ``confidence`` and its entries; every
entry has its own ``source`` and ``confidence``. A *fact* is a flat mapping ``{zh, en, source,
confidence}``: a statement in both languages with what it rests on.
"""

from __future__ import annotations

from ._types import CONFIDENCE, ID, LANG, SOURCE, Enum, Nullable

FACT = {"zh": str, "en": str, "source": SOURCE, "confidence": CONFIDENCE}

_FILE = {"title": LANG, "source": SOURCE, "confidence": CONFIDENCE}
_ENTRY = {"id": ID, "source": SOURCE, "confidence": CONFIDENCE}

GD_STRATEGIC_CLUSTERS = {
    "id": Enum("gd-strategic-clusters"),
    **_FILE,
    "note": LANG,
    "entries": [{**_ENTRY, "order": int, "name": LANG, "kind": Enum("pillar", "emerging")}],
}

SOCIAL_SERVICE_FIELDS = {
    "id": Enum("social-service-fields"),
    **_FILE,
    "note": LANG,
    "entries": [{**_ENTRY, "order": int, "name": LANG, "kind": Enum("social", "service")}],
}

_SZ_KINDS = Enum("cluster", "future")

SZ_20_8_CLUSTERS = {
    "id": Enum("sz-20-8-clusters"),
    **_FILE,
    "version": str,
    "note": LANG,
    "entries": [{**_ENTRY, "order": int, "name": LANG, "kind": _SZ_KINDS}],
    "revision": {
        "source": SOURCE,
        "confidence": CONFIDENCE,
        "adds": [{**_ENTRY, "name": LANG, "kind": _SZ_KINDS}],
        "full_list": FACT,
    },
}

_BOUNDS = {"employees?": float, "revenue?": float, "total_assets?": float}

NBS_SIZE_2017 = {
    "id": Enum("nbs-size-2017"),
    **_FILE,
    "document": {"number": str, "title": LANG},
    "comparison": Enum("gte"),
    "rule": LANG,
    "indicators": [
        {"id": Enum("employees", "revenue", "total_assets"), "answer_key": str, "label": LANG, "unit": LANG}
    ],
    "groups": [
        {
            **_ENTRY,
            "order": int,
            "name": LANG,
            "covers?": LANG,
            "indicators": [Enum("employees", "revenue", "total_assets")],
            "bounds": {"large": _BOUNDS, "medium": _BOUNDS, "small": _BOUNDS},
            "small_confidence": CONFIDENCE,
        }
    ],
    "in_force": FACT,
    "later_revision": FACT,
    "note": LANG,
}

ABOVE_DESIGNATED_SIZE = {
    "id": Enum("above-designated-size"),
    **_FILE,
    "note": LANG,
    "comparison": Enum("gte"),
    "entries": [
        {**_ENTRY, "sector": LANG, "threshold_10k_cny": Nullable(float), "basis": LANG}
    ],
}

DISTRICTS = {
    "id": Enum("districts"),
    **_FILE,
    "submission": FACT,
    "addresses": {"available": bool, "zh": str, "en": str},
    "entries": [
        {
            **_ENTRY,
            "order": int,
            "name": LANG,
            "kind": Enum("district", "new_district", "cooperation_zone"),
            "note?": LANG,
        }
    ],
}

GLOSSARY = {
    "id": Enum("glossary"),
    **_FILE,
    "note": LANG,
    "entries": [{**_ENTRY, "term": LANG, "abbr": LANG, "definition": LANG}],
}

REGULATIONS = {
    "id": Enum("regulations"),
    **_FILE,
    "note": LANG,
    "entries": [
        {
            **_ENTRY,
            "number": Nullable(str),
            "title": LANG,
            "issuer": LANG,
            "date": Nullable(str),
            "role": LANG,
            "different_programme?": bool,
            "known": [FACT],
            "not_known": [LANG],
        }
    ],
}

SCHEMAS: dict[str, object] = {
    "above-designated-size": ABOVE_DESIGNATED_SIZE,
    "districts": DISTRICTS,
    "gd-strategic-clusters": GD_STRATEGIC_CLUSTERS,
    "glossary": GLOSSARY,
    "nbs-size-2017": NBS_SIZE_2017,
    "regulations": REGULATIONS,
    "social-service-fields": SOCIAL_SERVICE_FIELDS,
    "sz-20-8-clusters": SZ_20_8_CLUSTERS,
}
