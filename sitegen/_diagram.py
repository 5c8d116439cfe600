"""The procedure diagram as inline SVG, drawn at build time (no Mermaid, no CDN, no script).

The boxes are the notice's procedure steps in order, labelled with the notice's marker and the
step's title from policy/; the layout is a left-to-right flow drawn at its natural size that
shrinks with a narrower container (``max-width: 100%; height: auto`` in cl.css: no inline
``style``, which a Content-Security-Policy without ``'unsafe-inline'`` refuses).
"""

from __future__ import annotations

import html
import unicodedata

__all__ = ["flow_svg"]

_BOX_W = 168
_GAP = 34
_PAD = 8
_LINE_H = 20
_FONT = 15


def _width(text: str) -> float:
    """Approximate rendered width in px: CJK and full-width glyphs 1 em, others about 0.56 em."""
    return sum(_FONT if unicodedata.east_asian_width(ch) in "WF" else _FONT * 0.56 for ch in text)


def _wrap(text: str, limit: float) -> list[str]:
    """Break between words for Latin text and between characters for CJK text."""
    lines: list[str] = []
    line = ""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ch == " ":
            tokens.append(word + " ")
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    for token in tokens:
        if line and _width((line + token).rstrip()) > limit:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def flow_svg(steps: list[tuple[str, str]], *, label: str, ident: str = "cl-flow") -> str:
    """Return an accessible inline SVG of ``steps`` ((marker, title) pairs) joined by arrows.

    ``label`` names the diagram for screen readers (its <title>); the step texts themselves
    stay real text in the SVG, so they can be found and read.
    """
    wrapped = [_wrap(f"{marker} {title}".strip(), _BOX_W - 2 * _PAD) for marker, title in steps]
    rows = max((len(lines) for lines in wrapped), default=1)
    box_h = rows * _LINE_H + 2 * _PAD + 6
    width = len(steps) * _BOX_W + (len(steps) - 1) * _GAP + 4
    height = box_h + 4
    out = [
        f'<svg class="cl-flow" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{ident}-title" width="{width}" height="{height}" '
        f'font-size="{_FONT}">',
        f'<title id="{ident}-title">{html.escape(label)}</title>',
        "<defs>"
        f'<marker id="{ident}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0 0 L10 5 L0 10 z" fill="#333"/></marker></defs>',
    ]
    for i, lines in enumerate(wrapped):
        x = 2 + i * (_BOX_W + _GAP)
        out.append(
            f'<rect x="{x}" y="2" width="{_BOX_W}" height="{box_h}" rx="6" '
            'fill="#fff" stroke="#8c1d18" stroke-width="2"/>'
        )
        top = 2 + (box_h - len(lines) * _LINE_H) / 2 + _LINE_H * 0.75
        for j, line in enumerate(lines):
            out.append(
                f'<text x="{x + _BOX_W / 2}" y="{top + j * _LINE_H:.1f}" text-anchor="middle" '
                f'fill="#1a1a1a">{html.escape(line)}</text>'
            )
        if i < len(wrapped) - 1:
            y = 2 + box_h / 2
            out.append(
                f'<line x1="{x + _BOX_W + 2}" y1="{y}" x2="{x + _BOX_W + _GAP - 3}" y2="{y}" '
                f'stroke="#333" stroke-width="2" marker-end="url(#{ident}-arrow)"/>'
            )
    out.append("</svg>")
    return "".join(out)
