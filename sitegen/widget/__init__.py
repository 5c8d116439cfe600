"""MkDocs hook for the in-browser self-check (``hooks: [..., sitegen/widget.py]`` in mkdocs.yml).

What it adds to the build, and only to the self-check page:

- ``on_page_markdown``: hides the table of contents of the self-check page (room for the result).
- ``on_post_page``: renders the form (from ``policy/selfcheck/questions.yaml`` and the list files,
  in the page's language), the results area and the UI strings as a JSON block into the page's
  ``[data-selfcheck]`` root element (after the search plugin has read the page, so the form does
  not crowd the search index). The form is plain HTML, usable before (and without) Pyodide.
  ``overrides/selfcheck.html`` loads the stylesheet, ``engine.js`` in ``<head>`` (it starts the
  Pyodide worker at once, with the URLs ``on_config`` puts in ``extra.selfcheck_engine``) and the
  widget's ``<script type="module">``; other pages are left untouched: they load no Pyodide byte.
- ``on_post_build``: copies the pinned Pyodide core from ``node_modules/pyodide`` once into
  ``<site>/assets/pyodide/<version>/`` (shared by both language builds, ~13 MB not duplicated) and
  writes the engine, ``selfcheck`` built into a pure wheel with the policy bundle generated from
  ``policy/``, next to a minimal lock file that lists only that wheel, into
  ``<site>/assets/selfcheck-engine/<sha256[:12]>/`` (content-addressed, so both can be cached for a
  year).

MkDocs loads this file by path, outside any package, so the repository root is put on sys.path.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import jinja2  # noqa: E402
import yaml  # noqa: E402

from policykit import bundle_json, load_policy  # noqa: E402
from sitegen._render import _cn_number  # noqa: E402 - the site's own marker numbering

__all__ = [
    "ENGINE_DIR",
    "PYODIDE_DIR",
    "PYODIDE_FILES",
    "SELFCHECK_PAGE",
    "Engine",
    "build_engine",
    "csv_template",
    "install_runtime",
    "minimal_lock",
    "pyodide_version",
    "render_widget",
    "widget_strings",
]

HERE = Path(__file__).resolve().parent
NODE_PYODIDE = _ROOT / "node_modules" / "pyodide"
#: The core files the browser needs; the stock lock file (357 packages not shipped) is left out.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: Relative to the folder that holds both language builds (site/).
PYODIDE_DIR = "assets/pyodide"
ENGINE_DIR = "assets/selfcheck-engine"
#: The page (MkDocs source path) that gets the widget; the conditions page holds the clauses.
SELFCHECK_PAGE = "selfcheck.md"
CONDITIONS_PAGE = "conditions/"
PROCEDURE_PAGE = "procedure/"
#: The widget's own scripts and style, under docs/ (copied by MkDocs into each language).
WIDGET_ASSETS = "assets/selfcheck/"
_ROOT_TAG = re.compile(r"<(?P<tag>div|section|form)\b(?P<attrs>[^>]*\bdata-selfcheck\b[^>]*)>")


# -- UI strings and the form ----------------------------------------------------------------


@lru_cache(maxsize=1)
def widget_strings() -> dict[str, Any]:
    """The widget's UI strings (``sitegen/widget_strings.yaml``), every leaf a ``{zh, en}`` map."""
    with open(HERE / "widget_strings.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _in_lang(node: Any, lang: str, path: str = "") -> Any:
    """The strings tree with every ``{zh, en}`` leaf replaced by its ``lang`` text."""
    if isinstance(node, dict) and set(node) == {"zh", "en"}:
        return node[lang]
    if isinstance(node, dict):
        return {k: _in_lang(v, lang, f"{path}.{k}") for k, v in node.items()}
    raise ValueError(f"sitegen/widget_strings.yaml: {path.lstrip('.')} is not a {{zh, en}} map")


def _list_entries(policy: dict[str, Any], stem: str) -> list[dict[str, Any]]:
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


def _marker(marker: str, lang: str) -> str:
    """A notice item's marker as the site prints it: "(二)" in Chinese, "(2)" in English."""
    if lang == "zh" or not marker:
        return marker
    return re.sub(r"[一二三四五六七八九十]+", lambda m: str(_cn_number(m.group(0))), marker)


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


def _groups(policy: dict[str, Any], lang: str, to_lang_root: str) -> list[Group]:
    questions = policy["selfcheck"]["questions"]["questions"]
    order: list[str] = []
    by_clause: dict[str, list[Field]] = {}
    for q in questions:
        if q.get("options_from"):
            options = tuple((e["id"], e["name"][lang])
                            for e in _list_entries(policy, q["options_from"]))
        else:
            options = tuple((o["value"], o["label"][lang]) for o in q.get("options", []))
        field = Field(
            key=q["key"], type=q["type"], label=q["label"][lang],
            help=q.get("help", {}).get(lang, ""), unit=q.get("unit", {}).get(lang, ""),
            not_sure=bool(q.get("not_sure")), options=options,
        )
        clause = q["condition"]
        if clause not in by_clause:
            order.append(clause)
            by_clause[clause] = []
        by_clause[clause].append(field)
    # Conditions (s2-iN) first, in the notice's order; the procedure (where to submit) last.
    notice_order = list(policy["notice"])
    order.sort(key=lambda c: (not c.startswith("s2-"),
                              notice_order.index(c) if c in notice_order else len(notice_order)))
    groups = []
    for clause in order:
        item = policy["notice"].get(clause, {})
        page = CONDITIONS_PAGE if item.get("kind") == "condition" else PROCEDURE_PAGE
        groups.append(Group(
            id=clause, marker=_marker(item.get("marker", ""), lang),
            title=item.get("title", {}).get(lang, clause),
            href=f"{to_lang_root}{page}#{clause}", fields=tuple(by_clause[clause]),
        ))
    return groups


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        undefined=jinja2.StrictUndefined, autoescape=True,
        trim_blocks=True, lstrip_blocks=True,
    )


