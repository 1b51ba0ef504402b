/*
 * An Excel file's page while the file is being prepared: look again every few seconds and,
 * once it is ready (or failed), show that in place. The region is aria-live, so a screen
 * reader hears the change. Without JavaScript, the page's "Look now" link does the same.
 * Loaded with <script defer>, so the page is parsed when this runs.
 */
(function () {
  "use strict";

  var region = document.getElementById("excel-file");
  if (!region || region.dataset.status !== "preparing" || !window.fetch || !window.DOMParser) {
    return;
  }
  var interval = (Number(region.dataset.refreshSeconds) || 3) * 1000;

  function look() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("excel-file");
        if (!fresh || fresh.dataset.status === "preparing") {
          window.setTimeout(look, interval);
          return;
        }
        region.dataset.status = fresh.dataset.status;
        region.innerHTML = fresh.innerHTML;
        document.title = page.title;
      })
      .catch(function () {
        window.setTimeout(look, interval * 2);
      });
  }

  window.setTimeout(look, interval);
})();
