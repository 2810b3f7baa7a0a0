/* kosguide: click-to-load exercises. Nothing loads until the learner clicks the open button; then the
 * exercise runtime (_runtime/kos-runtime.js, one Web Worker per page) is imported from this
 * site and draws the exercise inside its box. Problems are said at once, in Chinese. */
(function () {
  "use strict";
  var loading = null;

  function fail(box, text) {
    var status = box.querySelector(".kos-run-status");
    status.textContent = text;
    box.setAttribute("data-state", "failed");
    box.querySelector(".kos-run-open").hidden = false;
  }

  function load(box) {
    if (!loading) {
      var base = new URL(box.getAttribute("data-runtime"), document.baseURI);
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL("kos-runtime.css", base).href;
      document.head.appendChild(link);
      loading = import(new URL("kos-runtime.js", base).href);
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".kos-run-open");
    if (!button) return;
    var box = button.closest(".kos-run");
    if (typeof WebAssembly === "undefined" || typeof Worker === "undefined") {
      fail(box, "这个浏览器不支持在网页里运行练习（缺少 WebAssembly 或后台线程）。请换用新版的 Chrome、Edge、Firefox 或 Safari，" +
        "或下载练习册在自己电脑上运行。");
      return;
    }
    button.hidden = true;
    box.querySelector(".kos-run-status").textContent = "正在加载练习……";
    box.setAttribute("data-state", "loading");
    load(box).then(function (runtime) {
      box.removeAttribute("data-state");
      runtime.open(box);
    }, function () {
      fail(box, "练习程序没能从网站加载（网络断开，或网站没有完整构建）。请检查网络或刷新页面后再点一次。");
    });
  });
})();
