/* edukg views: draws the embedded JSON, as text (a document's outline, an indicator's table,
 * an entity's documents) and as a graph with vis-network, physics off, positions from the payload.
 * Document text is untrusted: it only ever reaches the page through textContent or the canvas,
 * never through innerHTML or vis-network's HTML tooltips. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("view-data").textContent);
  var PAGE = /^[a-z]+-[0-9a-f]{16}\.html$/;
  var FONT = 16;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var styles = {};
  data.legend.forEach(function (k) { styles[k.key] = k; });
  var linkColor = {};
  (data.links || []).forEach(function (k) { linkColor[k.key] = k.color; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function link(label, href) {
    var a = el("a", label);
    if (href && PAGE.test(href)) { a.href = href; }
    return a;
  }
  function fieldList(dl, pairs) {
    pairs.forEach(function (d) { dl.appendChild(el("dt", d[0])); dl.appendChild(el("dd", d[1])); });
  }
  /* A button that shows the sentence a fact was read from, just below it. */
  function sourceToggle(parent, texts) {
    if (!texts || !texts.length) { return; }
    var button = el("button", "原文", "quote-button");
    button.type = "button";
    var quote = el("blockquote", texts[0], "source");
    quote.hidden = true;
    button.addEventListener("click", function () { quote.hidden = !quote.hidden; });
    parent.appendChild(button);
    parent.appendChild(quote);
  }

  document.title = data.title + " · edukg";
  document.getElementById("title").textContent = data.title;
  var summary = document.getElementById("summary");
  if (summary) { summary.textContent = data.summary || ""; }
  var fieldsEl = document.getElementById("fields");
  if (fieldsEl && data.fields) {
    fieldList(fieldsEl, (data.kind ? [["类别", data.kind]] : []).concat(data.level ? [["层级", data.level]] : [])
      .concat(data.fields));
  }
  var text = document.getElementById("text");
  var rows = [];  // what the search box filters on a text page: {el, text}

  /* --- a document: its outline --- */
  function targetTable(targets) {
    var table = el("table", null, "targets");
    var head = el("tr");
    ["指标", "比较", "数值", "单位", "期限", ""].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(head);
    targets.forEach(function (t) {
      var tr = el("tr");
      var name = el("td");
      name.appendChild(link(t.indicator.label, t.indicator.href));
      tr.appendChild(name);
      tr.appendChild(el("td", t.comparator));
      tr.appendChild(el("td", t.value, "num"));
      tr.appendChild(el("td", t.unit));
      tr.appendChild(el("td", t.deadline ? t.deadline + "年" : ""));
      var src = el("td");
      sourceToggle(src, t.text);
      tr.appendChild(src);
      table.appendChild(tr);
      rows.push({ el: tr, text: t.indicator.label + " " + (t.text[0] || "") });
    });
    return table;
  }
  function refs(parent, title, items) {
    if (!items.length) { return; }
    var p = el("div", null, "refs");
    p.appendChild(el("span", title + "：", "refs-title"));
    items.forEach(function (r) {
      var chip = el("span", null, "chip kind-" + r.kind);
      chip.appendChild(link(r.label, r.href));
      sourceToggle(chip, r.text);
      p.appendChild(chip);
    });
    parent.appendChild(p);
  }
  function outlineItem(item) {
    var hasBody = item.targets.length || item.responsible.length || item.names.length || item.children.length;
    var box = el(hasBody ? "details" : "div", null, "item");
    if (hasBody) { box.open = true; }
    var head = el(hasBody ? "summary" : "p", item.label, "item-label");
    box.appendChild(head);
    rows.push({ el: box, text: item.label });
    if (item.targets.length) { box.appendChild(targetTable(item.targets)); }
    refs(box, "负责", item.responsible);
    refs(box, "提及", item.names);
    item.children.forEach(function (c) { box.appendChild(outlineItem(c)); });
    return box;
  }
  if (data.outline) {
    var tools = el("p", null, "tools");
    [["全部展开", true], ["全部收起", false]].forEach(function (b) {
      var button = el("button", b[0]);
      button.type = "button";
      button.addEventListener("click", function () {
        text.querySelectorAll("details").forEach(function (d) { d.open = b[1]; });
      });
      tools.appendChild(button);
    });
    text.appendChild(tools);
    var outline = el("div", null, "outline");
    data.outline.forEach(function (item) { outline.appendChild(outlineItem(item)); });
    if (!data.outline.length) { outline.appendChild(el("p", "本文件未识别出章节。")); }
    text.appendChild(outline);
  }

  /* --- an indicator: a sortable table and a bar chart per unit --- */
  var COLUMNS = [["region", "地区"], ["level", "层级"], ["doc", "文件"], ["date", "成文日期"],
    ["comparator", "比较"], ["value", "数值"], ["unit", "单位"], ["deadline", "期限"]];
  function cell(r, key) { return key === "doc" ? r.doc.label : r[key]; }
  function chart(parent, list) {
    var units = {};
    list.forEach(function (r) {
      var v = parseFloat(r.value);
      if (!isNaN(v)) { (units[r.unit] = units[r.unit] || []).push(r); }
    });
    Object.keys(units).sort().forEach(function (unit) {
      var items = units[unit].slice(0, 60);
      var max = Math.max.apply(null, items.map(function (r) { return parseFloat(r.value); })) || 1;
      var NS = "http://www.w3.org/2000/svg";
      var svg = document.createElementNS(NS, "svg");
      var rowH = 22, labelW = 260, barW = 320;
      svg.setAttribute("width", String(labelW + barW + 90));
      svg.setAttribute("height", String(items.length * rowH + 28));
      svg.setAttribute("class", "chart");
      var caption = document.createElementNS(NS, "text");
      caption.setAttribute("x", "0");
      caption.setAttribute("y", "16");
      caption.setAttribute("class", "caption");
      caption.textContent = "数值（" + (unit || "无单位") + "）";
      svg.appendChild(caption);
      items.forEach(function (r, i) {
        var y = 28 + i * rowH;
        var name = document.createElementNS(NS, "text");
        name.setAttribute("x", String(labelW - 6));
        name.setAttribute("y", String(y + 15));
        name.setAttribute("text-anchor", "end");
        var who = (r.region || r.level) + " · " + r.doc.label;
        name.textContent = who.length > 22 ? who.slice(0, 21) + "…" : who;
        svg.appendChild(name);
        var bar = document.createElementNS(NS, "rect");
        bar.setAttribute("x", String(labelW));
        bar.setAttribute("y", String(y + 3));
        bar.setAttribute("height", String(rowH - 6));
        bar.setAttribute("width", String(Math.max(1, barW * parseFloat(r.value) / max)));
        bar.setAttribute("class", "bar");
        svg.appendChild(bar);
        var value = document.createElementNS(NS, "text");
        value.setAttribute("x", String(labelW + barW * parseFloat(r.value) / max + 6));
        value.setAttribute("y", String(y + 15));
        value.textContent = r.comparator + " " + r.value + (r.deadline ? "（" + r.deadline + "年）" : "");
        svg.appendChild(value);
      });
      parent.appendChild(svg);
    });
  }
  if (data.rows) {
    var table = el("table", null, "comparison sortable");
    var head = el("tr");
    var body = el("tbody");
    var sorted = { key: null, dir: 1 };
    function fill() {
      body.replaceChildren();
      rows = [];
      data.rows.forEach(function (r) {
        var tr = el("tr");
        COLUMNS.forEach(function (c) {
          var td = el("td", c[0] === "doc" ? null : cell(r, c[0]), c[0] === "value" ? "num" : null);
          if (c[0] === "doc") { td.appendChild(link(r.doc.label, r.doc.href)); }
          tr.appendChild(td);
        });
        var src = el("td");
        sourceToggle(src, r.text);
        tr.appendChild(src);
        body.appendChild(tr);
        rows.push({ el: tr, text: COLUMNS.map(function (c) { return cell(r, c[0]); }).join(" ") });
      });
    }
    COLUMNS.forEach(function (c) {
      var th = el("th", c[1]);
      th.dataset.key = c[0];
      th.tabIndex = 0;
      th.addEventListener("click", function () {
        sorted.dir = sorted.key === c[0] ? -sorted.dir : 1;
        sorted.key = c[0];
        data.rows.sort(function (a, b) {
          var x = cell(a, c[0]), y = cell(b, c[0]);
          if (c[0] === "value" || c[0] === "deadline") {
            x = parseFloat(x); y = parseFloat(y);
            x = isNaN(x) ? -Infinity : x; y = isNaN(y) ? -Infinity : y;
            return (x - y) * sorted.dir;
          }
          return String(x).localeCompare(String(y), "zh") * sorted.dir;
        });
        head.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", sorted.dir > 0 ? "ascending" : "descending");
        fill();
      });
      head.appendChild(th);
    });
    head.appendChild(el("th", "原文"));
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    table.appendChild(body);
    fill();
    text.appendChild(table);
    chart(text, data.rows);
  }

  /* --- an entity: what each document asks of it --- */
  if (data.groups) {
    data.groups.forEach(function (g) {
      var box = el("details", null, "item");
      box.open = data.groups.length <= 12;
      var head = el("summary");
      head.appendChild(link(g.doc.label, g.doc.href));
      head.appendChild(el("span", "  " + (g.items.length + g.more) + " 项", "meta"));
      box.appendChild(head);
      rows.push({ el: box, text: g.doc.label });
      var ul = el("ul");
      g.items.forEach(function (it) {
        var li = el("li");
        li.appendChild(el("span", it.role, "role"));
        li.appendChild(el("span", " " + it.label));
        sourceToggle(li, it.text);
        ul.appendChild(li);
      });
      if (g.more) { ul.appendChild(el("li", "另有 " + g.more + " 项未列出", "meta")); }
      box.appendChild(ul);
      text.appendChild(box);
    });
  }

  /* --- the graph --- */
  var info = document.getElementById("info");
  function show(id) {
    var n = byId[id];
    if (!n || !info) { return; }
    info.hidden = false;
    info.replaceChildren();
    info.appendChild(el("h2", n.label));
    var kind = styles[n.kind] ? styles[n.kind].name : n.kind;
    info.appendChild(el("p", n.level ? kind + " · " + n.level : kind, "kind"));
    if (n.details.length) {
      var dl = el("dl");
      fieldList(dl, n.details);
      info.appendChild(dl);
    }
    n.sources.forEach(function (s) {
      info.appendChild(el("blockquote", s.text, "source"));
      info.appendChild(el("p", "— " + s.doc, "cite"));
    });
    if (n.href && PAGE.test(n.href)) {
      info.appendChild(link(n.kind === "group" ? "打开本组" : "打开其页面", n.href));
    }
  }
  var network = null, nodes = null, edges = null;
  var container = document.getElementById("network");
  if (data.nodes.length && typeof vis !== "undefined") {
    var big = data.nodes.length > 600;
    nodes = new vis.DataSet(data.nodes.map(function (n) {
      var k = styles[n.kind];
      return {
        id: n.id, label: n.short || n.label, x: n.x, y: n.y, shape: k.shape,
        color: { background: k.color, border: n.kind === "policy" ? "#9aa7b8" : "#333333" },
        shapeProperties: { borderDashes: n.kind === "policy" || n.kind === "group" ? [4, 3] : false },
        font: { color: k.font, size: FONT },
        size: 14,
        widthConstraint: k.shape === "box" ? { maximum: 170 } : undefined  // narrower than the layout's gap
      };
    }));
    edges = new vis.DataSet(data.edges.map(function (e, i) {
      var color = linkColor[e.kind] || "#b8bec6";
      return {
        id: "e" + i, from: e.from, to: e.to, arrows: { to: { enabled: true, scaleFactor: 0.6 } },
        color: { color: color, highlight: "#222222", hover: "#222222", opacity: 0.8 },
        width: e.kind === "cites" ? 1 : 1.6, kind: e.kind
      };
    }));
    network = new vis.Network(container, { nodes: nodes, edges: edges }, {
      physics: false,
      layout: { improvedLayout: false },
      interaction: { hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big, tooltipDelay: 3600000 },
      edges: { smooth: false },
      nodes: { borderWidth: 1 }
    });
    var bands = data.bands || [];
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.font = "bold 18px system-ui, sans-serif";
      ctx.fillStyle = "#555555";
      bands.forEach(function (b) { ctx.fillText(b.name, b.x - 95, b.y - 40); });
      ctx.restore();
    });
    network.on("hoverNode", function (p) { show(p.node); });
    // the panel covers part of the overview: it goes when the pointer leaves a node nobody selected
    network.on("blurNode", function () { if (!network.getSelectedNodes().length) { info.hidden = true; } });
    network.on("deselectNode", function () { info.hidden = true; });
    network.on("selectNode", function (p) {
      var n = byId[p.nodes[0]];
      if (n && n.kind === "group" && PAGE.test(n.href)) { window.location.href = n.href; return; }
      show(p.nodes[0]);
    });
    network.on("doubleClick", function (p) {
      var n = byId[p.nodes[0]];
      if (n && n.href && PAGE.test(n.href)) { window.location.href = n.href; }
    });
    network.fit({ animation: false });
  } else if (container) {
    container.hidden = true;
    var side = document.getElementById("side");
    if (side) { side.hidden = true; }
  }

  var legend = document.getElementById("legend");
  function check(label, color, dataset, onChange) {
    var wrap = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    Object.keys(dataset).forEach(function (k) { box.dataset[k] = dataset[k]; });
    box.addEventListener("change", function () { onChange(box.checked); });
    var swatch = el("span", "", "swatch");
    swatch.style.background = color;
    wrap.appendChild(box);
    wrap.appendChild(swatch);
    wrap.appendChild(document.createTextNode(label));
    legend.appendChild(wrap);
  }
  if (legend && network) {
    data.legend.forEach(function (k) {
      check(k.name, k.color, { kind: k.key }, function (on) {
        nodes.update(data.nodes.filter(function (n) { return n.kind === k.key; })
          .map(function (n) { return { id: n.id, hidden: !on }; }));
      });
    });
    (data.links || []).forEach(function (k) {
      check(k.name, k.color, { link: k.key }, function (on) {
        edges.update(edges.get({ filter: function (e) { return e.kind === k.key; } })
          .map(function (e) { return { id: e.id, hidden: !on }; }));
      });
    });
  }

  var count = document.getElementById("count");
  count.textContent = network ? data.nodes.length + " 个节点 · " + data.edges.length + " 条关系" : "";
  var search = document.getElementById("search");
  var found = document.getElementById("found");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    if (!q) {
      if (network) { network.unselectAll(); }
      rows.forEach(function (r) { r.el.classList.remove("hit"); });
      found.textContent = "";
      return;
    }
    var hits = network ? data.nodes.filter(function (n) {
      return (n.label + " " + (n.short || "")).toLowerCase().indexOf(q) >= 0;
    }).map(function (n) { return n.id; }) : [];
    var textHits = rows.filter(function (r) {
      var hit = r.text.toLowerCase().indexOf(q) >= 0;
      r.el.classList.toggle("hit", hit);
      return hit;
    });
    found.textContent = "找到 " + (hits.length + textHits.length) + " 个";
    if (network) {
      network.selectNodes(hits);
      if (hits.length && !data.outline && !data.groups) {
        network.focus(hits[0], { scale: 1.2, animation: false });
        show(hits[0]);
      }
    }
    if (textHits.length) { textHits[0].el.scrollIntoView({ block: "nearest" }); }
  });

  function ready() { document.body.dataset.ready = "1"; }
  if (network) { network.once("afterDrawing", ready); } else { ready(); }
  window.edukgView = { network: network, data: data, nodes: nodes, edges: edges, fontSize: FONT };
}());
