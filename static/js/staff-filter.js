// Filters a <select> of staff as the inspector types; "nguyen van a" matches "Nguyễn Văn A".
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }
  document.querySelectorAll("input.staff-filter").forEach(function (input) {
    var select = document.getElementById(input.dataset.target);
    if (!select) return;
    var options = Array.prototype.slice.call(select.options);
    input.addEventListener("input", function () {
      var words = fold(input.value).split(" ").filter(Boolean);
      var firstMatch = null;
      options.forEach(function (option) {
        if (!option.value) return;
        var text = fold(option.textContent);
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        option.hidden = !match;
        option.disabled = !match;
        if (match && firstMatch === null) firstMatch = option;
      });
      if (words.length && firstMatch && (select.selectedOptions.length === 0 || select.selectedOptions[0].hidden)) {
        select.value = firstMatch.value;
      }
    });
  });
})();
