// @ts-check
// Answers from outside the form (a share link, a receipt, this device's storage) read the way the
// engine reads them, before any of it reaches the engine: limits on size, nesting and the number
// of keys (the engine's own numbers, from the widget's configuration), a key given twice refused,
// an object required, and an error that names the cause. The engine then checks every value.
//
// Share links (their short form and the page's address: link.mjs) carry the answers in the
// fragment; #answers=<base64url of the UTF-8 JSON> is the first form, made here.

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

/** @typedef {{answers_chars: number, depth: number, keys: number, text_chars?: number, receipt_chars?: number, receipt_depth?: number, receipt_keys?: number}} Limits */

/**
 * A number of answers from outside the form kept as its JSON text said it (1.2e3, 1200.0, 1e309, a
 * number of 70,000 digits: JavaScript would read each as another number, or as Infinity, and send
 * that), so that the engine reads the text the command line reads. JSON.stringify writes its
 * number; stringify() below writes its text.
 */
export class NumberText {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
  }

  toJSON() {
    return Number(this.text);
  }
}

/**
 * Answers as JSON text, as JSON.stringify writes them, but a NumberText as it was read.
 * @param {any} value
 * @returns {string}
 */
export function stringify(value) {
  if (value instanceof NumberText) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stringify(v))).join(",")}]`;
  if (value && typeof value === "object") {
    const parts = Object.keys(value).filter((k) => value[k] !== undefined);
    return `{${parts.map((k) => `${JSON.stringify(k)}:${stringify(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

// A JSON number, and whether JavaScript writes the number it reads from it back as the same text.
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** @param {string} token */
export const writtenAsRead = (token) => JSON.stringify(Number(token)) === token;
/** A whole field that is one JSON number. */
export const JSON_NUMBER = new RegExp(`^${NUMBER.source}$`);

/** @param {Uint8Array} bytes */
export function toBase64url(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The bytes of base64url text; throws InputError("base64").
 * @param {string} encoded
 */
export function fromBase64url(encoded) {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new InputError("base64");
  try {
    const b64 = encoded.replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(b64 + "===".slice((b64.length + 3) % 4)), (c) => c.charCodeAt(0));
  } catch {
    throw new InputError("base64");
  }
}

/**
 * @param {Record<string, any>} answers
 * @returns {string}
 */
export function encodeAnswers(answers) {
  return toBase64url(new TextEncoder().encode(stringify(answers)));
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
  const bytes = fromBase64url(encoded);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError("utf8");
  }
}

/**
 * How deeply the text nests arrays and objects, the first key that repeats within one object
 * (a single pass that skips strings; JSON.parse would silently keep the last value), and whether
 * a number is written otherwise than JavaScript writes the number it reads (see NumberText).
 * @param {string} text
 * @param {number} maxDepth  stop counting past this depth
 * @returns {{depth: number, duplicate: string | null, numbers?: boolean}}
 */
export function scan(text, maxDepth) {
  /** @type {(Set<string> | null)[]} */
  const keys = [];
  let depth = 0;
  let deepest = 0;
  let numbers = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "-" || (ch >= "0" && ch <= "9")) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match) {
        numbers = numbers || !writtenAsRead(match[0]);
        i += match[0].length;
        continue;
      }
    }
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
  return { depth: deepest, duplicate: null, numbers };
}

/**
 * JSON text (already read once by JSON.parse: it is valid) read again with each number JavaScript
 * would not write back as its text kept as a NumberText.
 * @param {string} text
 * @returns {any}
 */
function parseKeepingNumbers(text) {
  let i = 0;
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const string = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  /** @returns {any} */
  const value = () => {
    space();
    const ch = text[i];
    if (ch === "{") {
      i++;
      /** @type {Record<string, any>} */
      const object = {};
      space();
      if (text[i] === "}") return i++, object;
      for (;;) {
        space();
        const key = string();
        space();
        i++; // :
        // (as JSON.parse does: "__proto__" is an own key, not the prototype)
        Object.defineProperty(object, key, { value: value(), enumerable: true, writable: true, configurable: true });
        space();
        if (text[i++] === "}") return object;
      }
    }
    if (ch === "[") {
      i++;
      const list = [];
      space();
      if (text[i] === "]") return i++, list;
      for (;;) {
        list.push(value());
        space();
        if (text[i++] === "]") return list;
      }
    }
    if (ch === '"') return string();
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (match) {
      i += match[0].length;
      return writtenAsRead(match[0]) ? Number(match[0]) : new NumberText(match[0]);
    }
    for (const [word, meaning] of /** @type {[string, any][]} */ ([["true", true], ["false", false], ["null", null]])) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return meaning;
      }
    }
    throw new InputError("json");
  };
  return value();
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
  const { depth, duplicate, numbers } = scan(text, limits.depth);
  if (depth > limits.depth) throw new InputError("depth");
  if (duplicate !== null) throw new InputError("duplicate", duplicate);
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError("json");
  }
  if (numbers) value = parseKeepingNumbers(text);
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new InputError("object");
  if (Object.keys(value).length > limits.keys) throw new InputError("keys");
  return value;
}

/**
 * The answers as one canonical text (keys sorted at every level): two answer objects are the same
 * answers when their canonical texts are equal.
 * @param {any} value
 * @returns {string}
 */
export function canonical(value) {
  if (value instanceof NumberText) return value.text;
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
