"""The classroom server (tools/serve.py: WhiteNoise under granian, or under waitress where granian
is not installed), started as the instructor starts it and asked over a real socket: types and
charsets, build-time gzip, a sub-path prefix, nothing outside the site folder, long URLs, a client
that disconnects mid-file, a port already taken. Every test runs against both servers."""

from __future__ import annotations

import gzip
import http.client
import importlib.util
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import serve_process
from tests.serve_process import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("kos_serve", ROOT / "tools" / "serve.py")
serve = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
sys.modules["kos_serve"] = serve
spec.loader.exec_module(serve)  # type: ignore[union-attr]
SERVERS = ("granian", "waitress")

TEXT = {"index.html": "<!doctype html><title>课程</title>", "a.md": "# 第一章 客情", "a.js": "var 客 = 1;",
        "a.mjs": "export const 客 = 1;", "a.css": "body { font-family: '思源黑体'; }", "a.json": '{"客": 1}',
        "a.svg": "<svg xmlns='http://www.w3.org/2000/svg'><text>客</text></svg>", "a.txt": "客情",
        "a.ipynb": '{"cells": [], "metadata": {"title": "练习册"}}'}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for name, text in TEXT.items():
        (root / name).write_text(text * 50, encoding="utf-8")
    (root / "big.wasm").write_bytes(bytes(range(256)) * 40_000)  # 10 MB, for the disconnect test
    (root / "lite" / "build").mkdir(parents=True)
    (root / "lite" / "build" / "main.0123abcd.js").write_text("var x = 1;" * 100, encoding="utf-8")
    (root.parent / "secret.txt").write_text("outside the site", encoding="utf-8")
    serve.compress_site(root)
    return root


def start(root: Path, kind: str, prefix: str = "/", host: str = "127.0.0.1") -> tuple[int, subprocess.Popen[bytes]]:
    """``tools/serve.py --server kind`` in its own process, once it answers on 127.0.0.1."""
    pytest.importorskip(kind)
    return serve_process.start(root, "--server", kind, "--host", host, "--prefix", prefix)


@pytest.fixture(scope="module", params=SERVERS)
def served(request: pytest.FixtureRequest, site: Path) -> Iterator[tuple[int, str]]:
    number, proc = start(site, request.param)
    yield number, request.param
    stop(proc)


@pytest.fixture(scope="module")
def port(served: tuple[int, str]) -> int:
    return served[0]


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.mark.parametrize("name", sorted(TEXT))
def test_every_text_type_says_utf8_and_is_gzipped_from_the_build(port: int, name: str) -> None:
    path = f"/{name}"
    status, headers, body = get(port, path, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-type"].endswith("; charset=utf-8"), headers
    assert headers.get("content-encoding") == "gzip"
    assert gzip.decompress(body).decode("utf-8") == TEXT[name] * 50
    status, headers, body = get(port, path)  # a client without gzip gets the plain file
    assert "content-encoding" not in headers and body.decode("utf-8") == TEXT[name] * 50


def test_types_and_cache_headers(port: int) -> None:
    _, headers, _ = get(port, "/big.wasm")
    assert headers["content-type"] == "application/wasm" and headers["cache-control"] == "no-cache"
    _, headers, _ = get(port, "/a.md")
    assert headers["content-type"] == "text/markdown; charset=utf-8"
    _, headers, _ = get(port, "/lite/build/main.0123abcd.js")
    assert "immutable" in headers["cache-control"]
    status, headers, _ = get(port, "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    # the exercise box opens JupyterLite as …/index.html?code=…: served as is, the query is kept
    assert get(port, "/index.html?kernel=python&code=print%281%29")[0] == 200


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
                                  "/lite/../../secret.txt", "/./../secret.txt", "//etc/passwd", "/missing.html"])
