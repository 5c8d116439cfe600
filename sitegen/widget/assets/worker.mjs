// @ts-check
// The self-check engine in a module Web Worker: Pyodide (self-hosted, same origin) runs the
// `selfcheck` wheel that the site build made from the repository's engine and policy/.
//
// Messages are JSON-able objects; everything that crosses into or out of Python is a JSON
// string. In:  {type: "init", indexURL, stdLibURL, packageBaseUrl, lockFileContents: "<JSON>",
//               sizes: "<JSON>"}  (sizes: {file name: [bytes, bytes served]}, from the build)
//              {type: "call", id, request: "<JSON string>"}   (selfcheck.handle's request)
// Out:         {type: "progress", stage, percent, loaded?, total?} (loaded, total: bytes on the
//              wire, as the build's precompressed files are served over HTTPS)
//              {type: "ready"} | {type: "failed", detail} (could not start)
//              {type: "result", id, response: "<JSON string>", ms}
//              {type: "fatal", id, detail}: the runtime broke while answering (e.g. a JavaScript
//              stack overflow inside Pyodide); this worker answers nothing more, and engine.js
//              replaces it.

let dispatch = null;
let queue = [];
/** @type {((names: string[]) => Promise<any>) | null} */
let loadPackage = null;

function progress(stage, percent, bytes) {
  self.postMessage({ type: "progress", stage, percent, ...bytes });
}

// The download in bytes, for the reader on a slow network: every response of a file the build
// listed is read a second time (a clone, so Pyodide still streams and caches the original) and
// counted; what arrives outside fetch (the runtime's own module import) is counted when its
// resource timing entry says it has arrived. Counted bytes are decoded ones, shown as the share of
// each file's served size: the bytes on the wire when the server sends the build's .br files.
function countDownload(sizesJson) {
  /** @type {Record<string, [number, number]>} */
  let sizes = {};
  try {
    sizes = JSON.parse(sizesJson || "{}");
  } catch (err) {
    return { total: 0, done: () => {} };
  }
  const names = Object.keys(sizes);
  const total = names.reduce((sum, name) => sum + sizes[name][1], 0);
  /** @type {Record<string, number>} */
  const got = Object.fromEntries(names.map((name) => [name, 0]));
  let last = 0;
  let over = false;
  const nameOf = (/** @type {string} */ url) => url.split(/[?#]/)[0].split("/").pop() || "";
  const report = (force = false) => {
    if (over) return;
    const now = Date.now();
    if (!force && now - last < 150) return;
    last = now;
    const loaded = Math.round(names.reduce((sum, name) => sum + Math.min(1, got[name] / sizes[name][0]) * sizes[name][1], 0));
    if (names.every((name) => got[name] >= sizes[name][0])) {
      over = true; // everything is here: what is left is the phone's own work
      progress("python", 85, { loaded: total, total });
    } else {
      progress("download", 10 + Math.round((75 * loaded) / Math.max(total, 1)), { loaded, total });
    }
  };
  if (!total || typeof self.fetch !== "function") return { total, done: () => {} };
  const original = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const response = await original(input, init);
    const name = nameOf(input instanceof Request ? input.url : String(input));
    if (!(name in sizes) || !response.ok || !response.body) return response;
    const reader = response.clone().body.getReader();
    (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          got[name] += value.byteLength;
          report();
        }
      } catch (err) {
        /* the original response reports its own failure */
      }
      report(true);
    })();
    return response;
  };
  if (typeof PerformanceObserver === "function") {
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const name = nameOf(entry.name);
          if (name in sizes && got[name] < sizes[name][0]) {
            got[name] = sizes[name][0];
            report(true);
          }
        }
      }).observe({ type: "resource", buffered: true });
    } catch (err) {
      /* no resource timing in this worker: the fetched files are still counted */
    }
  }
  return { total, done: () => { over = true; } };
}

