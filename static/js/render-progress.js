// Polls a background render's status (a PDF, a spreadsheet) and reloads the page when it is ready (or has failed, or stalled).
(function () {
  "use strict";
  document.querySelectorAll(".render-state[data-pending]").forEach(function (box) {
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-label]");
    var rows = box.querySelector("[data-rows]");
    function count(n) { return Number(n).toLocaleString(document.documentElement.lang || undefined); }
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { return setTimeout(poll, 5000); }
          if (state.status === "done" || state.status === "failed" || state.stalled) { return window.location.reload(); }
          if (bar) { bar.value = state.progress; }
          if (label) { label.textContent = state.label; }
          if (rows && state.rows_total !== undefined && state.rows_total !== null) {
            rows.textContent = rows.dataset.format.replace("{done}", count(state.rows_done)).replace("{total}", count(state.rows_total));
          }
          setTimeout(poll, 1500);
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1000);
  });
})();
