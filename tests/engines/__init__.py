"""Other browser engines than Chromium, for the cross-engine tests and benchmarks.

WebKit (what an iPhone's WeChat uses) through Debian's WebKitGTK and Firefox through Debian's
firefox-esr, each driven by a small program speaking JSON lines (``webkit_driver.py`` under Debian's
``python3`` with PyGObject, on an Xvfb display; ``puppeteer_driver.mjs`` under Node with the pinned
``puppeteer-core``, over WebDriver BiDi). The benchmarks also drive Debian's chromium through the
latter, so that every engine is measured the same way (the tests use Playwright for Chromium). :func:`open_page` starts one and gives a :class:`Page`
with the same calls for both: ``open``, ``reload``, ``call`` (an async function body run in the
page), ``wait`` (``call`` until its result is truthy), ``events`` (console errors, page errors,
failed responses and Content-Security-Policy violations since the last call), ``screenshot``.
A page's website data lives in a profile folder: a second page on the same folder is a second
visit (HTTP cache, service worker, Cache Storage).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .._site import CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
#: Debian's Python, which has PyGObject (python3-gi) and WebKitGTK's bindings (gir1.2-webkit2-4.1).
SYSTEM_PYTHON = "/usr/bin/python3"
FIREFOX = "/usr/bin/firefox-esr"
XVFB = "/usr/bin/Xvfb"
WEBKIT_TYPELIB = Path("/usr/lib/x86_64-linux-gnu/girepository-1.0/WebKit2-4.1.typelib")
PUPPETEER = ROOT / "node_modules" / "puppeteer-core"
ENGINES = ("webkit", "firefox")
#: A phone (CSS pixels), as the Chromium phone tests use.
PHONE = (390, 844)


class EngineError(RuntimeError):
    """The driver answered with an error (the page's or the engine's message)."""


def missing(engine: str) -> str | None:
    """Why ``engine`` cannot run here (what ``scripts/setup.sh`` installs), or None."""
    if engine == "webkit":
        need = [SYSTEM_PYTHON, XVFB, str(WEBKIT_TYPELIB)]
    else:
        need = [FIREFOX, str(PUPPETEER / "package.json")]
    gone = [p for p in need if not Path(p).exists()]
    return f"needs {', '.join(gone)} (scripts/setup.sh)" if gone else None


@lru_cache(maxsize=1)
def _display() -> str:
    """An Xvfb display of this process (started once, stopped at exit): ``:N``."""
    import atexit

    read, write = os.pipe()
    proc = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1280x1024x24"],
        pass_fds=[write],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):  # Xvfb writes the number once it accepts clients
        chunk = os.read(read, 16)
        if not chunk:
            raise RuntimeError(f"Xvfb exited with {proc.wait()}")
        number += chunk
    os.close(read)

    def stop() -> None:
        proc.terminate()
        proc.wait()

    atexit.register(stop)
    return f":{number.decode().strip()}"


#: How long any request but ``wait`` may take before the driver is taken as stuck.
REQUEST_TIMEOUT_S = 180


@dataclass
class Page:
    engine: str
    proc: subprocess.Popen
    profile: Path
    _next: int = 0
    _buffer: bytes = b""

    def _reply(self, timeout_s: float) -> bytes:
        """The driver's next line, or an error once ``timeout_s`` has passed without one."""
        assert self.proc.stdout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], timeout_s)
            if not ready:
                raise EngineError(f"the {self.engine} driver did not answer in {timeout_s} s")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise EngineError(f"the {self.engine} driver exited with {self.proc.wait()}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def request(self, op: str, timeout_s: float = REQUEST_TIMEOUT_S, **fields) -> dict:
        self._next += 1
        line = json.dumps({"id": self._next, "op": op, **fields})
        assert self.proc.stdin
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()
        answer = json.loads(self._reply(timeout_s))
        if not answer.get("ok"):
            raise EngineError(f"{self.engine} {op}: {answer.get('error')}")
        return answer

    def open(self, url: str) -> str:
        """Load ``url`` (a new document: not a fragment of the open one); once it has loaded."""
        return self.request("open", url=url)["url"]

    def reload(self) -> str:
        return self.request("reload")["url"]

    def call(self, body: str, **args):
        """Run ``body`` (the body of an async function; ``args`` is the JSON of ``args``) in the
        page; its result, through JSON."""
        return self.request("call", body=body, args=args).get("value")

    def wait(self, body: str, timeout_ms: int = 90_000, **args):
        """``call`` until the result is truthy (checked every 50 ms); that result."""
        reply = self.request(
            "wait", timeout_ms / 1000 + REQUEST_TIMEOUT_S, body=body, args=args, timeout=timeout_ms
        )
        return reply.get("value")

    def events(self) -> dict[str, list]:
        return self.request("events")["value"]

    def screenshot(self, path: Path | str) -> None:
        self.request("screenshot", path=str(path))

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(EngineError, OSError, ValueError):
                self.request("quit")
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@contextlib.contextmanager
def open_page(
    engine: str, profile: Path | str | None = None, size: tuple[int, int] = PHONE
) -> Iterator[Page]:
    """A page of ``engine`` ("webkit", "firefox" or "chromium") at ``size`` with its website data in
    ``profile`` (default: a fresh temporary folder, removed after)."""
    own = profile is None
    folder = Path(tempfile.mkdtemp(prefix=f"{engine}-")) if own else Path(profile)
    folder.mkdir(parents=True, exist_ok=True)
    width, height = map(str, size)
    if engine == "webkit":
        command = [SYSTEM_PYTHON, str(HERE / "webkit_driver.py"), width, height, str(folder)]
        command.append(str(folder / "console.log"))
        env = {**os.environ, "DISPLAY": _display()}
    elif engine in ("firefox", "chromium"):
        command = ["node", str(HERE / "puppeteer_driver.mjs"), engine, width, height]
        command.append(str(folder / "profile"))
        env = {**os.environ, "CHROMIUM_ARGS": json.dumps(CHROMIUM_ARGS)}
    else:
        raise ValueError(engine)
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    page = Page(engine, proc, folder)
    try:
        yield page
    finally:
        page.close()
        if own:
            shutil.rmtree(folder, ignore_errors=True)