async function init({ indexURL, stdLibURL, packageBaseUrl, lockFileContents, sizes }) {
  // Only this origin: refuse anything else before a byte is fetched.
  for (const url of [indexURL, stdLibURL, packageBaseUrl]) {
    if (new URL(url).origin !== self.location.origin) {
      throw new Error(`refusing a runtime from another origin: ${url}`);
    }
  }
  if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not available");
  const download = countDownload(sizes);
  progress("runtime", 10, { loaded: 0, total: download.total });
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  // The trimmed, precompiled standard library (stdLibURL) and the wasm download in parallel; the
  // engine wheel is listed in the inline lock file, and `packages` fetches and checks it (sha256)
  // while Python starts, instead of after.
  const pyodide = await loadPyodide({
    indexURL,
    stdLibURL,
    lockFileContents: JSON.parse(lockFileContents),
    packageBaseUrl,
    packages: ["selfcheck"],
    stdout: () => {},
    stderr: watchForFailure, // Emscripten reports a failed wasm compile (e.g. CSP) here
  });
  download.done();
  progress("engine", 90);
  // The engine's own router (selfcheck.handle): JSON text in, JSON text out, never raises.
  dispatch = pyodide.pyimport("selfcheck").handle;
  loadPackage = (names) => pyodide.loadPackage(names, { messageCallback: () => {}, checkIntegrity: true });
  progress("ready", 100);
  self.postMessage({ type: "ready" });
}

let broken = false;

// Packages of the lock file loaded only when a reader needs them (openpyxl and et-xmlfile when an
// .xlsx file is chosen or the .xlsx template asked for: batch.mjs), never at start-up. The request
// {"op": "packages", "names": [...]} is answered here, not by the engine.
async function packages(id, request) {
  const t0 = performance.now();
  let response;
  try {
    const { names } = JSON.parse(request);
    await /** @type {any} */ (loadPackage)(names);
    response = JSON.stringify({ ok: true, loaded: names });
  } catch (err) {
    response = JSON.stringify({ ok: false, errors: [], detail: String((err && err.message) || err).slice(0, 500) });
  }
  self.postMessage({ type: "result", id, response, ms: performance.now() - t0 });
}

function call({ id, request }) {
  if (broken) return;
  if (request.startsWith('{"op":"packages"')) return void packages(id, request);
  const t0 = performance.now();
  let response;
  try {
    response = dispatch(request);
  } catch (err) {
    // selfcheck.handle never raises: an exception here is the runtime itself failing.
    broken = true;
    self.postMessage({ type: "fatal", id, detail: String((err && err.message) || err).slice(0, 500) });
    return;
  }
  self.postMessage({ type: "result", id, response, ms: performance.now() - t0 });
}

// Pyodide does not reject loadPyodide() when the wasm cannot be fetched or compiled (a 404, a
// blocked WebAssembly): Emscripten logs "wasm instantiation failed!", aborts, and the promise
// stays pending. Turn those into a failure the page can show.
let started = false;
function failed(detail) {
  if (broken) return;
  if (dispatch) {
    // After start-up, an uncaught error or a rejected promise means the runtime is not sound.
    broken = true;
    self.postMessage({ type: "fatal", id: null, detail: String(detail).slice(0, 500) });
    return;
  }
  self.postMessage({ type: "failed", detail: String(detail).slice(0, 500) });
}
self.addEventListener("unhandledrejection", (e) => failed((e.reason && e.reason.message) || e.reason));
self.addEventListener("error", (e) => failed(e.message));
const FATAL = /wasm instantiation failed|Aborted\(|failed to asynchronously prepare wasm|suffered a fatal error/i;
// Emscripten says "wasm instantiation failed!" first and the reason (a CompileError naming the
// Content-Security-Policy, say) a moment later: report both, so the page can tell a blocked
// WebAssembly from a failed download.
const recent = [];
let reporting = null;
function watchForFailure(text) {
  recent.push(String(text).slice(0, 300));
  if (recent.length > 6) recent.shift();
  if (started && !reporting && FATAL.test(String(text))) {
    reporting = setTimeout(() => failed(recent.join(" | ")), 150);
  }
}
for (const level of ["warn", "error"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    watchForFailure(args.map(String).join(" "));
    original(...args);
  };
}

self.onmessage = (event) => {
  const msg = event.data || {};
  if (msg.type === "init") {
    started = true;
    init(msg).then(
      () => { for (const m of queue) call(m); queue = []; },
      (err) => failed((err && err.message) || err),
    );
  } else if (msg.type === "call") {
    if (dispatch) call(msg);
    else queue.push(msg);
  }
};
