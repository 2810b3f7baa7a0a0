"""Every exercise page in a real browser, offline: one click on 打开练习 loads the site's own
JupyterLite + Pyodide, the widget appears, and a real interaction gives the expected result.

Two independent guards prove that nothing leaves 127.0.0.1:

* ``context.route`` sees every request of the page and its frames: non-local ones are aborted
  and recorded (service workers stay allowed, as for a learner: JupyterLite registers one);
* Chromium runs with ``--proxy-server`` pointing at a recording proxy in this module, so any
  non-loopback request from anywhere in the browser (workers included) is recorded and refused.
  Chromium's own background services are listed apart and are not the site's requests.

Add an interaction to ``INTERACTIONS`` for every new exercise workbook: a page without one fails.
"""

from __future__ import annotations

import json
import re
import socketserver
import subprocess
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, FrameLocator, Locator, Page, Playwright, expect

import kosguide
from kosguide.data_loader import load_course_data

from .conftest import CHROMIUM, CHROMIUM_FLAGS, REPO_ROOT, SCREENSHOT_DIR, SITE_DIR, PageGuard, _guard
from .roleplay_interactions import ROLEPLAY_INTERACTIONS

pytestmark = pytest.mark.browser

WIDGET_TIMEOUT_MS = 180_000  # the first run starts Pyodide in a fresh worker: wait for the widget itself
QUIET_FLAGS = [
    "--disable-features=AutofillServerCommunication,OptimizationHints,Translate,MediaRouter,"
    "DialMediaRouteProvider,SigninInterception,AccountConsistency",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-domain-reliability",
]
# Hosts Chromium itself (not a page) may contact; a page request there would still be caught by
# the route guard.
BROWSER_INTERNAL_HOSTS = {
    "update.googleapis.com", "accounts.google.com", "content-autofill.googleapis.com",
    "optimizationguide-pa.googleapis.com", "clients2.google.com", "safebrowsing.googleapis.com",
}
TIMINGS_FILE = REPO_ROOT / "tests" / "artifacts" / "exercise-timings.json"


DIRECTIVE = re.compile(r"```\{kos-exercise\}\s+(\S+)\n((?::[a-z_]+:.*\n)*)")


def exercise_pages() -> list[tuple[str, str, str]]:
    """(page docname, workbook name, cell tag) for every ``kos-exercise`` box in a published chapter."""
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


def use_ch01(frame: FrameLocator) -> None:
    """Answer question 1 of the chapter-1 knowledge check correctly, then check it."""
    question = load_course_data([]).knowledge_check("ch01").questions[0]
    first_box = frame.locator(".widget-vbox").filter(has=frame.locator(".widget-radio-box")).first
    if question.kind == "single":
        correct = question.options[min(question.correct_indexes)].text
        first_box.locator(".widget-radio-box label", has_text=correct[:12]).first.click()
    first_box.get_by_role("button", name="检查答案").first.click()
    expect(first_box).to_contain_text("回答正确", timeout=30_000)


def use_ch04(frame: FrameLocator) -> None:
    """Answer every self-mode item towards 理性 and 率直; the result must be the type the pure
    scoring gives for the same answers (力量型), with its chart."""
    from kosguide.personality import load_quiz, score

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
    expect(frame.locator("body")).to_contain_text(expected_names[0], timeout=30_000)
    expect(frame.locator("body")).to_contain_text("不是经过验证的心理测量")


def use_ch02(frame: FrameLocator) -> None:
    """Choose the decision stage and make a plan: its tactics appear in the Markdown to copy."""
    from kosguide.journey_planner import load_journey, stage_label

    model = load_journey(load_course_data([]))
    stage = next(s for s in model.stages if s.name_from_source)  # 决策阶段, the one the source names
    select = frame.locator(".widget-dropdown select").filter(has=frame.locator("option", has_text=stage_label(stage)))
    select.select_option(label=stage_label(stage))
    frame.get_by_role("button", name="生成计划").click()
    markdown = frame.locator(".widget-textarea textarea").last
    expect(markdown).to_have_value(re.compile(re.escape(stage.tactics[0].title)), timeout=30_000)


