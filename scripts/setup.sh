#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine (Python 3.11, Node 20, root):
# Debian's browsers (chromium, firefox-esr, WebKitGTK), nginx with brotli and CJK fonts for the
# tests, .venv/ with the Python dependencies, node_modules/ with the pinned Pyodide runtime,
# axe-core, TypeScript (to check the JavaScript) and puppeteer-core (to drive Firefox).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's packages the tests use: chromium (browser tests), nginx and its brotli_static module
# (the deployment tests serve the built site with the project's configuration), Noto CJK (readable
# Chinese in screenshots and PDFs); for the cross-engine tests (tests/engines/): firefox-esr, and
# WebKitGTK with its Python bindings (PyGObject, cairo for screenshots) on an Xvfb display.
installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' 2>/dev/null |
            awk '$2 == "ii" { print $1 }' | tr '\n' ' ')
packages=(chromium nginx libnginx-mod-http-brotli-static fonts-noto-cjk firefox-esr xvfb
          gir1.2-webkit2-4.1 python3-gi python3-gi-cairo)
missing=()
for package in "${packages[@]}"; do
  case " $installed " in *" $package "*) ;; *) missing+=("$package") ;; esac
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "set-up: installing Debian's ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "set-up: creating .venv"
  python3 -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "set-up: installing Python dependencies"
  # The build backend's warnings are long; keep them in a log and show it only on failure.
  if ! { .venv/bin/python -m pip install -q --upgrade pip &&
         .venv/bin/python -m pip install -q -e '.[test]'; } >.venv/pip-install.log 2>&1; then
    cat .venv/pip-install.log
    echo "set-up: pip install failed (log above, also in .venv/pip-install.log)" >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# The pinned pure-Python wheels the browser loads for spreadsheets (openpyxl and its dependency),
# served from the site itself; the build checks their SHA-256.
wheels=.venv/pyodide-wheels
if [ ! -f $wheels/openpyxl-3.1.5-py2.py3-none-any.whl ] || [ ! -f $wheels/et_xmlfile-2.0.0-py3-none-any.whl ]; then
  echo "set-up: downloading the pinned wheels for the browser (openpyxl, et-xmlfile)"
  .venv/bin/python -m pip download -q --no-deps --only-binary=:all: -d $wheels \
      openpyxl==3.1.5 et-xmlfile==2.0.0
fi

lockstamp=node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f "$lockstamp" ]; then
  echo "set-up: installing npm packages (pinned pyodide, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$lockstamp"
fi
echo "set-up: done"