def test_nothing_outside_the_site_is_served(port: int, path: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    assert 400 <= response.status < 500 and b"outside the site" not in body
    assert "找不到".encode() in body or response.status != 404


def test_long_urls_get_a_clean_4xx(port: int) -> None:
    status, _, body = get(port, "/" + "a" * 10_000)
    assert status == 414 and "网址太长".encode() in body
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:  # beyond the header limit
        sock.sendall(b"GET /" + b"a" * 300_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = sock.recv(100)
    assert answer.split(b" ")[1].startswith(b"4"), answer
    assert get(port, "/a.txt")[0] == 200  # and the server still answers


def test_a_client_that_disconnects_mid_file_does_not_hurt_the_server(port: int) -> None:
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /big.wasm HTTP/1.1\r\nHost: x\r\n\r\n")
            sock.recv(65_536)  # read a little of the 10 MB, then hang up
    status, _, body = get(port, "/big.wasm")
    assert status == 200 and len(body) == 256 * 40_000


def test_a_sub_path_prefix(site: Path, served: tuple[int, str]) -> None:
    number, proc = start(site, served[1], "/kosguide/")
    try:
        assert get(number, "/kosguide/a.md")[0] == 200
        assert get(number, "/kosguide/")[0] == 200
        status, headers, _ = get(number, "/")
        assert status == 302 and headers["location"] == "/kosguide/"
        assert get(number, "/a.md")[0] == 404
        assert get(number, "/kosguide/../secret.txt")[0] == 404
    finally:
        stop(proc)


def test_a_taken_port_is_refused_in_chinese_before_anything_starts(site: Path, served: tuple[int, str]) -> None:
    number, kind = served
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "serve.py"), "--server", kind, "--port", str(number),
                           str(site)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "无法在 127.0.0.1" in done.stderr and "PORT=8001" in done.stderr, done.stderr
    assert get(number, "/a.txt")[0] == 200  # the running server is untouched


@pytest.mark.parametrize("host", ["localhost", ""])
def test_a_host_name_or_empty_host_is_listened_on(site: Path, served: tuple[int, str], host: str) -> None:
    number, proc = start(site, served[1], host=host)
    try:
        assert get(number, "/a.txt")[0] == 200
    finally:
        stop(proc)


def test_an_unknown_host_name_is_refused_in_chinese(site: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "serve.py"), "--host", "no-such-host.invalid",
                           "--port", str(free_port()), str(site)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "找不到主机" in done.stderr and "--host 0.0.0.0" in done.stderr, done.stderr


def test_files_reach_the_server_in_256_kib_blocks() -> None:
    seen: dict[str, object] = {}

    def app(environ: dict[str, object], start_response: object) -> list[bytes]:
        seen.update(environ)
        return []

    serve.with_file_blocks(app)({}, None)
    with open(__file__, "rb") as file:
        assert seen["wsgi.file_wrapper"](file).blksize == 262_144  # type: ignore[operator]
    serve.with_file_blocks(app)({"wsgi.file_wrapper": "the server's own"}, None)
    assert seen["wsgi.file_wrapper"] == "the server's own"  # a server's own wrapper is kept


def test_range_requests_and_revalidation(port: int) -> None:
    status, headers, body = get(port, "/big.wasm", Range="bytes=10-19")
    assert status == 206 and body == bytes(range(10, 20)) and headers["content-range"].endswith("/10240000")
    _, headers, _ = get(port, "/a.txt")
    status, _, body = get(port, "/a.txt", **{"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""


def test_compress_at_build_time_is_incremental_and_drops_stale_copies(site: Path) -> None:
    written, kept = serve.compress_site(site)
    assert written == 0 and kept >= len(TEXT)
    (site / "gone.js").write_text("var y = 2;" * 100, encoding="utf-8")
    assert serve.compress_site(site)[0] == 1 and (site / "gone.js.gz").exists()
    (site / "gone.js").unlink()
    serve.compress_site(site)
    assert not (site / "gone.js.gz").exists()
