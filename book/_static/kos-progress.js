/* kosguide: the learner's progress, kept only in this browser (localStorage), never sent.
 *
 * Every page view is recorded (path → date); kos-quiz.js records each knowledge check's best
 * state (answered/correct/total). The `kos-progress` panel (book/_ext/kos_progress.py) shows
 * per chapter: read or not, and the knowledge-check score; a button clears it all. A corrupt
 * store is kept aside under another key (nothing is overwritten) and the learner is told. */
(function () {
  "use strict";
  var KEY = "kosguide-progress-v1";
  var problem = "";

  function now() { return new Date().toISOString().slice(0, 10); }

  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (e) { return { visited: {}, checks: {}, off: true }; }
    if (!raw) return { visited: {}, checks: {} };
    try {
      var data = JSON.parse(raw);
      if (!data || typeof data !== "object" || typeof data.visited !== "object" || typeof data.checks !== "object") {
        throw new Error("shape");
      }
      return data;
    } catch (e) {
      var aside = KEY + ".corrupt-" + Date.now();
      try { window.localStorage.setItem(aside, raw); } catch (e2) { /* storage full: keep the original key */ return { visited: {}, checks: {}, off: true }; }
      problem = "浏览器里保存的学习进度已损坏，已原样备份为 " + aside + "，现在从头记录。";
      return { visited: {}, checks: {} };
    }
  }

  function save(data) {
    if (data.off) return;
    try { window.localStorage.setItem(KEY, JSON.stringify({ visited: data.visited, checks: data.checks })); }
    catch (e) { /* private mode or storage full: progress is simply not kept */ }
  }

  var state = load();

  window.kosProgress = {
    recordCheck: function (id, correct, answered, total) {
      if (!id) return;
      var before = state.checks[id] || { correct: 0, answered: 0 };
      state.checks[id] = {
        correct: Math.max(correct, before.correct || 0),
        answered: Math.max(answered, before.answered || 0),
        total: total, updated: now(),
      };
      save(state);
    },
    clear: function () {
      state = { visited: {}, checks: {} };
      try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
    },
  };

  state.visited[window.location.pathname] = now();
  save(state);

  function render(panel) {
    var rows = panel.querySelectorAll("li[data-chapter]");
    var read = 0, checksDone = 0, published = 0;
    rows.forEach(function (row) {
      var cell = row.querySelector(".kos-progress-state");
      var link = row.querySelector("a");
      if (!link) { cell.textContent = "编写中"; return; }
      published += 1;
      var path = new URL(link.getAttribute("href"), window.location.href).pathname;
      var seen = state.visited[path];
      var check = state.checks[row.getAttribute("data-check") || ""];
      var parts = [seen ? "✓ 已阅读" : "未阅读"];
      if (seen) read += 1;
      if (check) {
        parts.push("知识检查 " + check.correct + "/" + check.total + (check.answered < check.total ? "（未答完）" : ""));
        if (check.answered >= check.total) checksDone += 1;
      } else if (row.getAttribute("data-check")) {
        parts.push("知识检查未做");
      }
      cell.textContent = parts.join(" · ");
      row.classList.toggle("is-read", !!seen);
    });
    var summary = panel.querySelector(".kos-progress-summary");
    summary.textContent = "已阅读 " + read + "/" + published + " 章，完成知识检查 " + checksDone + " 个。" +
      (state.off ? "（这个浏览器不允许保存进度。）" : "") + (problem ? " " + problem : "");
    var bar = panel.querySelector(".kos-progress-bar > span");
    if (bar) bar.style.width = (published ? Math.round(100 * read / published) : 0) + "%";
  }

  function init() {
    document.querySelectorAll(".kos-progress").forEach(function (panel) {
      panel.classList.add("kos-progress--ready");
      render(panel);
      var button = panel.querySelector(".kos-progress-clear");
      if (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          if (!window.confirm("确定要清除这个浏览器里保存的学习进度吗？")) return;
          window.kosProgress.clear();
          problem = "";
          render(panel);
        });
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
