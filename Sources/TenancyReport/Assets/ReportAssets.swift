// Generated from report.css and report.js by `TENANCY_UPDATE_GOLDEN=1 swift test --filter EmbeddedReportAssetsTests`,
// with the slots of WorkspaceSlot and the tables of SettingTable written into the script.
// Do not edit: edit the two files beside this one and regenerate; a test fails when they differ.

/// The report's stylesheet and script, inline in the page (the page loads nothing). Colours are
/// chosen for contrast of at least 4.5:1 against their background (text) and 3:1 (bars); status
/// is always said in words as well as colour.
enum ReportAssets {
    static let css = #"""
:root { --text: #1b1f24; --muted: #4b5563; --line: #d0d7de; --panel: #f6f8fa; --link: #0a54c2;
  --ok: #116329; --warning: #8a4600; --exceeded: #b3261e; --bar: #1f6feb; --track: #e6e9ee; }
* { box-sizing: border-box; }
html { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--text); background: #fff; }
body { margin: 0; }
a { color: var(--link); }
a:focus, button:focus, input:focus, select:focus, table:focus-visible, summary:focus { outline: 3px solid #0a54c2; outline-offset: 2px; }
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
table { border-collapse: collapse; margin: .6em 0 1em; width: 100%; display: block; overflow-x: auto;
  /* A table cut at the edge shows a shadow there (the covers scroll with the content and hide the
     shadows at an end that is reached): it can be scrolled, by keyboard too (tabindex). */
  background: linear-gradient(to right, #fff 30%, rgba(255,255,255,0)) left / 2em 100% no-repeat local,
    linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) right / 2em 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.22), rgba(0,0,0,0)) left / .9em 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.22), rgba(0,0,0,0)) right / .9em 100% no-repeat scroll; }
.provenance { margin-top: .4em; } .provenance summary { color: var(--muted); cursor: pointer; }
caption { text-align: left; font-weight: 600; padding: .3em 0; }
th, td { border-bottom: 1px solid var(--line); padding: .35em .6em; text-align: left; vertical-align: top; }
thead th { background: var(--panel); font-size: .9em; }
tr.inherited th, tr.inherited td { background: #fbfbfc; }
.note { color: var(--muted); }
.cards { list-style: none; padding: 0; margin: .6em 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(12em, 1fr)); gap: .6em; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6em .8em; display: flex; flex-direction: column; break-inside: avoid; }
.card-title { color: var(--muted); font-size: .85em; }
.card-value { font-size: 1.4em; font-weight: 600; white-space: nowrap; }
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
.filter input[type=search] { width: 22em; max-width: 100%; }
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

"""#

    static let script = #"""
