"""A new build's service worker takes over from the old one without waiting for minutes.

Chromium hands over by stopping the old worker once it is idle; an event that reaches the old
worker while it is being stopped starts it again, and the update then waits (up to five minutes,
and for as long as DevTools is attached). The self-check page's own question ("fill": keep what
this page needs offline) came exactly then: the page of the new build became ready as the update
finished installing, and it asked the active worker, the one being replaced. So the page asks the
newest worker (an installed update before the active one, an installing one once it has
installed), and a waiting worker asked to fill asks again to take over.

offline.js and sw.js run here under Node with stand-ins for the browser's objects; the whole
hand-over in Chromium is tests/test_offline.py's update test.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from sitegen.widget import ASSETS
from sitegen.widget._offline import SOURCE as SW_SOURCE

pytestmark = pytest.mark.skipif(not shutil.which("node"), reason="needs node")

#: offline.js on a page whose engine becomes ready, with a registration of stand-in workers:
#: prints which workers were asked to fill, and whether the "works offline" line is shown.
PAGE = r"""
const vm = require("node:vm");
const fs = require("node:fs");
const scenario = process.argv[1];
const asked = [];
function worker(name, state) {
  const listeners = [];
  return {
    name, state,
    addEventListener(type, fn) { if (type === "statechange") listeners.push(fn); },
    removeEventListener(type, fn) { const i = listeners.indexOf(fn); if (i >= 0) listeners.splice(i, 1); },
    become(state) { this.state = state; for (const fn of [...listeners]) fn(); },
    postMessage(msg, ports) {
      asked.push(name + ":" + msg.type + ":" + msg.lang);
      ports[0].postMessage({ type: "offline", ready: true });
    },
  };
}
const active = worker("active", "activated");
const registration = { installing: null, waiting: null, active };
let update = null;
if (scenario === "waiting") {
  update = registration.waiting = worker("update", "installed");
} else if (scenario === "installing" || scenario === "failing") {
  update = registration.installing = worker("update", "installing");
}
const line = { hidden: true };
const script = { getAttribute: (name) => ({ "data-sw": "/sw.js", "data-scope": "/", "data-lang": "zh" })[name] };
let subscriber = null;
const context = {
  URL, MessageChannel, Promise, setTimeout,
  document: { currentScript: script, baseURI: "https://example.org/zh/selfcheck/", querySelector: () => line },
  navigator: { serviceWorker: {
    controller: active,
    addEventListener() {},
    register: () => Promise.resolve(registration),
    ready: Promise.resolve(registration),
  } },
};
context.window = context;
context.window.selfcheckEngine = { subscribe: (fn) => { subscriber = fn; } };
vm.createContext(context);
vm.runInContext(fs.readFileSync(process.argv[2], "utf-8"), context);
subscriber({ type: "ready" });
setTimeout(() => {
  const before = asked.length;
  if (scenario === "installing") {
    registration.installing = null;
    registration.waiting = update;
    update.become("installed");
  } else if (scenario === "failing") {
    registration.installing = null;
    update.become("redundant");
  }
  setTimeout(() => {
    console.log(JSON.stringify({ before, asked, shown: !line.hidden }));
    process.exit(0);  // the page's message ports would keep Node running
  }, 50);
}, 50);
"""

#: sw.js with stand-ins for its global scope: a page's "fill" message reaches it; prints whether
#: it asked to take over (skipWaiting) and what it answered.
WORKER = r"""
const vm = require("node:vm");
const fs = require("node:fs");
const handlers = {};
let skipped = 0;
const cache = { match: async () => undefined, put: async () => {} };
const scope = {
  location: { href: "https://example.org/sw.js" },
  addEventListener: (type, fn) => { handlers[type] = fn; },
  skipWaiting: () => { skipped += 1; return Promise.resolve(); },
  serviceWorker: { state: process.argv[1] },
  registration: { update: async () => {} },
};
const context = {
  self: scope, URL, Promise, Headers, Response, setTimeout, crypto,
  caches: { open: async () => cache, match: async () => undefined, keys: async () => [], delete: async () => true },
};
vm.createContext(context);
vm.runInContext(fs.readFileSync(process.argv[2], "utf-8"), context);
let done = null;
const answered = new Promise((resolve) => {
  handlers.message({
    data: { type: "fill", lang: "zh" },
    ports: [{ postMessage: resolve }],
    waitUntil: (p) => { done = p; },
  });
});
answered.then(async (answer) => {
  await done;
  console.log(JSON.stringify({ skipped, answer }));
});
"""


def _node(program: str, *args: str) -> dict:
    proc = subprocess.run(
        ["node", "-e", program, *args], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _page(scenario: str) -> dict:
    return _node(PAGE, scenario, str(ASSETS / "offline.js"))


def test_with_no_update_the_page_asks_the_active_worker():
    assert _page("none") == {"before": 1, "asked": ["active:fill:zh"], "shown": True}


def test_an_installed_update_is_asked_and_never_the_worker_it_replaces():
    assert _page("waiting") == {"before": 1, "asked": ["update:fill:zh"], "shown": True}


def test_an_update_still_installing_is_asked_once_it_has_installed():
    got = _page("installing")
    assert got == {"before": 0, "asked": ["update:fill:zh"], "shown": True}


def test_an_update_that_fails_to_install_leaves_the_active_worker_to_ask():
    assert _page("failing") == {"before": 0, "asked": ["active:fill:zh"], "shown": True}


@pytest.mark.parametrize("state", ["installed", "activated"])
def test_a_worker_asked_to_fill_asks_to_take_over_and_answers(state):
    got = _node(WORKER, state, str(SW_SOURCE))
    assert got["skipped"] == 1
    assert got["answer"] == {"type": "offline", "ready": True, "version": "dev"}
