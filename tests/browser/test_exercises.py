"""Every exercise box in a real browser, offline, on kosguide's light runtime: one click on
打开练习 starts the page's Web Worker (the site's own Pyodide, restored from the build's memory
snapshot), the widget appears in the page itself, and a real interaction gives the result the pure
library gives. Each page runs on a desktop viewport and on a 390 px phone viewport (the phone runs
under the sub-path /kosguide/, as on a site published below a folder); what an exercise saves is in
IndexedDB after a reload and reaches the results export on another page.

Two guards prove that nothing leaves 127.0.0.1, workers included (see ``conftest.py``):

* ``context.route`` sees every request of the page (non-local ones are aborted and recorded);
* every learner context has its own recording proxy, so any non-loopback connection made by its
  pages, frames or workers (the exercise worker included, which Playwright does not see) is refused
  and fails the test. Chromium's own housekeeping goes to the browser's proxy instead and is not the
  site's. The site's own server counts what the worker fetched.

Add an interaction to ``INTERACTIONS`` for every new exercise box: a page without one fails.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

import kosguide
from kosguide.core.data_loader import load_course_data

from .conftest import REPO_ROOT, SCREENSHOT_DIR, SITE_DIR, Guarded, close_guarded, open_guarded
from .roleplay_interactions import ROLEPLAY_INTERACTIONS

pytestmark = pytest.mark.browser

WIDGET_TIMEOUT_MS = 120_000  # a loaded CI machine: wait for the widget itself, not a fixed time
TIMINGS_FILE = REPO_ROOT / "tests" / "artifacts" / "exercise-timings.json"
DESKTOP = {"viewport": {"width": 1280, "height": 1000}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SUB_PATH = "/kosguide/"
DATA_DB = "/home/pyodide/kosguide"  # IDBFS: one IndexedDB database per mount point, keys are paths

DIRECTIVE = re.compile(r"```\{kos-exercise\}\s+(\S+)\n((?::[a-z_]+:.*\n)*)")


def exercise_pages() -> list[tuple[str, str, str]]:
    """(page docname, workbook name, cell tag) for every ``kos-exercise`` box in a published page."""
    found = []
    toc = (REPO_ROOT / "_toc.yml").read_text(encoding="utf-8")
    for md in sorted((REPO_ROOT / "book").glob("*.md")):
        doc = f"book/{md.stem}"
        if doc not in toc:
            continue
        for workbook, options in DIRECTIVE.findall(md.read_text(encoding="utf-8")):
            tag = re.search(r":tag:\s*(\S+)", options)
            found.append((doc, workbook, tag.group(1) if tag else "web-exercise"))
    return found


def key(workbook: str, tag: str) -> str:
    return workbook if tag == "web-exercise" else f"{workbook}#{tag}"


# --- one real interaction per exercise ------------------------------------------------------------


def use_ch01(frame: Locator) -> None:
    """Answer question 1 of the chapter-1 knowledge check correctly, then check it."""
    question = load_course_data([]).knowledge_check("ch01").questions[0]
    first_box = frame.locator(".widget-vbox").filter(has=frame.page.locator(".widget-radio-box")).first
    if question.kind == "single":
        correct = question.options[min(question.correct_indexes)].text
        first_box.locator(".widget-radio-box label", has_text=correct[:12]).first.click()
    first_box.get_by_role("button", name="检查答案").first.click()
    expect(first_box).to_contain_text("回答正确", timeout=30_000)


def use_ch04(frame: Locator) -> None:
    """Answer every self-mode item towards 理性 and 率直; the result must be the type the pure
    scoring gives for the same answers (力量型), with its chart."""
    from kosguide.tools.personality.scoring import load_quiz, score

    bank, types = load_quiz(load_course_data([]))
    label = {o.value: o.label for o in bank.scale}
    answers = {item.id: 2 if item.direction in ("理性", "率直") else -2 for item in bank.items}
    expected = score(bank, types, answers, "self", "我")
    expected_names = [t.name for t in types if t.id in expected.type_ids]
    assert expected.status == "clear" and len(expected_names) == 1
    selects = frame.locator(".widget-dropdown select")
    expect(selects).to_have_count(len(bank.items), timeout=30_000)
    for index, item in enumerate(bank.items):
        selects.nth(index).select_option(label=label[answers[item.id]])
    frame.get_by_role("button", name="查看结果").click()
    expect(frame.locator(".kos-chart svg").first).to_be_visible(timeout=30_000)
    expect(frame).to_contain_text(expected_names[0], timeout=30_000)
    expect(frame).to_contain_text("不是经过验证的心理测量")
    frame.get_by_role("button", name="保存这次结果").click()


def use_ch02(frame: Locator) -> None:
    """Choose the decision stage and make a plan: its tactics appear in the Markdown to copy."""
    from kosguide.tools.journey.planner import load_journey, stage_label

    model = load_journey(load_course_data([]))
    stage = next(s for s in model.stages if s.name_from_source)  # 决策阶段, the one the source names
    option = frame.page.locator("option", has_text=stage_label(stage))
    select = frame.locator(".widget-dropdown select").filter(has=option)
    select.select_option(label=stage_label(stage))
    frame.get_by_role("button", name="生成计划").click()
    markdown = frame.locator(".widget-textarea textarea").last
    expect(markdown).to_have_value(re.compile(re.escape(stage.tactics[0].title)), timeout=30_000)


def use_ch03(frame: Locator) -> None:
    """Name a customer with markup in it and export: the text is kept as text, sensitive parts hidden."""
    frame.get_by_placeholder(re.compile("不要用真实姓名")).fill("客户 A <b>甲</b>")
    frame.get_by_role("button", name="导出 Markdown").click()
    export = frame.locator(".widget-textarea textarea").last
    # Markdown export neutralises markup (it may be pasted into a Markdown renderer).
    expect(export).to_have_value(re.compile("客户 A &lt;b&gt;甲"), timeout=30_000)
    expect(export).to_have_value(re.compile("已隐藏深度信息"))
    expect(frame).to_contain_text("没有这些信息一定到不了这一阶段")
    assert frame.locator("b", has_text="甲").count() == 0, "learner text must not become live HTML"
    frame.get_by_role("button", name="保存", exact=True).click()


def use_ch05(frame: Locator) -> None:
    """Past results 12, 15, 9 and this period 11: the floor and line the pure calculator gives show."""
    from kosguide.tools.renewal.calculator import calculate, fmt

    expected = calculate("12, 15, 9", "11")
    frame.get_by_placeholder(re.compile("每期一个数字")).fill("12, 15, 9")
    frame.get_by_placeholder("例如：11").fill("11")
    frame.get_by_role("button", name="计算").click()
    body = frame
    expect(body).to_contain_text("计算完成", timeout=30_000)
    expect(body).to_contain_text(fmt(expected.floor))
    expect(body).to_contain_text(fmt(expected.satisfaction))
    expect(frame.locator(".kos-chart svg").first).to_be_visible()


def use_ch06(frame: Locator) -> None:
    """Pick each preset: the satisfaction band the pure logic gives for it is shown."""
    from kosguide.tools.expectation.gap import evaluate

    config = load_course_data([]).get("expectation", "default")
    for preset in config.presets[:2]:
        frame.get_by_role("button", name=preset.label, exact=True).click()
        band = evaluate(preset.expectation, preset.experience, config).band
        expect(frame).to_contain_text(band.label, timeout=30_000)
        expect(frame).to_contain_text(f"情景：{preset.label}")
    # the promise ledger below it: record a promise, see it listed with its due date
    frame.get_by_placeholder("例如：客户 A").fill("客户 C")
    frame.get_by_placeholder(re.compile("明天下午三点前回电话")).fill("周五前发送试用报告")
    frame.get_by_placeholder("2025-08-01").fill("2099-01-31")
    frame.get_by_role("button", name="记下这条承诺").click()
    expect(frame).to_contain_text("周五前发送试用报告", timeout=30_000)
    expect(frame).to_contain_text("2099-01-31")


def use_ch07_welcome(frame: Locator) -> None:
    """Build a welcome message (it passes every check), then paste one that promises round-the-clock
    availability: the check warns."""
    frame.get_by_placeholder("例如：小王").fill("小王")
    frame.get_by_placeholder(re.compile("周一到周五")).fill("周一到周五 9:00–18:00")
    frame.get_by_placeholder(re.compile("二十四小时服务热线")).fill("公司的 24 小时技术热线 400-000-0000")
    frame.get_by_role("button", name="生成欢迎语").click()
    body = frame
    expect(body).to_contain_text("这条欢迎语说清楚了角色、时间和非工作时间的渠道", timeout=30_000)
    message = frame.locator(".widget-textarea textarea").first
    expect(message).to_have_value(re.compile("小王"))
    message.fill("您好，我是小王，有事随时找我，24小时随叫随到！")
    frame.get_by_role("button", name=re.compile(r"(^|\W)检查$")).click()
    expect(body).to_contain_text("这条欢迎语还需要修改")
    expect(body).to_contain_text("⚠")


def use_ch07_refusal(frame: Locator) -> None:
    """Write a whole three-step refusal: the verdicts are the pure reviewer's, and a final message
    to copy appears."""
    from kosguide.tools.refusal.review import review

    text = ("周总，您想把成本再压一压，我特别理解。只是我们的价格对所有客户统一公开，为了公平，"
            "我也没有单独调价的权限。我可以为您申请一套原厂配件，明天随货一起送到。")
    expected = review(text)
    assert expected.empathy and expected.principle and expected.alternative
    frame.get_by_role("radio", name="整段写").or_(frame.get_by_role("button", name="整段写")).first.click()
    frame.get_by_placeholder("把整段回复写在这里").fill(text)
    frame.get_by_role("button", name=re.compile(r"(^|\W)检查$")).click()
    body = frame
    expect(body).to_contain_text(expected.summary, timeout=30_000)
    final = frame.locator(".widget-textarea textarea").last
    expect(final).to_have_value(re.compile("原厂配件"))
    frame.get_by_role("button", name="记录这次练习结果").click()


def use_ch08(frame: Locator) -> None:
    """Fill the account-plan builder's key facts: the plan shows the floor and line the renewal
    calculator gives for the same results, and learner markup stays text."""
    from kosguide.tools.renewal.calculator import calculate, fmt

    expected = calculate("4, 6, 5, 7, 5, 6")
    frame.get_by_placeholder("例如：客户 L").fill("客户 L <b>甲</b>")
    frame.get_by_placeholder("例如：4, 6, 5, 7").fill("4, 6, 5, 7, 5, 6")
    frame.get_by_role("button", name="生成客户经营计划").click()
    body = frame
    expect(body).to_contain_text("客户经营计划已生成", timeout=30_000)
    expect(body).to_contain_text(fmt(expected.floor))
    expect(body).to_contain_text(fmt(expected.satisfaction))
    assert frame.locator("b", has_text="甲").count() == 0, "learner text must not become live HTML"


def use_results_export(frame: Locator) -> None:
    """Give a learner code (typed through a Chinese input method) and save: the preview shows the
    code, the file is offered as a real download."""
    code = frame.get_by_placeholder(re.compile("学员 07"))
    code.click()
    compose(code.page, "xue", "学员 07")
    expect(frame).to_contain_text("学员 07", timeout=30_000)
    frame.get_by_role("button", name="保存导出文件").click()
    expect(frame).to_contain_text("已保存到本机文件", timeout=30_000)


def compose(page: Page, pinyin: str, word: str) -> None:
    """Type ``word`` the way a Chinese input method does: underlined pinyin first, then the word.
    The half-typed pinyin must never reach Python (it would, e.g., show in a live preview)."""
    cdp = page.context.new_cdp_session(page)
    for n in range(1, len(pinyin) + 1):
        cdp.send("Input.imeSetComposition", {"text": pinyin[:n], "selectionStart": n, "selectionEnd": n})
    page.wait_for_timeout(600)
    assert pinyin not in page.locator(".kos-run-output").first.inner_text(), "pinyin reached Python mid-composition"
    cdp.send("Input.insertText", {"text": word})
    cdp.detach()


INTERACTIONS: dict[str, Callable[[Locator], None]] = {
    "ch08-capstone": use_ch08,
    "ch07-boundaries#web-welcome": use_ch07_welcome,
    "ch07-boundaries#web-refusal": use_ch07_refusal,
    "ch02-trust-journey": use_ch02,
    "ch03-profile": use_ch03,
    "ch05-renewal": use_ch05,
    "ch06-expectations": use_ch06,
    "ch01-relationship": use_ch01,
    "ch04-personality": use_ch04,
    "results-export": use_results_export,
    **ROLEPLAY_INTERACTIONS,
}
#: The file each exercise saves in the learner's folder during its interaction (checked in IndexedDB).
SAVES: dict[str, str] = {
    "ch01-relationship": "knowledge-checks.kosguide.json",
    "ch03-profile": "customer-profiles/",
    "ch04-personality": "personality-results.kosguide.json",
    "ch06-expectations": "ch06-promises.kosguide.json",
    "ch07-boundaries#web-refusal": "refusal-practice.kosguide.json",
    "results-export": ".kosguide-results.json",
}


# --- the site, counted on the server side, and guarded learner pages -----------------------------


class CountingSite(ThreadingHTTPServer):
    """The built site at ``/`` and under ``/kosguide/``; remembers every path it was asked for
    (workers' requests included, which Playwright does not report) and the bytes it sent."""

    daemon_threads = True

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.broken: set[str] = set()  # file names answered with 404 (a site copied without them)
        site = self

        class Handler(SimpleHTTPRequestHandler):
            extensions_map: ClassVar[dict[str, str]] = {
                **SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                ".wasm": "application/wasm", ".whl": "application/zip"}

            def translate_path(self, path: str) -> str:
                if path.startswith(SUB_PATH):
                    path = "/" + path[len(SUB_PATH):]
                return super().translate_path(path)

            def send_head(self):  # type: ignore[no-untyped-def]
                path = self.path.split("?", 1)[0]
                site.paths.append(path)
                if path.rsplit("/", 1)[-1] in site.broken:
                    self.send_error(404)
                    return None
                return super().send_head()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), partial(Handler, directory=str(SITE_DIR)))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


