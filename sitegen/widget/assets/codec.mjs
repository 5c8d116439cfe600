// @ts-check
// Share links: the answers as base64url of their UTF-8 JSON, in the fragment (#answers=…), which
// browsers never send to a server.

export const HASH_KEY = "answers";

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
 * The answers object of a share link's payload; throws when it cannot be read.
 * @param {string} text
 * @returns {Record<string, any>}
 */
export function decodeAnswers(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
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