def use_ch03(frame: FrameLocator) -> None:
    """Name a customer with markup in it and export: the text is kept as text, sensitive parts hidden."""
    frame.get_by_placeholder(re.compile("不要用真实姓名")).fill("客户 A <b>甲</b>")
    frame.get_by_role("button", name="导出 Markdown").click()
    export = frame.locator(".widget-textarea textarea").last
    # Markdown export neutralises markup (it may be pasted into a Markdown renderer).
    expect(export).to_have_value(re.compile("客户 A &lt;b&gt;甲"), timeout=30_000)
    expect(export).to_have_value(re.compile("已隐藏深度信息"))
    expect(frame.locator("body")).to_contain_text("没有这些信息一定到不了这一阶段")
    assert frame.locator("b", has_text="甲").count() == 0, "learner text must not become live HTML"


def use_ch05(frame: FrameLocator) -> None:
    """Past results 12, 15, 9 and this period 11: the floor and line the pure calculator gives show."""
    from kosguide.renewal_calculator import calculate, fmt

    expected = calculate("12, 15, 9", "11")
    frame.get_by_placeholder(re.compile("每期一个数字")).fill("12, 15, 9")
    frame.get_by_placeholder("例如：11").fill("11")
    frame.get_by_role("button", name="计算").click()
    body = frame.locator("body")
    expect(body).to_contain_text("计算完成", timeout=30_000)
    expect(body).to_contain_text(fmt(expected.floor))
    expect(body).to_contain_text(fmt(expected.satisfaction))
    expect(frame.locator(".kos-chart svg").first).to_be_visible()


def use_ch06(frame: FrameLocator) -> None:
    """Pick each preset: the satisfaction band the pure logic gives for it is shown."""
    from kosguide.expectation_gap import evaluate

    config = load_course_data([]).get("expectation", "default")
    for preset in config.presets[:2]:
        frame.get_by_role("button", name=preset.label, exact=True).click()
        band = evaluate(preset.expectation, preset.experience, config).band
        expect(frame.locator("body")).to_contain_text(band.label, timeout=30_000)
        expect(frame.locator("body")).to_contain_text(f"情景：{preset.label}")
    # the promise ledger below it: record a promise, see it listed with its due date
    frame.get_by_placeholder("例如：客户 A").fill("客户 C")
    frame.get_by_placeholder(re.compile("明天下午三点前回电话")).fill("周五前发送试用报告")
    frame.get_by_placeholder("2025-08-01").fill("2099-01-31")
    frame.get_by_role("button", name="记下这条承诺").click()
    expect(frame.locator("body")).to_contain_text("周五前发送试用报告", timeout=30_000)
    expect(frame.locator("body")).to_contain_text("2099-01-31")


def use_ch07_welcome(frame: FrameLocator) -> None:
    """Build a welcome message (it passes every check), then paste one that promises round-the-clock
    availability: the check warns."""
    frame.get_by_placeholder("例如：小王").fill("小王")
    frame.get_by_placeholder(re.compile("周一到周五")).fill("周一到周五 9:00–18:00")
    frame.get_by_placeholder(re.compile("二十四小时服务热线")).fill("公司的 24 小时技术热线 400-000-0000")
    frame.get_by_role("button", name="生成欢迎语").click()
    body = frame.locator("body")
    expect(body).to_contain_text("这条欢迎语说清楚了角色、时间和非工作时间的渠道", timeout=30_000)
    message = frame.locator(".widget-textarea textarea").first
    expect(message).to_have_value(re.compile("小王"))
    message.fill("您好，我是小王，有事随时找我，24小时随叫随到！")
    frame.get_by_role("button", name=re.compile(r"(^|\W)检查$")).click()
    expect(body).to_contain_text("这条欢迎语还需要修改")
    expect(body).to_contain_text("⚠")


