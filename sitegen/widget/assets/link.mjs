// @ts-check
// The share link: the answers in the page's address, in the fragment, which browsers never send to
// a server. Two forms (both documented on the answers page, both read for ever):
//   #a=z<base64url>   the answers as one field per question, in the configuration's link order
//                     (link_order: public, append-only), compressed (deflate-raw, CompressionStream);
//   #a=t<base64url>   the same text uncompressed (a browser without CompressionStream makes these);
//   #answers=<base64url of the UTF-8 JSON>   the first form (codec.mjs), still made for answers the
//                     short form cannot carry exactly, and read for every link already shared.
// A field is "" (not answered), "?" (not sure), "1"/"0" (yes/no), a number as JavaScript writes it,
// a choice's id, or ids joined by "." ("-": none of them); fields are joined by ",", and empty ones
// at the end are left out.
import {
  HASH_KEY, InputError, JSON_NUMBER, NumberText, encodeAnswers, fromBase64url, stringify, toBase64url, writtenAsRead,
} from "./codec.mjs";

/** @typedef {import("./codec.mjs").Limits} Limits */
/** @typedef {{key: string, type: string}} LinkQuestion */

export const LINK_KEY = "a";
const FIELD = ",";
const ITEM = ".";
const NONE = "-";
const ID = /^[a-z0-9_]+$/;

/**
 * The answers as the short form's text, one field per question of `order`; null when a value is
 * not one the form carries exactly (the link then keeps the JSON form: nothing is lost).
 * @param {Record<string, any>} answers
 * @param {LinkQuestion[]} order  the questions in the link order, with their types
 * @param {string} unsure  the answer "not sure"
 * @returns {string | null}
 */
export function linkText(answers, order, unsure) {
  const known = new Set(order.map((q) => q.key));
  if (Object.keys(answers).some((k) => !known.has(k))) return null;
  const fields = [];
  for (const { key, type } of order) {
    const v = answers[key];
    let field;
    if (v === undefined) field = "";
    else if (v === unsure) field = "?";
    else if (type === "boolean" && typeof v === "boolean") field = v ? "1" : "0";
    else if ((type === "integer" || type === "number") && typeof v === "number" && Number.isFinite(v) && Number(String(v)) === v) field = String(v);
    else if (type === "choice" && typeof v === "string" && ID.test(v)) field = v;
    else if (type === "multi_choice" && Array.isArray(v) && v.every((x) => typeof x === "string" && ID.test(x))) field = v.length ? v.join(ITEM) : NONE;
    else return null;
    fields.push(field);
  }
  while (fields.length && fields[fields.length - 1] === "") fields.pop();
  return fields.join(FIELD);
}

/**
 * The answers of the short form's text; throws InputError("fields") when a field does not fit its
 * question (the engine then checks every value as usual).
 * @param {string} text
 * @param {LinkQuestion[]} order
 * @param {string} unsure
 * @returns {Record<string, any>}
 */
export function fromLinkText(text, order, unsure) {
  const fields = text === "" ? [] : text.split(FIELD);
  if (fields.length > order.length) throw new InputError("fields");
  /** @type {Record<string, any>} */
  const answers = {};
  fields.forEach((field, i) => {
    const { key, type } = order[i];
    if (field === "") return;
    if (field === "?") answers[key] = unsure;
    else if (type === "boolean" && (field === "1" || field === "0")) answers[key] = field === "1";
    // (a number JavaScript would read as another is kept as its text, as in the JSON form)
    else if ((type === "integer" || type === "number") && JSON_NUMBER.test(field)) answers[key] = writtenAsRead(field) ? Number(field) : new NumberText(field);
    else if (type === "choice" && ID.test(field)) answers[key] = field;
    else if (type === "multi_choice" && field === NONE) answers[key] = [];
    else if (type === "multi_choice" && field.split(ITEM).every((x) => ID.test(x))) answers[key] = field.split(ITEM);
    else throw new InputError("fields");
  });
  return answers;
}

