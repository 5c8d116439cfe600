// @ts-check
// Offline after one visit. Loaded by the self-check page only (overrides/selfcheck.html), after
// engine.js: once the engine is ready (the runtime is downloaded by then), it registers the site's
// service worker (sw.js at the site root, scope: the whole site; written by the build from
// ../sw.js) and asks it to keep what this page needs offline ("fill"); when the service worker
// answers that all of it is kept, the widget's "works offline" line is shown.
// Where service workers are missing (iOS in-app browsers) or refused, nothing happens and the page
// works as before: the year-long HTTP caching of the runtime still carries a second visit.
// Its configuration is on its own <script> element: data-sw, data-scope (URLs relative to the
// page) and data-lang.
(function () {
  "use strict";
  var script = document.currentScript;
  var engine = /** @type {any} */ (window).selfcheckEngine;
  if (!script || !engine || !("serviceWorker" in navigator) || typeof MessageChannel !== "function") {
    return;
  }
  var started = false;

  /** @param {string} name */
  function absolute(name) {
    return new URL(script.getAttribute(name) || "", document.baseURI).href;
  }

  /** @param {any} answer */
  function say(answer) {
    var line = /** @type {HTMLElement | null} */ (document.querySelector("[data-sc-offline]"));
    if (line && answer) line.hidden = !answer.ready;
  }

  var asked = 0;

  /** Ask `worker` to keep this page's needs; the answer, or null when a later question was
   * asked meanwhile (only the newest worker's answer counts).
   * @param {ServiceWorker} worker @returns {Promise<any>} */
  function fill(worker) {
    var question = ++asked;
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (e) { resolve(question === asked ? e.data || {} : null); };
      worker.postMessage({ type: "fill", lang: script.getAttribute("data-lang") }, [channel.port2]);
    });
  }

  /** The worker to ask: a newer build's once it has installed (it then takes over), else the
   * active one (also when the newer one fails to install). An installed update is asked rather
   * than the worker it replaces: the browser stops the old worker to hand over, a question
   * reaching it then starts it again, and Chromium leaves the update waiting (for minutes).
   * @param {ServiceWorkerRegistration} registration @returns {Promise<ServiceWorker | null>} */
  function newest(registration) {
    var installing = registration.installing;
    if (!installing) return Promise.resolve(registration.waiting || registration.active);
    var update = installing;
    return new Promise(function (resolve) {
      function settled() {
        if (update.state === "installing") return;
        update.removeEventListener("statechange", settled);
        resolve(update.state === "redundant" ? registration.waiting || registration.active : update);
      }
      update.addEventListener("statechange", settled);
      settled();
    });
  }

  function start() {
    if (started) return;
    started = true;
    // A newer build's worker that takes over while the page is open is asked again: the line
    // says what the worker now in charge has kept.
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      var worker = navigator.serviceWorker.controller;
      if (worker) fill(worker).then(say);
    });
    navigator.serviceWorker
      .register(absolute("data-sw"), { scope: absolute("data-scope") })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(newest)
      .then(function (worker) { return worker && fill(worker); })
      .then(say)
      .catch(function () { /* storage refused (private mode, policy): no offline copy */ });
  }

  engine.subscribe(function (/** @type {any} */ msg) {
    if (msg && msg.type === "ready") start();
  });
})();