def use_ch07_refusal(frame: FrameLocator) -> None:
    """Write a whole three-step refusal: the verdicts are the pure reviewer's, and a final message
    to copy appears."""
    from kosguide.refusal_review import review

    text = ("周总，您想把成本再压一压，我特别理解。只是我们的价格对所有客户统一公开，为了公平，"
            "我也没有单独调价的权限。我可以为您申请一套原厂配件，明天随货一起送到。")
    expected = review(text)
    assert expected.empathy and expected.principle and expected.alternative
    frame.get_by_role("radio", name="整段写").or_(frame.get_by_role("button", name="整段写")).first.click()
    frame.get_by_placeholder("把整段回复写在这里").fill(text)
    frame.get_by_role("button", name=re.compile(r"(^|\W)检查$")).click()
    body = frame.locator("body")
    expect(body).to_contain_text(expected.summary, timeout=30_000)
    final = frame.locator(".widget-textarea textarea").last
    expect(final).to_have_value(re.compile("原厂配件"))


def use_ch08(frame: FrameLocator) -> None:
    """Fill the account-plan builder's key facts: the plan shows the floor and line the renewal
    calculator gives for the same results, and learner markup stays text."""
    from kosguide.renewal_calculator import calculate, fmt

    expected = calculate("4, 6, 5, 7, 5, 6")
    frame.get_by_placeholder("例如：客户 L").fill("客户 L <b>甲</b>")
    frame.get_by_placeholder("例如：4, 6, 5, 7").fill("4, 6, 5, 7, 5, 6")
    frame.get_by_role("button", name="生成账户计划").click()
    body = frame.locator("body")
    expect(body).to_contain_text("账户计划已生成", timeout=30_000)
    expect(body).to_contain_text(fmt(expected.floor))
    expect(body).to_contain_text(fmt(expected.satisfaction))
    assert frame.locator("b", has_text="甲").count() == 0, "learner text must not become live HTML"


INTERACTIONS: dict[str, Callable[[FrameLocator], None]] = {
    "ch08-capstone": use_ch08,
    "ch07-boundaries#web-welcome": use_ch07_welcome,
    "ch07-boundaries#web-refusal": use_ch07_refusal,
    "ch02-trust-journey": use_ch02,
    "ch03-profile": use_ch03,
    "ch05-renewal": use_ch05,
    "ch06-expectations": use_ch06,
    "ch01-relationship": use_ch01,
    "ch04-personality": use_ch04,
    **ROLEPLAY_INTERACTIONS,
}


# --- browser with a recording proxy ---------------------------------------------------------------


class RecordingProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.site_requests: list[str] = []
        self.browser_internal: list[str] = []
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline(8192).decode("latin-1").strip()
                if line:
                    target = line.split()[1] if len(line.split()) > 1 else line
                    host = urlsplit(target if "://" in target else f"//{target}").hostname
                    bucket = proxy.browser_internal if host in BROWSER_INTERNAL_HOSTS else proxy.site_requests
                    bucket.append(line)
                self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def proxy() -> Iterator[RecordingProxy]:
    server = RecordingProxy()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()
    assert server.site_requests == [], f"请求离开了 127.0.0.1 (seen by the proxy): {server.site_requests}"


@pytest.fixture(scope="module")
def proxied_browser(playwright_instance: Playwright, proxy: RecordingProxy) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_FLAGS, *QUIET_FLAGS, f"--proxy-server=http://127.0.0.1:{proxy.server_address[1]}"],
    )
    yield browser
    browser.close()


@pytest.fixture
def learner_page(proxied_browser: Browser) -> Iterator[Page]:
    """A guarded page as a learner has it (service workers allowed), in the proxied browser.
    Any request leaving 127.0.0.1 or any console error fails the test at teardown."""
    context = proxied_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    guard = PageGuard()
    _guard(context, page, guard)
    yield page
    context.close()
    if guard.problems():
        pytest.fail("\n".join(guard.problems()), pytrace=False)


def exercise_box(page: Page, workbook: str, tag: str) -> Locator:
    return page.locator(f'.kos-lite[data-workbook="{workbook}.ipynb"][data-tag="{tag}"]')