(function () {
  "use strict";
  var doc = document;
  var W_NAME = 0, W_ANCHOR = 1, W_ATTRIBUTES = 2, W_DISPLAY = 3, W_DESCRIPTION = 4, W_TEMPLATE = 5, W_PROFILES = 6, W_LABELS = 7, W_STATUS = 8, W_STATUS_WORD = 9, W_CARDS = 10, W_COMPLIANCE = 11, W_USAGE_CAPTION = 12, W_USAGE = 13, W_SETTINGS = 14, W_QUOTA_INTRO = 15, W_QUOTAS = 16, W_BILL = 17, W_ANALYTICS_INTRO = 18, W_CHARTS = 19, W_WEEK_OVER_WEEK = 20, W_LINE_BASE = 21, W_OWN_FILE = 22;
  var TABLE_POLICIES = 0, TABLE_QUOTAS = 1, TABLE_SECURITY = 2, TABLE_BILLING = 3;
  var CAPTIONS = ["Policies, retention and integrations as applied", "Where the quotas are written", "Security as applied: allowlist, geographic rules, TLS, encryption, VPN, rate limits", "Billing settings as applied"];
  doc.documentElement.classList.add("js");
  // A large organization's sections, kept as data until shown (ReportData): rendered here
  // exactly as Tenancy renders a section in the page (WorkspaceHTML); the browser test
  // compares the two.
  var data = null;
  function load() {
    if (!data) { var block = doc.getElementById("report-data"); data = block ? JSON.parse(block.textContent) : { w: [], a: [], r: [], s: [], sh: [], areas: [] }; }
    return data;
  }
  // A string of the data: its number in the table, or itself (used once), or null.
  function S(i) { return typeof i === "number" ? data.s[i] : i; }
  // A section's settings from its shape (data.sh: each row's code, path, a template
  // default's file, line and column, rules) and its own values, as rows of
  // [code, path, value, line, column, rules…] (own), [code, path, value, file, line, column,
  // rules…] (a template default) or [code, path, value, rules…] (not in the checkout).
  function expand(w) {
    var f = w[W_SETTINGS], k = 1, rows = [];
    data.sh[f[0]].forEach(function (r) {
      var kind = r[0] & 3;
      if (kind === 0) { rows.push([r[0], r[1], f[k], f[k + 1], f[k + 2]].concat(r.slice(2))); k += 3; }
      else if (kind === 1) { rows.push([r[0], r[1], f[k], r[2], r[3], r[4]].concat(r.slice(5))); k += 1; }
      else { rows.push([r[0], r[1], f[k]].concat(r.slice(2))); k += 1; }
    });
    var out = w.slice();
    out[W_SETTINGS] = rows;
    return out;
  }
  var TABS = [["overview", "Overview"], ["policies", "Policies"], ["quotas", "Quotas"], ["security", "Security"], ["billing", "Billing"], ["analytics", "Analytics"]];
  function tenths(v) { var sign = v < 0 ? "-" : "", m = Math.abs(v); return m % 10 === 0 ? sign + Math.floor(m / 10) : sign + Math.floor(m / 10) + "." + (m % 10); }
  function panel(w, tab, body) {
    var a = w[W_ANCHOR], t = TABS[tab];
    return '<section class="panel" role="tabpanel" id="' + a + '-' + t[0] + '" aria-labelledby="' + a + '-h ' + a + '-tab-' + t[0] + '">\n<h4>' + t[1] + '</h4>\n' + body + '</section>\n';
  }
  function overview(w) {
    var out = '<ul class="cards">\n';
    w[W_CARDS].forEach(function (c) { out += '<li class="card"><span class="card-title">' + S(c[0]) + '</span> <span class="card-value">' + S(c[1]) + '</span> <span class="card-note">' + S(c[2]) + '</span></li>\n'; });
    out += '</ul>\n';
    if (w[W_COMPLIANCE].length) { out += '<p>Compliance: ' + w[W_COMPLIANCE].map(S).join("; ") + '.</p>\n'; }
    if (w[W_USAGE_CAPTION] === null) { return out + '<p class="note">No usage records for this workspace.</p>\n'; }
    out += '<table tabindex="0" class="kv"><caption>' + S(w[W_USAGE_CAPTION]) + '</caption><tbody>\n';
    w[W_USAGE].forEach(function (r) { out += '<tr><th scope="row">' + S(r[0]) + '</th><td>' + S(r[1]) + '</td></tr>\n'; });
    return out + '</tbody></table>\n';
  }
  function settings(w, table) {
    var rows = w[W_SETTINGS].filter(function (r) { return r[0] >> 2 === table; });
    if (!rows.length) { return '<p class="note">None set.</p>\n'; }
    var out = '<table tabindex="0" class="settings"><caption>' + CAPTIONS[table] + '</caption>\n<thead><tr><th scope="col">Setting</th><th scope="col">Value</th><th scope="col">Written at</th><th scope="col">Enforced by</th></tr></thead>\n<tbody>\n';
    rows.forEach(function (r) {
      // Own (0): line from the first own line, in the workspace's file; elsewhere (1): the
      // file, its line; not in the checkout (2).
      var kind = r[0] & 3, inherited = kind === 1, rules, at = null;
      if (kind === 0) { at = S(w[W_OWN_FILE]) + ':' + (r[3] + w[W_LINE_BASE]) + ':' + r[4]; rules = r.slice(5); }
      else if (kind === 1) { at = S(r[3]) + ':' + r[4] + ':' + r[5]; rules = r.slice(6); }
      else { rules = r.slice(3); }
      out += '<tr' + (inherited ? ' class="inherited"' : '') + '><th scope="row"><code>' + S(r[1]) + '</code></th><td>' + S(r[2]) + '</td><td>';
      out += at === null ? '<span class="note">not in the checkout</span>' : (inherited ? 'template default (' + at + ')' : at);
      out += '</td><td>' + rules.map(function (k) { return data.r[k] || ""; }).join("<br>") + '</td></tr>\n';
    });
    return out + '</tbody></table>\n';
  }
  function bar(fill, tick, status, label) {
    var svg = '<svg class="bar" viewBox="0 0 240 14" width="240" height="14" role="img" aria-label="' + label + '">';
    svg += '<rect class="track" x="0" y="2" width="240" height="10" rx="2"/>';
    if (fill > 0) { svg += '<rect class="fill ' + status + '" x="0" y="2" width="' + tenths(fill) + '" height="10" rx="2"/>'; }
    return svg + '<line class="tick" x1="' + tenths(tick) + '" x2="' + tenths(tick) + '" y1="0" y2="14"/></svg>';
  }
  function quotas(w) {
    if (w[W_QUOTA_INTRO] === null) { return '<p class="note">This workspace sets no quotas.</p>\n'; }
    var out = '<p>' + S(w[W_QUOTA_INTRO]) + '</p>\n';
    out += '<table tabindex="0" class="quotas"><caption>Quotas against use</caption>\n<thead><tr><th scope="col">Quota</th><th scope="col">Used</th><th scope="col">Limit</th><th scope="col">Use</th><th scope="col">Status</th><th scope="col">Reached at this rate</th></tr></thead>\n<tbody>\n';
    w[W_QUOTAS].forEach(function (q) {
      var measure = S(q[0]), percent = S(q[5]), words = S(q[6]).split(" "), status = words[0], name = words[1];
      out += '<tr class="' + status + '"><th scope="row"><code>' + measure + '</code></th><td>' + S(q[1]) + '</td><td>' + S(q[2]) + '</td>';
      out += '<td>' + bar(q[3], q[4], status, measure + ': ' + percent + ' of the limit, ' + name) + ' ' + percent + '</td>';
      out += '<td><span class="status ' + status + '">' + name + '</span></td><td>' + S(q[7]) + '</td></tr>\n';
    });
    return out + '</tbody></table>\n' + settings(w, TABLE_QUOTAS);
  }
  function billing(w) {
    var b = w[W_BILL];
    if (b === null) { return '<p class="note">No usage records: nothing billed yet.</p>\n' + settings(w, TABLE_BILLING); }
    var lines = b[4].map(function (l) { return [S(l[0]), S(l[1]), S(l[2]), l[3]]; });
    var out = '<p>' + S(b[0]) + ': <strong>' + b[1] + '</strong> so far' + (b[2] !== null ? ', <strong>' + b[2] + '</strong> projected for the month.' : '.') + '</p>\n';
    out += '<svg class="breakdown" viewBox="0 0 300 18" width="300" height="18" role="img" aria-labelledby="' + w[W_ANCHOR] + '-cost-t"><title id="' + w[W_ANCHOR] + '-cost-t">Cost so far by service: ' + lines.map(function (l) { return l[0] + ' ' + l[3]; }).join(", ") + '</title>';
    out += '<rect class="track" x="0" y="2" width="300" height="14" rx="2"/>';
    b[3].forEach(function (p) { var l = lines[p[2]] || ["", "", "", ""]; out += '<rect class="part p' + (p[2] % 6) + '" x="' + tenths(p[0]) + '" y="2" width="' + tenths(p[1]) + '" height="14"><title>' + l[0] + ': ' + l[3] + '</title></rect>'; });
    out += '</svg>';
    out += '<table tabindex="0" class="bill"><caption>Cost by service</caption>\n<thead><tr><th scope="col">Service</th><th scope="col">Quantity</th><th scope="col">Unit price</th><th scope="col">Amount</th></tr></thead>\n<tbody>\n';
    lines.forEach(function (l, i) {
      out += '<tr><th scope="row"><span class="swatch p' + (i % 6) + '" aria-hidden="true"></span>' + l[0] + '</th><td>' + l[1] + '</td><td>' + l[2] + '</td><td>' + l[3] + '</td></tr>\n';
    });
    out += '</tbody><tfoot><tr><th scope="row">Total</th><td></td><td></td><td>' + b[1] + '</td></tr></tfoot></table>\n';
    if (b[5] !== null) { out += '<p>' + b[5] + '</p>\n'; }
    b[6].forEach(function (n) { out += '<p class="note">' + S(n) + '</p>\n'; });
    return out + settings(w, TABLE_BILLING);
  }
  function trend(c, id) {
    var svg = '<svg class="trend" viewBox="0 0 300 80" width="300" height="80" role="img" aria-labelledby="' + id + '-t ' + id + '-d"><title id="' + id + '-t">' + S(c[1]) + '</title>';
    if (c[2] === null) { return svg + '<desc id="' + id + '-d">no usage records in the period</desc><text class="none" x="150" y="44" text-anchor="middle">no data</text></svg>'; }
    var heights = [], path = "", lx = 0, ly = 0;
    for (var k = 0; k < c[9].length; k += 2) { var pair = c[9].substr(k, 2); heights.push(pair === "--" ? null : parseInt(pair, 36)); }
    var count = Math.max(heights.length - 1, 1);
    var words = c[2] + ' days from ' + S(c[3]) + ' to ' + S(c[4]) + ': first ' + c[5] + ', last ' + c[6] + ', lowest ' + c[8] + ', highest ' + c[7];
    heights.forEach(function (h, i) {
      if (h === null) { return; }
      var x = Math.round((6 + i / count * 288) * 10);
      path += (path ? " L" : "M") + tenths(x) + " " + tenths(h);
      lx = x; ly = h;
    });
    svg += '<desc id="' + id + '-d">' + words + '</desc><line class="axis" x1="6" x2="294" y1="74" y2="74"/><path class="line" d="' + path + '"/>';
    svg += '<circle class="dot" cx="' + tenths(lx) + '" cy="' + tenths(ly) + '" r="3"/>';
    svg += '<text class="scale" x="294" y="10" text-anchor="end" aria-hidden="true">' + c[7] + '</text>';
    return svg + '<text class="scale" x="294" y="72" text-anchor="end" aria-hidden="true">' + c[8] + '</text></svg>';
  }
  function analytics(w) {
    if (w[W_ANALYTICS_INTRO] === null) { return '<p class="note">No usage records for this workspace.</p>\n'; }
    var out = '<p>' + S(w[W_ANALYTICS_INTRO]) + '</p>\n<div class="charts">\n';
    w[W_CHARTS].forEach(function (c) { out += '<figure>' + trend(c, w[W_ANCHOR] + '-' + S(c[0])) + '<figcaption>' + S(c[1]) + '</figcaption></figure>\n'; });
    out += '</div>\n';
    if (w[W_WEEK_OVER_WEEK].length) {
      out += '<table tabindex="0" class="wow"><caption>Week over week</caption>\n<thead><tr><th scope="col">Metric</th><th scope="col">This week</th><th scope="col">The week before</th><th scope="col">Change</th></tr></thead>\n<tbody>\n';
      w[W_WEEK_OVER_WEEK].forEach(function (r) { out += '<tr><th scope="row">' + S(r[0]) + '</th><td>' + r[1] + '</td><td>' + r[2] + '</td><td>' + r[3] + '</td></tr>\n'; });
      out += '</tbody></table>\n';
    }
    return out;
  }
  function esc(t) { return (t || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;"); }
  // The filter's attributes of a kept section, as its index entry has them.
  function attributes(w) {
    if (w[W_ATTRIBUTES] === null) {
      var link = doc.querySelector('.index a[href="#' + w[W_ANCHOR] + '"]'), li = link ? link.parentNode : null;
      w[W_ATTRIBUTES] = li ? ' data-name="' + esc(li.dataset.name) + '" data-labels="' + esc(li.dataset.labels) + '" data-template="' + esc(li.dataset.template) + '"' : '';
    }
    return w[W_ATTRIBUTES];
  }
  function renderWorkspace(w) {
    var a = w[W_ANCHOR], out = '<article class="ws" id="' + a + '" aria-labelledby="' + a + '-h"' + attributes(w) + '>\n';
    out += '<h3 id="' + a + '-h">' + w[W_NAME] + (w[W_DISPLAY] !== null ? ' <span class="sub">' + w[W_DISPLAY] + '</span>' : '') + '</h3>\n';
    if (w[W_DESCRIPTION] !== null) { out += '<p class="description">' + w[W_DESCRIPTION] + '</p>\n'; }
    out += '<p class="badges"><span class="status ' + S(w[W_STATUS]) + '">' + S(w[W_STATUS_WORD]) + '</span> ';
    if (w[W_TEMPLATE]) { out += '<a class="badge" href="#' + S(w[W_TEMPLATE][1]) + '">template ' + S(w[W_TEMPLATE][0]) + '</a> '; }
    w[W_PROFILES].forEach(function (p) { out += '<a class="badge" href="#' + S(p[1]) + '">profile ' + S(p[0]) + '</a> '; });
    w[W_LABELS].forEach(function (l) { out += '<span class="badge label">' + S(l) + '</span> '; });
    out += '</p>\n';
    out += '<div class="tabs" role="tablist" aria-label="' + w[W_NAME] + ' settings">';
    TABS.forEach(function (t, i) {
      out += '<button type="button" role="tab" id="' + a + '-tab-' + t[0] + '" aria-controls="' + a + '-' + t[0] + '" aria-selected="' + (i === 0) + '"' + (i === 0 ? '' : ' tabindex="-1"') + '>' + t[1] + '</button>';
    });
    out += '</div>\n' + panel(w, 0, overview(w)) + panel(w, 1, settings(w, TABLE_POLICIES)) + panel(w, 2, quotas(w)) + panel(w, 3, settings(w, TABLE_SECURITY));
    return out + panel(w, 4, billing(w)) + panel(w, 5, analytics(w)) + '</article>\n';
  }
  function renderAccess(k) {
    var w = data.w[k], rows = data.a[k], a = "access" + w[W_ANCHOR].slice(2);
    var out = '<table tabindex="0" class="matrix" id="' + a + '"' + attributes(w) + '><caption>Access to <a href="#' + w[W_ANCHOR] + '">' + w[W_NAME] + '</a></caption>\n';
    out += '<thead><tr><th scope="col">Who</th>' + data.areas.map(function (x) { return '<th scope="col">' + x + '</th>'; }).join("") + '<th scope="col">Via</th></tr></thead>\n<tbody>\n';
    if (!rows.length) { out += '<tr><td colspan="' + (data.areas.length + 2) + '">nobody: no grant or service account reaches it</td></tr>\n'; }
    rows.forEach(function (r) {
      out += '<tr><th scope="row">' + S(r[0]) + (r[1] ? ' <span class="badge">service account</span>' : '') + '</th>';
      out += S(r[2]).split("|").map(function (c) { return '<td>' + c + '</td>'; }).join("") + '<td>' + S(r[3]) + '</td></tr>\n';
    });
    return out + '</tbody></table>\n';
  }
  function render(slot) {
    if (!slot || !slot.classList.contains("slot")) { return; }
    load();
    if (slot.dataset.i !== undefined) { slot.outerHTML = renderWorkspace(expand(data.w[+slot.dataset.i])); }
    else if (slot.dataset.a !== undefined) { slot.outerHTML = renderAccess(+slot.dataset.a); }
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
    if (id === "all") { renderAll(); setUp(doc); return; }
    if (!target) {
      // A part of a kept section (`#ws-NAME-quotas`): its section first.
      doc.querySelectorAll(".slot").forEach(function (slot) { if (!target && id.indexOf(slot.id + "-") === 0) { render(slot); setUp(doc); target = doc.getElementById(id); } });
    }
    if (target) {
      var panel = target.closest ? target.closest("[role=tabpanel]") : null;
      if (panel) { var tab = doc.getElementById(panel.getAttribute("aria-labelledby")); if (tab) { select(tab); } }
      target.scrollIntoView();
    }
  }
  var text = doc.getElementById("filter-text"), template = doc.getElementById("filter-template"), count = doc.getElementById("filter-count");
  // Shows what matches the filter, hides the rest; the index's entries that match.
  function apply() {
    var words = (text.value || "").toLowerCase().split(/\s+/).filter(Boolean), wanted = template.value, shown = [];
    doc.querySelectorAll(".index li[data-name], .ws[data-name], table.matrix[data-name]").forEach(function (item) {
      var hay = (item.dataset.name + " " + item.dataset.labels).toLowerCase();
      var match = words.every(function (w) { return hay.indexOf(w) >= 0; }) && (!wanted || item.dataset.template === wanted);
      if (match) { item.removeAttribute("data-hidden"); } else { item.setAttribute("data-hidden", ""); }
      if (match && item.tagName === "LI") { shown.push(item.querySelector("a").getAttribute("href").slice(4)); }
    });
    count.value = shown.length + (shown.length === 1 ? " workspace" : " workspaces");
    var keep = {};
    shown.forEach(function (n) { keep[n] = true; });
    doc.querySelectorAll(".slot").forEach(function (slot) {
      if (keep[slot.id.slice(slot.id.indexOf("-") + 1)]) { slot.removeAttribute("data-hidden"); } else { slot.setAttribute("data-hidden", ""); }
    });
    return shown;
  }
  function filter() {
    var shown = apply();
    // Kept sections: those left are put in the page when they are few enough.
    if (shown.length <= 50 && doc.querySelector(".slot")) {
      shown.forEach(function (n) { render(doc.getElementById("ws-" + n)); render(doc.getElementById("access-" + n)); });
      setUp(doc);
      apply();
    }
  }
  if (text && template && count) { text.addEventListener("input", filter); template.addEventListener("change", filter); }
  window.addEventListener("hashchange", reveal);
  window.addEventListener("beforeprint", function () { renderAll(); setUp(doc); doc.querySelectorAll(".panel").forEach(function (p) { p.hidden = false; }); });
  window.addEventListener("afterprint", function () { setUp(doc); doc.querySelectorAll("[role=tablist]").forEach(function (l) { var t = l.querySelector("[aria-selected=true]"); if (t) { select(t); } }); });
  setUp(doc);
  reveal();
})();

"""#
}
