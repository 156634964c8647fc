"""The Counts section of the HTML report: each rule and each board over the batch.

The tables have many numeric columns, so each sits in a box that scrolls on a
narrow screen instead of the page; the box takes the keyboard focus so it can be
scrolled without a mouse (WCAG 2.2, 2.1.1 and 1.4.10).
"""

from __future__ import annotations

import html
import typing as t

from iia_checker.model.findings import Report
from iia_checker.reporters.count_rows import (
    BOARD_COUNT_HEADERS,
    RULE_COUNT_HEADERS,
    board_count_rows,
    rule_count_rows,
)


def counts_section(report: Report) -> str:
    """Two tables: counts by rule, counts by board."""
    tables = (
        _table(
            "rule-counts",
            "How each rule went over every submission",
            RULE_COUNT_HEADERS,
            rule_count_rows(report),
        ),
        _table(
            "board-counts",
            "Each board's verdicts over every submission",
            BOARD_COUNT_HEADERS,
            board_count_rows(report),
        ),
    )
    return (
        '<section aria-labelledby="counts-heading">\n'
        '<h2 id="counts-heading">Counts</h2>\n' + "\n".join(tables) + "\n</section>"
    )


def _table(
    ident: str,
    caption: str,
    headers: t.Sequence[str],
    rows: t.Iterable[t.Sequence[object]],
) -> str:
    head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in headers)
    body = "\n".join(
        f'<tr><th scope="row">{_esc(row[0])}</th>'
        + "".join(f"<td>{_esc(v)}</td>" for v in row[1:])
        + "</tr>"
        for row in rows
    )
    return scrolling(
        caption,
        f'<table id="{ident}">\n<caption>{_esc(caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>",
    )


def scrolling(label: str, table: str) -> str:
    """``table`` in a box that scrolls sideways on a narrow screen, not the page,
    and that a keyboard can reach and scroll (WCAG 2.2, 2.1.1 and 1.4.10)."""
    box = f'<div class="scroll" tabindex="0" role="region" aria-label="{_esc(label)}">'
    return f"{box}{table}</div>"


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)
