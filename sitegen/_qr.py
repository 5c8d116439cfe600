"""QR codes as inline SVG, made at build time with segno (no service, no script)."""

from __future__ import annotations

import html
import io

import segno

__all__ = ["qr_svg"]


def qr_svg(data: str, *, label: str) -> str:
    """Return an accessible inline SVG QR code (error correction M) encoding ``data``."""
    buf = io.BytesIO()
    segno.make(data, error="m").save(
        buf,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=4,
        border=4,
        svgclass="cl-qr",
        lineclass=None,
        omitsize=True,
    )
    svg = buf.getvalue().decode("ascii")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
