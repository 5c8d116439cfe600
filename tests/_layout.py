"""What a phone reader would find wrong on a page, measured in the browser (issue 20).

:data:`LAYOUT_PROBLEMS` is a function for ``page.evaluate``; it returns three lists:

- ``wide``: visible elements that reach past the left or right edge of the screen, unless they sit
  in a horizontal scroller that says it scrolls (a hint shown by the scroller, as ``::before``
  content or a ``data-scroll-hint``). Elements off the screen altogether (the closed navigation
  drawer) and elements hidden from sight (clipped to nothing, the screen-reader-only header of a
  card table) do not count.
- ``small``: visible text smaller than 12 CSS pixels as drawn (a scaled SVG's text counts at its
  drawn size).
- ``overlap``: two visible boxes of text that cover each other (more than 1 × 2 pixels), each box
  clipped by the ancestors that clip it. Text in a fixed or sticky bar does not count against the
  text it floats over: that text scrolls out from under it.
"""

from __future__ import annotations

__all__ = ["LAYOUT_PROBLEMS", "MIN_TEXT_PX"]

MIN_TEXT_PX = 12

LAYOUT_PROBLEMS = """(minText) => {
  const W = document.documentElement.clientWidth;
  const problems = {wide: [], small: [], overlap: []};
  const label = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    if (el.classList && el.classList.length) s += "." + [...el.classList].slice(0, 2).join(".");
    const t = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return t ? `${s} “${t}”` : s;
  };
  const visible = (el) => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const hidden = (el) => {
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.clipPath !== "none" || s.clip !== "auto") return true;
    }
    return false;
  };
  const scroller = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox !== "visible") return a;
    }
    return null;
  };
  const saysItScrolls = (s) => {
    const ox = getComputedStyle(s).overflowX;
    if (ox !== "auto" && ox !== "scroll") return false;
    const hint = getComputedStyle(s, "::before").content;
    return s.hasAttribute("data-scroll-hint") || (hint && hint !== "none" && hint !== "normal");
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= 0 || r.left >= W) continue;
    if (r.right <= W + 0.5 && r.left >= -0.5) continue;
    if (hidden(el)) continue;
    const s = scroller(el);
    if (s && saysItScrolls(s) && s.scrollWidth > s.clientWidth) {
      const sr = s.getBoundingClientRect();
      if (sr.right <= W + 0.5 && sr.left >= -0.5) continue;
    }
    problems.wide.push(`${label(el)} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  const fixedOf = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const p = getComputedStyle(a).position;
      if (p === "fixed" || p === "sticky") return a;
    }
    return null;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const boxes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.data.trim()) continue;
    const el = n.parentElement;
    if (!el || !visible(el) || el.closest("script, style, noscript, title")) continue;
    if (hidden(el)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement && el.getScreenCTM()) {
      const m = el.getScreenCTM();
      size *= Math.hypot(m.a, m.b);
    }
    let clip = {left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity};
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== "visible" || s.overflowY !== "visible") {
        const ar = a.getBoundingClientRect();
        clip = {
          left: Math.max(clip.left, ar.left), top: Math.max(clip.top, ar.top),
          right: Math.min(clip.right, ar.right), bottom: Math.min(clip.bottom, ar.bottom),
        };
      }
    }
    const range = document.createRange();
    range.selectNodeContents(n);
    let shown = false;
    for (const r of range.getClientRects()) {
      const b = {
        left: Math.max(r.left, clip.left), top: Math.max(r.top, clip.top),
        right: Math.min(r.right, clip.right), bottom: Math.min(r.bottom, clip.bottom),
      };
      if (b.right - b.left < 1 || b.bottom - b.top < 1) continue;
      shown = true;
      boxes.push({b, node: n, el, fixed: fixedOf(el)});
    }
    if (shown && size < minText - 0.05) problems.small.push(`${label(el)} ${size.toFixed(1)}px`);
  }
  const seen = new Set();
  boxes.sort((x, y) => x.b.top - y.b.top);
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].b.top < a.b.bottom; j++) {
      const c = boxes[j];
      if (a.node === c.node || Boolean(a.fixed) !== Boolean(c.fixed)) continue;
      const ix = Math.min(a.b.right, c.b.right) - Math.max(a.b.left, c.b.left);
      const iy = Math.min(a.b.bottom, c.b.bottom) - Math.max(a.b.top, c.b.top);
      if (ix > 1 && iy > 2) {
        const key = `${label(a.el)} ⨯ ${label(c.el)}`;
        if (!seen.has(key)) { seen.add(key); problems.overlap.push(key); }
      }
    }
  }
  return problems;
}"""
