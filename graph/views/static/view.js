/* edukg graph view: draws the embedded JSON with vis-network, physics off.
 * Document text is untrusted: it only ever reaches the page through textContent
 * or the canvas, never through innerHTML or vis-network's HTML tooltips. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("view-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var styles = {};
  data.legend.forEach(function (k) { styles[k.key] = k; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function short(s) { return s.length > 22 ? s.slice(0, 21) + "…" : s; }

  document.title = data.title + " · edukg";
  document.getElementById("title").textContent = data.title;
  document.getElementById("count").textContent =
    data.nodes.length + " nodes · " + data.edges.length + " edges";

  var big = data.nodes.length > 600;
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var k = styles[n.kind];
    return {
      id: n.id, label: short(n.label), x: n.x, y: n.y, shape: k.shape,
      color: { background: k.color, border: "#333333" },
      font: { color: k.shape === "box" ? "#ffffff" : "#222222", size: 14 },
      size: 14,
      widthConstraint: k.shape === "box" ? { maximum: 180 } : undefined  // narrower than the layout's gap
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return {
      id: "e" + i, from: e.from, to: e.to, arrows: "to",
      label: data.edges.length <= 250 ? e.label : undefined,
      font: { size: 10, color: "#555555", strokeWidth: 0 },
      color: { color: "#9a9a9a", highlight: "#222222" }
    };
  }));
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big, tooltipDelay: 3600000 },
    edges: { smooth: false, width: 1 },
    nodes: { borderWidth: 1 }
  });

  var info = document.getElementById("info");
  function show(id) {
    var n = byId[id];
    if (!n) { return; }
    info.replaceChildren();
    info.appendChild(el("h2", n.label));
    var kind = styles[n.kind] ? styles[n.kind].name : n.kind;
    info.appendChild(el("p", n.level ? kind + " · " + n.level : kind, "kind"));
    if (n.details.length) {
      var dl = el("dl");
      n.details.forEach(function (d) { dl.appendChild(el("dt", d[0])); dl.appendChild(el("dd", d[1])); });
      info.appendChild(dl);
    }
    n.sources.forEach(function (s) {
      var q = el("blockquote", s.text, "source");
      info.appendChild(q);
      info.appendChild(el("p", "— " + s.doc, "cite"));
    });
    if (n.href && /^[a-z]+-[0-9a-f]{16}\.html$/.test(n.href)) {
      var a = el("a", "Open its page");
      a.href = n.href;
      info.appendChild(a);
    }
  }
  network.on("hoverNode", function (p) { show(p.node); });
  network.on("selectNode", function (p) { show(p.nodes[0]); });
  network.on("doubleClick", function (p) {
    var n = byId[p.nodes[0]];
    if (n && n.href && /^[a-z]+-[0-9a-f]{16}\.html$/.test(n.href)) { window.location.href = n.href; }
  });

  var legend = document.getElementById("legend");
  data.legend.forEach(function (k) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = k.key;
    box.addEventListener("change", function () {
      nodes.update(data.nodes.filter(function (n) { return n.kind === k.key; })
        .map(function (n) { return { id: n.id, hidden: !box.checked }; }));
    });
    var swatch = el("span", "", "swatch");
    swatch.style.background = k.color;
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(document.createTextNode(k.name));
    legend.appendChild(label);
  });

  var search = document.getElementById("search");
  var found = document.getElementById("found");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); found.textContent = ""; return; }
    var hits = data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; })
      .map(function (n) { return n.id; });
    found.textContent = hits.length + " found";
    network.selectNodes(hits);
    if (hits.length) {
      network.focus(hits[0], { scale: 1.2, animation: false });
      show(hits[0]);
    }
  });

  network.once("afterDrawing", function () { document.body.dataset.ready = "1"; });
  window.edukgView = { network: network, data: data, nodes: nodes, edges: edges };
}());
