"""The report as plain text (the CLI) and as Markdown (the CLI and the widget's download).

Both renderings use one language; every label comes from ``messages.yaml`` (``labels``, and the
section names from ``words``), every sentence from the report itself. They say whose sentence each
is the way the site does: the conditions open with the line saying they are the site's reading of
the answers, the site's advice is prefixed with its label, and the materials the notice requires
stand apart from the evidence the site suggests. Each condition leads with the points that decide
it, then gives the reasons of the others, and names in one line the points the district
judges from the materials.
"""

from __future__ import annotations

from typing import Any

from ._points import OFFICE
from ._policy import Policy, policy
from ._quantity import figure, quantity
from ._report import ConditionResult, Report
from ._text import Text
from ._validate import UNSURE


def _size_line(report: Report, pol: Policy, lang: str) -> str:
    """The size class as the value of its line: a phrase, so it starts with a capital in English
    ("Size class (NBS standard): Medium-sized")."""
    labels, classes = pol.messages["labels"], pol.messages["size_classes"]
    size = report.size
    if size.size_class is not None:
        line = classes[size.size_class][lang]
    elif size.group is not None and size.at_most not in (None, "large"):
        line = labels["size_at_most"][lang].format(**{"class": classes[size.at_most][lang]})
    else:
        line = labels["size_unknown"][lang]
    return line[:1].upper() + line[1:]


def _choice_name(key: str, value: str, pol: Policy) -> Text:
    question = pol.questions[key]
    if "options" in question:
        return next(Text.of(o["label"]) for o in question["options"] if o["value"] == value)
    entries = pol.size_table["groups"] if key == "size_industry" else pol.districts.values()
    return next(Text.of(e["name"]) for e in entries if e["id"] == value)


def _answer(key: str, value: Any, pol: Policy, lang: str) -> str:
    """An answer as a reader writes it: yes/no, choice names, numbers as given."""
    labels = pol.messages["labels"]
    if value == UNSURE:
        return pol.messages["unsure"]["answer"][lang]
    if isinstance(value, bool):
        return labels["value_true" if value else "value_false"][lang]
    if isinstance(value, list):
        names = [_choice_name(key, v, pol).get(lang) for v in value]
        return pol.messages["joiners"]["list"][lang].join(names) or labels["none"][lang]
    if isinstance(value, str):
        return _choice_name(key, value, pol).get(lang)
    unit = pol.questions[key].get("unit")
    if lang != "en" or unit is None:
        return Text.same(value).get(lang)
    # English: the figure as answered (in the question's unit), then the amount in words.
    said = quantity(value, unit, pol).en
    return f"{figure(value)} ({said})" if said.startswith("CNY") else said


class _Writer:
    """Collects lines in text or Markdown style."""

    def __init__(self, pol: Policy, lang: str, md: bool) -> None:
        self.labels = {k: v[lang] for k, v in pol.messages["labels"].items()}
        self.labels.update({k: v[lang] for k, v in pol.messages["words"]["sections"].items()})
        self.colon = pol.messages["joiners"]["label"][lang]
        self.md, self.lines = md, []

    def heading(self, level: int, text: str) -> None:
        self.lines += [("#" * level + " " + text) if self.md else text, ""]

    def field(self, label: str, value: str) -> None:
        self.lines.append(self.labels[label] + self.colon + value)

    def para(self, text: str) -> None:
        self.lines += [text, ""]

    def bullets(self, items: list[str]) -> None:
        self.lines += [("- " if self.md else "  - ") + item for item in items] + [""]


