// Navigation helpers for the standalone app.
//
// "Back" on a page without crumbs: to the page the person came from when it is one of this site's
// (so they return where they were, scrolled as they left it), else to the page above (the link's href).
(function () {
  "use strict";
  document.querySelectorAll("a[data-history-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var from = document.referrer && new URL(document.referrer);
      if (from && from.origin === location.origin && from.href !== location.href && history.length > 1) {
        event.preventDefault();
        history.back();
      }
    });
  });
})();

// A message stays in view (it is sticky) until the person closes it.
(function () {
  "use strict";
  document.querySelectorAll(".messages [data-dismiss]").forEach(function (button) {
    button.addEventListener("click", function () { button.closest("li").remove(); });
  });
})();