@pytest.fixture(scope="module")
def server() -> Iterator[CountingSite]:
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail("找不到构建好的网站：请先运行 make book。", pytrace=False)
    site = CountingSite()
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield site
    site.shutdown()
    site.server_close()


@pytest.fixture
def learner(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Factory for guarded learner pages (fresh browser storage and its own recording proxy each);
    any request leaving 127.0.0.1, console error or uncaught page error fails the test at teardown."""
    opened: list[Guarded] = []

    def make(**options: Any) -> Page:
        guarded = open_guarded(browser, timeout_ms=None, locale="zh-CN", **{**DESKTOP, **options})
        opened.append(guarded)
        return guarded.page

    yield make
    problems = []
    for guarded in opened:
        problems += close_guarded(guarded)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def exercise_box(page: Page, workbook: str, tag: str) -> Locator:
    return page.locator(f'.kos-run[data-workbook="{workbook}.ipynb"][data-tag="{tag}"]')


def open_exercise(page: Page, box: Locator) -> float:
    button = box.get_by_role("button", name=re.compile("打开练习"))
    expect(button).to_be_visible()
    button.focus()
    start = time.monotonic()
    page.keyboard.press("Enter")  # the button is keyboard-usable
    expect(box).to_have_attribute("data-state", "ready", timeout=WIDGET_TIMEOUT_MS)
    seconds = time.monotonic() - start
    expect(box.locator(".kos-run-status")).to_contain_text("练习已就绪")
    expect(box.locator(".kos-run-error")).to_have_count(0)
    return seconds


def saved_files(page: Page) -> list[str]:
    """Paths in the learner's IndexedDB-backed folder (what Emscripten's IDBFS stored)."""
    return page.evaluate(
        """(name) => new Promise((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains("FILE_DATA")) { db.close(); resolve([]); return; }
            const all = db.transaction("FILE_DATA").objectStore("FILE_DATA").getAllKeys();
            all.onsuccess = () => { db.close(); resolve(all.result.map(String)); };
            all.onerror = () => reject(all.error);
          };
        })""",
        DATA_DB,
    )


def wait_for_saved(page: Page, fragment: str) -> list[str]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        files = saved_files(page)
        if any(fragment in f for f in files):
            return files
        page.wait_for_timeout(200)
    raise AssertionError(f"{fragment} was not saved to IndexedDB: {saved_files(page)}")


def assert_fits_phone(page: Page, box: Locator) -> None:
    """Nothing in the exercise is wider than the phone's screen; fields are reachable."""
    width = page.viewport_size["width"]
    offenders = box.evaluate(
        """(box, width) => Array.from(box.querySelectorAll('input, textarea, select, button, .widget-html-content'))
          .filter((el) => el.offsetParent !== null)
          .map((el) => [el.tagName + '.' + el.className, Math.round(el.getBoundingClientRect().right)])
          .filter(([, right]) => right > width + 1)""",
        width,
    )
    assert offenders == [], f"wider than a {width} px phone: {offenders[:5]}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, "the page scrolls sideways"
    problems = box.evaluate(_LAYOUT_PROBLEMS_JS)
    assert problems == [], f"on a {width} px phone: {problems[:5]}"


