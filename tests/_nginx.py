"""Debian's nginx serving a built site with the project's configuration, for the tests.

``serve(site_dir)`` is a context manager: it renders ``deploy/nginx/site.conf.j2`` for the build
(``sitegen._deploy.render_nginx``: the CSP from that build's inline scripts), wraps it in a
minimal main configuration whose pid file, logs and temporary folders are all in a temporary
folder, starts ``nginx -g 'daemon off;'`` as a child process on a free port of 127.0.0.1, waits
until it answers, and stops it (SIGQUIT, then SIGKILL) on exit. ``free_port()`` reserves a port
for a build that must know its address first (the site's ``site_url``): pass the socket to
``serve`` and it is closed only when nginx is about to bind.

    with serve(site) as server:
        urllib.request.urlopen(server.origin + "zh/")
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = "/etc/nginx/mime.types"

_MAIN = """\
daemon off;
worker_processes 1;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 128; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    include {tmp}/site.conf;
}}
"""


@dataclass(frozen=True)
class Nginx:
    port: int
    origin: str  # http://127.0.0.1:<port>/
    config: Path  # the rendered server block
    folder: Path  # pid, logs, temporary files

    def log(self, name: str = "error.log") -> str:
        path = self.folder / name
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def have_nginx() -> bool:
    return Path(NGINX).exists()


def free_port() -> socket.socket:
    """A socket bound to a free port of 127.0.0.1 (``.getsockname()[1]``), kept until nginx
    starts so no one else takes the port meanwhile."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


def _wait(proc: subprocess.Popen, port: int, folder: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = (
                (folder / "error.log").read_text(errors="replace")
                if (folder / "error.log").exists()
                else ""
            )
            raise RuntimeError(f"nginx exited with {proc.returncode}:\n{log[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nginx did not answer on port {port} within {timeout} s")


@contextmanager
def serve(site_dir: Path | str, reserved: socket.socket | None = None) -> Iterator[Nginx]:
    """Serve ``site_dir`` (a built site) with the project's nginx configuration."""
    from sitegen._deploy import render_nginx

    if not have_nginx():
        raise FileNotFoundError("nginx is missing: run scripts/setup.sh (apt-get install nginx)")
    sock = reserved or free_port()
    port = sock.getsockname()[1]
    folder = Path(tempfile.mkdtemp(prefix="nginx-test-"))
    config = folder / "site.conf"
    config.write_text(
        render_nginx(
            site_dir, listen=f"127.0.0.1:{port}", server_name="127.0.0.1", mime_types=MIME_TYPES
        ),
        encoding="utf-8",
    )
    # Run as root (the set-up runs as root), the workers would drop to "nobody", who may not read
    # a private temporary folder: keep them as the current user.
    user = "user root root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(_MAIN.format(tmp=folder, user=user), encoding="utf-8")
    command = [
        NGINX,
        "-p",
        str(folder),
        "-e",
        str(folder / "error.log"),
        "-c",
        str(folder / "nginx.conf"),
    ]
    check = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if check.returncode != 0:
        sock.close()
        raise RuntimeError(f"nginx -t failed:\n{check.stderr[-3000:]}")
    sock.close()
    # Its own process group: if the master does not stop, it and its worker are killed together.
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        _wait(proc, port, folder)
        yield Nginx(port, f"http://127.0.0.1:{port}/", config, folder)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)  # graceful: the master waits for its worker
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
