"""MkDocs hook (``hooks: [sitegen/hooks.py]`` in mkdocs.yml): every page comes from policy/.

- ``on_config``: derives ``site_url`` (``extra.site_root`` + language) and the language switch
  (``extra.alternate``), sets the nav from ``sitegen/strings.yaml``, adds the glossary tooltips
  (:class:`sitegen._abbr.CJKAbbrExtension` fed from ``policy/lists/glossary.yaml``) and gives the
  search plugin a jieba user dictionary made of the glossary terms and ``sitegen/search_terms.txt``.
- ``on_files``: adds the generated pages (``File.generated``), a copy of ``policy/notice.txt`` and
  the batch CSV template ``answers-template.csv`` (the header row from
  ``policy/selfcheck/questions.yaml``, made by the widget's own ``csv_template`` so the answers
  page and the self-check page hand out the same file).

MkDocs loads this file by path, outside any package, so the repository root is put on sys.path
to import ``sitegen`` and ``policykit`` even when ``mkdocs`` is started from another folder. MkDocs
restores sys.path after loading a hook, so ``on_config`` puts the root back for the rest of the
build (other hooks import from the repository lazily, e.g. ``sitegen/widget.py``).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def _root_on_path() -> None:
    if str(_ROOT) not in sys.path:
        sys.path.insert(0, str(_ROOT))


_root_on_path()

from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from policykit import load_policy  # noqa: E402
from sitegen._abbr import CJKAbbrExtension  # noqa: E402
from sitegen._build import LANGS, normalise_site_root  # noqa: E402
from sitegen._render import PAGES, render_page, strings  # noqa: E402
from sitegen._glossary import glossary_entries, search_terms  # noqa: E402

NOTICE_COPY = "assets/notice.txt"
#: The batch CSV template, at the language root (linked from the answers page).
CSV_TEMPLATE = "answers-template.csv"

_state: dict[str, object] = {}


def _lang(config) -> str:
    lang = config.theme["language"]
    if lang not in {x.code for x in LANGS}:
        raise ValueError(f"theme.language {lang!r} is not one of the site's languages")
    return lang


@event_priority(100)  # before the search plugin reads its jieba options
def on_config(config):
    _root_on_path()
    lang = _lang(config)
    root = normalise_site_root(str(config.extra.get("site_root") or "http://127.0.0.1:8000/"))
    config.site_url = f"{root}{lang}/"
    config.extra["site_root"] = root
    # Relative to this build's root, so the switch works wherever the site is deployed;
    # overrides/partials/alternate.html appends the current page's path.
    config.extra["alternate"] = [
        {"name": x.name, "link": f"../{x.code}/", "lang": x.code} for x in LANGS
    ]
    ui = strings()["ui"]
    config.extra["cl"] = {
        "generated_label": ui["generated"]["label"][lang],
        "generated_note": ui["generated"]["note"][lang],
        "generated_template": ui["generated"]["template"][lang],
    }
    config.nav = [{p.title[lang]: p.path} for p in PAGES]
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = ui["permalink"][lang]

    # SITEGEN_POLICY_DIR: build from another copy of policy/ (development and tests only).
    policy_dir = os.environ.get("SITEGEN_POLICY_DIR")
    policy = load_policy(policy_dir) if policy_dir else load_policy()
    _state["policy"] = policy
    entries = glossary_entries(policy)
    config.markdown_extensions.append(
        CJKAbbrExtension(glossary={e["abbr"][lang]: e["definition"][lang] for e in entries})
    )
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        search.config.jieba_dict_user = _jieba_dict(search_terms(policy))
    return config


def _jieba_dict(terms: list[str]) -> str:
    """Write the jieba user dictionary (one term per line, high frequency) and return its path."""
    text = "".join(f"{term} 100000\n" for term in terms)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    path = Path(tempfile.gettempdir()) / f"sitegen-jieba-{digest}.txt"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return str(path)


def on_files(files: Files, config) -> Files:
    lang = _lang(config)
    policy = _state["policy"]
    for page in PAGES:
        markdown = render_page(
            page, policy, lang, site_root=config.extra["site_root"], site_name=config.site_name
        )
        files.append(File.generated(config, page.path, content=markdown))
    files.append(File.generated(config, NOTICE_COPY, content=policy["notice_text"].encode("utf-8")))
    from sitegen.widget import csv_template  # lazily: the widget hook imports the whole build

    # With a BOM, as the self-check page's download, so Excel opens it as UTF-8.
    template = "\ufeff" + csv_template(policy)
    files.append(File.generated(config, CSV_TEMPLATE, content=template.encode("utf-8")))
    return files
