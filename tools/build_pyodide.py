#!/usr/bin/env python3
"""Assemble the site's own Pyodide for the in-browser exercises (JupyterLite).

The learners' browsers must never reach a public CDN, so the site serves:

* the Pyodide core from the npm package ``pyodide@<version>`` (the version the installed
  jupyterlite-pyodide-kernel expects);
* the pure-Python wheels the kernel itself loads (micropip, IPython, jedi and their
  dependencies, taken from Pyodide's own lock file, downloaded from PyPI), plus ``comm``
  and ``ipywidgets``;
* the course library's own wheel (``kosguide``), built from this repository;

and rewrites ``pyodide-lock.json`` to describe exactly those files, so that a plain
``import kosguide`` in a notebook cell loads kosguide, ipywidgets and comm in the kernel.

Everything downloaded is checked against the committed pin file ``tools/pyodide-wheels.lock``
(run with ``--update-lock`` after a deliberate version change). Downloads and builds are cached
in ``_build/.pyodide-cache/``; a rebuild with a warm cache needs no network.

Standard library only (plus ``npm`` and ``pip`` run as subprocesses). Python >= 3.11.

    python tools/build_pyodide.py                # assemble lite/static/pyodide/
    python tools/build_pyodide.py --update-lock  # re-pin after changing a version
"""

from __future__ import annotations

import argparse
import email.parser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Fallback pin, used only when jupyterlite-pyodide-kernel is not importable; when it is,
#: its expectation wins and must agree with the pin file.
PYODIDE_VERSION_FALLBACK = "314.0.6"
#: Python inside that Pyodide (for ``pip download --python-version``).
PYODIDE_PYTHON_FALLBACK = "3.14"

#: What the kernel worker loads from the lock file before the first cell runs
#: (``loadPackage(["micropip"])`` then ``piplite.install`` of comm, jedi, ipython; ipykernel,
#: piplite and pyodide-kernel come from the kernel extension's own piplite index).
KERNEL_ROOTS = ("micropip", "ipython", "jedi")

#: Pure-Python wheels that are not in Pyodide's lock, fetched from PyPI: name -> version.
#: Keep these equal to the versions the book's own environment uses.
EXTRA_WHEELS = {
    "comm": "0.2.3",
    "ipywidgets": "8.1.9",
}

#: Requirements that are deliberately not served in the kernel: their Python side is only
#: a JupyterLab extension; the JupyterLite front end already ships the widget manager.
NOT_IN_KERNEL = {"widgetsnbextension", "jupyterlab-widgets"}

#: Files of the npm package the site needs (pyodide.js, source maps, typings, consoles: not).
CORE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)

LOCK_SCHEMA = "kosguide-pyodide-wheels/1"


def log(msg: str) -> None:
    print(f"[pyodide] {msg}", flush=True)


