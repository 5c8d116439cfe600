"""A WebKitGTK page for the cross-engine tests, driven by JSON lines (run by Debian's python3).

    /usr/bin/python3 tests/engines/webkit_driver.py WIDTH HEIGHT DATA_DIR CONSOLE_LOG

Debian's WebKitGTK 2.50 (``gir1.2-webkit2-4.1``, ``python3-gi``) in a GTK window of exactly the
phone's size under the X display of ``DISPLAY`` (Xvfb). WebDriver through ``WebKitWebDriver`` and
MiniBrowser gives no window narrower than 447 px and no console messages; this program embeds the
same engine and has both:

- the page's console messages (and the browser's own: failed loads, Content-Security-Policy
  reports), written by WebKit to its standard output, go to ``CONSOLE_LOG``;
- a user script at document start in every frame records errors, unhandled rejections and
  ``securitypolicyviolation`` events and posts them here.

One request per line on standard input, one answer per line on standard output (as JSON):
``{"op": "open", "url"}`` (answers once the page has loaded, or with the load's error),
``{"op": "reload"}``, ``{"op": "call", "body", "args"}`` (an async function body run in the page,
its JSON-able result), ``{"op": "wait", "body", "args", "timeout"}`` (``call`` until the result is
truthy, checked every 50 ms),
``{"op": "events"}`` (what the page reported since the last time, and the console log's new lines),
``{"op": "screenshot", "path"}``, ``{"op": "quit"}``. Website data (HTTP cache, service workers,
Cache Storage) lives in ``DATA_DIR``: a second driver on the same folder is a second visit.
"""

from __future__ import annotations

import json
import os
import sys
import time

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

RECORD = """
(() => {
  const post = (kind, text) => {
    try { window.webkit.messageHandlers.record.postMessage(JSON.stringify([kind, String(text)])); }
    catch (e) { /* the handler is gone while the page unloads */ }
  };
  addEventListener("error", (e) => post("page error", e.message), true);
  addEventListener("unhandledrejection", (e) =>
    post("page error", (e.reason && e.reason.message) || e.reason));
  document.addEventListener("securitypolicyviolation", (e) =>
    post("csp", `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
  const error = console.error.bind(console);
  console.error = (...args) => { post("console error", args.map(String).join(" ")); error(...args); };
})();
"""


