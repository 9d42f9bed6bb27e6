// Polls a PDF's rendering status and reloads the page when it is ready (or has failed, or stalled).
(function () {
  "use strict";
  document.querySelectorAll(".render-state[data-pending]").forEach(function (box) {
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-label]");
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { return setTimeout(poll, 5000); }
          if (state.status === "done" || state.status === "failed" || state.stalled) { return window.location.reload(); }
          if (bar) { bar.value = state.progress; }
          if (label) { label.textContent = state.label; }
          setTimeout(poll, 1500);
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1000);
  });
})();