def die(msg: str) -> None:
    print(f"[pyodide] 错误： {msg}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def canon(name: str) -> str:
    """PEP 503 normalised name (also how Pyodide matches ``depends``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, check=True, **kw)
    except FileNotFoundError:
        die(f"找不到命令 {cmd[0]!r}")
    except subprocess.CalledProcessError as e:
        die(f"命令失败 (exit {e.returncode}): {' '.join(cmd)}")
    raise AssertionError  # unreachable


def kernel_expectation() -> tuple[str, str]:
    """(pyodide version, python version) the installed jupyterlite-pyodide-kernel expects."""
    try:
        from jupyterlite_pyodide_kernel import constants as c  # type: ignore[import-not-found]
    except ImportError:
        log(f"jupyterlite-pyodide-kernel 不可导入，使用固定版本 {PYODIDE_VERSION_FALLBACK}")
        return PYODIDE_VERSION_FALLBACK, PYODIDE_PYTHON_FALLBACK
    return c.PYODIDE_VERSION, getattr(c, "PYODIDE_PYTHON_VERSION", PYODIDE_PYTHON_FALLBACK)


# --------------------------------------------------------------------------------------------
# wheels


def wheel_info(path: Path) -> dict:
    """name, version, top-level import names and Requires-Dist names of a wheel."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        meta_name = next(n for n in names if re.match(r"[^/]+\.dist-info/METADATA$", n))
        meta = email.parser.Parser().parsestr(z.read(meta_name).decode("utf-8"))
        tops: set[str] = set()
        top_level = [n for n in names if re.match(r"[^/]+\.dist-info/top_level\.txt$", n)]
        if top_level:
            tops = {t.strip() for t in z.read(top_level[0]).decode().split() if t.strip()}
        else:
            for n in names:
                first = n.split("/", 1)[0]
                if first.endswith((".dist-info", ".data")):
                    continue
                if "/" in n:
                    tops.add(first)
                elif n.endswith(".py"):
                    tops.add(n[:-3])
    requires = []
    for req in meta.get_all("Requires-Dist") or []:
        if ";" in req and "extra ==" in req.split(";", 1)[1].replace("extra==", "extra =="):
            continue  # optional extras are never loaded in the kernel
        m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
        if m:
            requires.append(canon(m.group(1)))
    return {
        "name": meta["Name"],
        "version": meta["Version"],
        "imports": sorted(t for t in tops if t),
        "requires": requires,
    }


def pip_download(specs: list[str], dest: Path, py: str) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    run(
        [
            sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "--no-deps", "--only-binary=:all:", "--python-version", py,
            "--platform", "any", "--implementation", "py", "--abi", "none",
            "--dest", str(dest), *specs,
        ]
    )


def build_own_wheel(cache: Path) -> Path:
    """Build kosguide's wheel from a private copy of the sources (no build/ or egg-info
    left in the working tree), cached by a hash of the sources."""
    files = [ROOT / "pyproject.toml"]
    for extra in ("README.md", "LICENSE", "setup.cfg", "MANIFEST.in"):
        if (ROOT / extra).is_file():
            files.append(ROOT / extra)
    files += sorted(
        p for p in (ROOT / "src").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p)
    )
    h = hashlib.sha256()
    for p in files:
        h.update(str(p.relative_to(ROOT)).encode() + b"\0" + p.read_bytes() + b"\0")
    key = h.hexdigest()[:16]
    out = cache / "own" / key
    found = sorted(out.glob("*.whl")) if out.is_dir() else []
    if found:
        log(f"kosguide 轮子未变 （缓存 {key}）")
        return found[0]
    log("构建 kosguide 轮子 (pip wheel --no-deps) …")
    with tempfile.TemporaryDirectory(prefix="kos-wheel-") as tmp:
        src = Path(tmp) / "src-root"
        for p in files:
            target = src / p.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, target)
        wheel_dir = Path(tmp) / "dist"
        run(
            [
                sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
                "--no-deps", "--wheel-dir", str(wheel_dir), str(src),
            ],
            env={**os.environ, "SOURCE_DATE_EPOCH": "1577836800"},
        )
        wheels = sorted(wheel_dir.glob("*.whl"))
        if len(wheels) != 1 or not wheels[0].name.endswith("-py3-none-any.whl"):
            die(f"kosguide 必须是纯 Python 轮子 （py3-none-any），得到 {[w.name for w in wheels]}")
        shutil.rmtree(cache / "own", ignore_errors=True)
        out.mkdir(parents=True)
        shutil.copy2(wheels[0], out / wheels[0].name)
    return out / wheels[0].name


# --------------------------------------------------------------------------------------------
# main steps


def fetch_core(version: str, cache: Path) -> Path:
    npm_dir = cache / "npm"
    npm_dir.mkdir(parents=True, exist_ok=True)
    tgz = npm_dir / f"pyodide-{version}.tgz"
    if tgz.is_file():
        log(f"使用缓存的 pyodide@{version}")
    else:
        log(f"下载 pyodide@{version} (npm pack) …")
        if shutil.which("npm") is None:
            die("找不到 npm：离线练习需要用它下载 Pyodide 一次。请安装 Node.js 和 npm"
                "（Debian：sudo apt-get install -y npm），然后重新构建。")
        run(
            ["npm", "pack", f"pyodide@{version}", "--silent", "--pack-destination", str(npm_dir)],
            stdout=subprocess.DEVNULL,
        )
        if not tgz.is_file():
            die(f"npm pack 没有生成 {tgz.name}")
    return tgz


