// @ts-check
// The batch page (main thread): loaded only by the batch page, as a module; it mounts the batch
// (batch.mjs: the file through the engine in steps; results.mjs: the results as an officer reads
// them) on the page's [data-selfcheck] root and follows the engine (engine.js, started from
// <head>, reached through window.selfcheckEngine): its loading line (loading.mjs), ready, lost,
// failed. The template downloads without the engine (the CSV) or once it runs (the Excel file).
//
// Contract for tests and benchmarks: root[data-state] = loading | ready | error; root[data-batch]
// = running | done | cancelled | stopped | error (batch.mjs); the results' rows (results.mjs).
import { mountOnce, need, todayISO } from "./dom.mjs";
import { BatchView } from "./batch.mjs";
import { showFailure, showProgress } from "./loading.mjs";

/** @param {HTMLElement} root */
function mountBatch(root) {
  const data = JSON.parse(need(root, "#sc-strings").textContent || "{}");
  const ui = data.ui;
  const engine = /** @type {any} */ (window).selfcheckEngine;
  let ready = false;
  const batch = new BatchView(root, ui, data.config, (op, payload) => engine.call(op, payload));
  const input = /** @type {HTMLInputElement} */ (need(root, "[data-sc-batch-file]"));
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    input.value = "";
    if (file) batch.run(file, todayISO(), ready);
  });
  root.dataset.scMounted = "1";
  root.dataset.state = "loading";
  if (!engine) {
    showFailure(root, ui, "script", "the engine script (engine.js) did not load");
    return;
  }
  engine.subscribe((/** @type {any} */ msg) => {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "progress") showProgress(root, ui, msg.stage, msg.percent, msg.loaded, msg.total);
    else if (msg.type === "ready") {
      ready = true;
      root.dataset.readyMs = performance.now().toFixed(0); // since navigation (benchmark)
      root.dataset.state = "ready";
      showProgress(root, ui, "ready", 100);
      need(root, "[data-sc-loading]").classList.add("sc-loading--done");
    } else if (msg.type === "lost") {
      ready = false;
      root.dataset.state = "loading";
      need(root, "[data-sc-loading]").classList.remove("sc-loading--done");
      need(root, "[data-sc-status]").textContent = ui.loading.lost;
    } else if (msg.type === "failed") {
      ready = false;
      showFailure(root, ui, msg.reason || "start", String(msg.detail || ""));
    }
  });
}

mountOnce("[data-selfcheck][data-sc-page=batch]", (root) => mountBatch(root));
