"""Read the YAML files of ``policy/`` into one dict, strictly: safe types only, no key given twice,
no alias (``*name``: no policy file needs one, and a handful can multiply a file a billion times),
no list as a key, nesting within :data:`MAX_DEPTH`. Every problem is a :class:`PolicyFileError`
naming the file and the line; :func:`load_policy` reads every file and reports all of them
(:class:`PolicyLoadError`)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from ._placeholders import fill_placeholders
from .schema import said_in_policy

POLICY_DIR = Path(__file__).resolve().parent.parent / "policy"
#: How deep lists and mappings may nest in a policy file (the deepest is 5).
MAX_DEPTH = 32


class PolicyFileError(ValueError):
    """A policy file that cannot be read: ``path``, ``line`` (from 1, or ``None``) and what is
    wrong, said in one line (``str()``: ``path:line: problem``)."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path, self.line, self.problem = Path(path), line, problem
        where = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{where}: {problem}")


class DuplicateKeyError(PolicyFileError):
    """A mapping in a policy file has the same key twice."""


class PolicyLoadError(ValueError):
    """Policy files that cannot be read: ``problems``, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class _Refused(yaml.YAMLError):
    def __init__(self, problem: str, mark: Any, kind: type[PolicyFileError] = PolicyFileError):
        super().__init__(problem)
        self.problem, self.mark, self.kind = problem, mark, kind


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (PyYAML silently keeps the last one), a list or a
    mapping as a key, aliases, and nesting deeper than :data:`MAX_DEPTH`."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _Refused(
                "an alias (*name) is not used in policy files: write the value out",
                self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    f"lists and mappings nest more than {MAX_DEPTH} deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                again = key in seen
            except TypeError:  # a list or a mapping as a key
                raise _Refused(
                    "a key must be a word or a number, not a list or a mapping", key_node.start_mark
                ) from None
            if again:
                raise _Refused(f"duplicate key {key!r}", key_node.start_mark, DuplicateKeyError)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(path: Path | str) -> Any:
    """Parse one YAML file strictly (see :class:`_StrictLoader`); raise :class:`PolicyFileError`
    for whatever keeps it from being read, with the line where it is."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise PolicyFileError(path, None, "the file is missing") from None
    except OSError as exc:
        raise PolicyFileError(path, None, f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PolicyFileError(
            path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save it as UTF-8"
        ) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass
    except _Refused as exc:
        raise exc.kind(path, exc.mark.line + 1, exc.problem) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        if "\t" in problem or "'\\t'" in problem:
            problem += " (a tab: YAML indents with spaces)"
        raise PolicyFileError(path, mark.line + 1 if mark else None, problem) from None
    except yaml.YAMLError as exc:
        raise PolicyFileError(path, None, str(exc).replace("\n", " ")) from None
    except RecursionError:
        raise PolicyFileError(path, None, f"nests more than {MAX_DEPTH} deep") from None


def _in_notice_order(items: dict[str, Any], text: str) -> dict[str, Any]:
    """The notice's items in the order the notice prints them: by where each item's own text
    (verbatim, its first paragraph) first stands in ``notice.txt``. An item whose text is not
    found (a schema error reported elsewhere) goes last."""

    def position(stem: str) -> tuple[int, str]:
        quote = items[stem].get("text", {}) if isinstance(items[stem], dict) else {}
        first = quote.get("zh", "").split("\n\n")[0] if isinstance(quote, dict) else ""
        found = text.find(first) if first else -1
        return (found if found >= 0 else len(text), stem)

    return {stem: items[stem] for stem in sorted(items, key=position)}


def load_policy(root: Path | str = POLICY_DIR) -> dict[str, Any]:
    """Return every policy file as one dict.

    Keys: ``meta``, ``sources`` (id -> source), ``notice`` (id -> item, in the notice's order),
    ``lists`` (file stem -> file content), ``selfcheck`` (file stem -> file content),
    ``wording`` (the wording rules), ``faq`` (the questions answered from what the notice does
    not say), ``search`` (what readers type and the page that answers it), ``notice_text`` and
    ``notice_sha256``. The placeholders of the site's own sentences are filled
    (:mod:`policykit._placeholders`). Every file is read; :class:`PolicyLoadError` lists every one
    that cannot be (one line each).
    """
    root = Path(root)
    problems: list[str] = []

    def read(path: Path, default: Any = None) -> Any:
        try:
            return load_yaml(path)
        except PolicyFileError as exc:
            problems.append(str(exc))
            return default

    try:
        text_bytes = (root / "notice.txt").read_bytes()
    except OSError:
        problems.append(str(PolicyFileError(root / "notice.txt", None, "the file is missing")))
        text_bytes = b""
    try:
        notice_text = text_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = text_bytes.count(b"\n", 0, exc.start) + 1
        problems.append(str(PolicyFileError(root / "notice.txt", line, "not UTF-8 text")))
        notice_text = ""
    policy: dict[str, Any] = {
        "meta": read(root / "meta.yaml", {}) if (root / "meta.yaml").exists() else {},
        "sources": {},
        "notice": {},
        "lists": {},
        "selfcheck": {},
        "wording": read(root / "wording.yaml", {}) if (root / "wording.yaml").exists() else {},
        "faq": read(root / "faq.yaml", {"entries": []})
        if (root / "faq.yaml").exists()
        else {"entries": []},
        "search": (
            read(root / "search.yaml", {"answers": []})
            if (root / "search.yaml").exists()
            else {"answers": []}
        ),
        "notice_text": notice_text,
        "notice_sha256": hashlib.sha256(text_bytes).hexdigest(),
    }
    sources = read(root / "sources.yaml", {})
    entries = sources.get("sources") if isinstance(sources, dict) else None
    if isinstance(entries, list):
        for entry in entries:
            if isinstance(entry, dict) and "id" in entry:
                policy["sources"][entry["id"]] = entry
    elif sources:
        problems.append(str(PolicyFileError(root / "sources.yaml", None, "no list of sources")))
    items = {p.stem: read(p) for p in sorted((root / "notice").glob("*.yaml"))}
    for path in sorted((root / "lists").glob("*.yaml")):
        policy["lists"][path.stem] = read(path)
    for path in sorted((root / "selfcheck").glob("*.yaml")):
        policy["selfcheck"][path.stem] = read(path)
    if problems:
        raise PolicyLoadError(problems)
    policy["notice"] = _in_notice_order(items, policy["notice_text"])
    # A threshold's number typed once: the site's own sentences name it by placeholder.
    fill_placeholders(policy, said_in_policy(policy))
    return policy
