"""The bilingual static site, generated from policy/ and built with MkDocs + Material for MkDocs.

``python -m sitegen generate --out DIR`` writes the whole input of the site as plain files (Markdown
pages from the Jinja2 templates in ``sitegen/templates/``, assets, one MkDocs configuration per
language); ``python -m sitegen build`` is that plus MkDocs for Chinese (``site/zh/``) and English
(``site/en/``), with the language chooser and the self-check's runtime at the root;
``python -m sitegen serve`` builds and serves it. The self-check widget lives in
``sitegen/widget/``.
"""

from ._build import build_site
from ._generate import Generated, generate
from ._langs import LANGS, normalise_site_root
from ._serve import make_server

__all__ = ["LANGS", "Generated", "build_site", "generate", "make_server", "normalise_site_root"]
