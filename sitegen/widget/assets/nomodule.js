// @ts-check
// Browsers without JavaScript modules (and so without the widget, and nearly always without
// WebAssembly) load this instead of widget.mjs: say so, and leave the checklist to be used.
(function () {
  var root = document.querySelector("[data-selfcheck]");
  if (!root) return;
  root.setAttribute("data-state", "error");
  var loading = /** @type {HTMLElement | null} */ (root.querySelector("[data-sc-loading]"));
  var failure = /** @type {HTMLElement | null} */ (root.querySelector("[data-sc-failure]"));
  if (loading) loading.hidden = true;
  if (failure) failure.hidden = false;
})();
