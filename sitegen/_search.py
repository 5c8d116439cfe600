"""The search puts the answering page first: the words readers type (policy/search.yaml, and the
glossary's terms) are added to the search index entry of the page part that answers them.

Material's search index (``search/search_index.json``, one entry per page and per section) is
read by its search worker with lunr; its ``fields`` set how much a match in each field counts
(title 1,000, text 1). After MkDocs has written the index, :func:`rank_answers` gives the
answering entries a field of their own, ``keywords``, that counts more than any title
(:data:`KEYWORD_BOOST`), so a query with one of those words finds that page first, and its part
first within it. Nothing is hidden in the page: the words live only in the index, and each one is
the name of what its page answers.

Only words that tell answers apart become keywords: Chinese words are kept whole (the worker cuts
a Chinese query into the index's own words); English phrases are cut into words, without the
small words every question has (what, is, the…); the glossary lends the words of its names that
no other answer shares. A word of policy/search.yaml that would point to two answers is an error
of the data, reported when the site is built.

:func:`fix_search_worker` corrects two things in Material's search worker as built. It cut a
Chinese query into the index's words but never tried a word ending where the query ends (the last
word was lost: 申报表 was searched as 申报, 自主评价 as 自主 and 评), and stopped at the first
character no index word starts with (需要盖公章吗 was searched as 需要 alone, 几号之前要交材料 as
itself, finding nothing), and glued the words to the digits beside them (带动5家企业 was searched
as one word): its segmenter is replaced by one that takes the longest index word at each place and
skips what it cannot read, and its words are set apart by spaces. And it searched every word of a query as a word
beginning, small words too, so "a" or "in" found every word starting so (annex, insured) and
pulled pages with such keywords first: the small words are left out. The build fails if the worker's code is not the one these
fixes were written for (a Material upgrade), so they are never applied blindly.

Zensical builds its own index and does not read this (README, "Under Zensical").
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ._glossary import glossary_entries

__all__ = [
    "ANSWERS_FILE",
    "KEYWORD_BOOST",
    "fix_search_worker",
    "rank_answers",
    "search_answers",
]

#: The weight of a keyword match: above a title match (1,000) on the page with the highest page
#: boost (sitegen/strings.yaml, pages), so the answer comes first whatever else matches.
KEYWORD_BOOST = 100_000
#: Written by ``sitegen generate`` beside each language's mkdocs.yml; read after MkDocs.
ANSWERS_FILE = "search-answers.json"

# lunr's English stop words: the corrected worker leaves them out of a query (see
# _WORKER_FIXES), so a keyword among them could never be found.
_STOP = frozenset(
    """a able about across after all almost also am among an and any are as at be because been
but by can cannot could dear did do does either else ever every for from get got had has
have he her hers him his how however i if in into is it its just least let like likely may
me might most must my neither no nor not of off often on only or other our own rather said
say says she should since so some than that the their them then there these they this tis
to too twas us wants was we were what when where which while who whom why will with would
yet you your""".split()  # noqa: SIM905 - a word list
)
_SPLIT = re.compile(r"[^\w+']+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _target(answer: str, pages: dict[str, str]) -> str:
    """``faq#deadline`` -> the index location ``faq/#deadline`` (``index`` is the home page)."""
    page, _, anchor = answer.partition("#")
    if page not in pages:
        raise ValueError(f"search answer {answer!r}: no page {page!r} (sitegen/strings.yaml pages)")
    return pages[page] + (f"#{anchor}" if anchor else "")


def _tokens(word: str) -> list[str]:
    """The index words of one search word: a Chinese word whole; an English one cut into words,
    without the small words every question has."""
    if _HAN.search(word):
        return [re.sub(r"[“”‘’《》\"]", "", word).lower()]
    return [p.strip("'") for p in _SPLIT.split(word.lower()) if p.strip("'") and p not in _STOP]


