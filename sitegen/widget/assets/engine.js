// @ts-check
// The engine's owner on the main thread: starts the Pyodide worker as early as the page allows,
// notices when it fails, and replaces it once.
//
// overrides/selfcheck.html loads this small classic script in <head>, so the worker (and the
// download) starts before the page and Material's bundle are parsed; a deferred or async module
// would start only when parsing ends (150-400 ms later, measured). Its configuration is on its own
// <script> element: data-worker, data-pyodide, data-stdlib, data-engine (URLs relative to the
// page), data-lock (the engine's lock file, inline JSON), data-sizes (what it downloads, in bytes), data-start-limit, data-mount-limit and
// data-call-limit (milliseconds; see the watchdogs below).
// The widget (widget.mjs) reaches it through the one global it defines, window.selfcheckEngine:
//   subscribe(fn)    fn gets the latest state and every later message:
//                    {type: "progress", stage, percent, loaded?, total?} while loading;
//                    {type: "ready"}; {type: "lost", detail} when a working engine failed (every
//                    pending call has been rejected; a fresh worker is starting: "progress" and
//                    "ready" follow); {type: "failed", detail, reason} when there is no engine
//                    (reason: "unsupported" | "blocked" | "start" | "timeout" | "crashed").
//   call(op, data)   a Promise of the engine's parsed JSON response ({ok: ...}); rejected when
//                    the engine is lost or does not answer within the operation's limit. The
//                    worker answers one call at a time, in order: a call's limit runs from when
//                    every call sent before it has been answered (an answer typed during a batch
//                    waits for the batch's current step, then has its whole limit).
// Requests and responses cross into the worker as JSON strings (see worker.mjs).
(function () {
  "use strict";
  var script = /** @type {HTMLScriptElement} */ (document.currentScript);
  var listeners = [];
  var last = null; // the latest "progress" / "ready" / "failed" message, for late subscribers
  var pending = new Map();
  var nextId = 1;
  var worker = null;
  var ready = false;
  var over = false; // no engine any more (failed for good)
  var restarts = 0; // in a row: a fresh worker that answers a call starts the count again
  var MAX_RESTARTS = 1;
  var order = []; // the ids of the pending calls, in the order they were sent
  function number(name, fallback) {
    var value = Number(script.getAttribute(name));
    return value > 0 ? value : fallback;
  }
  // How long an answer may take (ms): one enterprise is milliseconds even on a slow phone, and a
  // step of a batch ends when its time budget is spent (selfcheck/batch/_browser.py); opening a
  // file of enterprises or loading a library may take longer. An engine that does not answer in
  // time is taken as lost.
  var QUICK = number("data-call-limit", 20000);
  var CALL_LIMIT = { evaluate: QUICK, markdown: QUICK, read: QUICK, info: QUICK, batch_next: QUICK, batch_xlsx: QUICK };
  var CALL_LIMIT_DEFAULT = 180000;
  // A slow phone on a slow network needs about half a minute the first time (see the README's
  // phone benchmark); past this limit the page says so rather than wait forever.
  var START_LIMIT = number("data-start-limit", 90000);
  var MOUNT_LIMIT = number("data-mount-limit", 20000);

  function emit(msg) {
    if (msg.type !== "lost") last = msg;
    listeners.slice().forEach(function (fn) {
      try {
        fn(msg);
      } catch (err) {
        setTimeout(function () { throw err; }); // a listener's bug must not stop the others
      }
    });
  }

  function rejectAll(reason) {
    pending.forEach(function (entry) {
      clearTimeout(entry.timer);
      entry.reject(new Error(reason));
    });
    pending.clear();
    order = [];
  }

  /** Start the clock of the oldest call still waiting for its answer, if it has none yet. */
  function timeHead() {
    var entry = order.length ? pending.get(order[0]) : null;
    if (!entry || entry.timer) return;
    entry.timer = setTimeout(function () {
      if (pending.has(entry.id)) lose("the engine did not answer in time", "crashed");
    }, entry.limit);
  }

  function stop() {
    if (worker) {
      worker.terminate();
      worker = null;
    }
  }

  // A start-up failure that says WebAssembly itself was refused (a Content-Security-Policy without
  // 'wasm-unsafe-eval', as some company proxies set): not a download to try again.
  var BLOCKED = /Content Security Policy|wasm-unsafe-eval|CompileError|WebAssembly.*(not allowed|disallowed|refused)/i;

  /** The engine failed: reject what waits, then start a fresh worker once, or give up. */
  function lose(detail, reason) {
    if (over) return;
    if (reason === "start" && BLOCKED.test(String(detail))) reason = "blocked";
    var wasReady = ready;
    ready = false;
    stop();
    rejectAll(String(detail));
    if (reason !== "unsupported" && reason !== "blocked" && reason !== "timeout" && restarts < MAX_RESTARTS) {
      restarts += 1;
      if (wasReady) emit({ type: "lost", detail: String(detail) });
      start();
      return;
    }
    over = true;
    emit({ type: "failed", detail: String(detail), reason: reason });
  }

  function absolute(name) {
    return new URL(script.getAttribute(name) || "", document.baseURI).href;
  }

  // WebAssembly with exception handling (Pyodide 314 needs it: Chrome 95+, Safari 16.4+). The bytes
  // are a module with one try/catch (as wasm-feature-detect checks it).
  function wasmOK() {
    try {
      return typeof WebAssembly === "object" && WebAssembly.validate(new Uint8Array(
        [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11]));
    } catch (err) {
      return false;
    }
  }

  function start() {
    if (!wasmOK() || typeof Worker !== "function" || typeof URL !== "function") {
      return lose("WebAssembly (with exception handling) or Web Workers are not available", "unsupported");
    }
    // A browser that does not know module workers never reads `type` and would start worker.mjs
    // as a classic script: found out here, before a byte of the runtime is fetched.
    var moduleWorkers = false;
    var options = { get type() { moduleWorkers = true; return "module"; } };
    try {
      worker = new Worker(absolute("data-worker"), /** @type {WorkerOptions} */ (options));
    } catch (err) {
      return lose((err && err.message) || err, "unsupported");
    }
    if (!moduleWorkers) return lose("module Web Workers are not supported", "unsupported");
    var current = worker;
    var starting = setTimeout(function () {
      if (current === worker && !ready) lose("the engine did not start in time", "timeout");
    }, START_LIMIT);
    worker.addEventListener("error", function (e) {
      if (current === worker) lose(e.message || "the engine worker failed", ready ? "crashed" : "start");
    });
    worker.addEventListener("messageerror", function () {
      if (current === worker) lose("a message from the engine could not be read", "crashed");
    });
    worker.addEventListener("message", function (e) {
      if (current !== worker) return;
      var msg = e.data || {};
      if (msg.type === "result") {
        var entry = pending.get(msg.id);
        pending.delete(msg.id);
        if (!entry) return;
        clearTimeout(entry.timer);
        order = order.filter(function (id) { return id !== msg.id; });
        timeHead();
        restarts = 0; // this worker answers: a later loss may replace it again
        try {
          entry.resolve(JSON.parse(msg.response));
        } catch (err) {
          entry.reject(err);
        }
      } else if (msg.type === "ready") {
        clearTimeout(starting);
        ready = true;
        emit(msg);
      } else if (msg.type === "fatal" || msg.type === "failed") {
        clearTimeout(starting);
        lose(msg.detail, msg.type === "fatal" || ready ? "crashed" : "start");
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
      sizes: script.getAttribute("data-sizes") || "{}",
    });
    emit({ type: "progress", stage: "runtime", percent: 5 }); // the worker then says how many bytes
  }

  function subscribe(fn) {
    if (last) fn(last);
    listeners.push(fn);
  }

  function call(op, payload) {
    return new Promise(function (resolve, reject) {
      if (over || !worker) return reject(new Error("the engine is not running"));
      var id = nextId++;
      pending.set(id, { id: id, resolve: resolve, reject: reject, timer: 0, limit: CALL_LIMIT[op] || CALL_LIMIT_DEFAULT });
      order.push(id);
      timeHead();
      worker.postMessage({ type: "call", id: id, request: JSON.stringify(Object.assign({ op: op }, payload)) });
    });
  }

  // The page's own watchdog: the widget module (widget.mjs) mounts on the self-check root and marks
  // it; when it has not mounted in time (the module blocked, or served with a wrong type), say so
  // and leave the static checklist to be used.
  function watchMount() {
    setTimeout(function () {
      var root = /** @type {HTMLElement | null} */ (document.querySelector("[data-selfcheck]"));
      if (!root || root.getAttribute("data-sc-mounted")) return;
      root.setAttribute("data-state", "error");
      root.setAttribute("data-failure", "script");
      var loading = /** @type {HTMLElement | null} */ (root.querySelector("[data-sc-loading]"));
      var failure = /** @type {HTMLElement | null} */ (root.querySelector("[data-sc-failure]"));
      if (loading) loading.hidden = true;
      if (failure) failure.hidden = false;
      // The reader's words for it, from the widget's own strings on the page.
      var text = root.querySelector("[data-sc-failure-text]");
      var strings = document.getElementById("sc-strings");
      try {
        var said = JSON.parse((strings && strings.textContent) || "{}").ui.loading.failure.script;
        if (text && said) text.textContent = said;
      } catch (err) {
        /* the generic sentence already on the page stays */
      }
    }, MOUNT_LIMIT);
  }

  /** @type {any} */ (window).selfcheckEngine = Object.freeze({ subscribe: subscribe, call: call });
  start();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchMount);
  else watchMount();
})();