def open_exercise(page: Page, site: str, doc: str, workbook: str, tag: str) -> tuple[FrameLocator, float]:
    page.goto(f"{site}{doc}.html", wait_until="load")
    box = exercise_box(page, workbook, tag)
    assert page.locator("iframe").count() == 0, "练习在点击前就加载了（a reader who only reads must start no kernel）"
    button = box.get_by_role("button", name=re.compile("打开练习"))
    expect(button).to_be_visible()
    button.focus()
    start = time.monotonic()
    page.keyboard.press("Enter")  # the button is keyboard-usable
    expect(box).to_have_attribute("data-state", "ready", timeout=WIDGET_TIMEOUT_MS)
    seconds = time.monotonic() - start
    expect(box.locator(".kos-lite-status")).to_contain_text("练习已就绪")
    return box.frame_locator(".kos-lite-iframe"), seconds


def record_timing(workbook: str, seconds: float) -> None:
    TIMINGS_FILE.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(TIMINGS_FILE.read_text()) if TIMINGS_FILE.exists() else {}
    data[workbook] = round(seconds, 1)
    TIMINGS_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=2))


def test_built_lite_config_is_local_and_offline() -> None:
    config = json.loads((SITE_DIR / "lite" / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert kernel["disablePyPIFallback"] is True
    # Browser storage is keyed by the course version: an older site's saved copies never shadow
    # or break the current workbooks (see test_stale_browser_storage_…).
    major_minor = ".".join(kosguide.__version__.split(".")[:2])
    assert config["jupyter-config-data"]["contentsStorageName"] == f"kosguide-{major_minor}-contents"
    assert config["jupyter-config-data"]["settingsStorageName"] == f"kosguide-{major_minor}-settings"
    pyodide = SITE_DIR / "lite" / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    served = {p.name for p in pyodide.iterdir()}
    for name, package in lock["packages"].items():
        assert package["file_name"] in served, f"lock names {name} but the site does not serve {package['file_name']}"
    assert "kosguide" in lock["packages"] and "ipywidgets" in lock["packages"]
    # the wheel the browser kernel imports carries every data file, the reviewer's model included
    wheel = pyodide / lock["packages"]["kosguide"]["file_name"]
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    packaged = {f"kosguide/data/{p.relative_to(REPO_ROOT / 'src' / 'kosguide' / 'data').as_posix()}"
                for p in (REPO_ROOT / "src" / "kosguide" / "data").rglob("*") if p.is_file()}
    assert packaged <= names, sorted(packaged - names)
    assert not list(SITE_DIR.rglob("*.map")), "source maps should be stripped from the site"
    # Only the workbooks themselves are published: a learner's or developer's saved files next to
    # them (*.kosguide.json, CSV exports …) must never end up on the website.
    published = [p for p in (SITE_DIR / "lite" / "files").rglob("*") if p.is_file()]
    assert published and all(p.suffix == ".ipynb" for p in published), [p.name for p in published]
    # … and exactly the committed workbooks (a local "Copy1" or a filled-in copy is not published);
    # the instructor's dashboard needs pandas, which the browser kernel does not have.
    tracked = subprocess.run(["git", "ls-files", "workbooks/*.ipynb"], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    expected = {Path(t).name for t in tracked} - {"instructor-dashboard.ipynb"}
    assert {p.name for p in published} == expected


def test_every_exercise_has_an_interaction() -> None:
    pages = exercise_pages()
    assert pages, "no exercise page found"
    missing = sorted({key(workbook, tag) for _, workbook, tag in pages} - set(INTERACTIONS))
    assert missing == [], f"add a browser interaction for: {missing}"


@pytest.mark.parametrize(("doc", "workbook", "tag"), exercise_pages(), ids=[key(w, t) for _, w, t in exercise_pages()])
def test_exercise_works_offline_after_one_click(
    learner_page: Page, site: str, doc: str, workbook: str, tag: str
) -> None:
    frame, seconds = open_exercise(learner_page, site, doc, workbook, tag)
    record_timing(key(workbook, tag), seconds)
    INTERACTIONS[key(workbook, tag)](frame)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    exercise_box(learner_page, workbook, tag).screenshot(
        path=str(SCREENSHOT_DIR / f"exercise-{key(workbook, tag).replace('#', '-')}.png"))


def test_stale_browser_storage_from_an_older_site_does_not_break_the_exercise(learner_page: Page, site: str) -> None:
    """A learner's JupyterLite storage left by an older version of the site (old workbook copy,
    unknown settings, a garbage record) is ignored by the exercise: it runs its code from the page."""
    doc, workbook, tag = exercise_pages()[0]
    page = learner_page
    page.goto(f"{site}{doc}.html", wait_until="load")
    page.evaluate(
        """async () => {
          const names = ["JupyterLite Storage", "kosguide-0.0-contents", "kosguide-0.0-settings"];
          for (const name of names) {
            await new Promise((resolve, reject) => {
              const open = indexedDB.open(name, 1);
              open.onupgradeneeded = () => open.result.createObjectStore("files");
              open.onsuccess = () => {
                const tx = open.result.transaction("files", "readwrite");
                tx.objectStore("files").put({name: "old", content: "{not json"}, "workbooks/old.ipynb");
                tx.oncomplete = () => { open.result.close(); resolve(); };
                tx.onerror = () => reject(tx.error);
              };
              open.onerror = () => reject(open.error);
            });
          }
          localStorage.setItem("@jupyterlab/settingregistry", "{garbage");
        }"""
    )
    frame, _ = open_exercise(page, site, doc, workbook, tag)
    INTERACTIONS[key(workbook, tag)](frame)


def test_a_kernel_that_cannot_start_gets_a_chinese_message_not_a_spinner(
    proxied_browser: Browser, site: str
) -> None:
    """Pyodide's WebAssembly is made unreachable: the learner is told what to try, and can retry."""
    doc, workbook, tag = exercise_pages()[0]
    context = proxied_browser.new_context(locale="zh-CN", service_workers="block")
    external: list[str] = []

    def route(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.endswith("pyodide.asm.wasm"):
            route.abort("failed")
        elif (urlsplit(url).hostname or "") in {"127.0.0.1", "localhost"} or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            external.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    try:
        page.goto(f"{site}{doc}.html", wait_until="load")
        page.evaluate("window.KOS_LITE_SLOW_MS = 4000")
        box = exercise_box(page, workbook, tag)
        box.get_by_role("button", name=re.compile("打开练习")).click()
        expect(box).to_have_attribute("data-state", "slow", timeout=60_000)
        status = box.locator(".kos-lite-status")
        expect(status).to_contain_text("练习还没有准备好")
        expect(status).to_contain_text("下载练习册")
        retry = status.get_by_role("button", name="重新加载练习")
        expect(retry).to_be_visible()
        retry.click()
        expect(box).to_have_attribute("data-state", "loading")
    finally:
        context.close()
    assert external == []


def test_the_whole_workbook_opens_in_the_browser_with_the_pyodide_kernel(learner_page: Page, site: str) -> None:
    """The "open the whole workbook" link: JupyterLite's notebook app with the same workbook and
    the site's own Pyodide kernel, no kernel-choice dialog, nothing from outside the site."""
    doc, workbook, tag = exercise_pages()[0]
    page, context = learner_page, learner_page.context
    tab_errors: list[str] = []
    context.on("console", lambda m: tab_errors.append(m.text) if m.type == "error" and m.page != page else None)
    page.goto(f"{site}{doc}.html", wait_until="load")
    with context.expect_page() as new_tab:
        exercise_box(page, workbook, tag).locator(".kos-lite-more a").click()
    notebook = new_tab.value
    expect(notebook.locator(".jp-Notebook")).to_contain_text("练习册", timeout=60_000)
    expect(notebook.locator(".jp-Notebook .jp-CodeCell").first).to_be_visible()
    expect(notebook.get_by_text("Python (Pyodide)").first).to_be_visible(timeout=60_000)
    assert notebook.locator(".jp-Dialog").count() == 0, "no kernel-choice dialog"
    assert tab_errors == [], tab_errors
