/* kosguide: click-to-load in-browser exercises (JupyterLite REPL served by this site).
 * Nothing loads until the learner clicks "打开练习". While the kernel starts we say so; when the
 * widget is on screen we say it is ready; if it does not appear in time we say what to try
 * (and keep waiting, in case the machine is just slow). No request leaves this site. */
(function () {
  "use strict";
  var READY = ".jupyter-widgets, .widget-box, .widget-button, .widget-html-content";
  // Tests may shorten the wait before the help text (window.KOS_LITE_SLOW_MS).
  var SLOW_MS = window.KOS_LITE_SLOW_MS || 90000;
  var GIVE_UP_MS = 600000;

  function say(box, text, state) {
    var status = box.querySelector(".kos-lite-status");
    status.textContent = text;
    if (state) box.setAttribute("data-state", state);
  }

  function help(box) {
    var status = box.querySelector(".kos-lite-status");
    var workbook = box.getAttribute("data-workbook") || "";
    status.textContent = "";
    var p = document.createElement("span");
    p.textContent = "练习还没有准备好。可以试试：① 稍等片刻，电脑较慢时第一次可能要一分钟；" +
      "② 刷新页面后再点一次；③ 换用新版的 Chrome、Edge 或 Firefox，不要用无痕或隐私模式；" +
      "④ 用下面的链接下载练习册 " + workbook + "，在自己电脑上的 Jupyter 里运行。";
    status.appendChild(p);
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "kos-lite-retry";
    retry.textContent = "重新加载练习";
    retry.addEventListener("click", function () { start(box, true); });
    status.appendChild(retry);
    box.setAttribute("data-state", "slow");
  }

  function start(box, again) {
    var button = box.querySelector(".kos-lite-open");
    var holder = box.querySelector(".kos-lite-frame");
    if (typeof WebAssembly === "undefined") {
      say(box, "这个浏览器不支持 WebAssembly，无法在网页里运行练习。请换用新版的 Chrome、Edge 或 Firefox，" +
        "或下载练习册在自己电脑上运行。", "failed");
      return;
    }
    button.hidden = true;
    holder.hidden = false;
    holder.textContent = "";
    var iframe = document.createElement("iframe");
    iframe.className = "kos-lite-iframe";
    iframe.title = "练习（在浏览器中运行）";
    iframe.src = box.getAttribute("data-src");
    holder.appendChild(iframe);
    say(box, again ? "正在重新加载练习……" : "正在浏览器里准备练习环境……第一次大约需要 10–20 秒。", "loading");
    var t0 = Date.now();
    var warned = false;
    var timer = setInterval(function () {
      var doc = null;
      try { doc = iframe.contentDocument; } catch (e) { doc = null; }
      if (doc && doc.querySelector(READY)) {
        clearInterval(timer);
        var seconds = ((Date.now() - t0) / 1000).toFixed(1);
        say(box, "练习已就绪（用时 " + seconds + " 秒）。你输入的内容只留在这个浏览器里。", "ready");
        box.setAttribute("data-seconds", seconds);
        return;
      }
      var waited = Date.now() - t0;
      if (!warned && waited > (window.KOS_LITE_SLOW_MS || SLOW_MS)) { warned = true; help(box); }
      if (waited > GIVE_UP_MS) { clearInterval(timer); box.setAttribute("data-state", "failed"); }
    }, 250);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".kos-lite-open");
    if (button) start(button.closest(".kos-lite"), false);
  });
})();
