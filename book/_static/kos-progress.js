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

  var LEARNER_HINT = "请用老师分配的学员代号（例如“学员 07”），不要写真实姓名、电话或邮箱。";

  function learnerProblem(code) {
    if (code.length > 20) return "学员代号最多 20 个字符。" + LEARNER_HINT;
    if (!code) return "";
    if (code.indexOf("@") !== -1) return "学员代号看起来像邮箱地址。" + LEARNER_HINT;
    if (/\d{7,}/.test(code.replace(/[\s-]/g, ""))) return "学员代号看起来像电话号码或证件号。" + LEARNER_HINT;
    if (!/\d/.test(code)) return "学员代号里至少要有一个数字，这样不容易和真实姓名混淆。" + LEARNER_HINT;
    return "";
  }

  /* The same anonymous file the workbooks export (kosguide.class_results): ids and numbers only. */
  function exportResults(code) {
    var checks = {};
    Object.keys(state.checks).forEach(function (id) {
      var check = state.checks[id];
      var first = check.first || {};
      var ids = Object.keys(first);
      if (!ids.length) return;
      checks[id] = {
        total: check.total,
        correct_first_try: ids.filter(function (q) { return first[q]; }).length,
        missed_first_try: ids.filter(function (q) { return !first[q]; }).sort(),
      };
    });
    return {
      schema: "kosguide-results", version: 1, exported: now(), source: "website", learner: code,
      temperament: [], profile_stages: [], refusal: [], knowledge_checks: checks,
    };
  }

  window.kosProgress = {
    recordFirstTry: function (id, questionId, correct) {
      if (!id || !questionId) return;
      var check = state.checks[id] || (state.checks[id] = { correct: 0, answered: 0, total: 0 });
      check.first = check.first || {};
      if (!(questionId in check.first)) {
        check.first[questionId] = !!correct;
        save(state);
      }
    },
    exportResults: exportResults,
    learnerProblem: learnerProblem,
    recordCheck: function (id, correct, answered, total) {
      if (!id) return;
      var before = state.checks[id] || { correct: 0, answered: 0 };
      state.checks[id] = {
        correct: Math.max(correct, before.correct || 0),
        answered: Math.max(answered, before.answered || 0),
        total: total, updated: now(), first: before.first || {},
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
      var exporter = panel.querySelector(".kos-progress-export");
      if (exporter) {
        exporter.hidden = false;
        exporter.querySelector("button").addEventListener("click", function () {
          var input = exporter.querySelector("input");
          var note = exporter.querySelector(".kos-progress-export-note");
          var code = (input.value || "").trim();
          var problem = learnerProblem(code);
          if (problem) { note.textContent = problem; note.classList.add("is-bad"); input.focus(); return; }
          var data = exportResults(code);
          if (!Object.keys(data.knowledge_checks).length) {
            note.textContent = "还没有可以导出的知识检查结果：先在各章末尾做一做知识检查。";
            note.classList.add("is-bad");
            return;
          }
          var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = (code ? code.replace(/[^\w\u4e00-\u9fff-]+/g, "_") : "anon") + ".kosguide-results.json";
          document.body.appendChild(link);
          link.click();
          setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
          note.classList.remove("is-bad");
          note.textContent = "已生成 " + link.download + "（保存在你的下载文件夹）。它只含题目编号和对错，可以交给讲师汇总。";
        });
      }
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
