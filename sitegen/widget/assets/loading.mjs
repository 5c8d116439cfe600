// @ts-check
// The engine's loading line, shared by the pages that run the engine (the self-check, the batch):
// the stage in words and, while the runtime downloads, how much of how many megabytes (the reader
// may be on mobile data); and, when the engine cannot run, why, in the reader's words.
import { format } from "./dom.mjs";

/**
 * @param {HTMLElement} root  the page's [data-selfcheck] root
 * @param {Record<string, any>} ui
 * @param {string} stage @param {number} percent @param {number} [loaded] @param {number} [total]
 */
export function showProgress(root, ui, stage, percent, loaded, total) {
  const bar = /** @type {HTMLProgressElement} */ (root.querySelector("[data-sc-progress]"));
  bar.value = percent;
  const mb = (/** @type {number} */ bytes) => (bytes / 1e6).toFixed(1);
  const sized = total ? ui.loading[`${stage}_sized`] : null;
  const text = sized ? format(sized, { loaded: mb(loaded || 0), total: mb(total || 0) }) : ui.loading[stage];
  if (text) /** @type {HTMLElement} */ (root.querySelector("[data-sc-status]")).textContent = text;
}

/**
 * No engine: say why in the reader's words. Never throws (what it names may be missing).
 * @param {HTMLElement} root @param {Record<string, any>} ui @param {string} reason @param {string} detail
 */
export function showFailure(root, ui, reason, detail) {
  root.dataset.state = "error";
  root.dataset.failure = reason;
  const said = ui.loading.failure[reason] || ui.loading.error;
  const set = (/** @type {string} */ selector, /** @type {(node: any) => void} */ change) => {
    const node = root.querySelector(selector);
    if (node) change(node);
  };
  set("[data-sc-loading]", (n) => { n.hidden = true; });
  set("[data-sc-failure]", (n) => { n.hidden = false; });
  set("[data-sc-failure-text]", (n) => { n.textContent = said; });
  set("[data-sc-failure-detail]", (n) => { n.textContent = detail; });
  set("[data-sc-waiting]", (n) => { n.textContent = ui.loading.error; });
  set("[data-sc-status]", (n) => { n.textContent = said; });
}
