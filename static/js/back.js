// Navigation helpers for the standalone app.
//
// "Back" on a page without crumbs: to the page the person came from when that was a page of this
// site they opened (not a form's answer, which going back to would ask to send the form again), so
// they return where they were, scrolled as they left it; else to the page above (the link's href).
(function () {
  "use strict";
  var KEY = "congvu-last-page";
  var previous = null;
  try {
    previous = sessionStorage.getItem(KEY);
    if (document.body.dataset.posted === undefined) sessionStorage.setItem(KEY, location.href);
  } catch (error) { previous = null; }
  document.querySelectorAll("a[data-history-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (previous && previous === document.referrer && previous !== location.href && history.length > 1) {
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
