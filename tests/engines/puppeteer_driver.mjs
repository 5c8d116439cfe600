// @ts-nocheck
// A Firefox (or Chromium) page for the cross-engine tests and benchmarks, driven by JSON lines
// (see webkit_driver.py, which speaks the same requests):
//
//     node tests/engines/puppeteer_driver.mjs firefox|chromium WIDTH HEIGHT PROFILE_DIR
//
// Debian's firefox-esr, headless, over WebDriver BiDi with puppeteer-core (geckodriver is not in
// Debian); or Debian's chromium over the DevTools protocol (for the benchmarks: the same driver
// for every engine). The page has the phone's viewport; its console errors, uncaught errors,
// failed responses and Content-Security-Policy violations (recorded by a script run at document
// start) are kept for "events". The profile folder keeps the HTTP cache, service workers and
// Cache Storage: a second driver on it is a second visit.
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const engine = process.argv[2];
const [width, height, profile] = [Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
const RECORD = `
window.__clEvents = [];
document.addEventListener("securitypolicyviolation", (e) => window.__clEvents.push(["csp",
  e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber]));
`;

const CHROMIUM_ARGS = JSON.parse(process.env.CHROMIUM_ARGS || "[]");
const browser = await puppeteer.launch({
  browser: engine === "chromium" ? "chrome" : "firefox",
  executablePath: engine === "chromium" ? "/usr/bin/chromium" : "/usr/bin/firefox-esr",
  args: engine === "chromium" ? CHROMIUM_ARGS : [],
  headless: true,
  userDataDir: profile,
  acceptInsecureCerts: true, // the tests' own certificate
  defaultViewport: { width, height },
  extraPrefsFirefox: {
    // No request to any other host: no updates, telemetry, remote settings or captive portal.
    "app.update.enabled": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "toolkit.telemetry.enabled": false,
    "services.settings.server": "http://127.0.0.1:9/",
  },
});
const [page] = await browser.pages();
await page.setViewport({ width, height });
/** @type {string[][]} */
let events = [];
page.on("console", (m) => {
  if (m.type() === "error") events.push(["console error", m.text()]);
});
page.on("pageerror", (e) => events.push(["page error", String(e && e.message || e)]));
page.on("response", (r) => {
  if (r.status() >= 400) events.push(["http", `${r.status()} ${r.url()}`]);
});
await page.evaluateOnNewDocument(RECORD);

function answer(request, fields) {
  process.stdout.write(JSON.stringify({ id: request.id, ...fields }) + "\n");
}

async function call(body, args) {
  const value = await page.evaluate(
    async (source, a) => {
      const f = new Function("args", `return (async () => { ${source} })();`);
      const v = await f(a);
      return JSON.stringify(v === undefined ? null : v);
    },
    body,
    args ?? null,
  );
  return JSON.parse(value);
}

async function handle(request) {
  switch (request.op) {
    case "open":
      await page.goto(request.url, { waitUntil: "load", timeout: 120000 });
      return { url: page.url() };
    case "reload":
      await page.reload({ waitUntil: "load", timeout: 120000 });
      return { url: page.url() };
    case "call":
      return { value: await call(request.body, request.args) };
    case "wait": {
      const deadline = Date.now() + (request.timeout ?? 60000);
      let last = null;
      for (;;) {
        try {
          last = await call(request.body, request.args);
          if (last) return { value: last };
        } catch (err) {
          last = String(err && err.message || err); // a navigation in between: try again
        }
        if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(last)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    case "events": {
      let recorded = [];
      try {
        recorded = await page.evaluate(() => { const e = window.__clEvents || []; window.__clEvents = []; return e; });
      } catch (err) { /* between pages */ }
      const out = { value: { page: [...events, ...recorded], console: [] } };
      events = [];
      return out;
    }
    case "screenshot":
      await page.screenshot({ path: request.path });
      return {};
    case "quit":
      await browser.close();
      return {};
    default:
      throw new Error(`unknown op ${request.op}`);
  }
}

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  try {
    answer(request, { ok: true, ...(await handle(request)) });
  } catch (err) {
    answer(request, { ok: false, error: String(err && err.message || err) });
  }
  if (request.op === "quit") process.exit(0);
}
await browser.close();
