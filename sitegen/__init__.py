"""The bilingual static site, generated from policy/ and built with MkDocs + Material for MkDocs.

``python -m sitegen generate --out DIR`` writes the whole input of the site as plain files (Markdown
pages from the Jinja2 templates in ``sitegen/templates/``, assets, one MkDocs configuration per
language); ``python -m sitegen build`` is that plus MkDocs for Chinese (``site/zh/``) and English
(``site/en/``), with the language chooser and the self-check's runtime at the root;
``python -m sitegen serve`` builds and serves it (a local preview). A build also writes the
service worker and the ``.gz`` and ``.br`` files into the site and the nginx server block beside it
(``python -m sitegen deploy`` again for another root or port). The self-check widget lives in
``sitegen/widget/``.
"""

from ._build import NginxOptions, build_site
from ._deploy import content_security_policy, write_precompressed
from ._generate import Generated, generate
from ._langs import LANGS, normalise_site_root
from ._nginx import (
    Nginx,
    Tls,
    free_port,
    have_nginx,
    nginx_config_path,
    run_nginx,
    self_signed,
    write_nginx,
)
from ._publish import is_local_address, site_address
from ._serve import make_server

__all__ = [
    "LANGS",
    "Generated",
    "Nginx",
    "NginxOptions",
    "Tls",
    "build_site",
    "content_security_policy",
    "free_port",
    "generate",
    "have_nginx",
    "is_local_address",
    "make_server",
    "nginx_config_path",
    "normalise_site_root",
    "run_nginx",
    "self_signed",
    "site_address",
    "write_nginx",
    "write_precompressed",
]
