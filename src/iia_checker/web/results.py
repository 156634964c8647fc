"""The results page: the HTML report's own body inside the site's layout.

The report is rendered once, by ``reporters.html``, and its body is embedded, so
the page and the downloadable HTML report cannot drift. Only markup that this
package or the reporter wrote is edited here (uploaded text is already escaped, so
it cannot look like the markers below).
"""

from __future__ import annotations

import typing as t

from iia_checker.model.findings import Report
from iia_checker.reporters import REPORTERS, RenderOptions
from iia_checker.reporters.html import esc
from iia_checker.reporters.html_assets import SCRIPT
from iia_checker.web.pages import DOWNLOADS, layout

#: The report's filter script, exactly as its SHA-256 in the policy names it.
SCRIPT_TAG: t.Final = f"<script>{SCRIPT}</script>"


def report_body(report: Report) -> str:
    """The HTML report's body, without its script (the page adds it back)."""
    document = REPORTERS["html"](report, RenderOptions())
    assert isinstance(document, str)
    start = document.index("<body>\n") + len("<body>\n")
    end = document.rindex("\n</body>")
    return document[start:end].replace(SCRIPT_TAG, "")


def results_page(
    report: Report, token: str | None, *, base: str = "", ttl_minutes: int = 15
) -> str:
    """Verdicts, findings with filters, and links to download the report."""
    body = report_body(report)
    body = body.replace(
        "<main>", '<main id="content">\n' + _downloads(token, base, ttl_minutes), 1
    )
    if token is not None:
        action = f"{base}/results/{token}"
        body = body.replace(
            '<form id="filters" method="get"',
            f'<form id="filters" method="get" action="{esc(action)}"',
            1,
        )
    return layout("Results", body, base=base, current="", script=SCRIPT_TAG)


def _downloads(token: str | None, base: str, ttl_minutes: int) -> str:
    if token is None:
        items = (
            "<p>This result is too large to keep for download. Choose a report"
            " format on the upload form and check the files again.</p>"
        )
    else:
        links = "".join(
            f'<li><a href="{esc(base)}/results/{esc(token)}/{name}" download>'
            f"{esc(label)} (.{suffix})</a></li>"
            for name, (label, suffix, _) in DOWNLOADS.items()
        )
        items = (
            f"<ul>{links}</ul>\n<p>These links work for {ttl_minutes} minutes."
            " Nothing you uploaded is kept.</p>"
        )
    return (
        '<section aria-labelledby="downloads-heading">\n'
        '<h2 id="downloads-heading">Download this report</h2>\n'
        f"{items}\n</section>\n"
        f'<p><a href="{esc(base)}/">Check other files</a></p>\n'
    )
