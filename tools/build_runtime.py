#!/usr/bin/env python3
"""Build kosguide's light exercise runtime into a built site (run by ``make book`` via book/_ext/kos_runtime.py).

Inputs: ``web/`` (package.json + package-lock.json, the page side ``web/src/runtime.js``, the worker
``web/src/worker.js``, the Python bridge and IPython stand-in under ``web/py/``) and the site's own
Pyodide folder ``<site>/lite/static/pyodide/`` (assembled by tools/build_pyodide.py and copied by
the JupyterLite build). Output:

* ``<site>/_runtime/kos-runtime.js`` + ``.css`` (+ fonts): the page side, bundled by esbuild from
  ``@jupyter-widgets/html-manager`` (npm registry, ``npm ci`` at build time; no CDN at run time);
* ``<site>/_runtime/kos-runtime-worker.js``: the module worker;
* ``<site>/lite/static/pyodide/kosguide_web_runtime-*.whl``: the bridge + IPython stand-in wheel;
* ``<site>/lite/static/pyodide/kos-runtime-lock.json``: a lock file with ONLY what exercises need
  (kosguide, ipywidgets, comm, traitlets, the bridge wheel), ipywidgets' IPython dependency cut;
* ``<site>/lite/static/pyodide/kos-snapshot.bin.gz``: a Pyodide memory snapshot made with node (gzip), tied to
  the exact Pyodide files and wheels (their sha256 form the cache key; any change rebuilds it).
  If it cannot be made the build fails.

Everything is cached under ``_build/.runtime-cache/`` (npm install keyed by the package-lock hash,
bundle and snapshot keyed by their inputs): a warm rebuild takes well under a second.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
#: What exercises import; dependencies inside this set are kept, everything else is cut.
RUNTIME_PACKAGES = ("kosguide", "ipywidgets", "comm", "traitlets")
BRIDGE_NAME, BRIDGE_VERSION = "kosguide_web_runtime", "0.1.0"
LOCK_NAME, SNAPSHOT_NAME = "kos-runtime-lock.json", "kos-snapshot.bin.gz"
#: Packages the worker installs (their dependencies follow from the lock file).
LOAD = ["kosguide", "kosguide-web-runtime"]


def log(msg: str) -> None:
    print(f"[runtime] {msg}", flush=True)


def die(msg: str) -> None:
    print(f"[runtime] 错误： {msg}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def digest(paths: list[Path], extra: bytes = b"") -> str:
    h = hashlib.sha256(extra)
    for p in sorted(paths):
        h.update(str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p.name).encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()[:20]


def run(cmd: list[str], **kw) -> None:
    try:
        subprocess.run(cmd, check=True, **kw)
    except FileNotFoundError:
        die(f"找不到命令 {cmd[0]!r}：构建浏览器练习需要 Node.js 和 npm（Debian：apt-get install -y nodejs npm）")
    except subprocess.CalledProcessError as e:
        die(f"命令失败 (exit {e.returncode}): {' '.join(cmd)}")


def npm_ci() -> Path:
    """``npm ci`` in web/ when package-lock.json changed (stamp in node_modules); returns node_modules."""
    lock = WEB / "package-lock.json"
    modules = WEB / "node_modules"
    stamp = modules / ".kos-lock-sha256"
    want = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == want and (modules / ".bin" / "esbuild").exists():
        return modules
    log("npm ci（web/package-lock.json）…")
    run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WEB)
    stamp.write_text(want)
    return modules


def bundle(cache: Path, out: Path) -> None:
    modules = npm_ci()
    sources = [*sorted((WEB / "src").glob("*")), WEB / "package-lock.json"]
    key = digest(sources)
    target = cache / f"bundle-{key}"
    if not (target / "kos-runtime.js").is_file():
        log("esbuild：打包页面端运行时 …")
        tmp = cache / "bundle-tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        stub = cache / "empty-package"  # stands in for the ipywidgets-7 packages (module + its CSS)
        (stub / "css").mkdir(parents=True, exist_ok=True)
        (stub / "index.js").write_text("export {};\n")
        for css in ("widgets-base.css", "labvariables.css"):
            (stub / "css" / css).write_text("\n")
        run([
            str(modules / ".bin" / "esbuild"), str(WEB / "src" / "runtime.js"), "--bundle", "--format=esm",
            "--minify", "--target=chrome90,safari15,firefox90,edge90", "--legal-comments=none", "--log-level=warning",
            f"--outfile={tmp / 'kos-runtime.js'}",
            # ipywidgets 7 models are never used (the runtime runs ipywidgets 8): leave them out
            f"--alias:@jupyter-widgets/base7={stub}", f"--alias:@jupyter-widgets/controls7={stub}",
            "--define:process.env.NODE_ENV=\"production\"", "--define:global=globalThis",
            "--loader:.woff=file", "--loader:.woff2=file", "--loader:.ttf=file", "--loader:.eot=file",
            "--loader:.svg=file", "--loader:.png=file", "--loader:.gif=file", "--asset-names=[name]-[hash]",
        ])
        shutil.copy2(WEB / "src" / "worker.js", tmp / "kos-runtime-worker.js")
        shutil.rmtree(target, ignore_errors=True)
        for old in cache.glob("bundle-*"):
            if old.name != "bundle-tmp":
                shutil.rmtree(old, ignore_errors=True)
        tmp.rename(target)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(target, out)


def bridge_wheel(folder: Path) -> Path:
    """A pure wheel with the Python bridge (kos_web) and the IPython stand-in, reproducible bytes."""
    files = sorted(p for p in (WEB / "py").rglob("*.py") if "__pycache__" not in p.parts)
    dist = f"{BRIDGE_NAME}-{BRIDGE_VERSION}.dist-info"
    name = f"{BRIDGE_NAME}-{BRIDGE_VERSION}-py3-none-any.whl"
    entries = {p.relative_to(WEB / "py").as_posix(): p.read_bytes() for p in files}
    entries[f"{dist}/METADATA"] = (f"Metadata-Version: 2.1\nName: {BRIDGE_NAME.replace('_', '-')}\n"
                                   f"Version: {BRIDGE_VERSION}\nSummary: kosguide exercise runtime bridge\n").encode()
    entries[f"{dist}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: kosguide\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries[f"{dist}/top_level.txt"] = b"IPython\nkos_web\n"
    record = []
    for path, data in entries.items():
        h = hashlib.sha256(data).digest()
        record.append(f"{path},sha256={base64.urlsafe_b64encode(h).rstrip(b'=').decode()},{len(data)}")
    record.append(f"{dist}/RECORD,,")
    entries[f"{dist}/RECORD"] = ("\n".join(record) + "\n").encode()
    target = folder / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(entries):
            info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, entries[path])
    return target


def runtime_lock(pyodide: Path, wheel: Path) -> dict:
    site_lock = json.loads((pyodide / "pyodide-lock.json").read_text("utf-8"))
    packages = site_lock["packages"]
    missing = [n for n in RUNTIME_PACKAGES if n not in packages]
    if missing:
        die(f"{pyodide / 'pyodide-lock.json'} 缺少 {missing}：先运行 tools/build_pyodide.py")
    chosen = {}
    for name in RUNTIME_PACKAGES:
        pkg = dict(packages[name])
        pkg["depends"] = sorted(d for d in pkg["depends"] if d in RUNTIME_PACKAGES)  # ipython etc. cut
        chosen[name] = pkg
    bridge = BRIDGE_NAME.replace("_", "-")
    chosen[bridge] = {"name": bridge, "version": BRIDGE_VERSION, "file_name": wheel.name,
                      "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "imports": ["IPython", "kos_web"],
                      "depends": ["ipywidgets", "comm"], "install_dir": "site", "package_type": "package",
                      "unvendored_tests": False}
    chosen["kosguide"]["depends"] = sorted({*chosen["kosguide"]["depends"], "ipywidgets"})
    return {"info": site_lock["info"], "packages": dict(sorted(chosen.items()))}


def snapshot(pyodide: Path, cache: Path, lock: dict) -> None:
    inputs = [pyodide / n for n in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")]
    inputs += [pyodide / p["file_name"] for p in lock["packages"].values()]
    inputs += [pyodide / LOCK_NAME, WEB / "src" / "make_snapshot.mjs"]
    key = digest(inputs)
    cached = cache / f"snapshot-{key}.bin.gz"
    if not cached.is_file():
        log("node：制作 Pyodide 内存快照 …")
        tmp = cache / "snapshot.tmp"
        run(["node", str(WEB / "src" / "make_snapshot.mjs"), str(pyodide), LOCK_NAME, ",".join(LOAD), str(tmp)])
        if not tmp.is_file() or tmp.stat().st_size < 1_000_000:
            die("内存快照没有生成（或小得不正常）")
        for old in cache.glob("snapshot-*"):
            old.unlink()
        # stored compressed: ~38 MB of heap become ~8 MB on the wire whatever the server does
        cached.write_bytes(gzip.compress(tmp.read_bytes(), compresslevel=9, mtime=0))
        tmp.unlink()
    else:
        log(f"内存快照未变 （{key}）")
    shutil.copy2(cached, pyodide / SNAPSHOT_NAME)
    (pyodide / "kos-snapshot.bin").unlink(missing_ok=True)  # an older build's uncompressed copy
    (pyodide / "kos-snapshot.json").write_text(json.dumps({"key": key, "bytes": cached.stat().st_size}) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="the built site (_build/html)")
    ap.add_argument("--cache", type=Path, default=ROOT / "_build" / ".runtime-cache")
    ap.add_argument("--no-snapshot", action="store_true", help="skip the memory snapshot (development only)")
    args = ap.parse_args(argv)
    pyodide = args.site / "lite" / "static" / "pyodide"
    if not (pyodide / "pyodide.mjs").is_file():
        die(f"找不到 {pyodide / 'pyodide.mjs'}：网站自带的 Pyodide 还没有组装好")
    args.cache.mkdir(parents=True, exist_ok=True)
    bundle(args.cache, args.site / "_runtime")
    wheel = bridge_wheel(pyodide)
    lock = runtime_lock(pyodide, wheel)
    (pyodide / LOCK_NAME).write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if not args.no_snapshot:
        snapshot(pyodide, args.cache, lock)
    size = sum(p.stat().st_size for p in (args.site / "_runtime").rglob("*") if p.is_file())
    log(f"运行时就绪：_runtime/ {size / 1e6:.1f} MB；锁文件 {len(lock['packages'])} 个包")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NODE_OPTIONS", "--max-old-space-size=2048")
    sys.exit(main())
