"""``iia-check diff OLD.json NEW.json``: what is new, fixed and still failing."""

from __future__ import annotations

import json
import sys
import typing as t
from pathlib import Path

import click

from iia_checker.commands.exits import EXIT_CLEAN, EXIT_FINDINGS
from iia_checker.run.report_diff import Entry, ProjectDiff, compare, read_report, totals

DIFF_HELP: t.Final = """\b
Exit codes:
  0  nothing new since OLD
  1  findings in NEW that OLD did not have
  2  a file is not a readable JSON report"""


@click.command("diff", epilog=DIFF_HELP)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--all", "show_all", is_flag=True, help="Also list projects with no change."
)
def diff(old: Path, new: Path, fmt: str, show_all: bool) -> None:
    """Compare two JSON reports (-f json): per project, what is new, fixed and
    still failing. Waived findings are left out."""
    old_doc, before, old_titles = read_report(old)
    new_doc, after, new_titles = read_report(new)
    diffs = compare(before, after, {**old_titles, **new_titles})
    counts = totals(diffs)
    if fmt == "json":
        document = {
            "old": _about(old_doc),
            "new": _about(new_doc),
            "totals": counts,
            "projects": [d.as_dict() for d in diffs],
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for project in diffs:
            if show_all or project.new or project.fixed:
                click.echo(_project_text(project))
        click.echo(
            f"{counts['new']} new, {counts['fixed']} fixed,"
            f" {counts['still_failing']} still failing"
            f" in {counts['projects']} projects (as of {_about(old_doc)['as_of']}"
            f" then {_about(new_doc)['as_of']})"
        )
    sys.exit(EXIT_FINDINGS if counts["new"] else EXIT_CLEAN)


def _about(document: dict[str, t.Any]) -> dict[str, t.Any]:
    ruleset = document.get("ruleset") or {}
    return {
        "as_of": document.get("as_of"),
        "ruleset": f"{ruleset.get('name')} {ruleset.get('version')}",
    }


def _project_text(project: ProjectDiff) -> str:
    title = f' "{project.title}"' if project.title else ""
    lines = [f"{project.project}{title}"]
    lines += [_line("new", e) for e in project.new]
    lines += [_line("fixed", e) for e in project.fixed]
    if project.still_failing:
        ids = ", ".join(dict.fromkeys(e.rule_id for e in project.still_failing))
        lines.append(f"  still failing: {len(project.still_failing)} ({ids})")
    return "\n".join(lines) + "\n"


def _line(label: str, entry: Entry) -> str:
    return f"  {label + ':':<7}{entry.severity:<8}{entry.rule_id}  {entry.message}"
