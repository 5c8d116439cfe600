// @ts-check
// The site's service worker: the self-check (and the reader's pages) work offline after one visit.
//
// The build (sitegen/widget/_offline.py) writes this file to the site root as sw.js with BUILD
// filled in: the build's version (a hash of every file below), and per file its SHA-256, grouped:
//   shared    the language chooser
//   runtime   the Pyodide core, the trimmed standard library, the engine wheel (content-addressed)
//   langs     per language: its pages and the assets they use
//   immutable the content-addressed paths among them (served from the cache first)
// Every version has its own cache, "cl-<version>"; a new build gives a new sw.js, the browser
// installs it, and on activation every other "cl-" cache is deleted.
//
// Rules (the product's):
// - Registered only by the self-check page, once its engine is ready (offline.js).
// - Installing never downloads the runtime: runtime files are copied from an older cache when
//   they are the same, else cached when the self-check page loads them, or when that page asks
//   ("fill", answered with {ready}); so an ordinary page that triggers an update costs no
//   runtime byte. Pages and their assets are fetched at install only for the languages an older
//   version had kept.
// - A new version takes over as soon as the old one is idle: skipWaiting() at install, and again
//   when a page asks it to "fill" while it waits (offline.js asks the newest worker, never the one
//   being replaced).
// - A file is cached only when its bytes have the SHA-256 this version names: a page fetched from
//   a newer deploy never lands in an older version's cache (no new page with a stale engine).
// - Pages: network first (fresh when online), the cache when the network is gone or too slow. A
//   page whose bytes are this build's gets the rest of this build from the cache first; any other
//   page gets unversioned assets from the network first. Content-addressed files: the cache first.

/** @typedef {{version: string, files: Record<string, string>, shared: string[], runtime: string[], langs: Record<string, string[]>, immutable: string[]}} Build */

// <build>
/** @type {Build} */
const BUILD = { version: "dev", files: {}, shared: [], runtime: [], langs: {}, immutable: [] };
// </build>

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const PREFIX = "cl-";
const CACHE = PREFIX + BUILD.version;
const HASH_HEADER = "x-cl-sha256";
const ROOT = new URL("./", sw.location.href).href;
const IMMUTABLE = new Set(BUILD.immutable);
/** How long a page may take before the cached copy is shown (slow networks). */
const PAGE_TIMEOUT_MS = 6000;

/** @param {string} url @returns {string | null} the build path of a URL, or null */
function pathOf(url) {
  const u = new URL(url);
  if (!u.href.startsWith(ROOT)) return null;
  let path = decodeURIComponent(u.pathname.slice(new URL(ROOT).pathname.length));
  if (path.endsWith("/index.html")) path = path.slice(0, -"index.html".length);
  return path === "index.html" ? "" : path;
}

/** @param {ArrayBuffer} data */
async function sha256(data) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A response with the bytes this version names, ready for the cache; null if they differ.
 * (The body is stored decoded, so the transfer's encoding and length are not kept.)
 * @param {string} path @param {Response} response */
async function verified(path, response) {
  if (!response.ok || response.type !== "basic") return null;
  const data = await response.arrayBuffer();
  if ((await sha256(data)) !== BUILD.files[path]) return null;
  const headers = new Headers(response.headers);
  for (const name of ["content-encoding", "content-length", "vary"]) headers.delete(name);
  headers.set(HASH_HEADER, BUILD.files[path]);
  return new Response(data, { status: 200, statusText: "OK", headers });
}

/** True once a newer version has taken over (this worker is then "redundant"). A question asked
 * of this worker just before (a page's "fill", a fetch) may still be running: whatever it writes
 * then would recreate this version's cache after the newer version deleted it on activation. */
function retired() {
  const me = sw.serviceWorker; // missing in older browsers: no guard there, as before
  return Boolean(me && me.state === "redundant");
}

/** Put `response` for `path` into this version's cache, unless this version is retired (and drop
 * the cache again if it was retired while writing).
 * @param {string} path @param {Response} response */
async function put(path, response) {
  if (retired()) return;
  await (await caches.open(CACHE)).put(ROOT + path, response);
  if (retired()) await caches.delete(CACHE);
}

/** Cache a network response for `path` if it holds this version's bytes.
 * @param {string} path @param {Response} response */
async function remember(path, response) {
  const good = await verified(path, response);
  if (good) await put(path, good);
}

/** Cache `path` from an older cache (same bytes) or, when `fetchIt`, from the network.
 * @param {Cache} cache @param {string} path @param {boolean} fetchIt @returns {Promise<boolean>} */
async function keep(cache, path, fetchIt) {
  const url = ROOT + path;
  if (await cache.match(url)) return true;
  const old = await caches.match(url);
  if (old && old.headers.get(HASH_HEADER) === BUILD.files[path]) {
    await cache.put(url, old);
    return true;
  }
  if (!fetchIt) return false;
  // What the page has just loaded is in the HTTP cache: take it from there without asking the
  // server; bytes of another build there (or none) mean asking the server.
  for (const mode of /** @type {RequestCache[]} */ (["force-cache", "no-cache"])) {
    try {
      const good = await verified(path, await fetch(url, { cache: mode }));
      if (good) {
        await cache.put(url, good);
        return true;
      }
    } catch {
      // offline, or the server is gone: try the next way, then give up
    }
  }
  return false;
}

/** The languages an older version had kept (their home page is in an older cache). */
async function keptLanguages() {
  const langs = [];
  for (const lang of Object.keys(BUILD.langs)) {
    const home = await caches.match(ROOT + lang + "/");
    if (home) langs.push(lang);
  }
  return langs;
}

sw.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const langs = await keptLanguages();
    const pages = [...BUILD.shared, ...langs.flatMap((lang) => BUILD.langs[lang])];
    const done = await Promise.all(pages.map((path) => keep(cache, path, true)));
    if (done.includes(false)) throw new Error("the server holds another build: not installed");
    await Promise.all(BUILD.runtime.map((path) => keep(cache, path, false)));
    await sw.skipWaiting();
  })());
});

