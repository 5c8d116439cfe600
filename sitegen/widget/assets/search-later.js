// @ts-check
// On the self-check page, Material's search builds its index only once the engine is ready, or as
// soon as the reader opens the search, whichever comes first.
//
// Material's bundle starts its search worker when the page loads, and the worker builds the whole
// site's index at once: on a phone's few cores that competes with Pyodide starting in the engine's
// worker (the desktop benchmark measured the self-check page 1.37× a bare page booting the same
// files). This small classic script in <head> (after engine.js, before Material's bundle) gives
// Material, for the search worker's script only, a stand-in with the same methods that keeps what
// Material asks of it (its listeners, its messages: the index) and starts the real worker with all
// of it then. Every other worker (the engine's) is created as usual. Where anything here is
// missing, Material's own search runs as on every other page.
(function () {
  "use strict";
  var engine = /** @type {any} */ (window).selfcheckEngine;
  var Real = window.Worker;
  if (!engine || typeof Real !== "function") return;

  /** @type {Array<() => void>} */
  var waiting = []; // the stand-ins' start functions, until it is time
  var now = false;

  function go() {
    if (now) return;
    now = true;
    var starts = waiting;
    waiting = [];
    starts.forEach(function (start) { start(); });
  }

  /** A stand-in for `new Worker(url, options)`: the calls made on it, replayed on the real worker.
   * @param {string | URL} url @param {WorkerOptions} [options] */
  function Later(url, options) {
    /** @type {Worker | null} */
    var real = null;
    /** @type {Array<(w: Worker) => void>} */
    var calls = [];
    var self = this;
    /** @param {(w: Worker) => void} call */
    function later(call) {
      if (real) call(real);
      else calls.push(call);
    }
    this.postMessage = function () {
      var args = arguments;
      later(function (w) { w.postMessage.apply(w, /** @type {any} */ (args)); });
    };
    this.addEventListener = function () {
      var args = arguments;
      later(function (w) { w.addEventListener.apply(w, /** @type {any} */ (args)); });
    };
    this.removeEventListener = function () {
      var args = arguments;
      later(function (w) { w.removeEventListener.apply(w, /** @type {any} */ (args)); });
    };
    this.terminate = function () {
      later(function (w) { w.terminate(); });
    };
    ["onmessage", "onerror", "onmessageerror"].forEach(function (name) {
      /** @type {any} */
      var handler = null;
      Object.defineProperty(self, name, {
        get: function () { return handler; },
        set: function (fn) {
          handler = fn;
          later(function (w) { /** @type {any} */ (w)[name] = fn; });
        },
      });
    });
    var start = function () {
      real = new Real(url, options);
      calls.forEach(function (call) { call(/** @type {Worker} */ (real)); });
      calls = [];
    };
    if (now) start();
    else waiting.push(start);
  }

  /** @param {string | URL} url @param {WorkerOptions} [options] */
  function Worker(url, options) {
    var search = /\/workers\/search\.[^/]*\.js$/.test(new URL(String(url), document.baseURI).pathname);
    if (!search || now) return new Real(url, options);
    return /** @type {any} */ (new (/** @type {any} */ (Later))(url, options));
  }
  Worker.prototype = Real.prototype;
  /** @type {any} */ (window).Worker = Worker;

  engine.subscribe(function (/** @type {any} */ msg) {
    if (msg && (msg.type === "ready" || msg.type === "failed")) go();
  });
  // The reader opens the search: the toggle, the field, or Material's keyboard shortcut (which
  // focuses the field).
  document.addEventListener("focusin", function (e) {
    var target = /** @type {Element | null} */ (e.target);
    if (target && target.closest && target.closest("[data-md-component=search]")) go();
  });
  document.addEventListener("change", function (e) {
    var target = /** @type {HTMLInputElement | null} */ (e.target);
    if (target && target.getAttribute && target.getAttribute("data-md-toggle") === "search") go();
  });
})();
