"""nginx for the built site: the server block rendered from the build, and nginx run with it.

- :func:`render_nginx` renders ``deploy/nginx/site.conf.j2`` for a built site: HTTPS with HTTP/2
  when given a certificate (:class:`Tls`; plain HTTP then redirects to it), the types, the
  build's precompressed files (brotli and gzip), ``Cache-Control`` per path class and the
  security headers with the Content-Security-Policy of that build (:mod:`sitegen._deploy`). :func:`write_nginx` writes it
  beside the site folder (``site`` -> ``site.nginx.conf``), as ``python -m sitegen build`` does.
- :func:`run_nginx` starts Debian's nginx (``nginx -g 'daemon off;'``) with such a server block
  as a child process, inside a minimal main configuration whose pid file, logs (the access log
  records the bytes sent per request) and temporary folders are in a temporary folder (and which
  loads Debian's brotli module), after ``nginx -t`` accepts it without a warning; waits until it
  answers and stops it on exit. The tests and ``benchmarks/phone_bench.py`` serve the site through
  it; :func:`self_signed` makes a certificate for them.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
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

from ._deploy import (
    IMMUTABLE,
    IMMUTABLE_PATHS,
    NO_CACHE,
    SERVICE_WORKER,
    InlineHashes,
    security_headers,
)
from ._langs import LANGS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "site.conf.j2"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = "/etc/nginx/mime.types"
#: Debian's libnginx-mod-http-brotli-static (what ``brotli_static`` needs).
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")

__all__ = [
    "Nginx",
    "Tls",
    "free_port",
    "have_nginx",
    "nginx_config_path",
    "render_nginx",
    "run_nginx",
    "write_nginx",
]


#: The types the site needs, by extension (Pyodide's wasm and modules, the batch template, source
#: maps, the manifest): rendered where the distribution's mime.types lacks or gets one wrong.
SITE_TYPES = {
    "mjs": "text/javascript",
    "wasm": "application/wasm",
    "csv": "text/csv",
    "map": "application/json",
    "webmanifest": "application/manifest+json",
}
_TYPE_LINE = re.compile(r"^\s*([\w.+-]+/[\w.+-]+)\s+([^;{}]+);", re.M)


def extra_types(mime_types: str | Path) -> list[tuple[str, str]]:
    """(type, extension) of :data:`SITE_TYPES` that the nginx types file ``mime_types`` lacks or
    maps to another type; all of them when it cannot be read here."""
    try:
        text = Path(mime_types).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return [(t, e) for e, t in SITE_TYPES.items()]
    known = {ext: kind for kind, exts in _TYPE_LINE.findall(text) for ext in exts.split()}
    return [(t, e) for e, t in SITE_TYPES.items() if known.get(e) != t]


def _quote(value: str, *, regex: bool = False) -> str:
    """A double-quoted nginx string; ``$`` only in a regex (location patterns take no variables,
    header values do)."""
    if '"' in value or ("\\" in value and not regex) or ("$" in value and not regex):
        raise ValueError(f"cannot put {value!r} in an nginx string")
    return f'"{value}"'


@dataclass(frozen=True)
class Tls:
    """HTTPS for the rendered configuration: the certificate (chain) and its private key, as paths
    on the server, and where to listen (``443``, or ``ADDRESS:PORT``)."""

    certificate: str
    key: str
    listen: str = "443"

    @property
    def port(self) -> int:
        return int(self.listen.rsplit(":", 1)[-1].split()[0])


def render_nginx(
    site_dir: Path | str,
    *,
    root: str | None = None,
    listen: str = "80",
    server_name: str = "_",
    tls: Tls | None = None,
    brotli: bool = True,
    mime_types: str = MIME_TYPES,
    hashes: InlineHashes | None = None,
) -> str:
    """The nginx ``server`` block for the build in ``site_dir``, served from ``root`` (default:
    ``site_dir`` itself): on ``listen`` over plain HTTP, or, with ``tls``, over HTTPS and HTTP/2
    on ``tls.listen`` with ``listen`` redirecting to it. ``brotli``: send the build's ``.br``
    files (nginx needs the brotli_static module)."""
    import jinja2

    site = Path(site_dir).resolve()
    headers = security_headers(site, hashes)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE.parent)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["qre"] = lambda value: _quote(value, regex=True)

    def header_lines(cache: str, always_cache: bool = True) -> str:
        # Every location repeats all headers: nginx drops the inherited add_header directives of
        # any level that has one of its own. "always": on error responses too, except a year of
        # caching, which a 404 in an immutable folder must not get.
        lines = [f"add_header Cache-Control {_quote(cache)}{' always' if always_cache else ''};"]
        lines += [f"add_header {name} {_quote(value)} always;" for name, value in headers.items()]
        return "\n        ".join(lines)

    for path in (tls.certificate, tls.key) if tls else ():
        _quote(path)  # a path nginx can read as it is
    return env.get_template(TEMPLATE.name).render(
        root=str(root or site),
        listen=listen,
        server_name=server_name,
        tls=tls,
        listen_tls=tls.listen if tls else None,
        tls_port="" if tls is None or tls.port == 443 else f":{tls.port}",
        brotli=brotli,
        mime_types=mime_types,
        extra_types=extra_types(mime_types),
        header_lines=header_lines,
        immutable=IMMUTABLE,
        no_cache=NO_CACHE,
        immutable_regexes=[p.pattern for p in IMMUTABLE_PATHS],
        service_worker=SERVICE_WORKER,
        langs=[lang.code for lang in LANGS if (site / lang.code / "404.html").exists()],
    )


def nginx_config_path(site_dir: Path | str) -> Path:
    """Where the build writes the server block: beside the site folder, never inside it (it is
    not for the web): ``site/`` -> ``site.nginx.conf``."""
    site = Path(site_dir).resolve()
    return site.with_name(site.name + ".nginx.conf")


def write_nginx(site_dir: Path | str, out: Path | str | None = None, **options) -> Path:
    """Render the server block for the build in ``site_dir`` (``options``: those of
    :func:`render_nginx`) into ``out`` (default :func:`nginx_config_path`); returns the path."""
    target = Path(out) if out else nginx_config_path(site_dir)
    target.write_text(render_nginx(site_dir, **options), encoding="utf-8")
    return target


# -- running it -----------------------------------------------------------------------------

_MAIN = """\
daemon off;
worker_processes 1;
{modules}
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    log_format sent '$msec $request_uri $status $bytes_sent';
    access_log {tmp}/access.log sent;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    include {config};
}}
"""


@dataclass(frozen=True)
class Nginx:
    port: int
    origin: str  # http://127.0.0.1:<port>/ (https:// when it serves TLS there)
    config: Path  # the server block
    folder: Path  # pid, logs, temporary files

    def log(self, name: str = "error.log") -> str:
        path = self.folder / name
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def bytes_sent(self) -> list[tuple[str, int, int, float]]:
        """(URI, status, bytes sent with headers, when the response ended: seconds since the
        epoch) of every request so far, in the order they ended."""
        out = []
        for line in self.log("access.log").splitlines():
            when, rest = line.split(" ", 1)
            uri, status, sent = rest.rsplit(" ", 2)
            out.append((uri, int(status), int(sent), float(when)))
        return out


def have_nginx() -> bool:
    return Path(NGINX).exists()


def free_port(port: int = 0) -> socket.socket:
    """A socket bound to ``port`` of 127.0.0.1 (0: a free one; ``.getsockname()[1]``): keep it
    until nginx starts (pass it to :func:`run_nginx`), so that no one else takes the port
    meanwhile. The same port can be bound again once an nginx on it has stopped."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