# Fields cut off by the box that clips them, and rows whose field spills onto what follows (a label
# moved above its field makes the row two lines tall; a fixed-height row lets the field overlap the
# next widget, as the role-play scenario picker once covered the scenario's title).
_LAYOUT_PROBLEMS_JS = """(box) => {
  const problems = [];
  const visible = (el) => el.offsetParent !== null;
  for (const el of box.querySelectorAll('input, textarea, select, button, .widget-html-content, .widget-label')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a && a !== box.parentElement; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const inner = a.getBoundingClientRect().left + a.clientLeft + a.clientWidth;
      if (r.right > inner + 1) {
        problems.push(`cut off on the right: ${el.tagName}.${el.className} ends at ${Math.round(r.right)}, `
          + `the box that clips it at ${Math.round(inner)}`);
      }
      break;
    }
  }
  for (const row of box.querySelectorAll('.widget-inline-hbox')) {
    if (!visible(row)) continue;
    const bottom = row.getBoundingClientRect().bottom;
    for (const child of row.children) {
      const r = child.getBoundingClientRect();
      if (r.height && r.bottom > bottom + 1) {
        problems.push(`spills ${Math.round(r.bottom - bottom)} px below its row: ${child.tagName}.${child.className}`);
      }
    }
  }
  return problems;
}"""


