"""Command line: ``python -m sitegen generate|build|serve``."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from ._build import NginxOptions, build_site
from ._deploy import content_security_policy, write_precompressed
from ._generate import ROOT, generate
from ._langs import normalise_site_root
from ._nginx import Tls, write_nginx
from ._serve import make_server

DEFAULT_PORT = 8000
#: The TCP port range (0, "any free port", is left out: the printed address must be the real one).
PORTS = range(1, 65536)


def port_number(text: str) -> int:
    """argparse type of ``--port``: a whole number from 1 to 65535, with a bilingual message."""
    try:
        port = int(text, 10)
    except ValueError:
        port = None
    if port is None or port not in PORTS:
        raise argparse.ArgumentTypeError(
            f"端口须为 {PORTS.start} 至 {PORTS.stop - 1} 的整数，收到 {text!r} / "
            f"the port must be a whole number from {PORTS.start} to {PORTS.stop - 1}, got {text!r}"
        )
    return port


def tls_option(args: argparse.Namespace) -> Tls | None:
    """The HTTPS of ``build`` and ``deploy``: both paths, or neither."""
    if bool(args.tls_certificate) != bool(args.tls_key):
        raise ValueError(
            "--tls-certificate 与 --tls-key 须同时给出 / give both --tls-certificate and --tls-key"
        )
    if not args.tls_certificate:
        return None
    return Tls(args.tls_certificate, args.tls_key, args.listen_tls)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitegen",
        description="Build (and serve) the bilingual policy site from policy/.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser(
        "generate", help="write the site's input (pages, assets, configs) into a folder"
    )
    g.add_argument("--out", required=True, help="output folder (emptied first)")
    g.add_argument(
        "--site-url",
        help="public root URL of the site (default: $SITE_URL, else http://127.0.0.1:8000/)",
    )
    b = sub.add_parser(
        "build", help="build both languages into site/ (strict), with site.nginx.conf beside it"
    )
    b.add_argument("--out", default="site", help="output folder (default: site)")
    b.add_argument(
        "--site-url",
        help="public root URL of the site (default: $SITE_URL, else a local preview at "
        "http://127.0.0.1:8000/, marked as such on every page)",
    )
    b.add_argument(
        "--publish",
        action="store_true",
        help="a build to publish: refuse to build without a public --site-url (or SITE_URL)",
    )
    d = sub.add_parser(
        "deploy",
        help="for a built site: (re)write the .gz and .br files and the nginx server block",
    )
    d.add_argument("--site", default="site", help="the built site (default: site)")
    d.add_argument("--conf", help="where to write the server block (default: <site>.nginx.conf)")
    for p in (b, d):
        p.add_argument("--nginx-root", help="the folder nginx serves (default: the output folder)")
        p.add_argument("--listen", default="80", help="nginx listen (default: 80)")
        p.add_argument(
            "--server-name", help="nginx server_name (default: the public address's host)"
        )
        p.add_argument(
            "--tls-certificate",
            help="serve HTTPS and HTTP/2 with this certificate (chain), a path on the server; "
            "--listen then redirects to HTTPS",
        )
        p.add_argument("--tls-key", help="the certificate's private key, a path on the server")
        p.add_argument("--listen-tls", default="443", help="nginx listen for HTTPS (default: 443)")
        p.add_argument(
            "--no-brotli",
            action="store_true",
            help="no brotli_static (for an nginx without Debian's libnginx-mod-http-brotli-static)",
        )
    s = sub.add_parser("serve", help="build, then serve site/ at http://127.0.0.1:8000/")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=port_number, default=DEFAULT_PORT, help="1-65535 (default: 8000)")
    s.add_argument("--out", default="site")
    s.add_argument("--no-build", action="store_true", help="serve the existing site/ as it is")
    for p in (g, b, s, d):
        p.add_argument(
            "-v", "--verbose", action="store_true", help="show MkDocs' progress messages"
        )
    args = parser.parse_args(argv)

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s - %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO if args.verbose else logging.WARNING)
    mkdocs_log.propagate = False
    try:
        if args.command == "generate":
            generated = generate(args.out, site_url=args.site_url)
            print(f"sitegen: wrote {generated.out}")
            return 0
        if args.command == "build":
            options = NginxOptions(
                args.nginx_root, args.listen, args.server_name, tls_option(args), not args.no_brotli
            )
            out = build_site(args.out, site_url=args.site_url, publish=args.publish, nginx=options)
            print(f"sitegen: built {out}; nginx server block: {out}.nginx.conf")
            return 0
        if args.command == "deploy":
            site = ROOT / args.site
            write_precompressed(site)
            conf = write_nginx(
                site,
                args.conf,
                root=args.nginx_root,
                listen=args.listen,
                server_name=args.server_name or "_",
                tls=tls_option(args),
                brotli=not args.no_brotli,
            )
            print(
                f"sitegen: wrote {conf}\nContent-Security-Policy: {content_security_policy(site)}"
            )
            return 0
        server = make_server(ROOT / args.out, args.host, args.port, verbose=True)
        origin = normalise_site_root(f"http://{args.host}:{server.server_address[1]}/")
        if not args.no_build:
            build_site(args.out, site_url=origin)
        print(f"sitegen: serving {ROOT / args.out} at {origin} (Ctrl-C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nsitegen: stopped")
        finally:
            server.server_close()
        return 0
    except Exception as exc:  # a clear message instead of a traceback for the usual failures
        from mkdocs.exceptions import Abort, ConfigurationError

        if isinstance(exc, (Abort, ConfigurationError, OSError, ValueError)):
            print(f"sitegen: {exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