def self_signed(folder: Path | str, host: str = "127.0.0.1") -> tuple[Tls, str]:
    """A self-signed certificate for ``host`` (and ``localhost``) made with Debian's openssl in
    ``folder``, for tests and benchmarks: the :class:`Tls` paths (``listen`` left to the caller
    to replace) and the base64 SHA-256 of its public key, which Chromium trusts with
    ``--ignore-certificate-errors-spki-list`` (so the page is a secure context with a valid
    certificate: service workers register)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    san = (
        f"subjectAltName=IP:{host},DNS:localhost"
        if host[0].isdigit()
        else f"subjectAltName=DNS:{host}"
    )
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
        + ["-nodes", "-days", "7", "-subj", f"/CN={host}", "-addext", san]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    public = subprocess.run(
        ["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"], check=True, capture_output=True
    ).stdout
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-outform", "der"],
        input=public,
        check=True,
        capture_output=True,
    ).stdout
    spki = base64.b64encode(hashlib.sha256(der).digest()).decode()
    return Tls(str(cert), str(key)), spki


def _wait(proc: subprocess.Popen, ports: list[int], folder: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    waiting = list(ports)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = (folder / "error.log").read_text(errors="replace")
            raise RuntimeError(f"nginx exited with {proc.returncode}:\n{log[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", waiting[0]), timeout=0.5):
                waiting.pop(0)
                if not waiting:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nginx did not answer on port {waiting[0]} within {timeout} s")


@contextmanager
def run_nginx(
    config: Path | str, reserved: socket.socket, *more: socket.socket, scheme: str = "http"
) -> Iterator[Nginx]:
    """Run nginx with the server block ``config``, which listens on the ports of ``reserved``
    (its origin, with ``scheme``) and of ``more`` (the HTTP port that redirects to HTTPS)."""
    if not have_nginx():
        raise FileNotFoundError("nginx is missing: run scripts/setup.sh (apt-get install nginx)")
    port = reserved.getsockname()[1]
    ports = [port, *(s.getsockname()[1] for s in more)]
    folder = Path(tempfile.mkdtemp(prefix="nginx-"))
    (folder / "error.log").touch()
    # As root (the set-up runs as root), the workers would drop to "nobody", who may not read a
    # private temporary folder: keep them as the current user.
    user = "user root root;" if os.geteuid() == 0 else ""
    modules = f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else ""
    main = _MAIN.format(tmp=folder, user=user, modules=modules, config=Path(config).resolve())
    (folder / "nginx.conf").write_text(main, encoding="utf-8")
    command = [NGINX, "-p", str(folder), "-e", str(folder / "error.log")]
    command += ["-c", str(folder / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    for sock in (reserved, *more):
        sock.close()
    said = [line for line in check.stderr.splitlines() if "[warn]" in line or "[emerg]" in line]
    if check.returncode != 0 or said:  # a warning is a defect of the configuration too
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"nginx -t did not accept it cleanly:\n{check.stderr[-3000:]}")
    # Its own process group: if the master does not stop, it and its worker are killed together.
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        _wait(proc, ports, folder)
        yield Nginx(port, f"{scheme}://127.0.0.1:{port}/", Path(config), folder)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)  # graceful: the master waits for its worker
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
