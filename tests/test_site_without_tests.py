"""A product builds without its tests: ``python -m sitegen build`` in a copy of the checkout that has
no ``tests/`` folder (the cases the trimmed library's build runs are the product's, in
``examples/cases/``)."""

from __future__ import annotations

from ._checkout import copy_checkout, run_python


def test_the_site_builds_from_a_checkout_without_its_tests_folder(tmp_path):
    copy = copy_checkout(tmp_path / "checkout", without=("tests",))
    assert not (copy / "tests").exists() and (copy / "examples" / "cases").is_dir()
    out = tmp_path / "site"
    proc = run_python(copy, "-m", "sitegen", "build", "--out", str(out))
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    for lang in ("zh", "en"):
        assert (out / lang / "selfcheck" / "index.html").is_file()
    assert list((out / "assets" / "pyodide").glob("*/python_stdlib-*.zip"))
