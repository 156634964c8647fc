"""``iia-check check``: check inputs and write every requested report."""

from __future__ import annotations

import os
import sys
import typing as t
from pathlib import Path

import click

from iia_checker import reporters
from iia_checker.commands.exits import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_HELP,
    EXIT_UNREADABLE,
)
from iia_checker.commands.options import limit_options, plan_run, selection_options
from iia_checker.commands.summary import SUMMARISED, summary_lines
from iia_checker.loaders import LOADERS
from iia_checker.model.findings import Report
from iia_checker.reporters import REPORTERS, RenderOptions
from iia_checker.reporters.safe_text import terminal
from iia_checker.run.output import output_targets, write_all
from iia_checker.run.plan import run_plan
from iia_checker.run.progress import wanted


@click.command(epilog=EXIT_HELP)
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(sorted(REPORTERS)),
    help="Report format for standard output and for -o PATH without a format."
    " Default: text (github when GITHUB_ACTIONS=true).",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="[FORMAT:]PATH",
    help="Write a report to PATH, atomically (repeatable). The format is FORMAT,"
    " else --format, else the one PATH's suffix implies.",
)
@selection_options
@click.option(
    "--input-format",
    type=click.Choice(sorted(LOADERS)),
    help="Read inputs as this format whatever their names.",
)
@limit_options
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour text output. Default: only on a terminal.",
)
@click.option("--show-passes", is_flag=True, help="List passed rules in text output.")
@click.option(
    "--brief",
    is_flag=True,
    help="On standard output only verdicts, key issues and counts (the brief"
    " format), for a board pack or a terminal.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Worker processes for batches. Results are the same whatever the number.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress on standard error. Default: only on a terminal, never in CI.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="No summary or 'wrote' lines on standard error."
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Add the time taken and counts to the summary.",
)
def check(**params: t.Any) -> None:
    """Check submissions: files, folders of them, or - for standard input."""
    plan = plan_run(params)
    report = run_plan(
        plan, params["inputs"], jobs=params["jobs"], progress=wanted(params["progress"])
    )
    for notice in report.notices:
        click.echo(f"iia-check: warning: {terminal(notice)}", err=True)
    value = {key: setting.value for key, setting in plan.settings.items()}
    fmt = "brief" if params.get("brief") else value["format"]
    written, shown = _write_reports(report, fmt, value["outputs"], params)
    # A report on the terminal that ends with its own summary needs no second one.
    counts = not (sys.stdout.isatty() and SUMMARISED.intersection(shown))
    if not params["quiet"]:
        lines = summary_lines(report, written, verbose=params["verbose"], counts=counts)
        for line in lines:
            click.echo(line, err=True)
    sys.exit(exit_code(report))


def _write_reports(
    report: Report, fmt: str | None, outputs: t.Sequence[str], params: dict[str, t.Any]
) -> tuple[list[tuple[str, Path]], list[str]]:
    """Write every requested report file, then move them into place: all or none.

    Each is written piece by piece into a temporary file beside its target (a
    format with ``stream`` is never held whole); standard output comes last.
    Returns the (format, path) of each file written, and the formats shown on
    standard output.
    """
    in_github = os.environ.get("GITHUB_ACTIONS") == "true"
    default = fmt or ("github" if in_github else "text")
    try:
        targets = output_targets(tuple(outputs), fmt, default)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if in_github and all(
        path is not None and name != "github" for name, path in targets
    ):
        # Every report went to a file: annotations and the job summary still come,
        # as docs/ci.md promises, on the standard output no report uses.
        targets.append(("github", None))
    colour = params.get("color")
    if colour is None:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    show_passes = params.get("show_passes", False)
    # Tips are for a person at a terminal, not for CI logs or files.
    hints = sys.stdout.isatty() and not os.environ.get("CI")

    def pieces(name: str, path: Path | None) -> t.Iterable[str | bytes]:
        on_screen = path is None
        options = RenderOptions(
            bool(colour) and on_screen, show_passes, on_screen and hints
        )
        return reporters.chunks(name, report, options)

    files = [(name, path) for name, path in targets if path is not None]
    write_all((path, pieces(name, path)) for name, path in files)
    shown = [name for name, path in targets if path is None]
    for name in shown:
        for piece in _joined(pieces(name, None)):
            click.echo(piece, nl=False)
    return files, shown


def _joined(
    pieces: t.Iterable[str | bytes], size: int = 1 << 16
) -> t.Iterator[str | bytes]:
    """Runs of pieces of one type joined up to about ``size``: a JSON report is
    thousands of small pieces, and each ``click.echo`` costs a few microseconds."""
    held: list[t.Any] = []
    count = 0
    for piece in pieces:
        if held and (type(piece) is not type(held[0]) or count >= size):
            yield held[0][:0].join(held)
            held, count = [], 0
        held.append(piece)
        count += len(piece)
    if held:
        yield held[0][:0].join(held)


def exit_code(report: Report) -> int:
    """3 if an input was unreadable, else 1 if findings gate, else 0."""
    if report.unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if report.gating_findings() else EXIT_CLEAN
