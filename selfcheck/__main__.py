"""``python -m selfcheck``: see :mod:`selfcheck.cli`."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
