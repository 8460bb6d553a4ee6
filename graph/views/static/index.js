/* edukg index: lists every view from the embedded JSON; the search box filters by name.
 * Names come from documents, so they are set with textContent only. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("view-data").textContent);
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  var counts = document.getElementById("counts");
  data.counts.forEach(function (c) { counts.appendChild(el("li", c[0] + ": " + c[1])); });
  var lists = document.getElementById("lists");
  var rows = [];
  data.groups.forEach(function (g) {
    var section = el("section");
    section.appendChild(el("h2", g.name + " (" + g.items.length + ")"));
    var ul = el("ul");
    g.items.forEach(function (it) {
      var li = el("li");
      var a = el("a", it.label);
      if (/^[a-z]+(-[0-9a-f]{16})?\.html$/.test(it.href)) { a.href = it.href; }
      li.appendChild(a);
      if (it.meta) { li.appendChild(el("span", " " + it.meta, "meta")); }
      ul.appendChild(li);
      rows.push({ li: li, text: (it.label + " " + (it.meta || "")).toLowerCase() });
    });
    section.appendChild(ul);
    lists.appendChild(section);
  });
  var search = document.getElementById("search");
  var found = document.getElementById("found");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r) {
      var hit = !q || r.text.indexOf(q) >= 0;
      r.li.hidden = !hit;
      if (hit) { n += 1; }
    });
    found.textContent = q ? "找到 " + n + " 个" : "";
  });
  document.body.dataset.ready = "1";
}());
