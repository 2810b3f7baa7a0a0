#!/usr/bin/env python3
"""Serve the built course (``_build/html``) on this machine or a classroom network.

Static files are served by WhiteNoise (correct types, ``.gz`` siblings compressed once at build
time, caching headers, conditional and range requests) under granian, a production WSGI server
whose sockets and HTTP parsing run in Rust (wheels for Windows, macOS and Linux): a class's burst
is queued, never refused, and the interpreter only looks files up and reads them in 256 KiB
blocks. Where granian is not installed (a copied site on a machine with only pure-Python wheels)
or cannot be stopped with Ctrl+C (Windows before Python 3.14), waitress, a pure-Python production
server, runs the same app (``--server waitress`` asks for it). Why, with numbers, is in
``tools/bench_server.py`` (``make bench``): at 150 learners both have 0 errors; with 32 threads
granian's p99 first byte was 0.21 s pooled over 5 runs (every run 0.18-0.23 s), while waitress's
pooled p99 ranged 0.23-0.71 s from one 5-run pool to the next.

What the course adds on top:

* every text type carries ``charset=utf-8`` (``.md`` downloads, ``.json``, ``.svg``, ``.ipynb`` …),
  ``.wasm`` is ``application/wasm`` and ``.mjs`` JavaScript;
* files whose names carry a content hash (JupyterLite's ``lite/build``) are cached for a year;
  everything else is revalidated on each visit (a cheap 304 when unchanged), so a learner never runs
  a stale copy of the course after an update;
* ``--prefix /kosguide/`` serves the site under a sub-path, as a static host such as GitHub Pages does;
* only files under the site folder are ever served: WhiteNoise knows the file list from start-up
  (``..``, encoded ``%2e%2e``, links out of the folder → 404); overlong URLs → 414.

Usage: ``python tools/serve.py [--host 127.0.0.1] [--port 8000] [--prefix /] [--server auto|granian|waitress]
[DIR]`` (needs ``pip install whitenoise granian`` or ``whitenoise waitress``; ``make serve`` installs all three).
``python tools/serve.py --compress DIR`` writes the ``.gz`` siblings and exits (``make book`` runs it).
"""

from __future__ import annotations

import argparse
import gzip
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

MAX_URL_BYTES = 4096
TEXT_TYPES = {"application/javascript", "application/json", "application/manifest+json", "application/xml",
              "image/svg+xml", "application/x-ipynb+json"}
EXTRA_TYPES = {".mjs": "text/javascript", ".wasm": "application/wasm", ".ipynb": "application/x-ipynb+json",
               ".whl": "application/zip", ".md": "text/markdown", ".map": "application/json",
               ".tar": "application/x-tar", ".data": "application/octet-stream"}
HASHED = re.compile(r"/lite/build/.*[.-][0-9a-f]{7,}\.(js|css)$")
# Worth compressing (text and WebAssembly); images, fonts, zips and wheels are compressed already.
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".wasm", ".ipynb", ".txt", ".md", ".map",
                ".xml", ".tar", ".py"}

StartResponse = Callable[..., Any]
GRANIAN_THREADS = 32  # why 32: run_granian's docstring
WAITRESS_THREADS = 8


def site_prefix(prefix: str) -> str:
    """``prefix`` as ``/`` or ``/name/`` (``kosguide``, ``/kosguide`` and ``/kosguide/`` are the same)."""
    return "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"


def compress_site(root: Path) -> tuple[int, int]:
    """Write ``NAME.gz`` beside every compressible file that lacks an up-to-date one (and remove
    ``.gz`` files whose original is gone). Returns ``(written, kept)``. Level 9 once, at build time."""
    written = kept = 0
    for path in root.rglob("*.gz"):
        if not path.with_suffix("").exists() and path.with_suffix("").suffix in COMPRESSIBLE:
            path.unlink()
    for path in root.rglob("*"):
        if path.suffix not in COMPRESSIBLE or not path.is_file():
            continue
        target = path.with_name(path.name + ".gz")
        if target.exists() and target.stat().st_mtime_ns >= path.stat().st_mtime_ns:
            kept += 1
            continue
        data = path.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        if len(packed) < len(data) * 0.95:
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_bytes(packed)
            os.replace(tmp, target)
            written += 1
        elif target.exists():
            target.unlink()
    return written, kept


