/* kosguide exercise runtime: the page side (bundled by esbuild into _runtime/kos-runtime.js).
 *
 * book/_static/kos-run.js imports this module the first time a learner clicks 打开练习. It
 * starts ONE Web Worker for the page (worker.js: Pyodide + the Python bridge), shared by every
 * exercise box on the page, and draws the widgets the worker's Python creates with
 * @jupyter-widgets/html-manager, through a small comm class that speaks postMessage.
 * Everything a learner reads here is Simplified Chinese; failures are said at once.
 */
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "./runtime.css";

const SLOW_MS = () => window.KOS_RUN_SLOW_MS || 20000;
let worker = null;
let ready = null; // Promise resolved with the worker's "ready" report
let attempt = 0;
let manager = null;
let lastBox = null;
let queue = Promise.resolve();
const comms = new Map();
const callbacks = new Map();
const waiting = new Set(); // boxes waiting for the worker

function b64ToBuffer(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return new DataView(out.buffer);
}

function bufferToB64(b) {
  const bytes = b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin);
}

let counter = 0;
function newId() {
  counter += 1;
  return "kos-" + Date.now().toString(36) + "-" + counter;
}

/* IClassicComm over postMessage: the widget models' link to their Python twins. */
class WorkerComm {
  constructor(commId, targetName) {
    this.comm_id = commId;
    this.target_name = targetName;
    this._onMsg = null;
    this._onClose = null;
  }
  open() {
    throw new Error("widgets are created by Python in this runtime");
  }
  send(data, cbs, metadata, buffers) {
    const msgId = newId();
    if (cbs) callbacks.set(msgId, cbs);
    worker.postMessage({ type: "comm", message: { type: "comm_msg", comm_id: this.comm_id, data, msg_id: msgId,
      buffers: (buffers || []).map(bufferToB64) } });
    return msgId;
  }
  close(data, cbs) {
    const msgId = newId();
    if (cbs) callbacks.set(msgId, cbs);
    worker.postMessage({ type: "comm", message: { type: "comm_close", comm_id: this.comm_id, data, msg_id: msgId } });
    comms.delete(this.comm_id);
    return msgId;
  }
  on_msg(cb) { this._onMsg = cb; }
  on_close(cb) { this._onClose = cb; }
}

function say(box, text, state) {
  box.querySelector(".kos-run-status").textContent = text;
  if (state) box.setAttribute("data-state", state);
}

function showError(box, title, detail) {
  const holder = box.querySelector(".kos-run-errors");
  const p = document.createElement("div");
  p.className = "kos-run-error";
  p.setAttribute("role", "alert");
  const strong = document.createElement("strong");
  strong.textContent = title;
  p.appendChild(strong);
  if (detail) {
    const more = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = "技术细节（可以截图发给讲师）";
    const pre = document.createElement("pre");
    pre.textContent = detail;
    more.append(summary, pre);
    p.appendChild(more);
  }
  holder.appendChild(p);
}

function offerDownload(box, m) {
  const bytes = b64ToBuffer(m.base64);
  const url = URL.createObjectURL(new Blob([bytes], { type: m.mime }));
  const holder = box.querySelector(".kos-run-downloads");
  let a = holder.querySelector(`a[download="${CSS.escape(m.name)}"]`);
  if (!a) {
    a = document.createElement("a");
    a.className = "kos-run-download";
    a.download = m.name;
    holder.appendChild(a);
  } else {
    URL.revokeObjectURL(a.href);
  }
  a.href = url;
  a.textContent = "下载到本机：" + m.name;
  holder.hidden = false;
}

