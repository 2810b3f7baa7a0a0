// Review speed of the refusal reviewer inside the site's own Pyodide (the engine the exercises run in),
// under node's V8 (Chromium's JavaScript engine). Needs `make book` (lite/static/pyodide) and a kosguide
// wheel: .venv/bin/pip wheel --no-deps . -w _build/kw && node tools/bench_refusal_pyodide.mjs
// Prints: import + model load + 100 reviews (cold), and 100 reviews again (warm), in seconds.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pyodideDir = path.join(root, "lite", "static", "pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: pyodideDir + path.sep });
const wheelDir = path.join(root, "_build", "kw");
const wheel = fs.readdirSync(wheelDir).find((f) => f.startsWith("kosguide-"));
py.unpackArchive(new Uint8Array(fs.readFileSync(path.join(wheelDir, wheel))), "wheel");
const texts = fs.readFileSync(path.join(root, "tests", "data", "refusal_labelled.jsonl"), "utf8")
  .split("\n").filter(Boolean).map((line) => JSON.parse(line))
  .filter((row) => row.split === "dev").slice(0, 100).map((row) => row.text);
py.globals.set("texts", py.toPy(texts));
console.log(`Pyodide ${py.version}, node ${process.version}: ` + py.runPython(`
import time
t0 = time.perf_counter()
from kosguide.tools.refusal.model import default_model
from kosguide.tools.refusal.review import review
default_model()
for t in texts:
    review(t)
cold = time.perf_counter() - t0
t1 = time.perf_counter()
for t in texts:
    review(t)
f"import + model load + 100 reviews (cold) {cold:.3f} s; 100 reviews again (warm) {time.perf_counter() - t1:.3f} s"
`));
