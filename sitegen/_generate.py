"""``generate``: the whole input of the site as plain files, per language.

``python -m sitegen generate --out DIR`` writes::

    DIR/zh/mkdocs.yml, DIR/en/mkdocs.yml  one complete configuration per language, each in its own
                                          folder (no INHERIT: Zensical merges lists differently)
    DIR/zh/docs/, DIR/en/docs/            the pages, Markdown with front matter (generated from
                                          policy/ through sitegen/templates/), the hand-authored
                                          assets of docs/, the widget's assets, the notice as text
                                          and the batch CSV template
    DIR/zh/jieba-user-dict.txt            the search's user dictionary (MkDocs' search plugin)
    DIR/zh/search-answers.json, DIR/en/…  the words readers search for and the page part that
                                          answers each (policy/search.yaml, the glossary), added to
                                          the built search index by ``sitegen build``
    DIR/overrides/                        the theme overrides (a copy of overrides/)
    DIR/root/                             what belongs at the site root, beside zh/ and en/: the
                                          language chooser, the Pyodide runtime and the engine

Each language builds with MkDocs + Material (``mkdocs build -f DIR/zh/mkdocs.yml``) or with
Zensical (``zensical build --clean -f DIR/zh/mkdocs.yml``) into ``DIR/<lang>/site``;
``python -m sitegen build`` is this plus MkDocs plus copying ``root/`` into place. No page is made
inside MkDocs: the only code either runs is the Markdown extension of the glossary tooltips
(:mod:`sitegen.abbr`), named in the configuration (the repository must be importable).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policykit import load_policy
from selfcheck import template_csv

from . import widget
from ._english import drop_chinese
from ._glossary import glossary_entries, search_terms
from ._langs import LANGS
from ._publish import site_address
from ._render import PAGES, render_chooser, render_page, strings
from ._search import ANSWERS_FILE, search_answers

ROOT = Path(__file__).resolve().parent.parent
BASE_CONFIG = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
OVERRIDES = ROOT / "overrides"
NOTICE_COPY = "assets/notice.txt"
#: The batch CSV template, at the language root (linked from the answers page).
CSV_TEMPLATE = "answers-template.csv"
JIEBA_DICT = "jieba-user-dict.txt"
CONFIG = "mkdocs.yml"
#: Each page's name (its file's stem) and its location in the search index.
SEARCH_PAGES = {
    Path(p.path).stem: "" if p.path == "index.md" else Path(p.path).stem + "/" for p in PAGES
}


@dataclass(frozen=True)
class Generated:
    """A generated tree: where it is, its configuration files by language, the site root URL."""

    out: Path
    configs: dict[str, Path]
    site_root: str
    engine: widget.Engine
    preview: bool = False  # a local preview (no public address stated)


def _policy() -> dict[str, Any]:
    # SITEGEN_POLICY_DIR: build from another copy of policy/ (development and tests only).
    policy_dir = os.environ.get("SITEGEN_POLICY_DIR")
    return load_policy(policy_dir) if policy_dir else load_policy()


def _config(
    base: dict[str, Any],
    lang: str,
    site_root: str,
    out: Path,
    policy: dict[str, Any],
    engine_urls: dict[str, Any],
    preview: bool = False,
) -> dict[str, Any]:
    """The complete MkDocs configuration of one language."""
    site = strings()["site"]
    ui = strings()["ui"]
    config = {
        "site_name": site["name"][lang],
        "site_description": site["description"][lang],
        "site_url": f"{site_root}{lang}/",
        "docs_dir": "docs",
        "site_dir": "site",
        # variant: Zensical's look that Material's stylesheet (and cl.css) is made for.
        "theme": {
            **base["theme"],
            "language": lang,
            "custom_dir": "../overrides",
            "variant": "classic",
        },
        "extra": {},
        "nav": [{page.title[lang]: page.path} for page in PAGES],
    }
    config.update({k: v for k, v in base.items() if k not in config})
    config["extra"] = {
        **base.get("extra", {}),
        # Each language is its own build; the switch keeps the page (overrides/partials).
        "alternate": [{"name": x.name, "link": f"../{x.code}/", "lang": x.code} for x in LANGS],
        "site_root": site_root,
        "selfcheck_engine": engine_urls,
        # The local preview's mark (overrides/main.html), or false for a build to publish.
        "preview": ui["preview"]["mark"][lang] if preview else False,
        # The words of the site's small script (overrides/main.html).
        "cl": {"copy_link": ui["copy_link"][lang], "copied": ui["copied"][lang]},
    }
    # A tooltip is an attribute (title), where no element can say which words are Chinese: the
    # English ones leave out the Chinese given in brackets beside the English.
    glossary = {
        e["abbr"][lang]: e["definition"][lang]
        if lang == "zh"
        else drop_chinese(e["definition"][lang])
        for e in glossary_entries(policy)
    }
    extensions = []
    for ext in base["markdown_extensions"]:
        if ext == "toc" or (isinstance(ext, dict) and "toc" in ext):
            ext = {
                "toc": {
                    **(ext["toc"] if isinstance(ext, dict) else {}),
                    "permalink_title": ui["permalink"][lang],
                }
            }
        extensions.append(ext)
    extensions.append({"sitegen.abbr": {"glossary": glossary}})
    extensions.append({"sitegen.langspan": {"lang": lang}})
    config["markdown_extensions"] = extensions
    config["plugins"] = [{"search": {"jieba_dict_user": str(out / lang / JIEBA_DICT)}}]
    return config


def _write_docs(
    docs: Path, lang: str, policy: dict[str, Any], site_root: str, site_name: str
) -> None:
    shutil.copytree(DOCS, docs, dirs_exist_ok=True)
    shutil.copytree(
        widget.ASSETS,
        docs / widget.ASSETS_URL,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("jsconfig*.json"),
    )
    for page in PAGES:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            render_page(page, policy, lang, site_root=site_root, site_name=site_name),
            encoding="utf-8",
        )
    (docs / NOTICE_COPY).parent.mkdir(parents=True, exist_ok=True)
    (docs / NOTICE_COPY).write_text(policy["notice_text"], encoding="utf-8")
    # With a BOM, as the self-check page's download, so Excel opens it as UTF-8.
    (docs / CSV_TEMPLATE).write_text("\ufeff" + template_csv(lang), encoding="utf-8", newline="")


def generate(
    out: Path | str,
    *,
    site_url: str | None = None,
    policy: dict[str, Any] | None = None,
    publish: bool = False,
) -> Generated:
    """Write the site's input into ``out`` (emptied first) and return what was written.

    ``site_url`` is the public root of the site (default: ``$SITE_URL``, else the local preview
    address); each language's ``site_url`` is this root plus ``zh/`` or ``en/``. A local address
    makes a local preview (sitegen/_publish.py); ``publish=True`` refuses one.
    """
    site_root, preview = site_address(site_url, publish=publish)
    out = Path(out).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    policy = policy if policy is not None else _policy()
    base = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    engine = widget.build_engine(policy)
    urls = widget.engine_urls(engine, widget.pyodide_version())
    terms = "".join(f"{term} 100000\n" for term in search_terms(policy))
    shutil.copytree(OVERRIDES, out / "overrides")
    configs = {}
    for lang in LANGS:
        config = _config(base, lang.code, site_root, out, policy, urls, preview)
        _write_docs(out / lang.code / "docs", lang.code, policy, site_root, config["site_name"])
        (out / lang.code / JIEBA_DICT).write_text(terms, encoding="utf-8")
        answers = search_answers(policy, lang.code, SEARCH_PAGES)
        (out / lang.code / ANSWERS_FILE).write_text(
            json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        configs[lang.code] = out / lang.code / CONFIG
        configs[lang.code].write_text(
            "# Generated by `python -m sitegen generate` from mkdocs.yml and policy/: do not edit.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    names = {lang: strings()["site"]["name"][lang] for lang in (x.code for x in LANGS)}
    (out / "root").mkdir()
    chooser = render_chooser(names, site_root=site_root, preview=preview)
    (out / "root" / "index.html").write_text(chooser, encoding="utf-8")
    widget.install_runtime(out / "root", engine)
    return Generated(out, configs, site_root, engine, preview)
