"""The policy bundle the engine reads, indexed for quick look-up.

``selfcheck/data/policy.json`` is generated from ``policy/`` by ``python -m policykit bundle``: the
engine never reads YAML and types no threshold or sentence itself. The file is read through
``importlib.resources`` so the same code works from a source checkout, an installed wheel and
Pyodide.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from ._text import Text, fill


def load_policy_bundle() -> dict[str, Any]:
    """The whole bundle as plain data (a fresh copy each call)."""
    data = resources.files(__package__) / "data" / "policy.json"
    return json.loads(data.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Policy:
    """The bundle with the indexes the engine needs; build it with :func:`policy`."""

    raw: Mapping[str, Any]
    conditions: tuple[Mapping[str, Any], ...]
    points: Mapping[str, Mapping[str, Any]]
    questions: Mapping[str, Mapping[str, Any]]
    choices: Mapping[str, tuple[str, ...]]
    size_table: Mapping[str, Any]
    districts: Mapping[str, Mapping[str, Any]]
    messages: Mapping[str, Any]
    point_reasons: Mapping[tuple[str, str], Mapping[str, str]]
    point_advice: Mapping[tuple[str, str], Mapping[str, str]]
    facts: Mapping[str, Mapping[str, str]]
    materials: Mapping[str, Any]
    procedure: tuple[Mapping[str, Any], ...]
    items: Mapping[str, Mapping[str, Any]]

    @property
    def version(self) -> str | None:
        return self.raw.get("version")

    @property
    def compiled_on(self) -> str | None:
        """The date the policy data was compiled (the dates each source was read are not kept)."""
        return self.raw.get("compiled_on")

    def cite(self, clause: str) -> Text:
        """Where an item stands in the notice, in words: "通知第二部分第(二)项"."""
        item = self.items[clause]
        section = self.items[item["section"]]
        return fill(
            self.messages["clause_cite"],
            part=Text.of(section["marker"]),
            marker=Text.of(item["marker"]),
        )

    def procedure_item(self, role: str) -> Mapping[str, Any]:
        """The first item of Part 4 with this role (``step``, ``materials``, ``submission``)."""
        return next(item for item in self.procedure if item["role"] == role)

    def size_group(self, group_id: str) -> Mapping[str, Any]:
        return next(g for g in self.size_table["groups"] if g["id"] == group_id)

    @cached_property
    def size_indicators(self) -> Mapping[str, Mapping[str, Any]]:
        return {i["id"]: i for i in self.size_table["indicators"]}

    @cached_property
    def priority_keys(self) -> tuple[str, ...]:
        """The answer keys of the priority factors, in the notice's order."""
        return tuple(
            k for p in self.points.values() if p["nature"] == "priority" for k in p["keys"]
        )

    @cached_property
    def condition_words(self) -> Mapping[str, tuple[Text, Text]]:
        """Each condition's marker and title (by report key), made once."""
        return {c["key"]: (Text.of(c["marker"]), Text.of(c["title"])) for c in self.conditions}

    @cached_property
    def condition_inputs(self) -> tuple[tuple[Mapping[str, Any], tuple[str, ...]], ...]:
        """Each condition with the answer keys its points read (what decides it, and what its
        sentences read for a hint: ``reads``)."""
        return tuple(
            (c, tuple(dict.fromkeys(k for p in c["points"] for k in self.point_inputs(p))))
            for c in self.conditions
        )

    def point_inputs(self, point: Mapping[str, Any]) -> tuple[str, ...]:
        """The answer keys a point reads: its ``keys`` and the ``reads`` of its sentence."""
        return self._inputs[point["id"]]

    @cached_property
    def _inputs(self) -> Mapping[str, tuple[str, ...]]:
        return {p["id"]: (*p["keys"], *p.get("reads", ())) for p in self.points.values()}

    @cached_property
    def size_keys(self) -> tuple[str, ...]:
        """The answer keys the size class reads: the industry group, then every indicator."""
        return ("size_industry", *(i["answer_key"] for i in self.size_table["indicators"]))

    @cached_property
    def status_words(self) -> Mapping[str, Text]:
        """The words of every status, made once."""
        return {s: Text.of(w) for s, w in self.messages["words"]["statuses"].items()}

    def word(self, kind: str, name: str) -> Text:
        """One word of the table of states and sections (``words`` in messages.yaml): ``kind`` is
        ``verdicts``, ``statuses`` or ``sections``."""
        return Text.of(self.messages["words"][kind][name])

    def say(self, section: str, name: str, **params: Any) -> Text:
        """Fill the template ``messages[section][name]`` with ``params``."""
        return fill(self.messages[section][name], **params)

    def fact(self, key: str) -> Text:
        """The short name of the fact an answer key holds (falls back to the question)."""
        return self.fact_words[key]

    def open_point(self, point: str, condition: str) -> Text:
        """A point as the verdict names it: “推进新“八级工”制度落地”（条件(四)）."""
        return self._open_points[point, condition]

    @cached_property
    def _open_points(self) -> Mapping[tuple[str, str], Text]:
        words = self.condition_words
        return {
            (p["id"], c["key"]): fill(
                self.messages["open_point"],
                clause=Text.of(p["text"]),
                marker=words[c["key"]][0],
            )
            for c in self.conditions
            for p in c["points"]
        }

    @cached_property
    def fact_words(self) -> Mapping[str, Text]:
        """Every answer key's fact name (see :meth:`fact`), made once."""
        return {
            key: Text.of(self.facts[key] if key in self.facts else question["label"])
            for key, question in self.questions.items()
        }

    def joiner(self, name: str = "list") -> Mapping[str, str]:
        return self.messages["joiners"][name]


def _entries(list_file: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The entries of a list file: ``groups`` for the size table, ``entries`` otherwise."""
    return list(list_file.get("groups") or list_file.get("entries") or [])


def build_policy(raw: Mapping[str, Any]) -> Policy:
    """Index a bundle (as returned by :func:`load_policy_bundle`)."""
    lists = raw["lists"]
    selfcheck = raw["selfcheck"]
    questions = {q["key"]: q for q in selfcheck["questions"]["questions"]}
    choices: dict[str, tuple[str, ...]] = {}
    for key, question in questions.items():
        if "options_from" in question:
            choices[key] = tuple(e["id"] for e in _entries(lists[question["options_from"]]))
        elif "options" in question:
            choices[key] = tuple(o["value"] for o in question["options"])
    messages = selfcheck["messages"]
    return Policy(
        raw=raw,
        conditions=tuple(raw["conditions"]),
        points={p["id"]: p for c in raw["conditions"] for p in c["points"]},
        questions=questions,
        choices=choices,
        size_table=lists["nbs-size-2017"],
        districts={e["id"]: e for e in _entries(lists["districts"])},
        messages=messages,
        point_reasons={
            (r["point"], r["outcome"]): r["text"] for r in messages["point_reasons"] if "text" in r
        },
        point_advice={
            (r["point"], r["outcome"]): r["advice"]
            for r in messages["point_reasons"]
            if "advice" in r
        },
        facts={f["key"]: f["name"] for f in messages["facts"]},
        materials=selfcheck["materials"],
        procedure=tuple(raw["procedure"]),
        items={i["id"]: i for i in (*raw["sections"], *raw["conditions"], *raw["procedure"])},
    )


@lru_cache(maxsize=1)
def policy() -> Policy:
    """The engine's policy, read once per process."""
    return build_policy(load_policy_bundle())
