// Searchable record pickers (core/widgets.py RecordPicker): type, choose, and the hidden input holds the id.
(function () {
  "use strict";
  function setUp(root) {
    var hidden = root.querySelector("[data-picker-value]");
    var search = root.querySelector("[data-picker-search]");
    var list = root.querySelector("[data-picker-results]");
    var timer = null;
    var asked = 0;
    function close() { list.hidden = true; search.setAttribute("aria-expanded", "false"); }
    function choose(item) {
      hidden.value = item.id;
      search.value = item.label;
      close();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function show(items) {
      list.textContent = "";
      items.forEach(function (item) {
        var option = document.createElement("button");
        option.type = "button";
        option.className = "picker-option";
        option.setAttribute("role", "option");
        option.textContent = item.label;
        option.addEventListener("click", function () { choose(item); });
        list.appendChild(option);
      });
      if (!items.length) {
        var none = document.createElement("span");
        none.className = "muted";
        none.textContent = root.dataset.empty || "—";
        list.appendChild(none);
      }
      list.hidden = false;
      search.setAttribute("aria-expanded", "true");
    }
    function ask() {
      var text = search.value.trim();
      if (!text) { hidden.value = ""; close(); return; }
      var mine = ++asked;
      var url = root.dataset.source + (root.dataset.source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (body) { if (mine === asked) { show(body.results || []); } })
        .catch(function () { if (mine === asked) { close(); } });
    }
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); }
    });
    document.addEventListener("click", function (event) {
      if (!root.contains(event.target)) { close(); }
    });
  }
  document.querySelectorAll("[data-picker]").forEach(setUp);
})();
