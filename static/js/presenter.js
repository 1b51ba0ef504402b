/*
 * Presenter screen: fetch the question area again every 10 seconds, so the projector follows
 * the moderators without anyone touching it. Without JavaScript, the "Refresh" link does it.
 * Loaded with <script defer>, so the page is parsed when this runs.
 */
(function () {
  "use strict";

  var INTERVAL_MS = 10000;
  var live = document.getElementById("presenter-live");
  if (!live || !window.fetch || !window.URL) {
    return;
  }

  var url = new URL(window.location.href);
  url.searchParams.set("fragment", "1");
  url.hash = "";
  var shown = live.innerHTML.trim();

  function refresh() {
    if (document.hidden) {
      return; // a tab in the background does not need fresh questions
    }
    fetch(url.toString(), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        // A redirect means the session ended (the login page came back): keep what is shown.
        if (!response.ok || response.redirected) {
          throw new Error("not refreshed");
        }
        return response.text();
      })
      .then(function (html) {
        html = html.trim();
        // Replace only on change: the region is aria-live, and screen readers would
        // otherwise read the same questions again every 10 seconds.
        if (html !== shown) {
          live.innerHTML = html;
          shown = html;
        }
      })
      .catch(function () {
        // Network trouble: keep showing the last questions and try again next time.
      });
  }

  window.setInterval(refresh, INTERVAL_MS);
})();
