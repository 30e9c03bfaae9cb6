/* Rollbook: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function text(cell) {
    return cell.getAttribute("data-sort") !== null ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  var NUMBER = /^-?\d+(\.\d+)?$/;

  function compare(a, b) {
    if (NUMBER.test(a) && NUMBER.test(b)) { return parseFloat(a) - parseFloat(b); }
    return a.localeCompare(b, "en-GB", { numeric: true, sensitivity: "base" });
  }

  // Sortable tables: column headings become buttons; aria-sort tells screen readers the order.
  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(text(r1.cells[index]), text(r2.cells[index]));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  // Filter a table's rows by the words typed.
  function filterRows(input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    var counter = document.querySelector("[data-filter-count='" + input.getAttribute("data-filter") + "']");
    if (!table) { return; }
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var hay = row.textContent.toLowerCase();
        var ok = words.every(function (w) { return hay.indexOf(w) !== -1; });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (counter) { counter.textContent = words.length ? shown + " shown" : ""; }
    }
    input.addEventListener("input", apply);
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; apply(); }
  }

  // The finder in the header: suggestions from the pupil index, loaded on first use.
  function finder(input) {
    var root = document.body.getAttribute("data-root") || "";
    var list = document.createElement("ul");
    list.className = "finder-results";
    list.id = "finder-results";
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("aria-controls", "finder-results");
    var loaded = false;
    function load(then) {
      if (loaded) { then(); return; }
      var s = document.createElement("script");
      s.src = root + "assets/pupil-index.js";
      s.onload = function () { loaded = true; then(); };
      document.head.appendChild(s);
    }
    function show() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!words.length || !window.ROLLBOOK_PUPILS) { list.hidden = true; return; }
      var hits = window.ROLLBOOK_PUPILS.filter(function (p) {
        var hay = (p[0] + " " + p[1] + " " + p[2]).toLowerCase();
        return words.every(function (w) { return hay.indexOf(w) !== -1; });
      }).slice(0, 12);
      hits.forEach(function (p) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + p[3];
        a.textContent = p[0] + " (" + p[2] + ")";
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = hits.length === 0;
    }
    input.addEventListener("focus", function () { load(function () {}); });
    input.addEventListener("input", function () { load(show); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { list.hidden = true; }
      if (e.key === "ArrowDown" && !list.hidden && list.firstChild) { e.preventDefault(); list.firstChild.firstChild.focus(); }
    });
    list.addEventListener("keydown", function (e) {
      var li = document.activeElement && document.activeElement.parentNode;
      if (e.key === "ArrowDown" && li && li.nextSibling) { e.preventDefault(); li.nextSibling.firstChild.focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); if (li && li.previousSibling) { li.previousSibling.firstChild.focus(); } else { input.focus(); } }
      if (e.key === "Escape") { list.hidden = true; input.focus(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), filterRows);
    Array.prototype.forEach.call(document.querySelectorAll("input[data-finder]"), finder);
  });
})();