def make_app(root: Path, prefix: str = "/") -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """The WSGI application serving ``root`` under ``prefix`` (``/`` or ``/name/``)."""
    from whitenoise import WhiteNoise

    class CourseFiles(WhiteNoise):  # type: ignore[misc]
        def add_mime_headers(self, headers: Any, path: str, url: str) -> None:
            media_type = self.media_types.get_type(path)
            text = media_type.startswith("text/") or media_type in TEXT_TYPES
            headers["Content-Type"] = f"{media_type}; charset=utf-8" if text else media_type

        def add_file_to_dictionary(self, url: str, path: str, stat_cache: Any = None) -> None:
            super().add_file_to_dictionary(url, path, stat_cache=stat_cache)
            if url.endswith("/index.html") and url[: -len("index.html")] in self.files:
                # ``…/index.html?kernel=…`` is served as is: WhiteNoise's redirect to ``./`` drops the
                # query string, and the exercise box passes its code to JupyterLite in it
                self.files[url] = self.files[url[: -len("index.html")]]

        def add_cache_headers(self, headers: Any, path: str, url: str) -> None:
            headers["Cache-Control"] = ("public, max-age=31536000, immutable" if HASHED.search(url)
                                        else "no-cache")

    prefix = site_prefix(prefix)

    def not_found(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if prefix != "/" and path in ("/", "", prefix.rstrip("/")):
            start_response("302 Found", [("Location", prefix), ("Content-Length", "0")])
            return [b""]
        body = "找不到这个页面。请从课程首页重新打开。\n".encode()
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8"),
                                         ("Content-Length", str(len(body)))])
        return [body]

    files = CourseFiles(not_found, root=str(root), prefix=prefix, index_file=True, autorefresh=False,
                        allow_all_origins=False, mimetypes=EXTRA_TYPES)

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        raw = environ.get("PATH_INFO", "") + "?" + environ.get("QUERY_STRING", "")
        if len(raw.encode("latin-1", "replace")) > MAX_URL_BYTES:
            body = "网址太长了。\n".encode()
            start_response("414 URI Too Long", [("Content-Type", "text/plain; charset=utf-8"),
                                                ("Content-Length", str(len(body)))])
            return [body]
        return files(environ, start_response)

    return app


FILE_BLOCK_BYTES = 262_144  # a file is handed to the server in 256 KiB pieces (wsgiref's default is 8 KiB)


def with_file_blocks(app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
                     ) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """``app`` with PEP 3333's ``wsgi.file_wrapper`` set to 256 KiB blocks where the server offers
    none (granian): WhiteNoise then streams a 7 MB file in 30 pieces instead of 930."""
    from functools import partial
    from wsgiref.util import FileWrapper

    wrapper = partial(FileWrapper, blksize=FILE_BLOCK_BYTES)

    def blocked(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        environ.setdefault("wsgi.file_wrapper", wrapper)
        return app(environ, start_response)

    return blocked


def load_app(root: str, prefix: str) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """The app as granian's worker process loads it (module-level, so it can be pickled)."""
    return with_file_blocks(make_app(Path(root), prefix))


def listen_address(host: str) -> str | None:
    """``host`` as the IP literal to listen on (``""`` = every interface, names such as ``localhost``
    resolved, IPv6 brackets dropped); ``None`` when the name cannot be resolved. granian accepts only
    IP literals."""
    import socket

    host = host.strip().strip("[]")
    if host in {"", "*"}:
        return "0.0.0.0"
    try:
        return str(socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)[0][4][0])
    except (socket.gaierror, UnicodeError):
        return None