def _script_json(data: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` element (no ``</script>``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_widget(policy: dict[str, Any], lang: str, *, to_lang_root: str) -> str:
    """The form, the results area and the JSON block of strings for the self-check page in
    ``lang``; ``to_lang_root`` is the relative path from the page to its language's root."""
    ui = _in_lang(widget_strings(), lang)
    conditions = {
        item["key"]: {"id": item["id"], "marker": _marker(item.get("marker", ""), lang),
                      "title": item["title"][lang]}
        for item in policy["notice"].values() if item.get("kind") == "condition"
    }
    messages = policy["selfcheck"].get("messages", {})
    size_table = policy["lists"].get("nbs-size-2017", {})
    size_point = next((p["id"] for item in policy["notice"].values()
                       for p in item.get("points", []) if p.get("size_standard")), "")
    config = {
        "lang": lang,
        "conditions_page": f"{to_lang_root}{CONDITIONS_PAGE}",
        "procedure_page": f"{to_lang_root}{PROCEDURE_PAGE}",
        "procedure": f"{to_lang_root}{PROCEDURE_PAGE}#s4-i1",
        "conditions": conditions,
        "questions": [
            {"key": q["key"], "type": q["type"], "condition": q["condition"],
             "label": q["label"][lang]}
            for q in policy["selfcheck"]["questions"]["questions"]
        ],
        # Names the engine's report refers to by id (the sentences themselves come in the report).
        "size_classes": {k: v[lang] for k, v in messages.get("size_classes", {}).items()},
        "size_at_most": messages.get("labels", {}).get("size_at_most", {}).get(lang, "{class}"),
        "size_point": size_point,
        "indicators": {i["id"]: {"label": i["label"][lang], "unit": i["unit"][lang]}
                       for i in size_table.get("indicators", [])},
        "template_csv": csv_template(policy),
    }
    return _env().get_template("selfcheck_form.html.j2").render(
        ui=ui, lang=lang, groups=_groups(policy, lang, to_lang_root),
        strings_json=_script_json({"ui": ui, "config": config}),
    )


def csv_template(policy: dict[str, Any]) -> str:
    """The batch CSV template: the engine's batch format (``selfcheck/_batch.py``), a ``ref``
    column then every answer key, in question order; one row per enterprise below it."""
    keys = [q["key"] for q in policy["selfcheck"]["questions"]["questions"]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(["ref", *keys])
    return buf.getvalue()


# -- the engine wheel and the minimal lock file ---------------------------------------------


@dataclass(frozen=True)
class Engine:
    """The built engine: wheel file name and bytes, the minimal lock file, a content digest."""

    wheel_name: str
    wheel: bytes
    lock: str
    digest: str


def minimal_lock(wheel_name: str, wheel: bytes, version: str) -> str:
    """A Pyodide lock file that lists only the engine wheel (the stock one lists 357 packages
    that are not shipped). ``info`` is copied from the stock lock so the runtime accepts it."""
    stock = json.loads((NODE_PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    lock = {
        "info": stock["info"],
        "packages": {
            "selfcheck": {
                "name": "selfcheck", "version": version, "file_name": wheel_name,
                "install_dir": "site", "sha256": hashlib.sha256(wheel).hexdigest(),
                "package_type": "package", "imports": ["selfcheck"], "depends": [],
                "unvendored_tests": False, "tool": {},
            }
        },
    }
    return json.dumps(lock, indent=1, sort_keys=True) + "\n"


def build_engine(policy: dict[str, Any] | None = None) -> Engine:
    """Build the engine wheel and its lock file.

    The wheel comes from the engine's own reproducible builder (``tools/build_wheel.py``, the one
    its Pyodide tests use), with ``data/policy.json`` generated from ``policy/`` at build time.
    """
    from tools.build_wheel import project_version, wheel_bytes

    bundle = bundle_json(policy) if policy is not None else bundle_json()
    name, wheel = wheel_bytes(_ROOT, bundle)
    lock = minimal_lock(name, wheel, project_version(_ROOT))
    digest = hashlib.sha256(wheel + lock.encode()).hexdigest()[:12]
    return Engine(name, wheel, lock, digest)


# -- the Pyodide runtime --------------------------------------------------------------------


def pyodide_version() -> str:
    """The version of the npm runtime in node_modules (pinned in package.json)."""
    meta = NODE_PYODIDE / "package.json"
    if not meta.exists():
        raise FileNotFoundError(
            "node_modules/pyodide is missing: run `bash scripts/setup.sh` (npm ci) first"
        )
    return json.loads(meta.read_text(encoding="utf-8"))["version"]


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def install_runtime(site_root: Path, engine: Engine) -> list[Path]:
    """Copy the Pyodide core and write the engine under ``site_root`` (the folder of both
    languages). Idempotent: the second language's build finds the files in place."""
    version = pyodide_version()
    written = []
    target = site_root / PYODIDE_DIR / version
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        src, dst = NODE_PYODIDE / name, target / name
        if not (dst.exists() and dst.stat().st_size == src.stat().st_size):
            shutil.copyfile(src, dst)
        written.append(dst)
    engine_dir = site_root / ENGINE_DIR / engine.digest
    _write_if_changed(engine_dir / engine.wheel_name, engine.wheel)
    _write_if_changed(engine_dir / "pyodide-lock.json", engine.lock.encode())
    written += [engine_dir / engine.wheel_name, engine_dir / "pyodide-lock.json"]
    return written


# -- MkDocs events --------------------------------------------------------------------------

_state: dict[str, Any] = {}


def engine_urls(engine: Engine, version: str) -> dict[str, str]:
    """Where the runtime and the engine's lock file are, relative to a language's root (the site
    folder holds both languages and one copy of the runtime)."""
    return {
        "pyodide": f"../{PYODIDE_DIR}/{version}/",
        "lock": f"../{ENGINE_DIR}/{engine.digest}/pyodide-lock.json",
    }


def on_config(config):
    _state["policy"] = load_policy()
    _state["engine"] = build_engine(_state["policy"])
    _state["version"] = pyodide_version()
    # Read by overrides/selfcheck.html: <script src=engine.js data-pyodide data-lock> in <head>.
    config.extra["selfcheck_engine"] = engine_urls(_state["engine"], _state["version"])
    return config


def _relative_root(page_url: str) -> str:
    """``../`` for ``selfcheck/``: from a page to its language's root."""
    depth = len([part for part in page_url.split("/") if part]) if page_url else 0
    if page_url and not page_url.endswith("/"):
        depth -= 1  # "selfcheck.html" with use_directory_urls: false
    return "../" * depth


def insert_widget(output: str, widget: str) -> str:
    """Put ``widget`` right inside the page's ``[data-selfcheck]`` root (before the static
    checklist, which stays as the fallback). A page without such a root is an error."""
    match = _ROOT_TAG.search(output)
    if match is None:
        raise ValueError("the self-check page has no [data-selfcheck] root element")
    return output[: match.end()] + widget + output[match.end():]


def on_page_markdown(markdown: str, page, config, files) -> str:
    """The self-check page drops Material's table of contents: the form and the result sit side
    by side and need the width (the checklist's headings stay in the page)."""
    if page.file.src_uri == SELFCHECK_PAGE:
        hide = page.meta.setdefault("hide", [])
        if "toc" not in hide:
            hide.append("toc")
    return markdown


def on_post_page(output: str, page, config) -> str:
    if page.file.src_uri != SELFCHECK_PAGE:
        return output
    lang = config.theme["language"]
    widget = render_widget(_state["policy"], lang, to_lang_root=_relative_root(page.url))
    return insert_widget(output, widget)


def on_post_build(config) -> None:
    site_root = Path(config.site_dir).resolve().parent
    install_runtime(site_root, _state["engine"])