def _forms(word: str) -> list[str]:
    """An English keyword with its plural and verb forms (approve: approves, approved,
    approving): the worker matches a query word as the beginning of an index word, so "approves"
    finds nothing where only "approve" is indexed."""
    if not word.isalpha() or len(word) < 3 or _HAN.search(word):
        return [word]
    consonant_y = word.endswith("y") and word[-2] not in "aeiou"
    if consonant_y:
        return [word, word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    plural = word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")
    if word.endswith("e") and not word.endswith("ee"):
        return [word, plural, word + "d", word[:-1] + "ing"]
    return [word, plural, word + "ed", word + "ing"]


def _overlap(a: str, b: str) -> bool:
    """Whether a query for one word also finds the other (the search matches word beginnings)."""
    return a.startswith(b) or b.startswith(a)


def search_answers(policy: dict[str, Any], lang: str, pages: dict[str, str]) -> list[dict]:
    """``[{"location", "answer", "keywords"}]``: each answering part of the site and its words in
    ``lang``; ``pages`` maps a page's name (``faq``) to its location in the index (``faq/``).

    The words of policy/search.yaml must each lead to one answer: a word that another answer also
    has, or that begins with another answer's word or with a one-word name of the glossary (链主),
    raises ``ValueError``. The
    glossary's names lend their words where they tell the entry apart: a word of a name that
    another answer also leads to is left out (``enterprise`` of "Enterprise above designated
    size"), which keeps the glossary from answering every query with a common word.
    """
    explicit: dict[str, list[str]] = {}
    for item in policy.get("search", {}).get("answers", []):
        for word in item["words"][lang]:
            explicit.setdefault(item["answer"], []).extend(_tokens(word))
    derived: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}  # the glossary's names that are one word (链主, SRDI)
    for entry in glossary_entries(policy):
        answer = entry.get("answer") or f"glossary#{entry['id']}"
        term, abbr = entry["term"][lang], entry["abbr"][lang]
        # 企业新型学徒制 ends in its short name: the words before it (企业) are a query's common
        # words, not the term's; the short name is what is searched for.
        words = [abbr] if term != abbr and term.endswith(abbr) else [term, abbr]
        for word in words:
            tokens = _tokens(word)
            derived.setdefault(answer, []).extend(tokens)
            if len(tokens) == 1:
                names.setdefault(answer, []).extend(tokens)
    clashes = []
    owners = [(token, answer) for answer, tokens in explicit.items() for token in set(tokens)]
    for token, answer in owners:
        for other, other_answer in owners:
            if other_answer != answer and other != token and token.startswith(other):
                clashes.append(f"{token!r} ({answer}) begins with {other!r} ({other_answer})")
            elif other_answer != answer and other == token and answer < other_answer:
                clashes.append(f"{token!r}: {answer} and {other_answer}")
        for other_answer, tokens in names.items():
            if other_answer != answer and any(token.startswith(other) for other in tokens):
                clashes.append(f"{token!r} ({answer}) begins with a glossary name ({other_answer})")
    if clashes:
        raise ValueError(f"policy/search.yaml ({lang}): " + "; ".join(sorted(clashes)))
    everything = [(t, a) for source in (explicit, derived) for a, ts in source.items() for t in ts]
    out = []
    for answer in dict.fromkeys([*explicit, *derived]):
        keep = list(explicit.get(answer, []))
        keep += [
            token
            for token in derived.get(answer, [])
            if not any(a != answer and _overlap(token, t) for t, a in everything)
        ]
        unique = list(dict.fromkeys(form for token in keep for form in _forms(token)))
        if unique:
            out.append({"location": _target(answer, pages), "answer": answer, "keywords": unique})
    return out


#: A word on more than this share of the index's entries is common (企业 is, 申报 is not); a
#: Chinese keyword must not begin with one of two characters or more.
COMMON_SHARE = 0.25


def _common_words(data: dict[str, Any]) -> set[str]:
    """The words of the built index on more than :data:`COMMON_SHARE` of its entries."""
    separator = re.compile(data["config"]["separator"])
    counts: dict[str, int] = {}
    for doc in data["docs"]:
        text = re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}").lower()
        for word in {w for w in separator.split(text) if w}:
            counts[word] = counts.get(word, 0) + 1
    return {w for w, n in counts.items() if n > COMMON_SHARE * len(data["docs"])}


