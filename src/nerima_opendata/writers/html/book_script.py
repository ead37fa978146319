"""The budget book page's inline script and style: the zoomable treemap and the
taxes-per-day calculator. Nothing is fetched; the script reads the page's own data.

The script enhances a page that works without it: the treemap box and the calculator's
form are ``hidden`` until the script shows them, and the nested table of totals (open
without the script) is folded once the treemap is drawn. It reads the tree of totals
from ``<script type="application/json" id="book-data">`` (written by
:func:`.book_data.page_data`) and the calculator's amounts from the table's ``data-*``
attributes; the calculator divides with ``BigInt`` so that it rounds exactly as integer
arithmetic does (half up), never through floating point.

The treemap is squarified (Bruls, Huizing and van Wijk, 2000): tiles are ``<button>``
elements (a 款 zooms into its 項, a 項 into its 目; a 目 is a plain box), placed in
percentages of the box, each carrying ``data-node`` and ``data-amount``; a breadcrumb
leads back up.
"""

from __future__ import annotations

__all__ = ["BOOK_CSS", "BOOK_JS"]

BOOK_CSS = """
[hidden] { display: none !important; }
.views { display: flex; flex-wrap: wrap; gap: .4rem; margin: .5rem 0; }
.views button, .crumbs button, #tax-form button { font: inherit; padding: .2rem .7rem;
  border: 1px solid var(--accent); background: #fff; color: var(--accent); border-radius: 4px;
  cursor: pointer; }
.views button[aria-pressed=true] { background: var(--accent); color: #fff; }
nav.crumbs { padding: 0; margin: 0; max-width: none; }
tr.depth-1 th, tr.depth-1 td { background: var(--soft); font-weight: bold; }
.crumbs ol { list-style: none; padding: 0; margin: .5rem 0; display: flex; flex-wrap: wrap;
  gap: .25rem; }
.crumbs li + li::before { content: "›"; margin-right: .25rem; color: var(--muted); }
.crumbs [aria-current] { font-weight: bold; }
.treemap { position: relative; width: 100%; height: 32rem; max-height: 70vh;
  border: 1px solid var(--line); background: var(--soft); overflow: hidden; }
.tile { position: absolute; overflow: hidden; border: 1px solid #fff; margin: 0;
  padding: .25rem .4rem; color: #fff; text-align: left; font: inherit; font-size: .85rem;
  line-height: 1.35; display: flex; flex-direction: column; justify-content: flex-start;
  align-items: flex-start; }
button.tile { cursor: zoom-in; }
.tile:hover { filter: brightness(1.12); }
.tile:focus-visible, .crumbs button:focus-visible, .views button:focus-visible {
  outline: 3px solid #ffbf47; outline-offset: -3px; z-index: 1; }
.tile strong, .tile span { display: block; }
details.totals summary { cursor: pointer; font-weight: bold; margin: .75rem 0; }
tr.depth-2 th { font-weight: bold; }
tr.depth-3 th { padding-left: 1.6rem; font-weight: normal; }
tr.depth-4 th { padding-left: 3.2rem; font-weight: normal; color: var(--muted); }
#tax-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
#tax-form input { font: inherit; padding: .2rem .5rem; width: 12rem; }
.unit { background: var(--soft); padding: .5rem .75rem; border-left: 4px solid var(--accent); }
"""

