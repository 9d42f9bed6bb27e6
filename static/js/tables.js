// Narrow screens show each table row stacked, one cell under the other (static/css/app.css); each
// cell is labelled with its column's heading, so a code or a date is never broken mid-token to fit a
// column (the first cell, the row's own name, needs none). The labels are copied from the table's own
// <thead>, for every table, once.
(function () {
  "use strict";
  document.querySelectorAll("table.table").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!headings.length) return;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var label = headings[column];
        if (column > 0 && label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
        column += cell.colSpan || 1;
      });
    });
  });
})();
