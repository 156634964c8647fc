"""The inline stylesheet and script of the HTML report (no external assets).

Colours meet WCAG 2.2 AA contrast (4.5:1 for text, 3:1 for the focus ring); status
is always a word as well as a colour. The script only hides rows; without it every
row is shown. It reads filters from the query string (``?severity=error``) or the
fragment (``#severity=error``), so a filtered view is a link and a GET form works.
"""

from __future__ import annotations

import typing as t

CSS: t.Final = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1a1a1a; background: #ffffff; margin: 0 auto; max-width: 90rem;
  padding: 1rem 1.5rem; }
h1, h2, h3 { line-height: 1.25; }
a { color: #0b4f9c; }
.skip { position: absolute; left: -999rem; }
.skip:focus { left: 1rem; top: 1rem; background: #ffffff; padding: .5rem; }
:focus-visible { outline: 3px solid #0b4f9c; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin: 0 0 2rem; }
caption { text-align: left; font-weight: 600; padding: .5rem 0; }
th, td { border: 1px solid #6b6b6b; padding: .35rem .5rem; vertical-align: top;
  text-align: left; overflow-wrap: break-word; }
/* A place (file, cell, pointer) is one long token: it may break anywhere, so it
   does not widen its column; words elsewhere break only between words. */
td code { overflow-wrap: anywhere; }
thead th { background: #e8e8e8; }
.badge { display: inline-block; font-weight: 700; padding: 0 .4rem;
  border-radius: .25rem; border: 1px solid currentColor; white-space: nowrap; }
.fail, .error, .fail-new { color: #7f1d1d; background: #fee2e2; }
.fail-unchanged { color: #1a1a1a; background: #e5e5e5; }
.pass { color: #14532d; background: #dcfce7; }
.warning, .waived { color: #713f12; background: #fef9c3; }
.info { color: #1e3a8a; background: #dbeafe; }
.not-checked { color: #1a1a1a; background: #e5e5e5; }
.scroll { overflow-x: auto; max-width: 100%; }
form { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: flex-end;
  margin: 0 0 1rem; padding: .75rem; border: 1px solid #6b6b6b; }
label { display: block; font-weight: 600; }
select, button { font: inherit; padding: .25rem .5rem; color: #1a1a1a;
  background: #ffffff; border: 1px solid #4d4d4d; border-radius: .25rem; }
button { background: #0b4f9c; color: #ffffff; border-color: #0b4f9c; }
footer { border-top: 1px solid #6b6b6b; margin-top: 2rem; font-size: .9rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  form, .skip, #shown { display: none; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .badge { border: 1px solid #000000; }
  a { color: #000000; }
}
"""

SCRIPT: t.Final = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var keys = ["project", "board", "duty", "severity"];
  function wanted() {
    var params = new URLSearchParams(location.search);
    var hash = new URLSearchParams(location.hash.replace(/^#/, ""));
    keys.forEach(function (key) {
      var value = hash.get(key) || params.get(key);
      if (value !== null) { form.elements[key].value = value; }
    });
  }
  function matches(row, key, value) {
    if (!value) { return true; }
    var have = row.getAttribute("data-" + key) || "";
    if (key === "project" || key === "severity") { return have === value; }
    return have.split(" ").indexOf(value) !== -1;
  }
  function apply() {
    var shown = 0;
    var rows = document.querySelectorAll("#findings tbody tr");
    rows.forEach(function (row) {
      var ok = keys.every(function (key) {
        return matches(row, key, form.elements[key].value);
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var project = form.elements.project.value;
    document.querySelectorAll("#submissions tbody tr").forEach(function (row) {
      row.hidden = !matches(row, "project", project);
    });
    document.getElementById("shown").textContent =
      "Showing " + shown + " of " + rows.length + " findings.";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  wanted();
  apply();
})();
"""
