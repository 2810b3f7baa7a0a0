"""The Python half of kosguide's light exercise runtime (runs in Pyodide inside a Web Worker).

ipywidgets talks to its front end through ``comm``. Without a kernel, this module installs a
:class:`PageComm` whose ``publish_msg`` queues each message; the worker drains the queue after
every turn (:func:`drain`, a JSON string) and posts the messages to the page, where
``@jupyter-widgets/html-manager`` draws the widgets. Messages from the page come back through
:func:`handle` (JSON in, JSON out).

Exercise code (a workbook's ``web-exercise`` cells) runs through :func:`run_cell`: every statement
is executed and the value of a final expression is displayed, as in a notebook cell. Exceptions in
widget callbacks, which ipywidgets only logs when there is no shell, are queued as ``error``
messages so the page can say, in Chinese, that something went wrong.

Files the library saves go to the current folder, which the worker mounts on IndexedDB (IDBFS);
files a learner should take away (exports) are queued as ``download`` messages.

Message shapes (all JSON objects):

* out: ``{"type": "comm_open" | "comm_msg" | "comm_close", "comm_id", "data", "metadata",
  "buffers": [base64…], "parent": page message id | None, "target_name"?, "target_module"?}``,
  ``{"type": "error", "text"}``, ``{"type": "download", "name", "base64", "mime"}``;
* in: ``{"type": "comm_msg" | "comm_close", "comm_id", "data", "msg_id", "buffers": [base64…]}``.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import json
import logging
import os
import traceback
from pathlib import Path
from typing import Any

import comm
from comm.base_comm import BaseComm, CommManager

_outbox: list[dict[str, Any]] = []
_parent: str | None = None
_namespaces: dict[str, dict[str, Any]] = {}
_manager = CommManager()

#: Files a learner takes away: offered as downloads when an exercise writes them.
EXPORT_SUFFIXES = (".kosguide-results.json", ".export.kosguide.json", ".csv", ".md", ".html")
_MIME = {".json": "application/json", ".csv": "text/csv", ".md": "text/markdown", ".html": "text/html"}


def _b64(buffers: list[Any] | None) -> list[str]:
    return [base64.b64encode(bytes(b)).decode("ascii") for b in buffers or []]


class PageComm(BaseComm):
    """A comm whose messages are queued for the page instead of sent over a kernel socket."""

    def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None,
                    buffers: list[Any] | None = None, **keys: Any) -> None:
        message = {"type": msg_type, "comm_id": self.comm_id, "data": data or {}, "metadata": metadata or {},
                   "buffers": _b64(buffers), "parent": _parent}
        for name in ("target_name", "target_module"):
            if keys.get(name) is not None:
                message[name] = keys[name]
        _outbox.append(message)


class _ErrorsToPage(logging.Handler):
    """ipywidgets logs callback exceptions (no shell to show them): queue them for the page."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            text = "".join(traceback.format_exception(*record.exc_info))
            _outbox.append({"type": "error", "text": text[-4000:]})


def install() -> None:
    """Make ipywidgets use :class:`PageComm` (no ipykernel needed). Safe to call twice."""
    comm.create_comm = PageComm
    comm.get_comm_manager = lambda: _manager
    root = logging.getLogger()
    if not any(isinstance(h, _ErrorsToPage) for h in root.handlers):
        root.addHandler(_ErrorsToPage(level=logging.WARNING))


def display(obj: Any) -> None:
    """Queue ``obj`` for the running exercise box: a widget view, HTML, SVG or plain text."""
    if obj is None:
        return
    bundle = None
    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_()
    if bundle and "application/vnd.jupyter.widget-view+json" in bundle:
        _outbox.append({"type": "display", "widget": bundle["application/vnd.jupyter.widget-view+json"]["model_id"]})
    elif hasattr(obj, "_repr_html_"):
        _outbox.append({"type": "display", "html": obj._repr_html_()})
    elif hasattr(obj, "_repr_svg_"):
        _outbox.append({"type": "display", "html": obj._repr_svg_()})
    else:
        _outbox.append({"type": "display", "text": str(obj) if isinstance(obj, str) else repr(obj)})


def _snapshot_files() -> dict[str, int]:
    found = {}
    for path in Path(".").rglob("*"):
        if path.is_file() and path.name.endswith(EXPORT_SUFFIXES):
            found[str(path)] = path.stat().st_mtime_ns
    return found


def _turn(action: Any) -> str:
    """Run ``action``; queue any exception and any export file written; return the drained queue."""
    before = _snapshot_files()
    try:
        action()
    except Exception:
        _outbox.append({"type": "error", "text": traceback.format_exc()[-4000:]})
    for name, mtime in _snapshot_files().items():
        if before.get(name) != mtime:
            path = Path(name)
            data = path.read_bytes()
            if len(data) <= 5_000_000:
                _outbox.append({"type": "download", "name": path.name,
                                "mime": _MIME.get(path.suffix, "application/octet-stream"),
                                "base64": base64.b64encode(data).decode("ascii")})
    return drain()


def run_cell(box: str, source: str) -> str:
    """Run an exercise's code for exercise box ``box`` like a notebook cell; return the drained queue."""
    namespace = _namespaces.setdefault(box, {"__name__": "__main__"})

    def run() -> None:
        tree = ast.parse(source, filename=f"<{box}>")
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, f"<{box}>", "exec"), namespace)
        if last is not None:
            display(eval(compile(ast.Expression(last.value), f"<{box}>", "eval"), namespace))

    global _parent
    _parent = None
    return _turn(run)


def handle(message_json: str) -> str:
    """Dispatch one page message (``comm_msg`` or ``comm_close``); return the drained queue."""
    global _parent
    message = json.loads(message_json)
    _parent = message.get("msg_id")
    msg = {"header": {"msg_id": _parent, "msg_type": message["type"]}, "parent_header": {}, "metadata": {},
           "content": {"comm_id": message["comm_id"], "data": message.get("data") or {}},
           "buffers": [memoryview(base64.b64decode(b)) for b in message.get("buffers") or []]}
    if message["type"] == "comm_close":
        return _turn(lambda: _manager.comm_close(None, None, msg))
    return _turn(lambda: _manager.comm_msg(None, None, msg))


def drain() -> str:
    """The queued messages as a JSON array (the queue is emptied)."""
    out = json.dumps(_outbox, ensure_ascii=False, default=str)
    _outbox.clear()
    return out


def warm_imports() -> None:
    """Import what exercises use, so a memory snapshot taken afterwards starts with them loaded."""
    import ipywidgets  # noqa: F401

    import kosguide.widgets  # noqa: F401

    for module in ("account_plan", "expectation_explorer", "journey_planner", "knowledge_check",
                   "personality_quiz", "profile_builder", "promise_ledger", "refusal_composer",
                   "renewal_calculator", "results_export", "welcome_builder"):
        with contextlib.suppress(ImportError):  # a tool moved: the exercise imports it itself
            __import__(f"kosguide.widgets.{module}")


def data_folder() -> str:
    return os.getcwd()
