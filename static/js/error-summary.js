/*
 * Forms with errors: move focus to the error summary, so screen readers announce it and
 * keyboard users start from it; each link in the summary focuses its field. Without
 * JavaScript the summary is simply the first thing in the form. Loaded with <script defer>.
 */
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (!summary) {
    return;
  }
  summary.focus();

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
})();
