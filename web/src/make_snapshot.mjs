// Make the Pyodide memory snapshot the exercise worker restores (run by tools/build_runtime.py).
// usage: node make_snapshot.mjs <pyodide dir> <lock file name> <packages,comma,separated> <output file>
// The snapshot holds the interpreter with ipywidgets, comm, traitlets and kosguide's widgets
// imported; installed files are not in it, so the worker installs the wheels again after restoring.
// Pyodide's snapshot API is private: the version is pinned (tools/pyodide-wheels.lock) and the
// browser suite tests both the restore and the fallback to a normal start.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, lockName, packages, output] = process.argv.slice(2);
const indexURL = path.resolve(dir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
// The same start-up settings for making the snapshot and for the restore check below.
const startup = {
  indexURL,
  packageCacheDir: indexURL,
  lockFileURL: path.join(indexURL, lockName),
  env: { HOME: "/home/pyodide" },
};
const pyodide = await loadPyodide({
  ...startup,
  _makeSnapshot: true,
  stdout: () => {},
});
await pyodide.loadPackage(packages.split(","), { messageCallback: () => {} });
// install the page comm first: widgets a module creates on import (shared layouts) queue their
// comm_open in the snapshot, and the first turn after restoring delivers them to the page
pyodide.runPython("import kos_web.bridge as _b; _b.install(); _b.warm_imports(); del _b");
// Pyodide 314.0.6 refuses to snapshot with package records still held ("Unexpected hiwire entry").
for (const name of Object.keys(pyodide.loadedPackages)) delete pyodide.loadedPackages[name];
const snapshot = pyodide.makeMemorySnapshot();

// Check it restores (as the worker does: grow the heap first) before the build ships it.
const create = (await import(pathToFileURL(path.join(indexURL, "pyodide.asm.mjs")).href)).default;
const restored = await loadPyodide({
  ...startup,
  _loadSnapshot: snapshot,
  createPyodideModule: async (settings) => {
    const module = await create(settings);
    module.growMemory(snapshot.length);
    return module;
  },
  stdout: () => {},
});
await restored.loadPackage(packages.split(","), { messageCallback: () => {} });
const ok = restored.runPython("import sys, kos_web.bridge; 'ipywidgets' in sys.modules and 'kosguide.widgets' in sys.modules");
if (ok !== true) throw new Error("the snapshot restored without the exercise modules");
writeFileSync(output, snapshot);
console.log(`[runtime] snapshot ${(snapshot.length / 1e6).toFixed(1)} MB, restore checked`);