class Driver:
    def __init__(self, width: int, height: int, data: str, console: str) -> None:
        self.out = os.fdopen(os.dup(1), "w", buffering=1)
        # WebKit's web processes inherit standard output: their console lines go to the log.
        log = os.open(console, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        self.console = console
        self.console_at = 0
        manager = WebKit2.WebsiteDataManager(
            base_data_directory=os.path.join(data, "data"),
            base_cache_directory=os.path.join(data, "cache"),
        )
        manager.set_tls_errors_policy(WebKit2.TLSErrorsPolicy.IGNORE)  # the tests' own certificate
        context = WebKit2.WebContext.new_with_website_data_manager(manager)
        context.set_cache_model(WebKit2.CacheModel.WEB_BROWSER)
        content = WebKit2.UserContentManager()
        content.add_script(
            WebKit2.UserScript.new(
                RECORD,
                WebKit2.UserContentInjectedFrames.ALL_FRAMES,
                WebKit2.UserScriptInjectionTime.START,
                None,
                None,
            )
        )
        content.connect("script-message-received::record", self.recorded)
        content.register_script_message_handler("record")
        self.view = WebKit2.WebView(web_context=context, user_content_manager=content)
        settings = self.view.get_settings()
        settings.set_enable_write_console_messages_to_stdout(True)
        settings.set_enable_developer_extras(False)
        self.view.connect("load-changed", self.load_changed)
        self.view.connect("load-failed", self.load_failed)
        window = Gtk.Window()
        window.set_default_size(width, height)
        window.add(self.view)
        window.show_all()
        self.events: list[list[str]] = []
        self.loading = None  # the request waiting for the page to load
        GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, self.read)
        self.buffer = b""

    # -- answers ------------------------------------------------------------------------------

    def answer(self, request: dict, **fields) -> None:
        self.out.write(json.dumps({"id": request.get("id"), **fields}) + "\n")

    def recorded(self, _manager, result) -> None:
        self.events.append(json.loads(result.get_js_value().to_string()))

    def load_changed(self, _view, event) -> None:
        if event == WebKit2.LoadEvent.FINISHED and self.loading:
            request, self.loading = self.loading, None
            self.answer(request, ok=True, url=self.view.get_uri())

    def load_failed(self, _view, _event, uri, error) -> bool:
        if self.loading:
            request, self.loading = self.loading, None
            self.answer(request, ok=False, error=f"{error.message} ({uri})")
        return False

    # -- requests -----------------------------------------------------------------------------

    def read(self, fd, condition) -> bool:
        chunk = os.read(fd, 65536)
        if not chunk:
            Gtk.main_quit()
            return False
        self.buffer += chunk
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line.strip():
                self.handle(json.loads(line))
        return True

    def handle(self, request: dict) -> None:
        op = request["op"]
        if op == "open":
            self.loading = request
            self.view.load_uri(request["url"])
        elif op == "reload":
            self.loading = request
            self.view.reload()
        elif op == "call":
            self.call(
                request,
                lambda value, error: self.answer(
                    request, ok=error is None, value=value, error=error
                ),
            )
        elif op == "wait":
            self.wait(request, time.monotonic() + request.get("timeout", 60000) / 1000)
        elif op == "events":
            self.answer(request, ok=True, value={"page": self.events, "console": self.log()})
            self.events = []
        elif op == "screenshot":
            self.view.get_snapshot(
                WebKit2.SnapshotRegion.VISIBLE,
                WebKit2.SnapshotOptions.NONE,
                None,
                self.snapshot_done,
                request,
            )
        elif op == "quit":
            self.answer(request, ok=True)
            Gtk.main_quit()
        else:
            self.answer(request, ok=False, error=f"unknown op {op}")

    def log(self) -> list[str]:
        with open(self.console, encoding="utf-8", errors="replace") as f:
            f.seek(self.console_at)
            text = f.read()
            self.console_at = f.tell()
        return [line for line in text.splitlines() if line.strip()]

    def call(self, request: dict, done) -> None:
        body = f"return JSON.stringify(await (async () => {{ {request['body']} }})() ?? null);"
        args = GLib.Variant("a{sv}", {"args": GLib.Variant("s", json.dumps(request.get("args")))})

        def finished(view, result, _data):
            try:
                value = view.call_async_javascript_function_finish(result)
            except GLib.Error as error:
                done(None, error.message)
                return
            done(json.loads(value.to_string()), None)

        wrapped = f"args = JSON.parse(args); {body}"
        self.view.call_async_javascript_function(
            wrapped, -1, args, None, None, None, finished, None
        )

    def wait(self, request: dict, deadline: float) -> None:
        def checked(value, error) -> None:
            if value:
                self.answer(request, ok=True, value=value)
            elif time.monotonic() > deadline:
                self.answer(request, ok=False, error=f"timed out; last: {error or value!r}")
            else:
                GLib.timeout_add(50, self.again, request, deadline)

        self.call(request, checked)

    def again(self, request: dict, deadline: float) -> bool:
        self.wait(request, deadline)
        return False  # once

    def snapshot_done(self, view, result, request) -> None:
        try:
            surface = view.get_snapshot_finish(result)
            surface.write_to_png(request["path"])
            self.answer(request, ok=True)
        except GLib.Error as error:
            self.answer(request, ok=False, error=error.message)


def main() -> None:
    width, height, data, console = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    Driver(width, height, data, console)
    Gtk.main()


if __name__ == "__main__":
    main()
