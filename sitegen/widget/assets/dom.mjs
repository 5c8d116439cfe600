// @ts-check
// Small DOM helpers of the widget. Everything from data is written as text (textContent,
// setAttribute): never innerHTML.

/**
 * An element with attributes and children (strings become text nodes; null/false are skipped).
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * "{name}" placeholders filled from `values` (unknown ones are left as they are).
 * @param {string} template
 * @param {Record<string, any>} values
 */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

/**
 * "{name}" placeholders filled from `values`, which may be nodes (a reader's text isolated in a
 * <bdi>, say): the parts, to be appended to an element.
 * @param {string} template
 * @param {Record<string, Node | string>} values
 * @returns {(Node | string)[]}
 */
export function formatNodes(template, values) {
  return template.split(/(\{\w+\})/).filter(Boolean).map((part) => {
    const name = part.slice(1, -1);
    return part.startsWith("{") && name in values ? values[name] : part;
  });
}

/**
 * The text of a {zh, en} map in `lang`; a plain value as text.
 * @param {any} map
 * @param {string} lang
 */
export function pick(map, lang) {
  if (map && typeof map === "object" && !Array.isArray(map)) {
    return String(map[lang] ?? map.zh ?? map.en ?? "");
  }
  return map === null || map === undefined ? "" : String(map);
}

/** Today as YYYY-MM-DD in the reader's time zone. */
export function todayISO() {
  const d = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Offer `text` as a file download.
 * @param {string} filename
 * @param {string | Blob} data
 * @param {string} type
 */
export function download(filename, data, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The element matching `selector` inside `root`; throws when the page lacks it (a build error).
 * @template {Element} T
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {T}
 */
export function need(root, selector) {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`the self-check page lacks ${selector}`);
  return /** @type {T} */ (found);
}
