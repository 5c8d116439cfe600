"""The in-browser self-check: everything of the widget lives in this folder.

- ``form.html.j2`` and ``_form.py``: the form, rendered at build time from policy/ into the
  self-check page (usable before and without Pyodide), with the widget's configuration and strings
  (``strings.yaml``) as a JSON block;
- ``assets/``: the JavaScript (``engine.js`` starts the worker from ``<head>``, ``worker.mjs`` runs
  Pyodide and the engine, ``widget.mjs`` mounts the modules of the page) and the stylesheet, copied
  by the site build to ``assets/selfcheck/`` of each language;
- ``_engine.py`` and ``wheel.py``: the engine wheel, its minimal lock file (inline in the page)
  and the Pyodide runtime; ``stdlib/``: the trimmed, precompiled standard library it boots on;
- ``sw.js`` and ``_offline.py``: the site's service worker (offline after one visit), written to
  the site root by the build; ``assets/offline.js`` registers it from the self-check page.

``overrides/selfcheck.html`` is the thin theme override that loads the assets on that page only.
"""

from pathlib import Path

from ._engine import (
    ENGINE_DIR,
    PYODIDE_DIR,
    PYODIDE_FILES,
    Engine,
    build_engine,
    download_sizes,
    engine_urls,
    install_runtime,
    minimal_lock,
    pyodide_version,
)
from ._form import render_form, widget_config, widget_strings
from ._offline import SERVICE_WORKER, build_manifest, service_worker, write_service_worker

#: The widget's static files (JavaScript, CSS), published under ``assets/selfcheck/``.
ASSETS = Path(__file__).resolve().parent / "assets"
ASSETS_URL = "assets/selfcheck/"

__all__ = [
    "ASSETS",
    "ASSETS_URL",
    "ENGINE_DIR",
    "PYODIDE_DIR",
    "PYODIDE_FILES",
    "SERVICE_WORKER",
    "Engine",
    "build_engine",
    "build_manifest",
    "download_sizes",
    "engine_urls",
    "install_runtime",
    "minimal_lock",
    "pyodide_version",
    "render_form",
    "service_worker",
    "widget_config",
    "widget_strings",
    "write_service_worker",
]
