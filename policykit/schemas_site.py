"""Closed schemas of the site's own files in ``policy/``: ``faq.yaml`` (questions answered from
what the notice does not say) and ``search.yaml`` (what readers type and the page that answers it),
and the check of the glossary's quotes of the notice."""

from __future__ import annotations

from typing import Any

from ._types import ADVICE, CONFIDENCE, ID, LABEL, READING, SOURCE, Enum, check

__all__ = ["FAQ", "SEARCH", "glossary_quotes", "site_problems"]

#: Questions answered from what the notice does not say (policy/faq.yaml): the answer is the site's
#: reading, the advice apart; rests_on names the notice items it reads.
FAQ = {
    "id": Enum("faq"),
    "entries": [
        {
            "id": ID,
            "question": LABEL,
            "answer": READING,
            "advice?": ADVICE,
            "rests_on": [ID],
            "source": SOURCE,
            "confidence": CONFIDENCE,
        }
    ],
}

#: What readers type into the search box, and the page (and part) that answers it.
SEARCH = {"id": Enum("search"), "answers": [{"answer": str, "words": {"zh": [str], "en": [str]}}]}


def site_problems(policy: dict[str, Any]) -> list[str]:
    """The problems of faq.yaml and search.yaml (schemas; a question resting on no notice item)."""
    problems = check(policy.get("faq"), FAQ, "faq.yaml")
    problems += check(policy.get("search"), SEARCH, "search.yaml")
    for entry in policy.get("faq", {}).get("entries", []):
        for ref in entry.get("rests_on", []) if isinstance(entry, dict) else []:
            if ref not in policy["notice"]:
                problems.append(f"faq.yaml: {entry.get('id')}: rests on {ref!r}, no notice item")
    return problems


def glossary_quotes(policy: dict[str, Any]) -> list[str]:
    """A glossary entry's quote of the notice stands verbatim in the clause it names."""
    problems = []
    for entry in policy["lists"].get("glossary", {}).get("entries", []):
        quote = entry.get("quote")
        if not isinstance(quote, dict):
            continue
        clause = policy["notice"].get(quote.get("clause"))
        said = quote.get("text") if isinstance(quote.get("text"), dict) else {}
        if clause is None:
            problems.append(
                f"lists/glossary.yaml: {entry.get('id')}: no clause {quote.get('clause')!r}"
            )
        elif not isinstance(said.get("zh"), str) or said["zh"] not in clause["text"].get("zh", ""):
            problems.append(
                f"lists/glossary.yaml: {entry.get('id')}: the quote is not verbatim in "
                f"{quote.get('clause')}"
            )
    return problems