/**
 * @param {Uint8Array} bytes
 * @param {"compress" | "decompress"} way
 * @param {number} [limit]  most bytes to read back (decompressing), else InputError("size")
 */
async function deflate(bytes, way, limit = Infinity) {
  const Stream = way === "compress" ? globalThis.CompressionStream : globalThis.DecompressionStream;
  const stream = new Blob([/** @type {BlobPart} */ (bytes)]).stream().pipeThrough(new Stream("deflate-raw"));
  const reader = stream.getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new InputError("size");
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A share link's fragment for these answers: the short form, compressed where the browser can
 * ("a=z…"), else uncompressed ("a=t…"); the JSON form for answers the short form cannot carry.
 * @param {Record<string, any>} answers
 * @param {LinkQuestion[]} order
 * @param {string} unsure
 * @param {boolean} [compress]
 */
export async function linkFragment(answers, order, unsure, compress = true) {
  const text = linkText(answers, order, unsure);
  if (text === null) return `${HASH_KEY}=${encodeAnswers(answers)}`;
  const bytes = new TextEncoder().encode(text);
  if (compress && typeof globalThis.CompressionStream === "function") {
    try {
      return `${LINK_KEY}=z${toBase64url(await deflate(bytes, "compress"))}`;
    } catch {
      /* fall back to the uncompressed form */
    }
  }
  return `${LINK_KEY}=t${toBase64url(bytes)}`;
}

/**
 * The same fragment made at once, uncompressed (the language switch's links, rewritten on every
 * answer).
 * @param {Record<string, any>} answers
 * @param {LinkQuestion[]} order
 * @param {string} unsure
 */
export function linkFragmentNow(answers, order, unsure) {
  const text = linkText(answers, order, unsure);
  if (text === null) return `${HASH_KEY}=${encodeAnswers(answers)}`;
  return `${LINK_KEY}=t${toBase64url(new TextEncoder().encode(text))}`;
}

/**
 * The answers' JSON text a short link carries (its fields read back into answers, then written as
 * JSON, so that they are read like any other answers from outside); throws InputError.
 * @param {string} encoded  the value of "a=": "z" or "t", then base64url
 * @param {LinkQuestion[]} order
 * @param {string} unsure
 * @param {Limits} limits
 */
export async function decodeLink(encoded, order, unsure, limits) {
  const kind = encoded.slice(0, 1);
  const body = encoded.slice(1).replace(/=+$/, "");
  if (body.length > Math.ceil((limits.answers_chars * 4) / 3) + 4) throw new InputError("size");
  let bytes = fromBase64url(body);
  if (kind === "z") {
    if (typeof globalThis.DecompressionStream !== "function") throw new InputError("compressed");
    try {
      bytes = await deflate(bytes, "decompress", limits.answers_chars * 4);
    } catch (err) {
      throw err instanceof InputError ? err : new InputError("base64");
    }
  } else if (kind !== "t") {
    throw new InputError("base64");
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError("utf8");
  }
  return stringify(fromLinkText(text, order, unsure));
}

/**
 * The answers in the page's fragment, or null: the short form (`a`, "z…" or "t…") or the JSON form
 * (`answers`).
 * @returns {{form: "short" | "json", value: string} | null}
 */
export function hashAnswers() {
  const hash = window.location.hash.replace(/^#/, "");
  if (!hash) return null;
  const params = new URLSearchParams(hash);
  if (params.has(LINK_KEY)) return { form: "short", value: params.get(LINK_KEY) || "" };
  if (params.has(HASH_KEY)) return { form: "json", value: params.get(HASH_KEY) || "" };
  return null;
}

/**
 * The page's address with the answers in the fragment (the short form where it can).
 * @param {Record<string, any>} answers
 * @param {LinkQuestion[]} order
 * @param {string} unsure
 */
export async function shareURL(answers, order, unsure) {
  const url = new URL(window.location.href);
  url.search = "";
  url.hash = await linkFragment(answers, order, unsure);
  return url.href;
}
