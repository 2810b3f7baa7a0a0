"""``tools/serve.py`` started as an instructor starts it, in its own process, for the tests that need
the real classroom server (tests/unit/test_serve.py, tests/browser/test_subpath.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

SERVE_PY = Path(__file__).resolve().parents[1] / "tools" / "serve.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(root: Path, *args: str, timeout_s: float = 30) -> tuple[int, subprocess.Popen[bytes]]:
    """``serve.py --quiet --port <free> *args root``, once it answers on 127.0.0.1: ``(port, process)``.
    Fails the test, with the server's own stderr, when it exits or does not answer in ``timeout_s``."""
    number = free_port()
    proc = subprocess.Popen([sys.executable, str(SERVE_PY), "--quiet", "--port", str(number), *args, str(root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,  # read only once it has exited
                            start_new_session=True)  # its own process group: stop() can end granian's worker too
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", number), timeout=1):
                return number, proc
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"serve.py {' '.join(args)} exited: {proc.communicate()[1].decode()}")
            time.sleep(0.1)
    stop(proc)
    pytest.fail(f"serve.py {' '.join(args)} did not answer within {timeout_s:.0f} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (the server stops its worker within 5 s); after 15 s, SIGKILL to the whole group."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