def record_timing(name: str, seconds: float) -> None:
    TIMINGS_FILE.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(TIMINGS_FILE.read_text()) if TIMINGS_FILE.exists() else {}
    data[name] = round(seconds, 1)
    TIMINGS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=2))


# --- tests ------------------------------------------------------------------------------------------


def test_every_exercise_has_an_interaction() -> None:
    pages = exercise_pages()
    assert pages, "no exercise page found"
    missing = sorted({key(workbook, tag) for _, workbook, tag in pages} - set(INTERACTIONS))
    assert missing == [], f"add a browser interaction for: {missing}"


def test_built_runtime_is_complete_and_pinned() -> None:
    """The runtime's lock holds only what exercises need; its snapshot matches this Pyodide build."""
    pyodide = SITE_DIR / "lite" / "static" / "pyodide"
    lock = json.loads((pyodide / "kos-runtime-lock.json").read_text(encoding="utf-8"))
    assert set(lock["packages"]) == {"kosguide", "ipywidgets", "comm", "traitlets", "kosguide-web-runtime"}
    assert "ipython" not in lock["packages"]["ipywidgets"]["depends"]
    for package in lock["packages"].values():
        assert (pyodide / package["file_name"]).is_file(), package["file_name"]
    assert (pyodide / "kos-snapshot.bin.gz").stat().st_size > 1_000_000
    snapshot_bytes = (pyodide / "kos-snapshot.bin.gz").stat().st_size
    assert json.loads((pyodide / "kos-snapshot.json").read_text())["bytes"] == snapshot_bytes
    for name in ("kos-runtime.js", "kos-runtime.css", "kos-runtime-worker.js"):
        assert (SITE_DIR / "_runtime" / name).is_file(), name
    # every data file the tools read is in the wheel the browser installs
    wheel = pyodide / lock["packages"]["kosguide"]["file_name"]
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    packaged = {f"kosguide/data/{p.relative_to(REPO_ROOT / 'src' / 'kosguide' / 'data').as_posix()}"
                for p in (REPO_ROOT / "src" / "kosguide" / "data").rglob("*") if p.is_file()}
    assert packaged <= names, sorted(packaged - names)


