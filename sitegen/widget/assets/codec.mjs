// @ts-check
// Answers from outside the form (a share link, a receipt, this device's storage) read the way the
// engine reads them, before any of it reaches the engine: limits on size, nesting and the number
// of keys (the engine's own numbers, from the widget's configuration), a key given twice refused,
// an object required, and an error that names the cause. The engine then checks every value.
//
// Share links: the answers as base64url of their UTF-8 JSON, in the fragment (#answers=…), which
// browsers never send to a server.

export const HASH_KEY = "answers";

/** Why answers from outside could not be read. `cause` is one of: base64, utf8, json, object,
 * size, depth, keys, duplicate; `detail` is what the reader supplied (a key), if any. */
export class InputError extends Error {
  /** @param {string} cause @param {string} [detail] */
  constructor(cause, detail = "") {
    super(cause);
    this.cause = cause;
    this.detail = detail;
  }
}

/** @typedef {{answers_chars: number, depth: number, keys: number, receipt_chars?: number, receipt_depth?: number, receipt_keys?: number}} Limits */

/**
 * @param {Record<string, any>} answers
 * @returns {string}
 */
export function encodeAnswers(answers) {
  const bytes = new TextEncoder().encode(JSON.stringify(answers));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The text a share link's payload carries (base64url of UTF-8).
 * @param {string} encoded
 * @param {Limits} limits
 * @returns {string}
 */
export function decodeText(encoded, limits) {
  encoded = encoded.replace(/=+$/, ""); // padding is optional in base64url
  if (encoded.length > Math.ceil((limits.answers_chars * 4 * 4) / 3) + 4) throw new InputError("size");
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new InputError("base64");
  let bin;
  try {
    const b64 = encoded.replace(/-/g, "+").replace(/_/g, "/");
    bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  } catch {
    throw new InputError("base64");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    throw new InputError("utf8");
  }
}

/**
 * How deeply the text nests arrays and objects, and the first key that repeats within one object
 * (a single pass that skips strings; JSON.parse would silently keep the last value).
 * @param {string} text
 * @param {number} maxDepth  stop counting past this depth
 * @returns {{depth: number, duplicate: string | null}}
 */
export function scan(text, maxDepth) {
  /** @type {(Set<string> | null)[]} */
  const keys = [];
  let depth = 0;
  let deepest = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const raw = text.slice(i, j + 1);
      let k = j + 1;
      while (k < text.length && /\s/.test(text[k])) k++;
      const top = keys[keys.length - 1];
      if (text[k] === ":" && top) {
        let key;
        try {
          key = JSON.parse(raw);
        } catch {
          key = raw;
        }
        if (top.has(key)) return { depth: deepest, duplicate: String(key) };
        top.add(key);
      }
      i = j + 1;
      continue;
    }
    if (ch === "{" || ch === "[") {
      depth++;
      deepest = Math.max(deepest, depth);
      if (deepest > maxDepth) return { depth: deepest, duplicate: null };
      keys.push(ch === "{" ? new Set() : null);
    } else if (ch === "}" || ch === "]") {
      depth--;
      keys.pop();
    }
    i++;
  }
  return { depth: deepest, duplicate: null };
}

/**
 * Whether a text has more than ``max`` characters as the engine counts them (code points).
 * @param {string} text
 * @param {number} max
 */
export function tooLong(text, max) {
  return text.length > max && [...text].length > max;
}

/**
 * Answers JSON read within the engine's limits; throws InputError naming the cause.
 * @param {string} text
 * @param {Limits} limits
 * @returns {Record<string, any>}
 */
export function parseAnswers(text, limits) {
  if (tooLong(text, limits.answers_chars)) throw new InputError("size");
  const { depth, duplicate } = scan(text, limits.depth);
  if (depth > limits.depth) throw new InputError("depth");
  if (duplicate !== null) throw new InputError("duplicate", duplicate);
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError("json");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new InputError("object");
  if (Object.keys(value).length > limits.keys) throw new InputError("keys");
  return value;
}

/** The encoded answers in the page's fragment, or null. */
export function hashAnswers() {
  const hash = window.location.hash.replace(/^#/, "");
  if (!hash) return null;
  const params = new URLSearchParams(hash);
  return params.has(HASH_KEY) ? params.get(HASH_KEY) : null;
}

/** The page's address with the answers in the fragment. */
export function shareURL(/** @type {Record<string, any>} */ answers) {
  const url = new URL(window.location.href);
  url.search = "";
  url.hash = `${HASH_KEY}=${encodeAnswers(answers)}`;
  return url.href;
}

/**
 * The answers as one canonical text (keys sorted at every level): two answer objects are the same
 * answers when their canonical texts are equal.
 * @param {any} value
 * @returns {string}
 */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Is `text` a real calendar date written YYYY-MM-DD?
 * @param {unknown} text
 */
export function isDate(text) {
  if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
