"""The self-check form and the widget's configuration, rendered at build time from policy/.

The form is plain HTML (usable before, and without, Pyodide): one fieldset per clause, in the
notice's order, with the questions of ``policy/selfcheck/questions.yaml``. The widget's own words
come from ``strings.yaml`` beside this file; every word the report shares with the rest of the site
(statuses, verdict titles, the names of the result's sections, the disclaimer, markers) comes from
``policy/`` (the one table ``words`` of ``messages.yaml``) so that one state has one word on every
page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from policykit import condition_keys
from selfcheck import answer_format, template_csv
from selfcheck.batch import CHUNK_ROWS, UNREADABLE

from .stdlib import xlsx_package_names

HERE = Path(__file__).resolve().parent
#: The value of the form's "none of these" box, in the template and the widget's configuration.
NONE_OF_THESE = "none"
#: Rows of a batch the page's table shows (the downloads hold every row), and rows with errors
#: listed above it.
BATCH_SHOWN_ROWS = 500
BATCH_LISTED_ERRORS = 100
#: The longest enterprise name the widget keeps (characters): a name, not a document.
NAME_MAX = 100


@lru_cache(maxsize=1)
def widget_strings() -> dict[str, Any]:
    """The widget's UI strings (``strings.yaml``), every leaf a ``{zh, en}`` map."""
    with open(HERE / "strings.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def in_lang(node: Any, lang: str, path: str = "") -> Any:
    """A strings tree with every ``{zh, en}`` leaf replaced by its ``lang`` text."""
    if isinstance(node, dict) and set(node) == {"zh", "en"}:
        return node[lang]
    if isinstance(node, dict):
        return {k: in_lang(v, lang, f"{path}.{k}") for k, v in node.items()}
    raise ValueError(f"widget strings: {path.lstrip('.')} is not a {{zh, en}} map")


def list_entries(policy: dict[str, Any], stem: str) -> list[dict[str, Any]]:
    """The options of ``options_from: <stem>``: a list file's ``entries`` (its ``groups`` for the
    NBS size table), each with an ``id`` and a ``name``."""
    try:
        content = policy["lists"][stem]
    except KeyError:
        raise KeyError(f"policy/lists/{stem}.yaml is missing (options_from: {stem})") from None
    for key in ("entries", "groups"):
        if isinstance(content.get(key), list):
            return content[key]
    raise ValueError(f"policy/lists/{stem}.yaml has neither entries nor groups to offer")


@dataclass(frozen=True)
class Field:
    """One question, ready for the template (texts already in the page's language)."""

    key: str
    type: str
    label: str
    help: str
    unit: str
    not_sure: bool
    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Group:
    """The questions of one clause of the notice, as one fieldset."""

    id: str
    marker: str
    title: str
    href: str
    fields: tuple[Field, ...]


def _page_of(item: dict[str, Any], pages: dict[str, str]) -> str:
    return pages["conditions"] if item.get("kind") == "condition" else pages["procedure"]


def _groups(policy: dict[str, Any], lang: str, pages: dict[str, str]) -> list[Group]:
    by_clause: dict[str, list[Field]] = {}
    for q in policy["selfcheck"]["questions"]["questions"]:
        if q.get("options_from"):
            options = tuple(
                (e["id"], e["name"][lang]) for e in list_entries(policy, q["options_from"])
            )
        else:
            options = tuple((o["value"], o["label"][lang]) for o in q.get("options", []))
        by_clause.setdefault(q["condition"], []).append(
            Field(
                key=q["key"],
                type=q["type"],
                label=q["label"][lang],
                help=q.get("help", {}).get(lang, ""),
                unit=q.get("unit", {}).get(lang, ""),
                not_sure=bool(q.get("not_sure")),
                options=options,
            )
        )
    # Conditions first, in the notice's order; then the other clauses (where to submit). A clause
    # outside the conditions is named with where it stands ("企业申报 · 通知第四部分第(一)项"), so
    # its marker does not read as a ninth condition after (八).
    items = [i for i in policy["notice"].values() if i["id"] in by_clause]
    items.sort(key=lambda i: i.get("kind") != "condition")
    cite = policy["selfcheck"]["messages"]["clause_cite"][lang]
    groups = []
    for item in items:
        marker, title = item.get("marker", {}).get(lang, ""), item["title"][lang]
        if item.get("kind") != "condition":
            section = policy["notice"][item["section"]]
            title = f"{title} · {cite.format(part=section['marker'][lang], marker=marker)}"
            marker = ""
        groups.append(
            Group(
                id=item["id"],
                marker=marker,
                title=title,
                href=f"{_page_of(item, pages)}#{item['id']}",
                fields=tuple(by_clause[item["id"]]),
            )
        )
    return groups


def widget_config(policy: dict[str, Any], lang: str, pages: dict[str, str]) -> dict[str, Any]:
    """What the widget's JavaScript needs besides the report: the page's language, links, the
    conditions (report key -> clause, marker, title, kind), the questions, and the report's
    vocabulary from policy/ (statuses, verdict titles, section names, size classes, the
    disclaimer) and the share link's order of the answers."""
    messages = policy["selfcheck"]["messages"]
    words = messages["words"]
    keys = condition_keys(policy)
    conditions = [policy["notice"][clause] for clause in keys]
    size_point = next(p for c in conditions for p in c["points"] if p.get("size_standard"))
    submission = next(i for i in policy["notice"].values() if i.get("role") == "submission")
    size_table = policy["lists"]["nbs-size-2017"]
    return {
        "lang": lang,
        "pages": pages,
        "submission": f"{pages['procedure']}#{submission['id']}",
        "conditions": {
            keys[c["id"]]: {
                "id": c["id"],
                "marker": c["marker"][lang],
                "title": c["title"][lang],
                "nature": c["nature"],
            }
            for c in conditions
        },
        "questions": [
            {
                "key": q["key"],
                "type": q["type"],
                "condition": q["condition"],
                "label": q["label"][lang],
                "unit": q.get("unit", {}).get(lang, ""),
            }
            for q in policy["selfcheck"]["questions"]["questions"]
        ],
        "statuses": {k: v[lang] for k, v in words["statuses"].items()},
        "verdicts": {k: v[lang] for k, v in words["verdicts"].items()},
        "sections": {k: v[lang] for k, v in words["sections"].items()},
        "disclaimer": messages["labels"]["disclaimer"][lang],
        "labels": {
            k: messages["labels"][k][lang]
            for k in ("advice", "reading", "checked_on", "report_title", "size_unknown")
        },
        "size_classes": {k: v[lang] for k, v in messages["size_classes"].items()},
        "size_at_most": messages["labels"]["size_at_most"][lang],
        "size_point": size_point["id"],
        "size_accepts": size_point["size_classes"],
        "indicators": {
            i["id"]: {"label": i["label"][lang], "unit": i["unit"][lang]}
            for i in size_table["indicators"]
        },
        "template_csv": template_csv(lang),
        # What answers from outside the form are held to before they reach the engine, and the
        # engine's own words for what is wrong with them.
        "limits": answer_format()["limits"],
        # The answer "not sure": an answer, kept and sent like any other.
        "unsure": answer_format()["unsure"],
        # The value of the "none of these" box (the answer itself is an empty list).
        "none": NONE_OF_THESE,
        # The figures the form reads itself; any other text it sends to the engine's read op.
        "plain": answer_format()["plain_figures"],
        # How a list, a label and its text, ... are joined in the page's language.
        "joiners": {name: joiner[lang] for name, joiner in messages["joiners"].items()},
        "batch": {
            "chunk_rows": CHUNK_ROWS,  # rows a request: the engine's own chunk
            "shown_rows": BATCH_SHOWN_ROWS,
            "listed_errors": BATCH_LISTED_ERRORS,
            "unreadable": UNREADABLE,
            "xlsx_packages": xlsx_package_names(),
        },
        # The order in which a share link lists the answers (link.mjs).
        "link_order": answer_format()["link_order"],
        "name_max": NAME_MAX,
        "validation": {
            "duplicate_key": messages["validation"]["duplicate_key"][lang],
            "json_too_deep": messages["validation"]["json_too_deep"][lang],
            "not_object_plain": messages["validation"]["not_object"][lang].format(example="{…}"),
            "text_too_long": messages["limits"]["text_too_long"][lang],
        },
    }


@lru_cache(maxsize=2)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _script_json(data: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` element (no ``</script>``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_form(policy: dict[str, Any], lang: str, pages: dict[str, str]) -> str:
    """The form, the results area and the JSON block of strings and configuration for the
    self-check page in ``lang``. ``pages`` maps ``conditions`` and ``procedure`` to their URLs
    relative to the self-check page."""
    ui = in_lang(widget_strings(), lang)
    return (
        _env()
        .get_template("form.html.j2")
        .render(
            ui=ui,
            lang=lang,
            sections={
                k: v[lang] for k, v in policy["selfcheck"]["messages"]["words"]["sections"].items()
            },
            name_max=NAME_MAX,
            unsure=answer_format()["unsure"],
            none_of_these=NONE_OF_THESE,
            groups=_groups(policy, lang, pages),
            strings_json=_script_json({"ui": ui, "config": widget_config(policy, lang, pages)}),
        )
    )
