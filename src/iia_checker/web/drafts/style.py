"""The stylesheet of the draft pages: task list, status tags, lists and findings.

A constant, so the Content-Security-Policy can name it by its SHA-256 beside the
site's own stylesheet; it uses no external asset.
"""

from __future__ import annotations

import typing as t

DRAFT_STYLE: t.Final = """
.task-list { list-style: none; padding: 0; max-width: 48rem; }
.task-list li { display: flex; justify-content: space-between; gap: 1rem;
  border-bottom: 1px solid #b1b4b6; padding: .6rem 0; }
.tag { display: inline-block; padding: .1rem .5rem; font-weight: 700;
  white-space: nowrap; border: 2px solid currentColor; }
.tag-not-started { color: #383f43; background: #f3f2f1; }
.tag-in-progress { color: #0c2d4a; background: #d2e2f1; }
.tag-has-problems { color: #6e1509; background: #f4cdc6; }
.tag-complete { color: #005a30; background: #cce2d8; }
.field.has-findings { border-left: 5px solid #7f1d1d; padding-left: .75rem; }
ul.findings { list-style: none; padding: 0; margin: .25rem 0 .5rem; }
li.finding { margin: 0 0 .4rem; }
li.sev-error strong { color: #7f1d1d; }
li.sev-warning strong { color: #6b4700; }
.todo { color: #383f43; }
fieldset.item { border: 2px solid #505a5f; margin: 0 0 1rem; padding: .5rem 1rem; }
fieldset.group > legend, fieldset.list > legend { font-weight: 700; }
label { display: block; font-weight: 700; margin: 0 0 .2rem; }
.option label { display: inline; font-weight: 400; }
textarea, select, input[type=text], input[type=email], input[type=url],
input[type=date] { font: inherit; width: 100%; max-width: 40rem;
  box-sizing: border-box; border: 2px solid #0b0c0c; padding: .3rem; }
input[type=date] { width: auto; }
button { font: inherit; padding: .4rem .9rem; margin: .25rem .5rem .25rem 0;
  border: 2px solid #00703c; background: #00703c; color: #fff; cursor: pointer; }
button.secondary { background: #f3f2f1; color: #0b0c0c; border-color: #505a5f; }
button.delete { background: #aa2a16; border-color: #aa2a16; color: #fff; }
button:focus, a:focus, input:focus, select:focus, textarea:focus {
  outline: 3px solid #fd0; outline-offset: 0; box-shadow: 0 0 0 4px #0b0c0c; }
.default-button { position: absolute; left: -999rem; }
.notice { border-left: 6px solid #1d70b8; padding: .5rem 1rem; margin: 0 0 1.5rem;
  background: #f3f2f1; }
.verdicts { display: flex; gap: 2rem; flex-wrap: wrap; }
"""