BOOK_JS = r"""
(function () {
  "use strict";
  var source = document.getElementById("book-data");
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var W = 1000, H = 600;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function total(items) { return items.reduce(function (s, i) { return s + i.v; }, 0); }
  function worst(row, side, scale) {
    var s = total(row) * scale, big = 0, small = Infinity;
    row.forEach(function (i) { var a = i.v * scale; big = Math.max(big, a); small = Math.min(small, a); });
    return Math.max(side * side * big / (s * s), s * s / (side * side * small));
  }
  function squarify(items, x, y, w, h) {
    var out = [], rest = items.slice(), scale = w * h / total(items);
    while (rest.length) {
      var side = Math.min(w, h), row = [rest.shift()], best = worst(row, side, scale);
      while (rest.length && worst(row.concat([rest[0]]), side, scale) <= best) {
        row.push(rest.shift()); best = worst(row, side, scale);
      }
      var area = total(row) * scale, pos;
      if (w >= h) {
        var cw = area / h; pos = y;
        row.forEach(function (i) { var ih = i.v * scale / cw; out.push([i, x, pos, cw, ih]); pos += ih; });
        x += cw; w -= cw;
      } else {
        var ch = area / w; pos = x;
        row.forEach(function (i) { var iw = i.v * scale / ch; out.push([i, pos, y, iw, ch]); pos += iw; });
        y += ch; h -= ch;
      }
    }
    return out;
  }

  function treemap() {
    var app = document.getElementById("treemap-app");
    if (!app || !data.views.length) { return; }
    var box = document.getElementById("treemap-tiles");
    var crumbs = document.getElementById("treemap-crumbs");
    var caption = document.getElementById("treemap-caption");
    var switcher = document.getElementById("treemap-views");
    var path = [];
    function tile(node, rect, colour, zoomable) {
      var t = el(zoomable ? "button" : "div", "tile");
      if (zoomable) { t.type = "button"; t.addEventListener("click", function () { path.push(node); draw(true); }); }
      t.dataset.node = node.id;
      t.dataset.amount = String(node.v);
      t.title = node.name + " " + node.f + "（" + node.s + "）";
      t.style.left = (rect[1] / W * 100) + "%";
      t.style.top = (rect[2] / H * 100) + "%";
      t.style.width = (rect[3] / W * 100) + "%";
      t.style.height = (rect[4] / H * 100) + "%";
      t.style.background = colour;
      t.appendChild(el("strong", "", node.name));
      t.appendChild(el("span", "amount", node.f));
      t.appendChild(el("span", "share", node.s));
      return t;
    }
    function crumb(node, index, last) {
      var li = el("li");
      if (last) {
        var here = el("span", "", node.name); here.setAttribute("aria-current", "location"); li.appendChild(here);
      } else {
        var b = el("button", "", node.name); b.type = "button";
        b.addEventListener("click", function () { path = path.slice(0, index + 1); draw(true); });
        li.appendChild(b);
      }
      return li;
    }
    function draw(focus) {
      var focusNode = path[path.length - 1];
      var shown = (focusNode.c || []).filter(function (c) { return c.v > 0; })
        .sort(function (a, b) { return b.v - a.v; });
      box.textContent = ""; crumbs.textContent = "";
      path.forEach(function (n, i) { crumbs.appendChild(crumb(n, i, i === path.length - 1)); });
      squarify(shown, 0, 0, W, H).forEach(function (rect, i) {
        var zoomable = !!(rect[0].c && rect[0].c.length);
        box.appendChild(tile(rect[0], rect, data.palette[i % data.palette.length], zoomable));
      });
      var hidden = (focusNode.c || []).length - shown.length;
      caption.textContent = focusNode.name + " " + focusNode.f + " · " + shown.length + "件" +
        (hidden ? "（0円以下の" + hidden + "件は表示していません）" : "");
      if (focus) { var first = box.querySelector(".tile") || crumbs.querySelector("[aria-current]"); if (first) { first.focus(); } }
    }
    function choose(view) {
      path = [view];
      Array.prototype.forEach.call(switcher.querySelectorAll("button"), function (b) {
        b.setAttribute("aria-pressed", String(b.dataset.view === view.id));
      });
      draw(false);
    }
    data.views.forEach(function (view) {
      var b = el("button", "", view.name + " " + view.f); b.type = "button"; b.dataset.view = view.id;
      b.addEventListener("click", function () { choose(view); });
      switcher.appendChild(b);
    });
    switcher.hidden = data.views.length < 2;
    app.hidden = false;
    var table = document.getElementById("totals-table");
    if (table) { table.open = false; }
    var start = data.views.filter(function (v) { return v.id === data.taxView; })[0] || data.views[0];
    choose(start);
  }

  function taxes() {
    var form = document.getElementById("tax-form"), table = document.getElementById("tax-table");
    if (!form || !table) { return; }
    var input = document.getElementById("tax-input"), message = document.getElementById("tax-message");
    var whole = BigInt(table.dataset.total), days = BigInt(table.dataset.days);
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr[data-amount]"));
    function half(n, d) { return (BigInt(2) * n + d) / (BigInt(2) * d); }
    function yen(n) { return n.toLocaleString("ja-JP") + "円"; }
    function tenths(n) { return (n / BigInt(10)).toLocaleString("ja-JP") + "." + (n % BigInt(10)) + "円"; }
    function update() {
      var text = input.value.normalize("NFKC").replace(/[,\s]/g, "");
      var ok = /^[0-9]+$/.test(text);
      message.textContent = text === "" ? "" : ok ? "" : "0以上の整数（円）を入力してください。 Enter a whole number of yen.";
      var tax = ok ? BigInt(text) : null;
      rows.forEach(function (row) {
        var v = BigInt(row.dataset.amount);
        var perDay = tax === null ? null : half(tax * v * BigInt(10), whole * days);
        row.querySelector(".per-year").textContent = tax === null ? "—" : yen(half(tax * v, whole));
        row.querySelector(".per-day").textContent = perDay === null ? "—" : tenths(perDay);
        row.dataset.perDayTenths = perDay === null ? "" : perDay.toString();
      });
      if (tax !== null) {
        message.textContent = "年間" + yen(tax) + " → 1日あたり" + tenths(half(tax * BigInt(10), days)) +
          "（" + days + "日で割った額） / per day";
      }
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    input.addEventListener("input", update);
    form.hidden = false;
  }

  treemap();
  taxes();
})();
"""