sw.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    // No navigation preload (and off where an older version turned it on): Firefox fails a
    // navigation whose preload request failed, even when this worker answers it from the cache,
    // so with it a page could not be reloaded offline there.
    if (sw.registration.navigationPreload) await sw.registration.navigationPreload.disable();
    await sw.clients.claim();
  })());
});

/** Fills run one after the other (a page may ask twice: when the worker is ready, and again when
 * it takes control); the second then finds everything kept. */
let filling = Promise.resolve(true);

/** Everything the self-check of `lang` needs offline, cached; true when all of it is there.
 * @param {string} lang */
function fill(lang) {
  filling = filling.catch(() => false).then(() => fillNow(lang));
  return filling;
}

/** @param {string} lang */
async function fillNow(lang) {
  if (retired()) return false;
  const cache = await caches.open(CACHE);
  const paths = [...BUILD.shared, ...BUILD.runtime, ...(BUILD.langs[lang] || [])];
  const done = await Promise.all(paths.map((path) => keep(cache, path, true)));
  if (retired()) {
    await caches.delete(CACHE);
    return false;
  }
  if (done.includes(false)) sw.registration.update().catch(() => {});
  return !done.includes(false);
}

sw.addEventListener("message", (event) => {
  const msg = event.data || {};
  const port = event.ports[0];
  if (msg.type !== "fill" || !port) return;
  // A waiting version is asked by a page (offline.js asks the newest worker): it takes over as
  // soon as the old version is idle. skipWaiting() at install is not always enough in Chromium:
  // an event that reaches the old version while the browser stops it to hand over starts it
  // again, and the update then waits for minutes. For the active version this does nothing.
  sw.skipWaiting().catch(() => {});
  event.waitUntil(fill(String(msg.lang)).then(
    (ready) => port.postMessage({ type: "offline", ready, version: BUILD.version }),
    () => port.postMessage({ type: "offline", ready: false, version: BUILD.version }),
  ));
});

/** The response, and the promise of storing the network's copy (null: nothing to store).
 * @typedef {{response: Response, store: Promise<void> | null}} Served */

/** Pages (clients) that are this build's own: the page's bytes are those BUILD names. Their other
 * files are this build's too, so they come from the cache first (no round trip each); any other
 * page gets them from the network first. Lost when the browser stops the worker: then network
 * first, which is always safe. */
const OWN_PAGES = new Set();

/** @param {string} clientId */
function ownPage(clientId) {
  if (!clientId) return;
  if (OWN_PAGES.size > 200) OWN_PAGES.clear();
  OWN_PAGES.add(clientId);
}

/** @param {Request} request @param {string} path @returns {Promise<Served>} */
async function cacheFirst(request, path) {
  const hit = await caches.match(ROOT + path);
  if (hit) return { response: hit, store: null };
  const response = await fetch(request);
  return { response, store: remember(path, response.clone()) };
}

/** @param {FetchEvent} event @param {string} path @returns {Promise<Served>} */
async function networkFirst(event, path) {
  const navigate = event.request.mode === "navigate";
  const cached = caches.match(ROOT + path);
  const network = fetch(event.request);
  const late = cached.then((hit) => hit && new Promise((resolve) => {
    setTimeout(() => resolve(hit), PAGE_TIMEOUT_MS);
  }));
  /** @type {Response} */
  let response;
  try {
    response = await Promise.race([network, late.then((hit) => hit || network)]);
  } catch (err) {
    const hit = await cached;
    if (!hit) throw err;
    if (navigate) ownPage(event.resultingClientId);
    return { response: hit, store: null };
  }
  if (response.headers.has(HASH_HEADER)) {
    // The cached copy (the network was too slow): this build's own page. The network's answer,
    // when it comes, is not read: let its connection go.
    network.then((late) => late.body && late.body.cancel(), () => {});
    if (navigate) ownPage(event.resultingClientId);
    return { response, store: null };
  }
  if (!navigate) return { response, store: remember(path, response.clone()) };
  // A page from the network: read it whole, and remember whether it is this build's own.
  const good = await verified(path, response.clone());
  if (!good) return { response, store: null };
  ownPage(event.resultingClientId);
  return { response: good, store: put(path, good.clone()) };
}

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const path = pathOf(request.url);
  if (path === null || !(path in BUILD.files)) return;
  const first = IMMUTABLE.has(path) || OWN_PAGES.has(event.clientId);
  const served = first ? cacheFirst(request, path) : networkFirst(event, path);
  event.respondWith(served.then((s) => s.response));
  // Keeping the network's copy does not extend the event: Chromium activates a new version only
  // once the old one has no event in flight, and an old version's write waiting on a response's
  // body held a waiting update back (the update test, on a loaded machine). The write goes on
  // while this worker runs; a copy lost when the browser stops it is kept at the next fill.
  served.then((s) => s.store).catch(() => {});
});
