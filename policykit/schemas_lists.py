"""Closed schemas of ``policy/lists/*.yaml`` (one entry per file stem).

Every list file has ``id`` (its stem), ``title``, ``source``, ``confidence`` and its entries; every
entry has its own ``source`` and ``confidence``. A *fact* is a flat mapping ``{zh, en, source,
confidence}``: a statement in both languages with what it rests on.
"""

from __future__ import annotations

from ._types import CONFIDENCE, FACT_TEXT, ID, LABEL, NOTICE, READING, SOURCE, Enum, Nullable

FACT = {"zh": str, "en": str, "source": SOURCE, "confidence": CONFIDENCE}

_FILE = {"title": LABEL, "source": SOURCE, "confidence": CONFIDENCE}
_ENTRY = {"id": ID, "source": SOURCE, "confidence": CONFIDENCE}

GD_STRATEGIC_CLUSTERS = {
    "id": Enum("gd-strategic-clusters"),
    **_FILE,
    "note": READING,
    "entries": [{**_ENTRY, "order": int, "name": FACT_TEXT, "kind": Enum("pillar", "emerging")}],
}

SOCIAL_SERVICE_FIELDS = {
    "id": Enum("social-service-fields"),
    **_FILE,
    "note": READING,
    "entries": [{**_ENTRY, "order": int, "name": FACT_TEXT, "kind": Enum("social", "service")}],
}

_SZ_KINDS = Enum("cluster", "future")

SZ_20_8_CLUSTERS = {
    "id": Enum("sz-20-8-clusters"),
    **_FILE,
    "version": str,
    "note": READING,
    # What an entry marked `unverified` lacks, in words (shown beside it instead of the mark).
    "unverified?": LABEL,
    "entries": [{**_ENTRY, "order": int, "name": FACT_TEXT, "kind": _SZ_KINDS}],
    "revision": {
        "source": SOURCE,
        "confidence": CONFIDENCE,
        "adds": [{**_ENTRY, "name": FACT_TEXT, "kind": _SZ_KINDS}],
        "full_list": FACT,
    },
}

_BOUNDS = {"employees?": float, "revenue?": float, "total_assets?": float}

NBS_SIZE_2017 = {
    "id": Enum("nbs-size-2017"),
    **_FILE,
    "document": {"number": str, "title": LABEL},
    "comparison": Enum("gte"),
    "rule": FACT_TEXT,
    "indicators": [
        {
            "id": Enum("employees", "revenue", "total_assets"),
            "answer_key": str,
            "label": LABEL,
            "unit": LABEL,
        }
    ],
    "groups": [
        {
            **_ENTRY,
            "order": int,
            "name": FACT_TEXT,
            "covers?": FACT_TEXT,
            "indicators": [Enum("employees", "revenue", "total_assets")],
            "bounds": {"large": _BOUNDS, "medium": _BOUNDS, "small": _BOUNDS},
            "small_confidence": CONFIDENCE,
        }
    ],
    "in_force": FACT,
    "later_revision": FACT,
    "note": READING,
}

ABOVE_DESIGNATED_SIZE = {
    "id": Enum("above-designated-size"),
    **_FILE,
    "note": READING,
    "comparison": Enum("gte"),
    "answer_key": str,
    "entries": [
        {
            **_ENTRY,
            # the NBS size table's industry groups the sector covers (the site's matching)
            "size_groups": [str],
            "sector": FACT_TEXT,
            "threshold_10k_cny": Nullable(float),
            "basis": FACT_TEXT,
        }
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
            "name": FACT_TEXT,
            "kind": Enum("district", "new_district", "cooperation_zone"),
            "note?": READING,
            # false where this site does not know which office takes the applications (the note
            # says so): no submission step then names one
            "office_known?": bool,
        }
    ],
}

GLOSSARY = {
    "id": Enum("glossary"),
    **_FILE,
    "note": READING,
    # definition: what the entry's sources say (a fact, with the entry's source); reading: the site's
    # own reading or gloss, where it adds one (shown marked as the site's).
    # term and abbr: the term's names, and the English every text of the site uses for it;
    # variants: English renderings refused; answer: "page#anchor" of the site that answers a
    # search for the term, when not the entry itself; quote: the notice's own words on the term
    # (verbatim in the clause named).
    "entries": [
        {
            **_ENTRY,
            "term": LABEL,
            "abbr": LABEL,
            "variants?": [str],
            "answer?": str,
            "quote?": {"clause": ID, "text": NOTICE},
            "definition": FACT_TEXT,
            "reading?": READING,
        }
    ],
}

REGULATIONS = {
    "id": Enum("regulations"),
    **_FILE,
    "note": READING,
    "entries": [
        {
            **_ENTRY,
            "number": Nullable(str),
            "title": LABEL,
            "issuer": LABEL,
            # YYYY, YYYY-MM or YYYY-MM-DD: as much of the date as the sources give (null: none).
            "date": Nullable(str),
            "role": READING,
            "different_programme?": bool,
            "known": [FACT],
            "not_known": [READING],
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