def rank_answers(site_lang: Path | str, answers_file: Path | str) -> None:
    """Add the answers' keywords to the built search index of one language (in place)."""
    index_path = Path(site_lang) / "search" / "search_index.json"
    data = json.loads(index_path.read_text(encoding="utf-8"))
    answers = json.loads(Path(answers_file).read_text(encoding="utf-8"))
    docs = {doc["location"]: doc for doc in data["docs"]}
    missing = [a["answer"] for a in answers if a["location"] not in docs]
    if missing:
        raise ValueError(
            "policy/search.yaml: these answers are no part of the built site: " + ", ".join(missing)
        )
    common = _common_words(data)
    reachable = [
        f"{token!r} ({a['answer']}) begins with {token[:k]!r}"
        for a in answers
        for token in a["keywords"]
        for k in range(1, len(token))
        if _HAN.search(token) and len(token[:k]) > 1 and token[:k] in common
    ]
    if reachable:
        raise ValueError(
            "policy/search.yaml: a Chinese word begins with a word most pages use, so queries "
            "with that word alone would find it: " + "; ".join(reachable)
        )
    for answer in answers:
        docs[answer["location"]]["keywords"] = " ".join(answer["keywords"])
    data["config"]["fields"]["keywords"] = {"boost": KEYWORD_BOOST}
    index_path.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


# Material 9.8's search worker (minified): each piece as it is, and as corrected.
_WORKER_FIXES = (
    # The Chinese segmenter (a query cut into the index's words): replaced by one that takes the
    # longest index word at each place, skips a character no index word starts with, and keeps
    # single characters only when nothing longer was found.
    (
        "function fe(t,e){let r=new Set,n=new Uint16Array(t.length);for(let s=0;s<t.length;s++)"
        "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);let i=[0];for(let s=i.length;"
        "s>0;){let o=i[--s];for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&(r.add(t.slice(o,o+u)),"
        "i[s++]=o+u);let a=o+n[o];n[a]&&a<t.length-1&&(i[s++]=a),r.add(t.slice(o,a))}"
        'return r.has("")?new Set([t]):r}',
        "function fe(t,e){let r=[];for(let s=0;s<t.length;){let n=0;for(let o=t.length;o>s;o--)"
        "if(t.slice(s,o)in e){n=o-s;break}n?(r.push(t.slice(s,s+n)),s+=n):s++}"
        "let i=r.filter(s=>s.length>1);return new Set(i.length?i:r.length?r:[t])}",
    ),
    # The Chinese of a query is replaced by its words, now with spaces around them, so they stay
    # apart from the digits or Latin letters next to them (带动5家企业: 带动 5 企业).
    (
        's=>[...fe(s,this.index.invertedIndex)].join("* ")',
        's=>" "+[...fe(s,this.index.invertedIndex)].join("* ")+" "',
    ),
    # Every query word becomes a word beginning (term*), which lunr's stop-word filter never sees:
    # "a", "in" and "to" found every word starting so. The small words are left out first.
    (
        ".map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`)",
        ".filter(r=>/^[+-]/.test(r)||lunr.stopWordFilter(r.toLowerCase())!==void 0)"
        ".map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`)",
    ),
)


def fix_search_worker(site_lang: Path | str) -> None:
    """Correct Material's search worker for this site's queries (see the module's docstring).

    The corrected worker gets a name of its own (``search.<hash of its content>.min.js``, its
    source map dropped) and every page of the language is pointed to it: Material's hashed files
    are cached for a year as immutable, so changed bytes must never be served under the old name.
    Raises ``ValueError`` when the worker is not the one the fixes are for.
    """
    site_lang = Path(site_lang)
    folder = site_lang / "assets" / "javascripts" / "workers"
    workers = list(folder.glob("search.*.min.js"))
    if len(workers) != 1:
        raise ValueError(f"expected one Material search worker, found {len(workers)}")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    for old, new in _WORKER_FIXES:
        if code.count(old) != 1:
            raise ValueError(
                f"{worker.name}: Material's search worker is not the one sitegen/_search.py "
                f"corrects (a Material upgrade?): {old[:40]}… not found once"
            )
        code = code.replace(old, new)
    code = code.replace(f"//# sourceMappingURL={worker.name}.map", "")
    name = f"search.{hashlib.sha256(code.encode()).hexdigest()[:8]}.min.js"
    (folder / name).write_text(code, encoding="utf-8")
    worker.unlink()
    worker.with_name(worker.name + ".map").unlink(missing_ok=True)
    for page in site_lang.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if worker.name in text:
            page.write_text(text.replace(worker.name, name), encoding="utf-8")
