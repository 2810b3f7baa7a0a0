/* kosguide exercise runtime: the Web Worker (module worker, one per page).
 *
 * Starts the site's own Pyodide (restoring the memory snapshot made at build time when it can,
 * else a normal start), installs only the wheels exercises need (from the runtime's own lock
 * file), mounts the learner's folder on IndexedDB (Emscripten IDBFS) and runs exercise code
 * through the Python bridge (web/py/kos_web/bridge.py). Every request goes to this site.
 *
 * Page → worker: {type:"init", config}, {type:"run", box, code}, {type:"comm", message}.
 * Worker → page: {type:"phase", name, ms}, {type:"ready", start, storage, phases},
 *   {type:"failed", reason, detail}, {type:"out", box?, msgId?, messages}, {type:"saved"},
 *   {type:"storage-error", detail}.
 */
"use strict";

let pyodide = null;
let bridge = null;
let persist = false;
let syncing = Promise.resolve();
const t0 = performance.now();
const phases = {};

function phase(name, since) {
  phases[name] = Math.round(performance.now() - since);
  self.postMessage({ type: "phase", name, ms: phases[name] });
}

function syncfs(populate) {
  return new Promise((resolve, reject) =>
    pyodide.FS.syncfs(populate, (err) => (err ? reject(err) : resolve())));
}

/* Save the learner's folder to IndexedDB after a turn (serialised: one sync at a time). */
function save() {
  if (!persist) return;
  syncing = syncing.then(() => syncfs(false)).then(
    () => self.postMessage({ type: "saved" }),
    (err) => self.postMessage({ type: "storage-error", detail: String(err && (err.message || err.name || err)) }),
  );
}

/* The snapshot is stored gzip-compressed (kos-snapshot.bin.gz): it crosses the network compressed
 * whatever the server does, and is unpacked here. No usable snapshot → null → a normal start. */
async function fetchSnapshot(url) {
  if (!url) return null;
  try {
    const response = await fetch(url);
    if (!response.ok) return null;
    let bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) { // still gzip (the server did not decode it)
      if (typeof DecompressionStream === "undefined") return null;
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    }
    return bytes;
  } catch (e) {
    return null;
  }
}

/* Pyodide 314's restoreSnapshot copies the snapshot into the heap without growing it first (the
 * wasm module owns its memory, so INITIAL_MEMORY is ignored): grow the heap before it restores. */
async function growingModule(indexUrl, bytes) {
  const create = (await import(indexUrl + "pyodide.asm.mjs")).default;
  return async (settings) => {
    const module = await create(settings);
    module.growMemory(bytes);
    return module;
  };
}

async function start(config) {
  let since = performance.now();
  // Pyodide's loader, the snapshot and (during start-up) the wheels download in parallel.
  const [{ loadPyodide }, snapshot] = await Promise.all([import(config.pyodideUrl), fetchSnapshot(config.snapshotUrl)]);
  phase("download loader + snapshot", since);
  since = performance.now();
  const options = { indexURL: config.indexUrl, lockFileURL: config.lockUrl, env: { HOME: "/home/pyodide" },
    stdout: () => {}, stderr: (s) => console.warn(s) };
  let how = "normal";
  if (snapshot) {
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: snapshot,
        createPyodideModule: await growingModule(config.indexUrl, snapshot.length) });
      if (pyodide.runPython("6 * 7") !== 42) throw new Error("snapshot sanity check");
      how = "snapshot";
    } catch (e) {
      console.warn("[kosguide] memory snapshot not usable, starting normally:", e && e.message);
      pyodide = null;
    }
  }
  if (!pyodide) pyodide = await loadPyodide(options);
  phase("start Python (" + how + ")", since);

  since = performance.now();
  // a snapshot holds the imported modules but not the installed files: install the wheels again
  for (const name of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[name];
  await pyodide.loadPackage(config.packages, { messageCallback: () => {}, errorCallback: (m) => console.warn(m) });
  phase("install wheels", since);

  since = performance.now();
  let storage = "memory";
  const FS = pyodide.FS;
  FS.mkdirTree(config.dataDir);
  if (config.persist) {
    try {
      FS.mount(FS.filesystems.IDBFS, {}, config.dataDir);
      await syncfs(true);
      persist = true;
      storage = "indexeddb";
    } catch (e) {
      storage = "blocked";
    }
  }
  phase("open saved files", since);

  since = performance.now();
  bridge = pyodide.pyimport("kos_web.bridge");
  pyodide.runPython(`import os; os.chdir(${JSON.stringify(config.dataDir)})`);
  bridge.install();
  bridge.warm_imports();
  phase("import exercises", since);
  self.postMessage({ type: "ready", start: how, storage, phases, total: Math.round(performance.now() - t0) });
}

self.onmessage = async (event) => {
  const m = event.data;
  if (m.type === "init") {
    try {
      await start(m.config);
    } catch (e) {
      self.postMessage({ type: "failed", reason: "start", detail: String((e && (e.stack || e.message)) || e) });
    }
    return;
  }
  if (!bridge) return;
  if (m.type === "run") {
    const t = performance.now();
    const out = bridge.run_cell(m.box, m.code);
    self.postMessage({ type: "out", box: m.box, messages: JSON.parse(out), ms: Math.round(performance.now() - t) });
    save();
  } else if (m.type === "comm") {
    const out = bridge.handle(JSON.stringify(m.message));
    self.postMessage({ type: "out", msgId: m.message.msg_id, messages: JSON.parse(out) });
    save();
  }
};
