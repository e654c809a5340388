/// The report's stylesheet and script, inline in the page (the page loads nothing). Colours are
/// chosen for contrast of at least 4.5:1 against their background (text) and 3:1 (bars); status
/// is always said in words as well as colour.
enum ReportAssets {
    static let css = """
    :root { --text: #1b1f24; --muted: #4b5563; --line: #d0d7de; --panel: #f6f8fa; --link: #0a54c2;
      --ok: #116329; --warning: #8a4600; --exceeded: #b3261e; --bar: #1f6feb; --track: #e6e9ee; }
    * { box-sizing: border-box; }
    html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--text); background: #fff; }
    body { margin: 0; }
    a { color: var(--link); }
    a:focus, button:focus, input:focus, select:focus { outline: 3px solid #0a54c2; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5em; }
    .skip:focus { left: .5em; }
    header { padding: 1em 1.5em; border-bottom: 1px solid var(--line); background: var(--panel); }
    h1 { margin: 0 0 .4em; font-size: 1.6em; }
    h2 { margin: 1.6em 0 .6em; font-size: 1.35em; border-bottom: 2px solid var(--line); padding-bottom: .2em; }
    h3 { margin: 1.2em 0 .4em; font-size: 1.15em; }
    h4 { margin: .8em 0 .4em; font-size: 1em; }
    .sub { color: var(--muted); font-weight: normal; font-size: .85em; }
    .stamp { display: grid; grid-template-columns: repeat(auto-fill, minmax(18em, 1fr)); gap: .3em 1.5em; margin: 0; }
    .stamp div { display: flex; flex-direction: column; min-width: 0; }
    .stamp dt { color: var(--muted); font-size: .85em; }
    .stamp dd { margin: 0; overflow-wrap: anywhere; }
    nav ul { list-style: none; margin: 0; padding: .5em 1.5em; display: flex; flex-wrap: wrap; gap: .4em 1.2em; border-bottom: 1px solid var(--line); }
    main { padding: 0 1.5em 2em; max-width: 80em; }
    footer { padding: 1em 1.5em; color: var(--muted); border-top: 1px solid var(--line); }
    code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
    .stamp code, td code { overflow-wrap: anywhere; }
    table { border-collapse: collapse; margin: .6em 0 1em; width: 100%; display: block; overflow-x: auto; }
    caption { text-align: left; font-weight: 600; padding: .3em 0; }
    th, td { border-bottom: 1px solid var(--line); padding: .35em .6em; text-align: left; vertical-align: top; }
    thead th { background: var(--panel); font-size: .9em; }
    tr.inherited th, tr.inherited td { background: #fbfbfc; }
    .note { color: var(--muted); }
    .cards { list-style: none; padding: 0; margin: .6em 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(12em, 1fr)); gap: .6em; }
    .card { border: 1px solid var(--line); border-radius: 6px; padding: .6em .8em; display: flex; flex-direction: column; break-inside: avoid; }
    .card-title { color: var(--muted); font-size: .85em; }
    .card-value { font-size: 1.4em; font-weight: 600; }
    .card-note { color: var(--muted); font-size: .85em; }
    .badge { display: inline-block; border: 1px solid var(--line); border-radius: 1em; padding: 0 .6em; font-size: .85em; color: var(--text); text-decoration: none; background: #fff; }
    .status { font-weight: 600; white-space: nowrap; }
    .status.ok { color: var(--ok); } .status.warning { color: var(--warning); } .status.exceeded { color: var(--exceeded); } .status.none { color: var(--muted); }
    svg .track { fill: var(--track); } svg .fill { fill: var(--bar); } svg .fill.warning { fill: #b35c00; } svg .fill.exceeded { fill: var(--exceeded); }
    svg .tick { stroke: var(--text); stroke-width: 1.5; } svg .axis { stroke: var(--line); }
    svg .line { fill: none; stroke: var(--bar); stroke-width: 2; } svg .dot { fill: var(--bar); } svg .none, svg .scale { fill: var(--muted); font-size: 10px; }
    svg.bar { vertical-align: middle; max-width: 60vw; } svg.trend, svg.breakdown { max-width: 100%; height: auto; }
    .p0 { fill: #1f6feb; background: #1f6feb; } .p1 { fill: #8250df; background: #8250df; } .p2 { fill: #bf3989; background: #bf3989; }
    .p3 { fill: #b35c00; background: #b35c00; } .p4 { fill: #116329; background: #116329; } .p5 { fill: #57606a; background: #57606a; }
    .swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .4em; vertical-align: baseline; }
    .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: .8em; }
    figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: .5em; break-inside: avoid; }
    figcaption { font-size: .9em; color: var(--muted); }
    .ws { border-top: 1px solid var(--line); margin-top: 1.5em; }
    .tabs { display: none; gap: .2em; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
    .js .tabs { display: flex; }
    .tabs button { font: inherit; border: 1px solid var(--line); border-bottom: none; background: var(--panel); color: var(--text); padding: .35em .8em; border-radius: 6px 6px 0 0; cursor: pointer; }
    .tabs button[aria-selected="true"] { background: #fff; font-weight: 600; border-color: var(--text); }
    .js .panel[hidden] { display: none; }
    .filter { display: flex; flex-wrap: wrap; gap: .4em .8em; align-items: center; padding: .6em; background: var(--panel); border-radius: 6px; }
    .filter input, .filter select { font: inherit; padding: .25em .4em; border: 1px solid #6e7781; border-radius: 4px; }
    .index { columns: 14em; padding-left: 1.5em; }
    .plain { padding-left: 1.2em; }
    pre.diff { background: var(--panel); padding: .6em; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
    pre.diff .add { color: var(--ok); } pre.diff .remove { color: var(--exceeded); }
    .changes { padding-left: 1.2em; } .change.delete summary { color: var(--exceeded); font-weight: 600; }
    [data-hidden] { display: none !important; }
    @media (max-width: 40em) {
      html { font-size: 14px; } main, header { padding-left: .8em; padding-right: .8em; }
      .stamp { grid-template-columns: 1fr; } svg.bar { width: 8em; }
    }
    @media print {
      html { font-size: 11pt; } nav, .filter, .tabs, .skip, .index { display: none !important; }
      .js .panel[hidden] { display: block !important; } [data-hidden] { display: block !important; }
      details > *:not(summary) { display: block; } a { color: inherit; text-decoration: none; }
      .ws { break-before: page; } table { display: table; } tr, .card, figure { break-inside: avoid; }
      header { background: none; }
    }

    """