def url_host(address: str) -> str:
    """How ``address`` appears in a URL the instructor can open on this computer."""
    if address in {"0.0.0.0", "::"}:
        return "127.0.0.1"
    return f"[{address}]" if ":" in address else address


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (the OS's words), or ``None`` when it can."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def pick_server(choice: str) -> str:
    """``granian`` or ``waitress``: the one asked for, or for ``auto`` granian when installed, except
    on Windows before Python 3.14, where Ctrl+C cannot interrupt the waits granian's processes block
    in (CPython issue 80116), so the instructor could not stop it."""
    if choice != "auto":
        return choice
    if sys.platform == "win32" and sys.version_info < (3, 14):
        return "waitress"
    try:
        import granian  # noqa: F401
    except ImportError:
        return "waitress"
    return "granian"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="在本机或教室局域网中提供课程网站。")
    parser.add_argument("directory", nargs="?", default="_build/html")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/", help="在子路径下提供网站，例如 /kosguide/")
    parser.add_argument("--server", choices=("auto", "granian", "waitress"), default="auto",
                        help="auto（默认）：装了 granian 就用 granian，否则用纯 Python 的 waitress")
    parser.add_argument("--threads", type=int, help="处理请求的 Python 线程数（默认：granian 32，waitress 8）")
    parser.add_argument("--compress", action="store_true", help="只为网站生成 .gz 压缩文件，然后退出")
    parser.add_argument("--quiet", action="store_true", help="不打印启动信息")
    args = parser.parse_args(argv)
    root = Path(args.directory)
    if not (root / "index.html").is_file():
        print(f"找不到 {root / 'index.html'}：请先运行 make book。", file=sys.stderr)
        return 2
    written, _ = compress_site(root)  # a no-op after make book; a copied site gets its .gz files here
    if args.compress:
        print(f"[压缩] 生成了 {written} 个 .gz 文件。")
        return 0
    kind = pick_server(args.server)
    try:
        import whitenoise  # noqa: F401
        __import__(kind)
    except ImportError:
        print(f"缺少 whitenoise 或 {kind}：请先运行  python3 -m pip install whitenoise {kind}", file=sys.stderr)
        return 1
    prefix = site_prefix(args.prefix)
    address = listen_address(args.host)
    if address is None:
        print(f"找不到主机 {args.host!r}：请写 IP 地址，例如 --host 127.0.0.1（只在本机）"
              "或 --host 0.0.0.0（整个局域网）。", file=sys.stderr)
        return 1
    problem = port_problem(address, args.port)
    if problem:
        print(f"无法在 {args.host}:{args.port} 上启动：{problem}。换一个端口试试：make serve PORT=8001",
              file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"课程网站已启动：http://{url_host(address)}:{args.port}{prefix}  （按 Ctrl+C 停止）", flush=True)
        if address in {"0.0.0.0", "::"}:
            print(f"学员请用这台电脑在局域网中的 IP 地址访问，例如 http://192.168.1.23:{args.port}{prefix}", flush=True)
    try:
        if kind == "granian":
            run_granian(str(root.resolve()), prefix, address, args.port, args.threads or GRANIAN_THREADS)
        else:
            run_waitress(make_app(root, prefix), address, args.port, args.threads or WAITRESS_THREADS)
    except KeyboardInterrupt:
        pass
    if not args.quiet:
        print("\n已停止。")
    return 0


def run_granian(root: str, prefix: str, host: str, port: int, threads: int = GRANIAN_THREADS) -> None:
    """granian (Rust I/O, one worker process running WhiteNoise with ``threads`` Python threads) until
    Ctrl+C or SIGTERM. Each response being streamed holds a thread, so a burst of small requests does
    not wait behind a class's 7 MB downloads; too many threads fight over the interpreter lock
    instead. Measured at 150 learners (pooled p99 first byte over 5 runs, server memory): 1 thread
    0.34 s; 16 threads 0.20 s, 120 MB; 32 threads 0.19 s, 149 MB; 64 threads 0.23 s, 178 MB;
    granian's default (up to 512) 0.27 s, 236 MB. On Ctrl+C a download that has stalled (a laptop
    closed mid-file) holds the worker for 5 s at most."""
    from functools import partial

    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    server = Granian(target=root, address=host, port=port, interface=Interfaces.WSGI, workers=1,
                     blocking_threads=threads, log_level=LogLevels.error, log_access=False, websockets=False,
                     workers_kill_timeout=5)
    server.serve(target_loader=partial(load_app, root, prefix), wrap_loader=False)


def run_waitress(app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]], host: str, port: int,
                 threads: int) -> None:
    """waitress (pure Python: an accepting thread and ``threads`` workers) until Ctrl+C."""
    import waitress

    logging.getLogger("waitress").setLevel(logging.ERROR)
    server = waitress.create_server(app, host=host, port=port, threads=threads, connection_limit=1000,
                                    backlog=2048, channel_timeout=60, max_request_header_size=65536,
                                    ident="kosguide")
    server.run()


if __name__ == "__main__":
    sys.exit(main())
