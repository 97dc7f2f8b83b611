/* reachable report: sorting, filtering and paging for the people table. The page works
   without it (every row is in the HTML); this adds header buttons, a filter and, for long
   tables, keeps a page of rows in the table at a time so the browser never lays out tens of
   thousands of rows at once. Inlined at render time, allowed by the page's CSP hash. */
(function () {
  "use strict";

  var TIER_RANK = { active: 0, warm: 1, dormant: 2, one_way_out: 3, one_way_in: 4, silent: 5 };
  var PAGE = 500;

  function openDetailsForPrint() {
    var all = document.querySelectorAll("details");
    for (var i = 0; i < all.length; i++) all[i].open = true;
  }
  window.addEventListener("beforeprint", openDetailsForPrint);

  var table = document.getElementById("people-table");
  if (!table) {
    document.documentElement.setAttribute("data-ready", "1");
    return;
  }

  var details = document.getElementById("people-details");
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows); /* in the order shown */
  var headers = table.tHead.rows[0].cells;
  var input = document.getElementById("people-filter");
  var tierSelect = document.getElementById("people-tier");
  var status = document.getElementById("people-status");
  var more = document.getElementById("people-more");
  var moreButton = document.getElementById("people-more-button");
  var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
  var current = { col: -1, dir: 1 };
  var limit = PAGE;
  var texts = null; /* lower-cased text of each row, built at the first filter */

  function count(n) { return n.toLocaleString(); }

  function matcher() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var tier = tierSelect.value;
    if (!terms.length && !tier) return null;
    if (texts === null) {
      texts = new Map();
      rows.forEach(function (row) { texts.set(row, row.textContent.toLowerCase()); });
    }
    return function (row) {
      if (tier && row.className !== tier) return false;
      var text = texts.get(row);
      return terms.every(function (t) { return text.indexOf(t) !== -1; });
    };
  }

  /* Put the first ``limit`` matching rows in the table, in order, and say so. The other rows
     stay out of the document, so sorting or filtering never restyles thousands of rows. */
  function update() {
    var match = matcher();
    var fragment = document.createDocumentFragment();
    var shown = 0;
    var matched = 0;
    for (var i = 0; i < rows.length; i++) {
      if (match !== null && !match(rows[i])) continue;
      matched++;
      if (shown < limit) {
        fragment.appendChild(rows[i]);
        shown++;
      }
    }
    tbody.textContent = "";
    tbody.appendChild(fragment);
    if (match === null && shown === rows.length) {
      status.textContent = "Showing all " + count(rows.length) + " people.";
    } else if (shown === matched) {
      status.textContent = "Showing " + count(shown) + " of " + count(rows.length) + " people.";
    } else if (match === null) {
      status.textContent = "Showing the first " + count(shown) + " of " + count(rows.length) +
        " people.";
    } else {
      status.textContent = "Showing the first " + count(shown) + " of " + count(matched) +
        " matching people (" + count(rows.length) + " in all).";
    }
    more.hidden = shown === matched;
    moreButton.textContent = "Show " + count(Math.min(PAGE, matched - shown)) + " more";
  }

  /* The value a row sorts by in column ``col``; null sorts last in both directions. */
  function keyOf(row, col, type) {
    if (type === "tier") return TIER_RANK[row.className];
    var text = row.cells[col].textContent;
    if (text === "") return null;
    return type === "num" ? Number(text) : text;
  }

  function sortBy(col, type) {
    var dir = current.col === col ? -current.dir : (type === "num" || type === "date" ? -1 : 1);
    var compare = type === "text" ? collator.compare : function (a, b) {
      return a < b ? -1 : a > b ? 1 : 0;
    };
    var keyed = rows.map(function (row, index) {
      return { row: row, key: keyOf(row, col, type), index: index };
    });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return a.index - b.index;
        return a.key === null ? 1 : -1;
      }
      return dir * compare(a.key, b.key) || a.index - b.index;
    });
    rows = keyed.map(function (k) { return k.row; });
    limit = PAGE;
    update();
    current = { col: col, dir: dir };
    for (var h = 0; h < headers.length; h++) {
      if (h === col) headers[h].setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      else headers[h].removeAttribute("aria-sort");
    }
  }

  /* Header text becomes a button: clickable, focusable, and Enter or Space sorts. */
  function addSortButtons() {
    Array.prototype.forEach.call(headers, function (th, col) {
      var type = th.getAttribute("data-sort");
      if (!type) return;
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      button.addEventListener("click", function () { sortBy(col, type); });
      th.appendChild(button);
    });
  }

  var pending = 0;
  function scheduleFilter() {
    clearTimeout(pending);
    pending = setTimeout(function () {
      limit = PAGE;
      update();
    }, rows.length > 2000 ? 150 : 0);
  }

  addSortButtons();
  input.addEventListener("input", scheduleFilter);
  tierSelect.addEventListener("change", function () {
    limit = PAGE;
    update();
  });
  moreButton.addEventListener("click", function () {
    limit += PAGE;
    update();
  });
  document.getElementById("people-all-button").addEventListener("click", function () {
    limit = Infinity;
    update();
  });
  update();
  details.open = true;
  document.getElementById("people-tools").hidden = false;
  document.documentElement.setAttribute("data-ready", "1");
})();
