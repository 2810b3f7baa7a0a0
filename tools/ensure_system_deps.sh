#!/usr/bin/env bash
# Make sure the Debian packages the build and the browser suite need are present:
# chromium and CJK fonts (browser tests), npm (fetches the Pyodide package for the offline site).
# As root it installs them with apt-get; otherwise it says, in Chinese, what to run.
# As root on CI (CI=true), on a machine where this script installed chromium, or with
# KOSGUIDE_CHROMIUM_POLICY=1, it also installs tools/chromium/kosguide-tests.json as a managed
# Chromium policy: the browser then makes (almost) none of its own background requests. It is not
# installed on a developer's everyday machine unasked (it turns off Safe Browsing and updates).
# The browser suite does not depend on it: it tells the browser's own traffic apart by what issued it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
policy_dir=/etc/chromium/policies/managed
install_policy() {
  mkdir -p "$policy_dir"
  if ! cmp -s "$here/chromium/kosguide-tests.json" "$policy_dir/kosguide-tests.json"; then
    cp "$here/chromium/kosguide-tests.json" "$policy_dir/kosguide-tests.json"
    echo "[系统依赖] 已安装 Chromium 测试策略：$policy_dir/kosguide-tests.json（删除该文件即可恢复）。"
  fi
}
want_policy=0
if [ "$(id -u)" -eq 0 ] && { [ "${CI:-}" = "true" ] || [ "${KOSGUIDE_CHROMIUM_POLICY:-}" = "1" ]; }; then want_policy=1; fi
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# (no `grep -q` under pipefail: it would stop reading early and fc-list's SIGPIPE would fail the test)
if ! fc-list : family 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then need+=(fonts-noto-cjk); fi
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -eq 0 ]; then
  [ "$want_policy" -eq 0 ] || install_policy
  echo "[系统依赖] chromium、中文字体与 npm 已就绪。"
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "[系统依赖] 正在安装：${need[*]}（apt-get，需要一两分钟）……"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" fontconfig >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
  case " ${need[*]} " in *" chromium "*) install_policy ;; *) [ "$want_policy" -eq 0 ] || install_policy ;; esac
  echo "[系统依赖] 安装完成。"
  exit 0
fi
echo "缺少浏览器测试需要的系统软件包：${need[*]}" >&2
echo "请用管理员权限安装后重试：  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
echo "(Missing Debian packages for the browser tests: ${need[*]}. Install them with apt-get as root.)" >&2
exit 1