async function handleOut(box, messages, msgId) {
  // Models are registered with the manager as soon as handle_comm_open is called (children come
  // first, as Python creates them): open them all at once, then wait before anything uses them.
  let opening = [];
  for (const m of messages) {
    if (m.type === "comm_open") {
      const comm = new WorkerComm(m.comm_id, m.target_name);
      comms.set(m.comm_id, comm);
      opening.push(manager.handle_comm_open(comm, { content: { comm_id: m.comm_id, target_name: m.target_name,
        data: m.data }, metadata: m.metadata, buffers: m.buffers.map(b64ToBuffer), parent_header: { msg_id: m.parent } }));
      continue;
    }
    if (opening.length) {
      await Promise.all(opening);
      opening = [];
    }
    if (m.type === "comm_msg") {
      const comm = comms.get(m.comm_id);
      if (comm && comm._onMsg) {
        await comm._onMsg({ content: { comm_id: m.comm_id, data: m.data }, metadata: m.metadata,
          buffers: m.buffers.map(b64ToBuffer), parent_header: { msg_id: m.parent } });
      }
    } else if (m.type === "comm_close") {
      const comm = comms.get(m.comm_id);
      comms.delete(m.comm_id);
      if (comm && comm._onClose) comm._onClose({ content: { comm_id: m.comm_id, data: m.data } });
    } else if (m.type === "display") {
      const out = box.querySelector(".kos-run-output");
      const el = document.createElement("div");
      el.className = "kos-run-display";
      out.appendChild(el);
      if (m.widget) {
        const model = await manager.get_model(m.widget);
        const view = await manager.create_view(model);
        await manager.display_view(view, el);
      } else if (m.html !== undefined) {
        el.innerHTML = m.html; // produced by the course library, which escapes learner text
      } else {
        const pre = document.createElement("pre");
        pre.textContent = m.text;
        el.appendChild(pre);
      }
    } else if (m.type === "error") {
      showError(box, "练习里出了一个错误，刚才的操作没有完成。可以改一下输入再试；如果一直出错，请刷新页面。", m.text);
    } else if (m.type === "download") {
      offerDownload(box, m);
    }
  }
  await Promise.all(opening);
  if (msgId && callbacks.has(msgId)) {
    const cbs = callbacks.get(msgId);
    callbacks.delete(msgId);
    const status = cbs.iopub && cbs.iopub.status;
    if (status) status({ content: { execution_state: "idle" }, parent_header: { msg_id: msgId }, header: {} });
  }
}

function failAll(text, detail) {
  for (const box of waiting) {
    say(box, "", "failed");
    showError(box, text, detail);
    addRetry(box);
  }
  waiting.clear();
}

function addRetry(box) {
  const status = box.querySelector(".kos-run-status");
  if (status.querySelector(".kos-run-retry")) return;
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "kos-run-retry";
  retry.textContent = "重新加载练习";
  retry.addEventListener("click", () => restart(box));
  status.appendChild(retry);
}

function storageProbe() {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.open("kosguide-probe");
      req.onsuccess = () => { req.result.close(); resolve(true); };
      req.onerror = () => resolve(false);
      req.onblocked = () => resolve(true);
    } catch (e) {
      resolve(false);
    }
  });
}

function startWorker(box) {
  attempt += 1;
  const mine = attempt;
  const base = new URL(box.getAttribute("data-runtime"), document.baseURI);
  const config = JSON.parse(box.getAttribute("data-config"));
  comms.clear();
  callbacks.clear();
  manager = new HTMLManager();
  queue = Promise.resolve();
  ready = (async () => {
    const persistOk = await storageProbe();
    const w = new Worker(new URL("kos-runtime-worker.js", base), { type: "module" });
    worker = w;
    return new Promise((resolve, reject) => {
      const phases = {};
      w.onerror = (e) => {
        e.preventDefault();
        if (mine === attempt) reject({ text: "练习运行环境没能启动（浏览器拒绝了后台线程）。", detail: e.message || "worker error" });
      };
      w.onmessage = (event) => {
        if (mine !== attempt) return; // a message from a worker we already replaced
        const m = event.data;
        if (m.type === "phase") phases[m.name] = m.ms;
        else if (m.type === "ready") resolve({ ...m, persistOk });
        else if (m.type === "failed") reject({ text: "练习运行环境没能启动。", detail: m.detail });
        else if (m.type === "out") {
          if (m.box && m.ms !== undefined) {
            const b = document.getElementById(m.box);
            if (b) b.setAttribute("data-python-ms", String(m.ms));
          }
          const target = m.box ? document.getElementById(m.box) : lastBox;
          queue = queue.then(() => handleOut(target || lastBox, m.messages, m.msgId)).catch((err) => {
            showError(target || lastBox, "练习的界面没能画出来。请刷新页面再试。", String(err && (err.stack || err)));
          });
        } else if (m.type === "saved") {
          document.querySelectorAll(".kos-run[data-state=ready]").forEach((b) =>
            b.setAttribute("data-saved", String(Number(b.getAttribute("data-saved") || 0) + 1)));
        } else if (m.type === "storage-error") {
          showError(lastBox, "刚才的内容没能保存到浏览器里（浏览器的网站数据存储出错或已满）。请先把重要内容复制出来。", m.detail);
        }
      };
      w.postMessage({ type: "init", config: {
        pyodideUrl: new URL(config.pyodide, base).href,
        indexUrl: new URL(config.pyodide, base).href.replace(/[^/]*$/, ""),
        lockUrl: new URL(config.lock, base).href,
        snapshotUrl: config.snapshot ? new URL(config.snapshot, base).href : null,
        packages: config.packages,
        dataDir: config.dataDir,
        persist: persistOk,
      } });
    });
  })();
  return ready;
}

