// @ts-check
// The answers kept on this device, when the reader asks for it (localStorage, never uploaded): kept
// with the enterprise's name (when given) and the date, read back, set aside when they cannot be read (nothing is thrown away), forgotten.
// Saving says whether the browser took them (its storage may be full or blocked).
import { stringify } from "./codec.mjs";

export const STORAGE_KEY = "selfcheck.answers.v1";

/** This device's storage, or null where it is blocked. */
export function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The text kept on this device, or null. */
export function savedText() {
  const store = storage();
  return store ? store.getItem(STORAGE_KEY) : null;
}

/** Keep unreadable saved answers apart (so a reload starts clean and nothing is thrown away). */
export function setAside() {
  const store = storage();
  if (!store) return;
  try {
    const text = store.getItem(STORAGE_KEY);
    if (text !== null) store.setItem(`${STORAGE_KEY}.unreadable`, text);
  } catch {
    /* storage full: dropping it is the only way to a clean start */
  }
  store.removeItem(STORAGE_KEY);
}

/**
 * A name as the widget keeps it: one line, no control characters, at most `max` characters.
 * @param {unknown} text
 * @param {number} max
 */
export function cleanName(text, max) {
  if (typeof text !== "string") return "";
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim()].slice(0, max).join("");
}

/**
 * Keep `answers` (and the enterprise's name, when given) on this device; false when the browser
 * refuses (storage full or blocked).
 * @param {Record<string, any>} answers
 * @param {string} [name]
 */
export function saveAnswers(answers, name = "") {
  const store = storage();
  if (!store) return false;
  try {
    const saved = new Date().toISOString();
    store.setItem(STORAGE_KEY, stringify(name ? { answers, name, saved } : { answers, saved }));
    return true;
  } catch {
    return false;
  }
}

export function forgetAnswers() {
  const store = storage();
  if (store) store.removeItem(STORAGE_KEY);
}