    static let script = """
    (function () {
      "use strict";
      var doc = document;
      doc.documentElement.classList.add("js");
      function render(slot) {
        var template = slot && slot.querySelector(":scope > template");
        if (template) { slot.replaceWith(template.content.cloneNode(true)); }
      }
      function renderAll() { doc.querySelectorAll(".slot").forEach(render); doc.querySelectorAll("details").forEach(function (d) { d.open = true; }); }
      function select(tab) {
        var list = tab.parentNode;
        list.querySelectorAll("[role=tab]").forEach(function (other) {
          var on = other === tab;
          other.setAttribute("aria-selected", on ? "true" : "false");
          other.tabIndex = on ? 0 : -1;
          var panel = doc.getElementById(other.getAttribute("aria-controls"));
          if (panel) { panel.hidden = !on; }
        });
      }
      function setUp(root) {
        root.querySelectorAll("[role=tablist]").forEach(function (list) {
          if (list.dataset.ready) { return; }
          list.dataset.ready = "1";
          var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
          tabs.forEach(function (tab, i) {
            tab.addEventListener("click", function () { select(tab); });
            tab.addEventListener("keydown", function (event) {
              var next = event.key === "ArrowRight" ? i + 1 : event.key === "ArrowLeft" ? i - 1 : event.key === "Home" ? 0 : event.key === "End" ? tabs.length - 1 : -2;
              if (next === -2) { return; }
              event.preventDefault();
              var target = tabs[(next + tabs.length) % tabs.length];
              select(target); target.focus();
            });
          });
          var chosen = tabs.filter(function (t) { return t.getAttribute("aria-selected") === "true"; })[0] || tabs[0];
          if (chosen) { select(chosen); }
        });
      }
      function reveal() {
        var id = decodeURIComponent(location.hash.slice(1));
        if (!id) { return; }
        var target = doc.getElementById(id);
        if (target && target.classList.contains("slot")) { render(target); setUp(doc); target = doc.getElementById(id); }
        if (!target) {
          var prefix = id.split("-").slice(0, 2).join("-");
          var slot = doc.getElementById(prefix);
          if (slot && slot.classList.contains("slot")) { render(slot); setUp(doc); target = doc.getElementById(id); }
        }
        if (target) {
          var panel = target.closest ? target.closest("[role=tabpanel]") : null;
          if (panel) { var tab = doc.getElementById(panel.getAttribute("aria-labelledby")); if (tab) { select(tab); } }
          target.scrollIntoView();
        }
      }
      var text = doc.getElementById("filter-text"), template = doc.getElementById("filter-template"), count = doc.getElementById("filter-count");
      function filter() {
        var words = (text.value || "").toLowerCase().split(/\\s+/).filter(Boolean), wanted = template.value, shown = 0;
        var items = doc.querySelectorAll(".ws[data-name], .slot[data-name], .index li[data-name], table.matrix[data-name]");
        var names = {};
        items.forEach(function (item) {
          var hay = (item.dataset.name + " " + item.dataset.labels).toLowerCase();
          var match = words.every(function (w) { return hay.indexOf(w) >= 0; }) && (!wanted || item.dataset.template === wanted);
          if (match) { item.removeAttribute("data-hidden"); names[item.dataset.name] = true; } else { item.setAttribute("data-hidden", ""); }
        });
        shown = Object.keys(names).length;
        count.value = shown + (shown === 1 ? " workspace" : " workspaces");
        if (shown <= 50) { doc.querySelectorAll(".slot:not([data-hidden])").forEach(render); setUp(doc); }
      }
      if (text && template && count) { text.addEventListener("input", filter); template.addEventListener("change", filter); }
      window.addEventListener("hashchange", reveal);
      window.addEventListener("beforeprint", function () { renderAll(); setUp(doc); doc.querySelectorAll(".panel").forEach(function (p) { p.hidden = false; }); });
      window.addEventListener("afterprint", function () { setUp(doc); doc.querySelectorAll("[role=tablist]").forEach(function (l) { var t = l.querySelector("[aria-selected=true]"); if (t) { select(t); } }); });
      setUp(doc);
      reveal();
    })();

    """
}
