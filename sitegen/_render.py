"""Render the site's pages (Markdown) from policy/ through the Jinja2 templates in templates/.

Templates reach the data only through :class:`PolicyView`, which records every policy file a page
reads; that record becomes the page's "generated from" note, so the note cannot drift from what
the page really shows. Prose that is not a fact of the notice (framing sentences, labels) comes
from ``strings.yaml``; facts (numbers, names, clauses, lists, dates) come from policy/.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ._build import LANGS
from ._diagram import flow_svg
from ._glossary import glossary_entries
from ._qr import qr_svg

__all__ = [
    "PAGES",
    "Page",
    "PolicyView",
    "answer_format",
    "changelog",
    "render_chooser",
    "render_page",
    "strings",
]

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"


@lru_cache(maxsize=1)
def strings() -> dict[str, Any]:
    """The site's own UI strings and page list (``sitegen/strings.yaml``)."""
    with open(HERE / "strings.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def changelog() -> list[dict[str, Any]]:
    """The site's changelog (``sitegen/changelog.yaml``), newest first."""
    with open(HERE / "changelog.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def answer_format() -> dict[str, Any]:
    """The rules of the public answer format that live in the engine's code, read from there.

    The answers page documents them; reading them here (instead of typing them again in a
    template) keeps the page and ``selfcheck`` from drifting apart.
    """
    from selfcheck import _batch, _cli, _validate
    from selfcheck._policy import policy

    parser = _cli.build_parser(policy())
    commands = next(a for a in parser._actions if a.choices and hasattr(a, "add_parser"))
    return {
        "max_figure": _validate.MAX_FIGURE,
        "ref": _batch.REF,
        # (yes, no) pairs of the CSV words, e.g. ("true", "false"), ("yes", "no"), ("是", "否").
        "yes_no": list(zip(sorted(_batch._TRUE), sorted(_batch._FALSE))),
        "empty_list": sorted(_batch._EMPTY_LIST),
        "output_columns": list(_batch.OUTPUT_COLUMNS),
        "exit_invalid": _cli.INVALID,
        # One line of usage per command, whitespace folded (argparse wraps to the terminal).
        "usage": {
            name: " ".join(sub.format_usage().split()).removeprefix("usage: ")
            for name, sub in commands.choices.items()
        },
    }


@dataclass(frozen=True)
class Page:
    path: str  # Markdown path inside docs/, e.g. "conditions.md"
    template: str  # file name in sitegen/templates/
    title: dict[str, str]
    theme_template: str | None = None  # a Material template in overrides/ chosen by front matter


def _pages() -> tuple[Page, ...]:
    return tuple(
        Page(p["path"], p["template"], p["title"], p.get("theme_template"))
        for p in strings()["pages"]
    )


PAGES = _pages()

#: The notice items that are the procedure's steps (see :meth:`PolicyView.procedure_steps`).
PROCEDURE_STEPS = ("s4-i1", "s4-i2", "s4-i3", "s4-i4")


class PolicyView:
    """Read access to the loaded policy for one language, recording which files were read."""

    def __init__(self, policy: dict[str, Any], lang: str) -> None:
        self._policy = policy
        self.lang = lang
        self.used: set[str] = set()

    def _use(self, path: str) -> None:
        self.used.add("policy/" + path)

    @property
    def meta(self) -> dict[str, Any]:
        self._use("meta.yaml")
        return self._policy["meta"]

    @property
    def notice_sha256(self) -> str:
        self._use("notice.txt")
        return self._policy["notice_sha256"]

    def _file(self, group: str, stem: str) -> Any:
        """The content of ``policy/<group>/<stem>.yaml``, recorded as read."""
        try:
            content = self._policy[group][stem]
        except KeyError:
            raise KeyError(f"policy/{group}/{stem}.yaml is missing") from None
        self._use(f"{group}/{stem}.yaml")
        return content

    def item(self, item_id: str) -> dict[str, Any]:
        """One notice item (preamble, section, condition, measure, procedure, closing) by id."""
        return self._file("notice", item_id)

    def items(self, section: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
        """Notice items in the notice's order, filtered by parent section and/or kind."""
        out = []
        for item_id, item in self._policy["notice"].items():
            if section is not None and item.get("section") != section:
                continue
            if kind is not None and item.get("kind") != kind:
                continue
            self._use(f"notice/{item_id}.yaml")
            out.append(item)
        return out

    def all_items(self) -> list[dict[str, Any]]:
        return self.items()

    def list(self, stem: str) -> Any:
        """The content of ``policy/lists/<stem>.yaml``."""
        return self._file("lists", stem)

    def glossary(self) -> list[dict[str, Any]]:
        """The entries of policy/lists/glossary.yaml."""
        self._use("lists/glossary.yaml")
        return glossary_entries(self._policy)

    def selfcheck(self, stem: str) -> Any:
        """The content of ``policy/selfcheck/<stem>.yaml``."""
        return self._file("selfcheck", stem)

    def source(self, source_id: str) -> dict[str, Any]:
        try:
            entry = self._policy["sources"][source_id]
        except KeyError:
            raise KeyError(f"source {source_id!r} is not in policy/sources.yaml") from None
        self._use("sources.yaml")
        return entry

    def sources(self) -> list[dict[str, Any]]:
        self._use("sources.yaml")
        return list(self._policy["sources"].values())

    def points(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(condition, point) pairs of every condition, in order."""
        return [(c, p) for c in self.items(kind="condition") for p in c.get("points", [])]

    def procedure_steps(self) -> list[dict[str, Any]]:
        """The steps of the procedure: items (一) to (四) of Part 4, in order.

        Items (五) and (六) of Part 4 are requirements on the materials and their submission, not
        steps; the data marks no difference, so this is the one place that says which are steps
        (the home page, the procedure diagram and the briefing all use it).
        """
        return [self.item(item_id) for item_id in PROCEDURE_STEPS]

    def counting(self) -> list[dict[str, Any]]:
        """The counting rules the notice's own thresholds rest on, with the phrases they govern.

        One entry per rule of ``policy/lists/regulations.yaml`` named by a threshold's
        ``counting_rule`` (thresholds with ``basis: notice`` only; editorial ones are the site's):
        ``rule`` (the entry), ``terms`` (the words its ``known`` statements quote, e.g. 以上),
        ``thresholds`` (every such threshold), ``covered`` (the thresholds whose phrase contains one
        of those words) and ``plain`` (the others, e.g. 不少于, read by their plain meaning).
        """
        rules: dict[str, dict[str, Any]] = {}
        for _, point in self.points():
            th = point.get("threshold")
            if not th or th.get("basis") != "notice":
                continue
            rule_id = th["counting_rule"]
            if rule_id not in rules:
                entry = next(
                    (e for e in self.list("regulations")["entries"] if e["id"] == rule_id), None
                )
                if entry is None:
                    raise KeyError(f"counting rule {rule_id!r} is not in policy/lists/regulations.yaml")
                terms = [w for fact in entry["known"] for w in re.findall(r"“([^”]+)”", fact["zh"])]
                rules[rule_id] = {"rule": entry, "terms": terms, "thresholds": [],
                                  "covered": [], "plain": []}
            info = rules[rule_id]
            info["thresholds"].append(th)
            covered = any(term in th["phrase"]["zh"] for term in info["terms"])
            info["covered" if covered else "plain"].append(th)
        return list(rules.values())


# -- filters ---------------------------------------------------------------------------------

# Only characters Python-Markdown (with `tables`) accepts as backslash escapes.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])(?=\s)", re.MULTILINE)


def md_escape(text: str) -> str:
    """Escape data text so Markdown shows it as written (verbatim quotes stay verbatim)."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def one_line(text: str) -> str:
    """Fold the line breaks of a YAML block into spaces (Latin) or nothing (between CJK)."""
    text = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])", "", text)
    return re.sub(r"\s*\n\s*", " ", text).strip()


def _pick(value: Any, lang: str) -> str:
    if not isinstance(value, dict) or lang not in value:
        raise ValueError(f"expected a language map with {lang!r}, got {value!r}")
    return value[lang]


def _cn_number(text: str) -> int:
    """一 .. 九十九 as an integer (the notice numbers its items with these)."""
    digits = "一二三四五六七八九"
    if "十" not in text:
        return digits.index(text) + 1
    tens, _, ones = text.partition("十")
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


class _Strings:
    """``t.key.sub`` / ``t('key.sub')``: a UI string of sitegen/strings.yaml in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **fmt: Any) -> str:
        node: Any = strings()["ui"]
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise KeyError(f"sitegen/strings.yaml: no UI string {key!r}")
            node = node[part]
        text = _pick(node, self.lang)
        return text.format(**fmt) if fmt else text


@lru_cache(maxsize=2)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown; data goes through `md` or `e` explicitly
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["one_line"] = one_line
    return env


def _page_url(pages: tuple[Page, ...], path: str, anchor: str | None = None) -> str:
    if path not in {p.path for p in pages}:
        raise KeyError(f"no page {path!r} in sitegen/strings.yaml")
    return path + (f"#{anchor}" if anchor else "")


def _compress(used: set[str], policy: dict[str, Any]) -> tuple[str, ...]:
    """The files a page read, with a section's items shortened to a glob when all were read."""
    out = set(used)
    sections = {item.get("section") for item in policy["notice"].values()} - {None}
    for section in sections:
        members = {
            f"policy/notice/{item_id}.yaml"
            for item_id, item in policy["notice"].items()
            if item.get("section") == section
        }
        if members and members <= out:
            out -= members
            out.add(f"policy/notice/{section}-i*.yaml")
    return tuple(sorted(out))


def render_page(
    page: Page, policy: dict[str, Any], lang: str, *, site_root: str, site_name: str
) -> str:
    """Render one page's Markdown for ``lang``, with front matter naming the files it read."""
    view = PolicyView(policy, lang)
    t = _Strings(lang)

    def L(value: Any) -> str:  # noqa: N802 - short on purpose: used everywhere in templates
        return _pick(value, lang)

    def other(value: Any) -> str:
        return _pick(value, "zh" if lang == "en" else "en")

    def src(ids: str | list[str]) -> str:
        """Markdown links naming the sources of a fact."""
        out = []
        for source_id in [ids] if isinstance(ids, str) else ids:
            entry = view.source(source_id)
            title = md_escape(_pick(entry["title"], lang))
            out.append(f"[{title}]({entry['url']})" if entry.get("url") else title)
        return "；".join(out) if lang == "zh" else "; ".join(out)

    def mk(marker: str | None, language: str | None = None) -> str:
        """A notice item's marker as printed, "(二)"; in English as "(2)"."""
        if not marker or (language or lang) == "zh":
            return marker or ""
        return re.sub(r"[一二三四五六七八九十]+", lambda m: str(_cn_number(m.group(0))), marker)

    def num(value: float) -> str:
        """A number as the page's language writes it: 40000 (zh), 40,000 (en)."""
        text = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
        return text.replace(",", "") if lang == "zh" else text

    env = _env()
    context = {
        "num": num,
        "mk": mk,
        "changelog": changelog(),
        "p": view,
        "lang": lang,
        "other_lang": "zh" if lang == "en" else "en",
        "langs": LANGS,
        "t": t,
        "L": L,
        "other": other,
        "src": src,
        "link": lambda path, anchor=None: _page_url(PAGES, path, anchor),
        "page": page,
        "site_root": site_root,
        "site_name": site_name,
        "flow_svg": flow_svg,
        "qr_svg": qr_svg,
        "e": lambda s: html.escape(str(s)),
        "engine": answer_format(),
    }
    body = env.get_template(page.template).render(context)
    used = _compress(view.used, policy)
    front = {"title": _pick(page.title, lang), "cl_template": f"sitegen/templates/{page.template}",
             "cl_sources": list(used)}
    if page.theme_template:
        front["template"] = page.theme_template
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    banner = (
        f"<!-- GENERATED by sitegen from {', '.join(used) or 'no policy file'} with "
        f"sitegen/templates/{page.template}: edit those, not this page. -->\n"
    )
    return f"---\n{header}---\n{banner}\n{body}"


def render_chooser(names: dict[str, str]) -> str:
    """The static language chooser at the site root (no JavaScript; refreshes to Chinese)."""
    return _env().get_template("chooser.html.j2").render(
        langs=LANGS, names=names, ui=strings()["ui"]["chooser"]
    )
