#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine (Python 3.11, Node 20, root):
# Debian's chromium for the browser tests, .venv/ with the Python dependencies,
# node_modules/ with the pinned Pyodide runtime and axe-core.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "set-up: installing Debian's chromium (browser tests)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
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

lockstamp=node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f "$lockstamp" ]; then
  echo "set-up: installing npm packages (pinned pyodide, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$lockstamp"
fi
echo "set-up: done"
