// Phone layout helpers (static/css/portal.css, "phones" sections).
//  - The menu button: below 700 px the main menu and account links fold behind it. Without
//    this script the button stays hidden and the menu simply stacks under the header.
//  - List tables become stacked rows on phones; each cell shows its column's name, copied here
//    from the table's header into data-label (without this script the rows stack unlabelled).
(function () {
  "use strict";
  const button = document.querySelector(".menu-toggle[aria-controls]");
  const panel = button && document.getElementById(button.getAttribute("aria-controls"));
  if (button && panel) {
    const setOpen = function (open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("open", open);
    };
    panel.classList.add("collapsible");
    button.hidden = false;
    setOpen(false);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  document.querySelectorAll("table.list").forEach(function (table) {
    // A header that is only there for screen readers (an actions column) labels nothing.
    const labels = Array.from(table.querySelectorAll("thead th")).map(function (th) {
      const hidden = th.querySelector(".sr-only");
      const text = th.textContent.trim();
      return hidden && hidden.textContent.trim() === text ? "" : text;
    });
    // Stacked on phones (display: block), a table keeps its table semantics through roles.
    table.setAttribute("role", "table");
    table.querySelectorAll("tr").forEach(function (row) { row.setAttribute("role", "row"); });
    table.querySelectorAll("thead th").forEach(function (th) { th.setAttribute("role", "columnheader"); });
    table.querySelectorAll("tbody td").forEach(function (td) { td.setAttribute("role", "cell"); });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      let column = 0;
      Array.from(row.cells).forEach(function (cell) {
        // A cell across several columns (a "nothing here" row) belongs to none of them; an empty
        // cell needs no name.
        const empty = !cell.textContent.trim() && !cell.querySelector("input, button, select, img, svg");
        const label = cell.colSpan > 1 || empty ? "" : labels[column];
        if (label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
        column += cell.colSpan || 1;
      });
    });
  });
})();
