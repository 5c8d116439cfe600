// @ts-check
// The engine's owner on the main thread: starts the Pyodide worker as early as the page allows.
//
// overrides/selfcheck.html loads this small classic script in <head>, so the worker (and the
// 13 MB download) starts before the page and Material's bundle are parsed; a deferred or async
// module would start only when parsing ends (150-400 ms later, measured). Its configuration is
// on its own <script> element: data-worker, data-pyodide, data-stdlib, data-engine (URLs relative
// to the page) and data-lock (the engine's lock file, inline JSON).
// The widget (widget.mjs) reaches it through the one global it defines, window.selfcheckEngine:
//   subscribe(fn)    fn gets every past and future {type: progress | ready | failed} message
//   call(op, data)   a Promise of the engine's parsed JSON response ({ok: ...})
// Requests and responses cross into the worker as JSON strings (see worker.mjs).
(function () {
  "use strict";
  var script = document.currentScript;
  var listeners = [];
  var history = [];
  var pending = new Map();
  var nextId = 1;
  var worker = null;
  var done = false;

  function emit(msg) {
    if (done) return;
    if (msg.type === "ready" || msg.type === "failed") done = true;
    history.push(msg);
    listeners.forEach(function (fn) { fn(msg); });
  }

  function fail(detail) {
    emit({ type: "failed", detail: String(detail) });
    if (worker) worker.terminate();
  }

  function absolute(name) {
    return new URL(script.getAttribute(name), document.baseURI).href;
  }

  function start() {
    if (typeof WebAssembly !== "object" || typeof Worker !== "function" || typeof URL !== "function") {
      return fail("WebAssembly or Web Workers are not available");
    }
    try {
      worker = new Worker(absolute("data-worker"), { type: "module" });
    } catch (err) {
      return fail((err && err.message) || err);
    }
    worker.addEventListener("error", function (e) {
      fail(e.message || "the engine worker could not start");
    });
    worker.addEventListener("message", function (e) {
      var msg = e.data || {};
      if (msg.type === "result") {
        var resolve = pending.get(msg.id);
        pending.delete(msg.id);
        if (resolve) resolve(JSON.parse(msg.response));
      } else {
        emit(msg);
      }
    });
    worker.postMessage({
      type: "init",
      indexURL: absolute("data-pyodide"),
      stdLibURL: absolute("data-stdlib"),
      packageBaseUrl: absolute("data-engine"),
      lockFileContents: script.getAttribute("data-lock"),
    });
    emit({ type: "progress", stage: "runtime", percent: 5 });
  }

  function subscribe(fn) {
    history.forEach(function (msg) { fn(msg); });
    listeners.push(fn);
  }

  function call(op, payload) {
    var id = nextId++;
    return new Promise(function (resolve) {
      pending.set(id, resolve);
      worker.postMessage({ type: "call", id: id, request: JSON.stringify(Object.assign({ op: op }, payload)) });
    });
  }

  /** @type {any} */ (window).selfcheckEngine = Object.freeze({ subscribe: subscribe, call: call });
  start();
})();