def _write(report: Report, pol: Policy, lang: str, md: bool) -> str:
    w = _Writer(pol, lang, md)
    label = w.labels
    w.heading(1, label["report_title"])
    w.field("notice", pol.raw["notice"]["title"][lang])
    w.lines.append("")
    verdict = report.headline.get(lang)
    w.para(f"**{verdict}**" if md else verdict)
    w.para(report.summary.get(lang))
    w.field("size_class", _size_line(report, pol, lang))
    if report.size_note is not None:
        w.lines.append(report.size_note.get(lang))
    w.lines.append("")
    w.heading(2, label["conditions"])
    w.para(label["reading"])
    advice = label["advice"] + w.colon
    for c in report.conditions:
        w.heading(3, f"{c.marker.get(lang)} {c.title.get(lang)} — {c.status_text.get(lang)}")
        w.field("clause", pol.cite(c.clause).get(lang))
        if md:
            w.lines.append("")
        w.bullets(_condition_lines(c, lang, advice))
    w.heading(2, label["priority_factors"])
    w.bullets([pol.fact(k).get(lang) for k in report.priority_factors] or [label["none"]])
    if report.missing:
        unsure = pol.messages["unsure"]
        w.heading(2, label["open"])
        joiner = pol.messages["joiners"]["list"][lang]
        w.bullets(
            [
                m.question.get(lang)
                + (unsure["mark"][lang] if m.unsure else "")
                + label["blocks"].format(
                    markers=joiner.join(report.condition(k).marker.get(lang) for k in m.blocks)
                )
                for m in report.missing
            ]
        )
    w.heading(2, label["next_steps"])
    groups = (
        (None, lambda s: s.kind == "advice", advice),
        ("materials", lambda s: s.kind == "material" and s.basis == "notice", ""),
        ("evidence", lambda s: s.kind == "material" and s.basis == "site", ""),
        ("submission", lambda s: s.kind == "submission", ""),
    )
    for title, wanted, prefix in groups:
        if title:
            w.heading(3, label[title])
        w.bullets(
            [
                prefix
                + s.text.get(lang)
                + (f" [{pol.cite(s.clause).get(lang)}]" if s.clause else "")
                for s in report.next_steps
                if wanted(s)
            ]
        )
    if report.answers:
        w.heading(2, label["answers"])
        w.bullets(
            [_question_and_answer(k, v, pol, lang, w.colon) for k, v in report.answers.items()]
        )
    w.field("version", str(report.version))
    w.field("checked_on", str(report.compiled_on))
    w.field("as_of", report.as_of)
    w.field("digest", report.digest)
    w.lines.append("")
    w.lines.append(f"_{report.disclaimer.get(lang)}_" if md else report.disclaimer.get(lang))
    if md:  # separate the footer fields (Markdown joins adjacent lines into one paragraph)
        return "\n".join(_md_breaks(w.lines)) + "\n"
    return "\n".join(w.lines) + "\n"


def _condition_lines(c: ConditionResult, lang: str, advice: str) -> list[str]:
    """A condition's points: those that decide it first, in full with their advice; then the
    reasons of the others; the points the district judges from the materials in one line."""

    def said(p) -> str:
        return p.reason.get(lang) + (f" {advice}{p.advice.get(lang)}" if p.advice else "")

    lines = [said(p) for p in c.lead()]
    for status, points, line in c.lines():
        lines += [line.get(lang)] if status == OFFICE else [said(p) for p in points]
    return lines


def _question_and_answer(key: str, value: Any, pol: Policy, lang: str, colon: str) -> str:
    question = pol.questions[key]["label"][lang]
    sep = " " if question.endswith(("?", "？")) else colon
    return question + sep + _answer(key, value, pol, lang)


def _md_breaks(lines: list[str]) -> list[str]:
    """End a line with a hard break when the next line continues the same paragraph."""
    out = []
    for line, following in zip(lines, lines[1:] + [""]):
        block = line.startswith(("#", "- ")) or not line
        joined = not block and following and not following.startswith("#")
        out.append(line + "  " if joined else line)
    return out


def render_text(report: Report, lang: str | None = None) -> str:
    """The report as plain text in ``lang`` (default: the report's own language)."""
    return _write(report, policy(), lang or report.lang, md=False)


def render_markdown(report: Report, lang: str | None = None) -> str:
    """The report as Markdown in ``lang`` (default: the report's own language)."""
    return _write(report, policy(), lang or report.lang, md=True)
