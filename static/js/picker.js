// Searchable record pickers (core/widgets.py RecordPicker, RecordsPicker): type, choose, and hidden
// inputs hold the ids. A multiple picker keeps each chosen record as a chip with a remove button; with
// data-browse, an empty search box walks the unit tree (the source answers ?parent=<id>).
(function () {
  "use strict";
  function setUp(root) {
    var multiple = root.hasAttribute("data-multiple");
    var hidden = root.querySelector("[data-picker-value]");
    var chosen = root.querySelector("[data-picker-chosen]");
    var search = root.querySelector("[data-picker-search]");
    var list = root.querySelector("[data-picker-results]");
    var timer = null;
    var asked = 0;
    function close() { list.hidden = true; search.setAttribute("aria-expanded", "false"); }
    function changed() { root.dispatchEvent(new Event("change", { bubbles: true })); }
    function has(id) {
      return Array.prototype.some.call(chosen.querySelectorAll("input[type=hidden]"), function (input) {
        return input.value === String(id);
      });
    }
    function addChip(item) {
      if (has(item.id)) return;
      var chip = document.createElement("span");
      chip.className = "chip";
      chip.setAttribute("data-picker-chip", "");
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = root.dataset.name;
      input.value = item.id;
      var label = document.createElement("span");
      label.className = "chip-label";
      label.textContent = item.path ? item.label + " — " + item.path : item.label;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "chip-remove";
      remove.setAttribute("data-picker-remove", "");
      remove.setAttribute("aria-label", (root.dataset.remove || "×") + ": " + label.textContent);
      remove.textContent = "×";
      chip.appendChild(input);
      chip.appendChild(label);
      chip.appendChild(remove);
      chosen.appendChild(chip);
    }
    function choose(item) {
      if (multiple) {
        addChip(item);
        search.value = "";
        search.focus();
      } else {
        hidden.value = item.id;
        search.value = item.label;
      }
      close();
      if (hidden) hidden.dispatchEvent(new Event("change", { bubbles: true }));
      changed();
    }
    function note(text, className) {
      var span = document.createElement("span");
      span.className = className || "muted";
      span.textContent = text;
      list.appendChild(span);
    }
    function row(item) {
      var line = document.createElement("span");
      line.className = "picker-row";
      var option = document.createElement("button");
      option.type = "button";
      option.className = "picker-option";
      option.setAttribute("role", "option");
      option.textContent = item.label;
      if (item.path) {
        var path = document.createElement("small");
        path.className = "picker-path";
        path.textContent = item.path;
        option.appendChild(path);
      }
      if (item.selectable === false) {
        option.disabled = true;
        option.setAttribute("aria-disabled", "true");
      } else {
        option.addEventListener("click", function () { choose(item); });
      }
      if (multiple && has(item.id)) option.setAttribute("aria-selected", "true");
      line.appendChild(option);
      if (item.children) {
        var open = document.createElement("button");
        open.type = "button";
        open.className = "picker-open";
        open.setAttribute("data-picker-open", item.id);
        open.setAttribute("aria-label", (root.dataset.open || "›") + " " + item.label);
        open.textContent = "›";
        open.addEventListener("click", function () { ask("parent=" + item.id); });
        line.appendChild(open);
      }
      list.appendChild(line);
    }
    function show(body) {
      list.textContent = "";
      if (body.within) {
        var up = document.createElement("button");
        up.type = "button";
        up.className = "picker-up";
        up.setAttribute("data-picker-up", "");
        up.textContent = "‹ " + body.within.label;
        up.title = root.dataset.up || "";
        up.addEventListener("click", function () { ask(body.within.up ? "parent=" + body.within.up : ""); });
        list.appendChild(up);
      }
      (body.results || []).forEach(row);
      if (!(body.results || []).length) note(root.dataset.empty || "—");
      if (body.more) note(root.dataset.more || "…", "muted picker-more");
      list.hidden = false;
      search.setAttribute("aria-expanded", "true");
      root.dataset.pickerShown = String(++shown);
    }
    var shown = 0;
    function ask(query) {
      var mine = ++asked;
      var url = root.dataset.source + (root.dataset.source.indexOf("?") < 0 ? "?" : "&") + query;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (body) { if (mine === asked) { show(body); } })
        .catch(function () { if (mine === asked) { close(); } });
    }
    function typed() {
      var text = search.value.trim();
      if (!text) {
        if (!multiple) hidden.value = "";
        if (root.hasAttribute("data-browse")) ask(""); else close();
        return;
      }
      ask("q=" + encodeURIComponent(text));
    }
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(typed, 200);
    });
    search.addEventListener("focus", function () {
      if (root.hasAttribute("data-browse") && !search.value.trim() && list.hidden) ask("");
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); }
      if (event.key === "Enter" && !list.hidden) {
        event.preventDefault();  // Enter picks the first match instead of sending the form half-filled
        var first = list.querySelector(".picker-option:not([disabled])");
        if (first) first.click();
      }
    });
    if (chosen) {
      chosen.addEventListener("click", function (event) {
        var remove = event.target.closest("[data-picker-remove]");
        if (!remove) return;
        remove.closest("[data-picker-chip]").remove();
        search.focus();
        changed();
      });
    }
    document.addEventListener("click", function (event) {
      if (!root.contains(event.target) && document.body.contains(event.target)) { close(); }
    });
    root.dataset.pickerReady = "1";
  }
  document.querySelectorAll("[data-picker]").forEach(setUp);

  // A form sent back with errors: the first field in error is brought into view and focused, so the
  // person sees what to fix even when it is far below the top of a long form.
  var firstError = document.querySelector("form [aria-invalid=true], form .errorlist:not(.nonfield) + *, form .errorlist.nonfield");
  if (firstError) {
    firstError.scrollIntoView({ block: "center" });
    if (firstError.focus && firstError.matches("input, select, textarea")) firstError.focus({ preventScroll: true });
  }
})();
