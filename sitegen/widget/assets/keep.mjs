// @ts-check
// Keeping and sharing: JSON receipts (download, load and check again), the Markdown download,
// share links, and the answers kept on this device (opt-in localStorage).
import { download, pick } from "./dom.mjs";
import { HASH_KEY, encodeAnswers, shareURL } from "./codec.mjs";

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

/** @param {Record<string, any>} answers */
export function saveAnswers(answers) {
  const store = storage();
  if (!store) return;
  try {
    store.setItem(STORAGE_KEY, JSON.stringify({ answers, saved: new Date().toISOString() }));
  } catch {
    /* storage full or blocked: nothing to keep */
  }
}

export function forgetAnswers() {
  const store = storage();
  if (store) store.removeItem(STORAGE_KEY);
}

/**
 * Download a receipt: the answers, the report made from them, its version, date and digest.
 * @param {Record<string, any>} answers
 * @param {any} report
 */
export function downloadReceipt(answers, report) {
  const receipt = { answers: { ...answers }, report, version: report.version, as_of: report.as_of, digest: report.digest };
  download(`selfcheck-receipt-${receipt.as_of}.json`, JSON.stringify(receipt, null, 1) + "\n", "application/json");
}

/**
 * Ask the engine for the report as Markdown and download it.
 * @param {(op: string, payload: any) => Promise<any>} call
 * @param {Record<string, any>} answers
 * @param {string} lang
 * @param {string} asOf
 * @returns {Promise<string | null>} an error text, or null
 */
export async function downloadMarkdown(call, answers, lang, asOf) {
  const response = await call("markdown", { answers_json: JSON.stringify(answers), lang, as_of: asOf });
  if (!response.ok) return pick((response.errors || [])[0], lang);
  download(`selfcheck-${asOf}.md`, response.markdown, "text/markdown;charset=utf-8");
  return null;
}

/**
 * Show the share link in `input` and copy it; resolves to whether the copy worked.
 * @param {Record<string, any>} answers
 * @param {HTMLInputElement} input
 */
export async function share(answers, input) {
  input.value = shareURL(answers);
  input.focus();
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The language switch keeps the reader's answers: the links to this page in the other language
 * carry them in the fragment (which browsers never send to a server).
 * @param {Record<string, any>} answers
 */
export function carryAcrossLanguages(answers) {
  const fragment = Object.keys(answers).length ? `#${HASH_KEY}=${encodeAnswers(answers)}` : "";
  for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll("a[hreflang]"))) {
    link.href = link.href.split("#")[0] + fragment;
  }
}

/**
 * A short plain-text summary of a result for a chat: what it is, the verdict and its summary (which
 * names what is still open), and the link that opens it again.
 * @param {any} report
 * @param {Record<string, any>} cfg
 * @param {Record<string, any>} ui
 * @param {Record<string, any>} answers
 */
export function summary(report, cfg, ui, answers) {
  const lang = cfg.lang;
  const said = (/** @type {any} */ m) => (m && typeof m === "object" ? m[lang] : String(m ?? ""));
  return [
    `${cfg.labels.report_title} (${report.as_of})`,
    said(report.title),
    said(report.summary),
    `${ui.keep.summary_link}${shareURL(answers)}`,
    cfg.labels.reading,
  ].join("\n");
}
