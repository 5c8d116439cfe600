"""``python -m selfcheck``: see :mod:`selfcheck._cli`."""

from ._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
