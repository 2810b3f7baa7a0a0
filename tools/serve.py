#!/usr/bin/env python3
"""Serve the built course (``_build/html``) on this machine or a classroom network.

Like ``python -m http.server`` plus what the offline exercises need:

* correct types for ``.mjs`` (JavaScript) and ``.wasm`` (``application/wasm``, so browsers can
  compile Pyodide while it downloads and keep the compiled code in their cache);
* gzip for text, JavaScript and WebAssembly when the browser accepts it (compressed once per
  file version and kept in memory): a classroom's shared Wi-Fi carries a third of the bytes;
* cache headers: files whose names carry a content hash (JupyterLite's ``lite/build``) are kept
  for a year; everything else is revalidated on each visit (a cheap 304 when unchanged), so a
  learner never runs a stale copy of the course after an update, and a second visit downloads
  almost nothing.

Usage: ``python tools/serve.py [--host 127.0.0.1] [--port 8000] [DIR]``
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import re
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".wasm", ".ipynb", ".txt", ".map"}
_GZIP_CACHE: dict[tuple[str, int, int], bytes] = {}
HASHED = re.compile(r"/lite/build/.*[.-][0-9a-f]{7,}\.(js|css)$")


class CourseHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript", ".wasm": "application/wasm",
        ".ipynb": "application/json", ".whl": "application/zip"}

    def do_GET(self) -> None:
        if not self._send_gzipped():
            super().do_GET()

    def _send_gzipped(self) -> bool:
        """Answer with a gzip body when that helps; False lets the plain handler answer."""
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return False
        path = Path(self.translate_path(self.path))
        if path.suffix not in COMPRESSIBLE or not path.is_file():
            return False
        stat = path.stat()
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        since = self.headers.get("If-Modified-Since")
        if since and since == modified:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.end_headers()
            return True
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        body = _GZIP_CACHE.get(key)
        if body is None:
            body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            _GZIP_CACHE[key] = body
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", modified)
        self.end_headers()
        self.wfile.write(body)
        return True

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        cache = "public, max-age=31536000, immutable" if HASHED.search(path) else "no-cache"
        self.send_header("Cache-Control", cache)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="在本机或教室局域网中提供课程网站。")
    parser.add_argument("directory", nargs="?", default="_build/html")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    root = Path(args.directory)
    if not (root / "index.html").is_file():
        print(f"找不到 {root / 'index.html'}：请先运行 make book。", file=sys.stderr)
        return 2
    handler = functools.partial(CourseHandler, directory=str(root))
    try:
        server = ThreadingHTTPServer((args.host, args.port), handler)
    except OSError as exc:
        print(f"无法在 {args.host}:{args.port} 上启动：{exc.strerror or exc}。"
              f"换一个端口试试：make serve PORT=8001", file=sys.stderr)
        return 1
    shown = "127.0.0.1" if args.host in {"0.0.0.0", ""} else args.host
    print(f"课程网站已启动：http://{shown}:{args.port}/  （按 Ctrl+C 停止）", flush=True)
    if args.host in {"0.0.0.0", ""}:
        print("学员请用这台电脑在局域网中的 IP 地址访问，例如 http://192.168.1.23:" f"{args.port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\n已停止。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
