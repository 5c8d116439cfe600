"""Publishing is explicit: a build states its public address, or it is a marked local preview.

The ``built`` site of the other tests is a local preview (served on 127.0.0.1): every page says so
and keeps robots away. One build here states a public address: no mark, every address absolute on
that host. Both: every page names itself in each language (hreflang, the same page; absolute when
published, relative in a preview) with an x-default to the chooser, and has its own description
in its language.
"""

from __future__ import annotations

import html
import re
import urllib.parse

import pytest

from sitegen import build_site, is_local_address, site_address
from sitegen._render import PAGES, strings

from ._site import LANGS, parse

PUBLIC = "https://selfcheck.example.org/"
MARK = strings()["ui"]["preview"]["mark"]


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://127.8.0.1/", True),
        ("http://localhost:8000/", True),
        ("http://app.localhost/", True),
        ("http://[::1]:8000/", True),
        ("http://0.0.0.0/", True),
        ("http://169.254.1.1/", True),
        ("https://selfcheck.example.org/", False),
        ("http://10.1.2.3/", False),  # an intranet address can be a real one
    ],
)
def test_which_addresses_are_local(url, local):
    assert is_local_address(url) is local


def test_without_an_address_a_build_is_a_preview_and_publishing_is_refused(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert site_address(None) == ("http://127.0.0.1:8000/", True)
    assert site_address(PUBLIC, publish=True) == (PUBLIC, False)
    monkeypatch.setenv("SITE_URL", "https://x.example.org")
    assert site_address(None, publish=True) == ("https://x.example.org/", False)
    with pytest.raises(ValueError, match="公开地址.*public address"):
        site_address("http://localhost:8000", publish=True)


def test_the_command_line_refuses_to_publish_without_an_address(monkeypatch, tmp_path, capsys):
    from sitegen.__main__ import main

    monkeypatch.delenv("SITE_URL", raising=False)
    assert main(["build", "--publish", "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "公开地址" in err and "public address" in err
    assert not (tmp_path / "site").exists() and not list(tmp_path.iterdir())


def _head_links(text: str) -> list[dict[str, str]]:
    head = text.split("</head>", 1)[0]
    return [a for tag, a in parse(head).elements if tag == "link"]


def _meta(text: str, name: str) -> list[str]:
    head = text.split("</head>", 1)[0]
    return [
        a["content"] for tag, a in parse(head).elements if tag == "meta" and a.get("name") == name
    ]


def _check_alternates(site, root: str, *, relative: bool = False) -> None:
    """Every page names itself in each language and the chooser: absolute addresses when
    published, relative ones in a local preview (which may be served from another address than
    its own: Material fetches a sitemap beside each of them)."""
    for lang in LANGS:
        for page in site.pages(lang):
            text = site.html(lang, page)
            alternates = {
                a["hreflang"]: a["href"] for a in _head_links(text) if a.get("rel") == "alternate"
            }
            assert all(("://" not in href) is relative for href in alternates.values()), page
            here = f"{root}{lang}/{page}"
            resolved = {x: urllib.parse.urljoin(here, href) for x, href in alternates.items()}
            expected = {x: f"{root}{x}/{page}" for x in LANGS} | {"x-default": root}
            assert resolved == expected, (lang, page)
            assert len([a for a in _head_links(text) if a.get("hreflang")]) == 3, (lang, page)


def _check_descriptions(site) -> None:
    by_path = {"" if p.path == "index.md" else p.path.removesuffix(".md") + "/": p for p in PAGES}
    for lang in LANGS:
        for page in site.pages(lang):
            (description,) = _meta(site.html(lang, page), "description")
            assert description == by_path[page].description[lang], (lang, page)


@pytest.mark.parametrize("lang", LANGS)
def test_every_preview_page_carries_the_mark_and_keeps_robots_away(built, lang):
    for page in built.pages(lang):
        text = built.html(lang, page)
        assert MARK[lang] in html.unescape(parse(text).plain), page
        assert _meta(text, "robots") == ["noindex, nofollow"], page
    chooser = (built.root / "index.html").read_text(encoding="utf-8")
    assert MARK["zh"] in chooser and MARK["en"] in chooser and "noindex" in chooser
    assert (built.root / "robots.txt").read_text(encoding="utf-8").endswith("Disallow: /\n")


def test_every_preview_page_names_itself_in_each_language_and_describes_itself(built):
    _check_alternates(built, built.origin, relative=True)
    _check_descriptions(built)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from ._site import Site

    root = build_site(tmp_path_factory.mktemp("public") / "site", site_url=PUBLIC, publish=True)
    return Site(root=root, origin=PUBLIC, warnings=())


def test_a_build_to_publish_has_no_mark_and_every_address_on_its_host(published):
    for lang in LANGS:
        for page in published.pages(lang):
            text = published.html(lang, page)
            assert MARK[lang] not in text and _meta(text, "robots") == [], page
            (canonical,) = [a["href"] for a in _head_links(text) if a.get("rel") == "canonical"]
            assert canonical == f"{PUBLIC}{lang}/{page}"
            assert not re.search(r"127\.0\.0\.1|localhost", text), page
    _check_alternates(published, PUBLIC)
    _check_descriptions(published)
    robots = (published.root / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PUBLIC}sitemap.xml" in robots
    assert f"<loc>{PUBLIC}zh/sitemap.xml</loc>" in (published.root / "sitemap.xml").read_text()
    config = published.root.with_name("site.nginx.conf").read_text(encoding="utf-8")
    assert "server_name selfcheck.example.org;" in config
