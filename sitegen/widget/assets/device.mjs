// @ts-check
// The answers kept on this device, when the reader asks for it (localStorage, never uploaded): kept
// with the date, read back, set aside when they cannot be read (nothing is thrown away), forgotten.
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
 * Keep `answers` on this device; false when the browser refuses (storage full or blocked).
 * @param {Record<string, any>} answers
 */
export function saveAnswers(answers) {
  const store = storage();
  if (!store) return false;
  try {
    store.setItem(STORAGE_KEY, stringify({ answers, saved: new Date().toISOString() }));
    return true;
  } catch {
    return false;
  }
}

export function forgetAnswers() {
  const store = storage();
  if (store) store.removeItem(STORAGE_KEY);
}
