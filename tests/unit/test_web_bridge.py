"""The Python half of the exercise runtime (web/py/kos_web/bridge.py), without a browser or kernel:
exercise code runs like a notebook cell, widgets open comms and are displayed, a page message reaches
the widget and the reply carries the page message's id, callback errors and exports are queued."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

# Load kos_web from its folder WITHOUT putting web/py on sys.path: that folder also holds the
# runtime's stand-in IPython, which must never shadow the real one in this test process.
_PACKAGE = Path(__file__).resolve().parents[2] / "web" / "py" / "kos_web"
_spec = importlib.util.spec_from_file_location("kos_web", _PACKAGE / "__init__.py",
                                               submodule_search_locations=[str(_PACKAGE)])
assert _spec and _spec.loader
kos_web = importlib.util.module_from_spec(_spec)
sys.modules["kos_web"] = kos_web
_spec.loader.exec_module(kos_web)
bridge = kos_web.bridge


@pytest.fixture(autouse=True)
def installed(tmp_path: Path):  # type: ignore[no-untyped-def]
    import comm

    saved = comm.create_comm, comm.get_comm_manager
    here = os.getcwd()
    os.chdir(tmp_path)
    bridge.install()
    yield
    os.chdir(here)
    comm.create_comm, comm.get_comm_manager = saved


def opened(messages: list[dict], model: str) -> str:
    return next(m["comm_id"] for m in messages
                if m["type"] == "comm_open" and m["data"]["state"]["_model_name"] == model)


def test_a_cell_opens_its_widgets_and_displays_the_last_expression() -> None:
    out = json.loads(bridge.run_cell("box-1", "import ipywidgets as w\nb = w.Button(description='好')\nb"))
    opens = [m for m in out if m["type"] == "comm_open"]
    displays = [m for m in out if m["type"] == "display"]
    assert opens and opens[0]["target_name"] == "jupyter.widget"
    assert displays and displays[-1]["widget"] in {m["comm_id"] for m in opens}


def test_a_page_message_reaches_the_widget_and_the_reply_names_it() -> None:
    out = json.loads(bridge.run_cell("box-2", "import ipywidgets as w\nt = w.Text()\nt"))
    text_id = opened(out, "TextModel")
    reply = json.loads(bridge.handle(json.dumps({"type": "comm_msg", "comm_id": text_id, "msg_id": "page-7",
                                                 "data": {"method": "update", "state": {"value": "客户 A"}}})))
    assert json.loads(bridge.run_cell("box-2", "t.value")) == [{"type": "display", "text": "客户 A"}]
    assert all(m["parent"] == "page-7" for m in reply if m["type"] == "comm_msg")


def test_an_error_in_a_callback_and_an_export_are_queued_for_the_page() -> None:
    out = json.loads(bridge.run_cell("box-3", (
        "import ipywidgets as w\nb = w.Button()\n"
        "def boom(_):\n    raise ValueError('测试')\n"
        "b.on_click(boom)\nb")))
    button = opened(out, "ButtonModel")
    reply = json.loads(bridge.handle(json.dumps({"type": "comm_msg", "comm_id": button, "msg_id": "p1",
                                                 "data": {"method": "custom", "content": {"event": "click"}}})))
    assert any(m["type"] == "error" and "测试" in m["text"] for m in reply)
    out = json.loads(bridge.run_cell("box-3", "open('anon.kosguide-results.json', 'w').write('{}')"))
    assert [m["name"] for m in out if m["type"] == "download"] == ["anon.kosguide-results.json"]
