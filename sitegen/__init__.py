"""The bilingual static site, generated from policy/ with MkDocs and Material for MkDocs.

``python -m sitegen build`` builds Chinese (``mkdocs.yml``) and English (``mkdocs.en.yml``) into
``site/zh/`` and ``site/en/`` with a chooser at ``site/index.html``; ``python -m sitegen serve``
builds and serves them. The pages come from the Jinja2 templates in ``sitegen/templates/``,
rendered by the MkDocs hook ``sitegen/hooks.py`` from the data that ``policykit.load_policy()``
returns.
"""

from ._build import LANGS, build_site, normalise_site_root
from ._serve import make_server

__all__ = ["LANGS", "build_site", "make_server", "normalise_site_root"]
