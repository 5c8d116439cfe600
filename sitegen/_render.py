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

from policykit import condition_keys
from policykit.schema import NATURES
from selfcheck import answer_format, say_quantity

from . import widget
from ._glossary import glossary_entries
from ._langs import LANGS
from ._markdown import md_escape, one_line
from ._qr import qr_svg

__all__ = [
    "PAGES",
    "Page",
    "PolicyView",
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


@dataclass(frozen=True)
class Page:
    path: str  # Markdown path inside a language's docs folder, e.g. "conditions.md"
    template: str  # file name in sitegen/templates/
    title: dict[str, str]
    theme_template: str | None = None  # a Material template in overrides/ chosen by front matter
    hide: tuple[str, ...] = ()  # Material's page front matter `hide` (e.g. toc)
    description: dict[str, str] | None = None  # the page's <meta name="description">
    search_boost: float = 1.0  # Material's page front matter `search: boost`


def _pages() -> tuple[Page, ...]:
    return tuple(
        Page(**{**p, "hide": tuple(p.get("hide", ())), "search_boost": p.get("search_boost", 1.0)})
        for p in strings()["pages"]
    )


PAGES = _pages()


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

    def items(
        self, section: str | None = None, kind: str | None = None, role: str | None = None
    ) -> list[dict[str, Any]]:
        """Notice items in the notice's order, filtered by parent section, kind and/or role."""
        out = []
        for item_id, item in self._policy["notice"].items():
            if section is not None and item.get("section") != section:
                continue
            if kind is not None and item.get("kind") != kind:
                continue
            if role is not None and item.get("role") != role:
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

    def faq(self) -> list[dict[str, Any]]:
        """The questions of policy/faq.yaml (answered from what the notice does not say)."""
        self._use("faq.yaml")
        return list(self._policy.get("faq", {}).get("entries", []))

    def selfcheck(self, stem: str) -> Any:
        """The content of ``policy/selfcheck/<stem>.yaml``."""
        return self._file("selfcheck", stem)

    def submission(self, district: str) -> list[str]:
        """How to submit (materials.yaml, ``submission``) in the page's language, each step with
        the office filled: the HR department of ``district``, in the engine's words
        (messages.yaml, ``steps.office``)."""
        office = self.selfcheck("messages")["steps"]["office"][self.lang].format(district=district)
        return [
            m["text"][self.lang].format(office=office)
            for m in self.selfcheck("materials")["submission"]
        ]

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

    def condition_keys(self) -> dict[str, str]:
        """Clause id -> the public report key of each condition (``cN``)."""
        return condition_keys(self._policy)

    def points(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(condition, point) pairs of every condition, in order."""
        return [(c, p) for c in self.items(kind="condition") for p in c.get("points", [])]

    def procedure_steps(self) -> list[dict[str, Any]]:
        """The steps of the procedure (items with ``role: step``), in order."""
        return self.items(kind="procedure", role="step")

    def role(self, role: str) -> dict[str, Any]:
        """The procedure item with this role (``materials``, ``submission``)."""
        (item,) = self.items(kind="procedure", role=role)
        return item

    def point_for(self, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The (condition, point) that the answer ``key`` decides."""
        return next((c, p) for c, p in self.points() if key in p.get("keys", []))

    def size_point(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The (condition, point) decided by the NBS size class."""
        return next((c, p) for c, p in self.points() if p.get("decision") == "size_class")

    def mentioning(self, text: str) -> list[dict[str, Any]]:
        """The notice items whose own text quotes ``text`` (e.g. a glossary term)."""
        return [
            i
            for i in self.items()
            if i.get("kind") not in ("section", "preamble") and text in i["text"]["zh"]
        ]

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
                    raise KeyError(
                        f"counting rule {rule_id!r} is not in policy/lists/regulations.yaml"
                    )
                terms = [w for fact in entry["known"] for w in re.findall(r"“([^”]+)”", fact["zh"])]
                rules[rule_id] = {
                    "rule": entry,
                    "terms": terms,
                    "thresholds": [],
                    "covered": [],
                    "plain": [],
                }
            info = rules[rule_id]
            info["thresholds"].append(th)
            covered = any(term in th["phrase"]["zh"] for term in info["terms"])
            info["covered" if covered else "plain"].append(th)
        return list(rules.values())


def _pick(value: Any, lang: str) -> str:
    if not isinstance(value, dict) or lang not in value:
        raise ValueError(f"expected a language map with {lang!r}, got {value!r}")
    return value[lang]


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
    # How a list, a label and its text, ... are joined: the engine's words (messages.yaml).
    joiners = {k: v[lang] for k, v in policy["selfcheck"]["messages"]["joiners"].items()}

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
        return joiners["errors"].join(out)

    def mk(marker: dict[str, str] | None, language: str | None = None) -> str:
        return _pick(marker, language or lang) if marker else ""  # (二) / (2)

    def num(value: float) -> str:
        """A number as the page's language writes it: 40000 (zh), 40,000 (en)."""
        text = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
        return text.replace(",", "") if lang == "zh" else text

    env = _env()
    context = {
        "num": num,
        "amount": lambda value, unit: say_quantity(value, unit).get(
            lang
        ),  # 40000万元 / CNY 400 million
        "mk": mk,
        "changelog": changelog(),
        "p": view,
        "lang": lang,
        "other_lang": "zh" if lang == "en" else "en",
        "langs": LANGS,
        "t": t,
        "joiners": joiners,
        "point_natures": NATURES,
        "L": L,
        "other": other,
        "src": src,
        "link": lambda path, anchor=None: _page_url(PAGES, path, anchor),
        "page": page,
        "site_root": site_root,
        "site_name": site_name,
        "qr_svg": qr_svg,
        "e": lambda s: html.escape(str(s)),
        "engine": answer_format(),
        "widget_form": lambda: widget.render_form(policy, lang, _widget_pages()),
        "widget_batch": lambda: widget.render_batch(policy, lang, _widget_pages()),
    }
    body = env.get_template(page.template).render(context)
    used = _compress(view.used, policy)
    front: dict[str, Any] = {"title": _pick(page.title, lang)}
    if page.description:
        front["description"] = _pick(page.description, lang)
    if page.theme_template:
        front["template"] = page.theme_template
    if page.hide:
        front["hide"] = list(page.hide)
    if page.search_boost != 1:
        front["search"] = {"boost": page.search_boost}
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    # Where the page comes from is said in the page's source, never in its visible text.
    banner = (
        f"<!-- GENERATED by sitegen from {', '.join(used) or 'no policy file'} with "
        f"sitegen/templates/{page.template}: edit those, not this page. -->\n"
    )
    return f"---\n{header}---\n{banner}\n{body}"


def _widget_pages() -> dict[str, str]:
    """The pages the widget links to, relative to a page of its own folder (``../conditions/``)."""
    names = ("conditions", "procedure", "selfcheck", "batch")
    return {n: "../" + _page_url(PAGES, f"{n}.md").removesuffix(".md") + "/" for n in names}


def render_chooser(names: dict[str, str], *, site_root: str, preview: bool) -> str:
    """The static language chooser at the site root (no JavaScript; refreshes to Chinese)."""
    template = _env().get_template("chooser.html.j2")
    return template.render(
        langs=LANGS, names=names, strings=strings(), site_root=site_root, preview=preview
    )
