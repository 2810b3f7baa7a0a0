/*
 * kosguide: interactive knowledge checks for pages built with the `kos-quiz` directive.
 *
 * The HTML written by book/_ext/kos_quiz.py already reads well without JavaScript (questions,
 * options, and the answer with its explanation inside <details>). This script only enhances it:
 * option buttons become active (aria-pressed), answers are graded in the browser, feedback goes
 * to an aria-live region, a score line counts correct answers, and “重做” starts over.
 * Nothing is sent anywhere and no external resource is loaded. Data text is only ever inserted
 * with textContent or by cloning server-escaped nodes, never as HTML.
 * The grading messages mirror kosguide.knowledge_check.grade().
 */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function optionsOf(question) {
    return Array.prototype.slice.call(question.querySelectorAll("button.kos-quiz-option"));
  }

  function grade(question, chosen) {
    var options = optionsOf(question);
    var multiple = question.getAttribute("data-kind") === "multiple";
    var missed = 0;
    var wrong = 0;
    options.forEach(function (button, index) {
      var correct = button.getAttribute("data-correct") === "true";
      var picked = chosen.indexOf(index) !== -1;
      if (correct && !picked) missed += 1;
      if (!correct && picked) wrong += 1;
    });
    if (!chosen.length) {
      return {
        answered: false,
        correct: false,
        message: multiple
          ? "还没有选择答案。请勾选你认为正确的所有选项。"
          : "还没有选择答案。请先选一个选项。",
      };
    }
    var ok = missed === 0 && wrong === 0;
    var message;
    if (ok) message = "答对了。";
    else if (multiple && wrong === 0) message = "方向对了，但还漏了 " + missed + " 个正确选项。";
    else if (multiple && missed === 0)
      message = "正确选项都选到了，但多选了 " + wrong + " 个不正确的选项。";
    else message = "还不对，看看下面的讲解再试一次。";
    return { answered: true, correct: ok, message: message };
  }

  function clearMarks(question) {
    optionsOf(question).forEach(function (button) {
      button.classList.remove("is-correct", "is-wrong");
    });
  }

  function showResult(quiz, question, chosen) {
    var result = grade(question, chosen);
    var region = question.querySelector(".kos-quiz-feedback");
    var options = optionsOf(question);
    clearMarks(question);
    region.textContent = "";
    region.classList.remove("is-correct", "is-wrong");
    if (!result.answered) {
      region.appendChild(el("p", "kos-quiz-verdict is-hint", result.message));
      delete question.dataset.state;
      updateScore(quiz);
      return;
    }
    var verdict = el("p", "kos-quiz-verdict");
    var label = el("strong", "kos-quiz-verdict-label", result.correct ? "✓ 正确" : "× 不对");
    verdict.appendChild(label);
    verdict.appendChild(document.createTextNode(" " + result.message));
    region.classList.add(result.correct ? "is-correct" : "is-wrong");
    region.appendChild(verdict);

    var list = el("ul", "kos-quiz-chosen-feedback");
    chosen.forEach(function (index) {
      var button = options[index];
      var right = button.getAttribute("data-correct") === "true";
      button.classList.add(right ? "is-correct" : "is-wrong");
      var text = button.getAttribute("data-feedback") || "";
      if (!text) return;
      var item = el("li");
      var name = button.querySelector(".kos-quiz-option-text");
      item.appendChild(el("b", null, "「" + (name ? name.textContent : "") + "」"));
      item.appendChild(document.createTextNode("：" + text));
      list.appendChild(item);
    });
    if (list.childNodes.length) region.appendChild(list);

    var explanation = question.querySelector("details .kos-quiz-explanation");
    if (explanation) region.appendChild(explanation.cloneNode(true));
    question.dataset.state = result.correct ? "correct" : "wrong";
    if (window.kosProgress) {
      window.kosProgress.recordFirstTry(quiz.getAttribute("data-check-id"),
        question.getAttribute("data-question-id"), result.correct);
    }
    updateScore(quiz);
  }

  function updateScore(quiz) {
    var total = quiz.querySelectorAll(".kos-quiz-question").length;
    var right = quiz.querySelectorAll('.kos-quiz-question[data-state="correct"]').length;
    var score = quiz.querySelector(".kos-quiz-score");
    if (score) score.textContent = "已答对 " + right + "/" + total + " 题";
    var answered = quiz.querySelectorAll(".kos-quiz-question[data-state]").length;
    if (answered && window.kosProgress) {
      window.kosProgress.recordCheck(quiz.getAttribute("data-check-id"), right, answered, total);
    }
  }

  function chosenOf(question) {
    var chosen = [];
    optionsOf(question).forEach(function (button, index) {
      if (button.getAttribute("aria-pressed") === "true") chosen.push(index);
    });
    return chosen;
  }

  function reset(quiz) {
    quiz.querySelectorAll(".kos-quiz-question").forEach(function (question) {
      optionsOf(question).forEach(function (button) {
        button.setAttribute("aria-pressed", "false");
      });
      clearMarks(question);
      var region = question.querySelector(".kos-quiz-feedback");
      region.textContent = "";
      region.classList.remove("is-correct", "is-wrong");
      delete question.dataset.state;
    });
    updateScore(quiz);
    var first = quiz.querySelector("button.kos-quiz-option");
    if (first) first.focus();
  }

  function enhance(quiz) {
    if (quiz.dataset.ready === "true") return;
    quiz.dataset.ready = "true";
    quiz.classList.add("kos-quiz--ready");

    quiz.querySelectorAll(".kos-quiz-question").forEach(function (question) {
      var multiple = question.getAttribute("data-kind") === "multiple";
      var options = optionsOf(question);
      options.forEach(function (button, index) {
        button.disabled = false;
        button.addEventListener("click", function () {
          if (multiple) {
            var pressed = button.getAttribute("aria-pressed") === "true";
            button.setAttribute("aria-pressed", pressed ? "false" : "true");
            clearMarks(question);
          } else {
            options.forEach(function (other) {
              other.setAttribute("aria-pressed", other === button ? "true" : "false");
            });
            showResult(quiz, question, [index]);
          }
        });
      });
      var check = question.querySelector("button.kos-quiz-check");
      if (check) {
        check.hidden = false;
        check.addEventListener("click", function () {
          showResult(quiz, question, chosenOf(question));
        });
      }
      // With JavaScript the feedback region explains each answer, so the answer key stays
      // hidden until printing (see below).
      var details = question.querySelector("details.kos-quiz-answer");
      if (details) details.hidden = true;
    });

    var footer = quiz.querySelector(".kos-quiz-footer");
    if (footer) footer.hidden = false;
    var resetButton = quiz.querySelector("button.kos-quiz-reset");
    if (resetButton)
      resetButton.addEventListener("click", function () {
        reset(quiz);
      });
    updateScore(quiz);
  }

  function enhanceAll() {
    document.querySelectorAll("section.kos-quiz").forEach(enhance);
  }

  // A printed page cannot be clicked: print every answer key, open.
  var printState = [];
  window.addEventListener("beforeprint", function () {
    printState = [];
    document.querySelectorAll("section.kos-quiz details.kos-quiz-answer").forEach(function (d) {
      printState.push([d, d.hidden, d.open]);
      d.hidden = false;
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    printState.forEach(function (entry) {
      entry[0].hidden = entry[1];
      entry[0].open = entry[2];
    });
    printState = [];
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