async function run(box) {
  lastBox = box;
  waiting.add(box);
  const t0 = performance.now();
  const first = !ready;
  say(box, first ? "正在浏览器里准备练习环境……通常只要几秒。" : "正在打开练习……", "loading");
  const pending = ready || startWorker(box);
  const mine = attempt;
  const slow = setTimeout(() => {
    if (mine === attempt && box.getAttribute("data-state") === "loading") {
      say(box, "还在准备，这台设备可能比较慢……如果一直没有出现，可以点“重新加载练习”，或换用新版的 Chrome、Edge、Firefox 或 Safari。", "slow");
      addRetry(box);
    }
  }, SLOW_MS());
  let report;
  try {
    report = await pending;
  } catch (err) {
    clearTimeout(slow);
    if (mine === attempt) failAll(err.text + "可以点“重新加载练习”再试；如果还是不行，请换用新版的 Chrome、Edge、Firefox 或 Safari，或下载练习册在自己电脑上的 Jupyter 里运行。", err.detail);
    return;
  }
  if (mine !== attempt) { clearTimeout(slow); return; }
  const tRun = performance.now();
  worker.postMessage({ type: "run", box: box.id, code: box.getAttribute("data-code") });
  // the widget is usable when its first view is on the page
  const out = box.querySelector(".kos-run-output");
  out.hidden = false;
  await queue;
  await new Promise((resolve) => {
    const check = () => (out.querySelector(".jupyter-widgets, .kos-run-display") || box.querySelector(".kos-run-error")
      ? resolve() : setTimeout(check, 30));
    check();
  });
  await queue;
  clearTimeout(slow);
  waiting.delete(box);
  if (mine !== attempt) return;
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  box.setAttribute("data-seconds", seconds);
  box.setAttribute("data-start", report.start);
  const phases = first ? { ...report.phases } : {};
  phases["run exercise + draw widget"] = Math.round(performance.now() - tRun);
  phases["  of which Python builds the widget"] = Number(box.getAttribute("data-python-ms") || 0);
  box.setAttribute("data-phases", JSON.stringify(phases));
  box.querySelector(".kos-run-status").textContent = "";
  const note = report.storage === "indexeddb"
    ? "你输入的内容只保存在这个浏览器里，本课程各页的练习共用。"
    : "注意：这个浏览器不允许网站保存数据（可能是无痕/隐私模式，或关闭了网站数据），练习可以做，但刷新页面后内容会丢失。需要保存时，请用正常模式打开。";
  box.setAttribute("data-storage", report.storage);
  say(box, "练习已就绪（用时 " + seconds + " 秒）。" + note, "ready");
}

function restart(box) {
  if (worker) worker.terminate();
  worker = null;
  ready = null;
  attempt += 1; // timers and messages of the old attempt are now ignored
  document.querySelectorAll(".kos-run").forEach((b) => {
    if (b === box) return;
    if (b.getAttribute("data-state")) {
      b.querySelector(".kos-run-output").textContent = "";
      b.removeAttribute("data-state");
      b.querySelector(".kos-run-status").textContent = "";
      b.querySelector(".kos-run-open").hidden = false;
    }
  });
  box.querySelector(".kos-run-output").textContent = "";
  box.querySelector(".kos-run-errors").textContent = "";
  box.querySelector(".kos-run-status").textContent = "";
  waiting.clear();
  run(box);
}

// Chinese input methods: while a word is being composed (pinyin still underlined), the text box's
// "input" events carry letters, not the word. ipywidgets' Text/Textarea sync on every input
// (continuous_update), so hold those back and sync once the composition ends.
document.addEventListener("input", (e) => {
  if (e.isComposing && e.target.closest && e.target.closest(".kos-run")) e.stopImmediatePropagation();
}, true);
document.addEventListener("compositionend", (e) => {
  const t = e.target;
  if (t.closest && t.closest(".kos-run")) t.dispatchEvent(new Event("input", { bubbles: true }));
}, true);

document.addEventListener("pointerdown", (e) => {
  const box = e.target.closest && e.target.closest(".kos-run");
  if (box) lastBox = box;
}, true);
document.addEventListener("keydown", (e) => {
  const box = e.target.closest && e.target.closest(".kos-run");
  if (box) lastBox = box;
}, true);

export function open(box) {
  if (box.getAttribute("data-state")) return;
  box.querySelector(".kos-run-open").hidden = true;
  run(box);
}
