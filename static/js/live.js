/*
 * A forum's live block (its page while the forum is on, and its live page): ask for the block
 * again every few seconds and put back only what changed. Only "Now answering" is aria-live,
 * and it is replaced only when the question changes, so a screen reader hears that and
 * nothing else. "Pause updates" stops asking (WCAG 2.2.2) until pressed again; a tab in the
 * background does not ask; once the forum is over, asking stops for good. Without
 * JavaScript the block's "Refresh" link does the same. Loaded with <script defer>.
 */
(function () {
  "use strict";

  var block = document.getElementById("forum-live");
  var content = document.getElementById("live-content");
  if (!block || !content || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = block.dataset.fragmentUrl;
  var interval = Number(block.dataset.refreshMs) || 10000;
  var button = document.getElementById("live-pause");
  var pausedNote = document.getElementById("live-paused");
  var timer = null;
  var asking = false;

  function phaseOf(root) {
    var state = root.querySelector("[data-live]");
    return state ? state.dataset.live : "";
  }

  function polled(phase) {
    return phase === "soon" || phase === "on";
  }

  function putBack(fresh) {
    if (phaseOf(fresh) !== phaseOf(content)) {
      content.innerHTML = fresh.body.innerHTML;
    } else {
      ["live-now", "live-next"].forEach(function (id) {
        var shown = document.getElementById(id);
        var got = fresh.getElementById(id);
        if (shown && got && shown.innerHTML !== got.innerHTML) {
          shown.innerHTML = got.innerHTML;
        }
      });
    }
    if (!polled(phaseOf(fresh))) {
      stop();
      if (document.activeElement === button) {
        // The button goes away: keep the keyboard's place in the block, not at the page's top.
        var heading = document.getElementById("forum-live-title");
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
      button.hidden = true;
      pausedNote.hidden = true;
    }
  }

  function ask() {
    if (document.hidden || asking || timer === null) {
      return;
    }
    asking = true;
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        if (timer !== null) {
          putBack(new DOMParser().parseFromString(html, "text/html"));
        }
      })
      .catch(function () {
        // Network trouble: keep what is shown and ask again next time.
      })
      .then(function () {
        asking = false;
      });
  }

  function start() {
    timer = window.setInterval(ask, interval);
  }

  function stop() {
    window.clearInterval(timer);
    timer = null;
  }

  if (!button || !polled(phaseOf(content))) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var pausing = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", pausing ? "true" : "false");
    pausedNote.hidden = !pausing;
    if (pausing) {
      stop();
    } else {
      start();
      ask();
    }
  });
  document.addEventListener("visibilitychange", ask);
  start();
})();