def test_built_lite_config_is_local_and_offline() -> None:
    """JupyterLite stays for "open the whole workbook": local Pyodide, no PyPI, only the workbooks."""
    config = json.loads((SITE_DIR / "lite" / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert kernel["disablePyPIFallback"] is True
    major_minor = ".".join(kosguide.__version__.split(".")[:2])
    assert config["jupyter-config-data"]["contentsStorageName"] == f"kosguide-{major_minor}-contents"
    assert not list(SITE_DIR.rglob("*.map")), "source maps should be stripped from the site"
    # (the .gz siblings are the classroom server's, written at build time by tools/serve.py --compress)
    published = [p for p in (SITE_DIR / "lite" / "files").rglob("*") if p.is_file() and p.suffix != ".gz"]
    assert published and all(p.suffix == ".ipynb" for p in published), [p.name for p in published]
    tracked = subprocess.run(["git", "ls-files", "workbooks/*.ipynb"], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    expected = {Path(t).name for t in tracked} - {"instructor-dashboard.ipynb"}
    assert {p.name for p in published} == expected


PAGES = sorted({doc for doc, _, _ in exercise_pages()})


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("doc", PAGES)
def test_every_exercise_on_the_page_works_offline_and_keeps_what_it_saved(
    learner: Callable[..., Page], server: CountingSite, doc: str, viewport: str
) -> None:
    phone = viewport == "phone"
    page = learner(**(PHONE if phone else DESKTOP))
    base = server.base + (SUB_PATH[1:] if phone else "")  # the phone reads the site under a sub-path
    seen = len(server.paths)
    page.goto(f"{base}{doc}.html", wait_until="load")
    page.wait_for_timeout(300)
    assert not any("/_runtime/" in p or "pyodide" in p for p in server.paths[seen:]), \
        "the runtime loaded before a click (a reader who only reads must start nothing)"
    boxes = [(w, t) for d, w, t in exercise_pages() if d == doc]
    expected_files = []
    for workbook, tag in boxes:
        box = exercise_box(page, workbook, tag)
        seconds = open_exercise(page, box)
        record_timing(f"{key(workbook, tag)} ({viewport})", seconds)
        if phone:
            assert_fits_phone(page, box)
        INTERACTIONS[key(workbook, tag)](box.locator(".kos-run-output"))
        expect(box.locator(".kos-run-error")).to_have_count(0)
        if key(workbook, tag) in SAVES:
            expected_files.append(SAVES[key(workbook, tag)])
            wait_for_saved(page, SAVES[key(workbook, tag)])
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        box.screenshot(path=str(SCREENSHOT_DIR / f"exercise-{key(workbook, tag).replace('#', '-')}-{viewport}.png"))
    assert any(p.endswith("kos-snapshot.bin.gz") for p in server.paths), "the worker did not fetch its snapshot"
    before = saved_files(page)
    page.reload(wait_until="load")
    after = saved_files(page)
    for fragment in expected_files:
        assert any(fragment in f for f in after), f"{fragment} lost after a reload: {after}"
    assert set(before) <= set(after)
    if doc == "book/ch06-expectations":  # the ledger reads its file back after the reload
        box = exercise_box(page, "ch06-expectations", "web-exercise")
        open_exercise(page, box)
        expect(box).to_contain_text("周五前发送试用报告", timeout=30_000)


def test_results_export_sees_a_practice_recorded_on_the_chapter_7_page(
    learner: Callable[..., Page], server: CountingSite
) -> None:
    """One folder for every page: a refusal practice recorded on chapter 7 reaches the export on the
    home page, and the export file is a real download."""
    page = learner()
    page.goto(f"{server.base}book/ch07-boundaries.html", wait_until="load")
    box = exercise_box(page, "ch07-boundaries", "web-refusal")
    open_exercise(page, box)
    use_ch07_refusal(box.locator(".kos-run-output"))
    wait_for_saved(page, "refusal-practice.kosguide.json")
    page.goto(f"{server.base}book/index.html", wait_until="load")
    box = exercise_box(page, "results-export", "web-exercise")
    open_exercise(page, box)
    preview = box.locator(".kos-run-output")
    expect(preview).to_contain_text("拒绝练习")
    expect(preview).not_to_contain_text("（没有记录）拒绝")
    assert "拒绝练习（没有记录）" not in preview.inner_text().replace("\t", "").replace("\n", "")
    preview.get_by_role("button", name="保存导出文件").click()
    link = box.locator(".kos-run-download")
    expect(link).to_contain_text(".kosguide-results.json", timeout=30_000)
    with page.expect_download() as download:
        link.click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["refusal"], data
    assert download.value.suggested_filename.endswith(".kosguide-results.json")


def test_blocked_storage_is_said_at_once_and_the_exercise_still_works(
    learner: Callable[..., Page], server: CountingSite
) -> None:
    """Site data blocked (private mode, settings): the learner can still practise and is told, in
    Chinese, that a reload will lose the work."""
    page = learner()
    page.add_init_script("""Object.defineProperty(window, 'indexedDB', { get() {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError'); } });""")
    page.goto(f"{server.base}book/ch05-customer-situation.html", wait_until="load")
    box = exercise_box(page, "ch05-renewal", "web-exercise")
    open_exercise(page, box)
    expect(box.locator(".kos-run-status")).to_contain_text("刷新页面后内容会丢失")
    assert box.get_attribute("data-storage") != "indexeddb"
    use_ch05(box.locator(".kos-run-output"))


def test_a_corrupted_snapshot_falls_back_to_a_normal_start(
    learner: Callable[..., Page], server: CountingSite
) -> None:
    """A damaged memory snapshot (bad cache, proxy) costs time, not the exercise; nothing alarming."""
    page = learner()
    garbage = bytes(range(256)) * 8192  # not gzip: restored as is, Pyodide refuses it
    page.context.route("**/kos-snapshot.bin.gz", lambda route: route.fulfill(status=200, body=garbage,
                                                                             content_type="application/octet-stream"))
    page.goto(f"{server.base}book/ch05-customer-situation.html", wait_until="load")
    box = exercise_box(page, "ch05-renewal", "web-exercise")
    open_exercise(page, box)
    assert box.get_attribute("data-start") == "normal"
    expect(box.locator(".kos-run-status")).not_to_contain_text("失败")
    use_ch05(box.locator(".kos-run-output"))


def test_a_worker_that_cannot_start_is_said_at_once_and_a_retry_works(
    learner: Callable[..., Page], server: CountingSite
) -> None:
    """The worker script missing on the server: a Chinese message at once (not after a long wait) and a
    retry button; after the retry succeeds, no old timer flips the exercise to "failed"."""
    page = learner()
    server.broken.add("kos-runtime-worker.js")  # on the server: a site copied without the worker
    page.goto(f"{server.base}book/ch05-customer-situation.html", wait_until="load")
    page.evaluate("window.KOS_RUN_SLOW_MS = 3000")
    box = exercise_box(page, "ch05-renewal", "web-exercise")
    box.get_by_role("button", name=re.compile("打开练习")).click()
    expect(box).to_have_attribute("data-state", "failed", timeout=60_000)
    expect(box.locator(".kos-run-error")).to_contain_text("练习运行环境没能启动")
    retry = box.get_by_role("button", name="重新加载练习")
    server.broken.clear()
    retry.click()
    expect(box).to_have_attribute("data-state", "ready", timeout=WIDGET_TIMEOUT_MS)
    page.wait_for_timeout(3500)  # longer than the slow-start timer of the failed attempt
    expect(box).to_have_attribute("data-state", "ready")
    use_ch05(box.locator(".kos-run-output"))


def test_a_python_error_in_a_widget_callback_is_shown_on_the_page(
    learner: Callable[..., Page], server: CountingSite
) -> None:
    """Without a kernel, ipywidgets only logs a callback's exception: the runtime shows it in Chinese."""
    page = learner()
    page.goto(f"{server.base}book/ch05-customer-situation.html", wait_until="load")
    page.evaluate("""() => {
        const box = document.querySelector('.kos-run').cloneNode(true);
        box.id = 'kos-run-test-error';
        box.setAttribute('data-code', "import ipywidgets as w\\nb = w.Button(description='出错按钮')\\n"
          + "def boom(_):\\n    raise ValueError('测试用的错误')\\nb.on_click(boom)\\nb");
        document.querySelector('article').appendChild(box);
    }""")
    box = page.locator("#kos-run-test-error")
    open_exercise(page, box)
    box.get_by_role("button", name="出错按钮").click()
    expect(box.locator(".kos-run-error")).to_contain_text("练习里出了一个错误", timeout=30_000)
    expect(box.locator(".kos-run-error pre")).to_contain_text("测试用的错误")


def test_the_whole_workbook_opens_in_the_browser_with_the_pyodide_kernel(
    learner: Callable[..., Page], server: CountingSite
) -> None:
    """The "open the whole workbook" link: JupyterLite's notebook app with the same workbook and
    the site's own Pyodide kernel, no kernel-choice dialog, nothing from outside the site."""
    doc, workbook, tag = exercise_pages()[1]
    page = learner()
    context = page.context
    tab_errors: list[str] = []
    context.on("console", lambda m: tab_errors.append(m.text) if m.type == "error" and m.page != page else None)
    page.goto(f"{server.base}{doc}.html", wait_until="load")
    with context.expect_page() as new_tab:
        exercise_box(page, workbook, tag).locator(".kos-run-more a").click()
    notebook = new_tab.value
    expect(notebook.locator(".jp-Notebook")).to_contain_text("练习册", timeout=60_000)
    expect(notebook.locator(".jp-Notebook .jp-CodeCell").first).to_be_visible()
    expect(notebook.get_by_text("Python (Pyodide)").first).to_be_visible(timeout=60_000)
    assert notebook.locator(".jp-Dialog").count() == 0, "no kernel-choice dialog"
    assert tab_errors == [], tab_errors