def read_core(tgz: Path) -> dict[str, bytes]:
    with tarfile.open(tgz, "r:gz") as tar:
        out = {}
        for name in CORE_FILES:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                die(f"{tgz.name} 中缺少 {name}")
            out[name] = member.read()
    return out


def kernel_closure(upstream: dict) -> list[dict]:
    by_canon = {canon(k): v for k, v in upstream["packages"].items()}
    seen: dict[str, dict] = {}
    stack = list(KERNEL_ROOTS)
    while stack:
        n = canon(stack.pop())
        if n in seen:
            continue
        if n not in by_canon:
            die(f"Pyodide 锁文件里没有 {n}")
        pkg = by_canon[n]
        if not pkg["file_name"].endswith("-none-any.whl"):
            die(f"{pkg['file_name']} 不是纯 Python 轮子，PyPI 上没有对应文件")
        seen[n] = pkg
        stack += pkg["depends"]
    return [seen[k] for k in sorted(seen)]


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--lite-dir", type=Path, default=ROOT / "lite",
                    help="JupyterLite 目录 （输出到 <lite-dir>/static/pyodide）")
    ap.add_argument("--cache", type=Path, default=ROOT / "_build" / ".pyodide-cache")
    ap.add_argument("--pins", type=Path, default=ROOT / "tools" / "pyodide-wheels.lock",
                    help="提交到仓库的固定版本与 sha256 文件")
    ap.add_argument("--update-lock", action="store_true", help="重写固定文件 （改版本后使用）")
    args = ap.parse_args(argv)

    version, py = kernel_expectation()
    pins = json.loads(args.pins.read_text("utf-8")) if args.pins.is_file() else None
    if pins and not args.update_lock and pins["pyodide"]["version"] != version:
        die(
            f"jupyterlite-pyodide-kernel 需要 Pyodide {version}，而 {args.pins.name} 固定的是 "
            f"{pins['pyodide']['version']}：确认后用 --update-lock 重新固定"
        )
    log(f"目标 Pyodide {version} （Python {py}），缓存 {args.cache}")

    # 1. core
    tgz = fetch_core(version, args.cache)
    core = read_core(tgz)
    upstream = json.loads(core["pyodide-lock.json"])

    # the kernel should run what the book's own environment runs
    from importlib import metadata

    for name, ver in EXTRA_WHEELS.items():
        try:
            local = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        if local != ver:
            log(f"注意： 本机环境 {name} {local}，浏览器内核用 {ver} (EXTRA_WHEELS)")

    # 2. third-party wheels
    wanted = {canon(p["name"]): (p["version"], p) for p in kernel_closure(upstream)}
    for name, ver in EXTRA_WHEELS.items():
        wanted[canon(name)] = (ver, None)
    wheel_dir = args.cache / "wheels"
    wheel_dir.mkdir(parents=True, exist_ok=True)

    def cached_wheel(name: str, ver: str) -> Path | None:
        for w in wheel_dir.glob("*.whl"):
            n, v = w.name.split("-")[:2]
            if canon(n) == name and v == ver:
                return w
        return None

    missing = [f"{n}=={v}" for n, (v, _) in sorted(wanted.items()) if cached_wheel(n, v) is None]
    if missing:
        log(f"下载 {len(missing)} 个纯 Python 轮子 (pip download) …")
        pip_download(missing, wheel_dir, py)
    else:
        log(f"{len(wanted)} 个轮子均已缓存")

    # 3. verify against the committed pins (or write them)
    assembled = {}
    for n, (v, _) in sorted(wanted.items()):
        w = cached_wheel(n, v)
        if w is None:
            die(f"pip 没有下载到 {n}=={v}")
        if not w.name.endswith("-none-any.whl"):
            die(f"{w.name} 不是纯 Python 轮子")
        assembled[n] = {"name": n, "version": v, "file_name": w.name, "sha256": sha256(w)}
    core_sha = {name: hashlib.sha256(data).hexdigest() for name, data in core.items()}
    new_pins = {
        "schema": LOCK_SCHEMA,
        "comment": "由 tools/build_pyodide.py 生成；改版本后运行 --update-lock。kosguide 自己的轮子不固定。",
        "pyodide": {
            "version": version, "python": py, "npm_tarball": tgz.name,
            "npm_tarball_sha256": sha256(tgz), "core_sha256": core_sha,
        },
        "wheels": list(assembled.values()),
    }
    if pins is None or args.update_lock:
        write_if_changed(
            args.pins, (json.dumps(new_pins, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        )
        log(f"已写入固定文件 {args.pins.relative_to(ROOT) if args.pins.is_relative_to(ROOT) else args.pins}")
    else:
        problems = []
        if pins["pyodide"]["npm_tarball_sha256"] != new_pins["pyodide"]["npm_tarball_sha256"]:
            problems.append(f"{tgz.name} 的 sha256 与固定值不符")
        old = {w["name"]: w for w in pins["wheels"]}
        for n, w in assembled.items():
            if n not in old:
                problems.append(f"{n} 不在固定文件里")
            elif (old[n]["version"], old[n]["sha256"]) != (w["version"], w["sha256"]):
                problems.append(f"{w['file_name']} 与固定的版本/sha256 不符")
        for n in old.keys() - assembled.keys():
            problems.append(f"固定文件里的 {n} 已不再需要")
        if problems:
            die("校验失败：\n  " + "\n  ".join(problems) + "\n（缓存被污染就删掉缓存目录；有意升级就用 --update-lock）")
        log(f"{len(assembled)} 个轮子与 pyodide@{version} 已按 {args.pins.name} 校验")

    # 4. kosguide's own wheel
    own = build_own_wheel(args.cache)
    own_info = wheel_info(own)

    # 5. the lock file the site serves: only what is served, with the served files' hashes
    served: dict[str, Path] = {a["file_name"]: wheel_dir / a["file_name"] for a in assembled.values()}
    served[own.name] = own
    packages: dict[str, dict] = {}
    for n, (v, up) in sorted(wanted.items()):
        a = assembled[n]
        if up is not None:
            imports, requires = up["imports"], up["depends"]
        else:
            info = wheel_info(wheel_dir / a["file_name"])
            imports, requires = info["imports"], info["requires"]
        packages[n] = {"name": n, "version": v, "file_name": a["file_name"], "sha256": a["sha256"],
                       "imports": imports, "depends": requires}
    own_name = canon(own_info["name"])
    packages[own_name] = {"name": own_name, "version": own_info["version"], "file_name": own.name,
                          "sha256": sha256(own), "imports": own_info["imports"],
                          "depends": own_info["requires"]}
    for n, pkg in packages.items():
        deps = []
        for d in pkg["depends"]:
            if canon(d) in packages:
                deps.append(canon(d))
            elif canon(d) in NOT_IN_KERNEL:
                continue
            else:
                die(f"{n} 依赖 {d}，但它不在内核的包里：加到 EXTRA_WHEELS （必须是纯 Python） 或 NOT_IN_KERNEL")
        pkg.update(depends=sorted(set(deps)), install_dir="site", package_type="package",
                   unvendored_tests=False)
    lock = {"info": upstream["info"], "packages": dict(sorted(packages.items()))}

    # 6. write <lite>/static/pyodide/, touching only what changed, removing what is not served
    out = args.lite_dir / "static" / "pyodide"
    out.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name, data in core.items():
        if name == "pyodide-lock.json":
            continue
        changed += write_if_changed(out / name, data)
    for name, src in served.items():
        changed += write_if_changed(out / name, src.read_bytes())
    changed += write_if_changed(
        out / "pyodide-lock.json", (json.dumps(lock, indent=1, sort_keys=True) + "\n").encode()
    )
    keep = set(core) | set(served)
    for p in out.iterdir():
        if p.name not in keep:
            p.unlink() if p.is_file() else shutil.rmtree(p)
            changed += 1
    size = sum(p.stat().st_size for p in out.iterdir())
    log(f"输出 {out} : {len(keep)} 个文件， {size / 1e6:.1f} MB, {changed} 个有变化")
    log("内核包： " + ", ".join(f"{p['name']} {p['version']}" for p in lock["packages"].values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
