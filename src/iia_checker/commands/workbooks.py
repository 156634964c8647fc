"""``iia-check template`` and ``iia-check convert``: workbooks in and out.

Excel libraries are imported inside the commands, so checking JSON never loads them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from iia_checker.commands.exits import EXIT_CLEAN, EXIT_UNREADABLE
from iia_checker.model.plural import counted
from iia_checker.reporters.safe_text import json_text, terminal
from iia_checker.run.output import refuse_to_replace, write_atomic

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Workbooks a submission can be converted from (LibreOffice's .ods too).
READABLE_SUFFIXES = (*WORKBOOK_SUFFIXES, ".ods")


@click.command("template")
@click.option(
    "--layout",
    type=click.Choice(["form", "register"]),
    default="form",
    show_default=True,
    help="form: one project, a sheet per section; register: many projects.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "json"]),
    default="xlsx",
    show_default=True,
    help="xlsx: a workbook to fill in; json: a skeleton with empty placeholders.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def template_command(layout: str, fmt: str, output: Path | None, force: bool) -> None:
    """Write a blank IIA workbook (or JSON skeleton) generated from the schema."""
    if output is not None:
        refuse_to_replace(output, force)
    if fmt == "json":
        from iia_checker.workbooks.template import skeleton

        text = json.dumps(skeleton(), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            click.echo(text, nl=False)
        else:
            write_atomic(output, text)
        return
    if output is None:
        raise click.UsageError("a workbook needs -o FILE.xlsx")
    from iia_checker.workbooks.template import write_template

    write_template(output, layout)
    click.echo(terminal(f"wrote {output} ({layout} template)"), err=True)


@click.command("convert")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.argument("output", type=click.Path(path_type=Path))
@click.option(
    "--layout",
    type=click.Choice(["form", "register"]),
    help="Workbook layout for JSON input. Default: form for one submission,"
    " register for several.",
)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def convert_command(
    inputs: tuple[Path, ...], output: Path, layout: str | None, force: bool
) -> None:
    """Convert JSON to a workbook, or a workbook to JSON (by the suffixes).

    A form workbook gives one JSON object; a register gives a JSON array. OUTPUT
    may be - for standard output when it is JSON. An existing OUTPUT is replaced
    only with --force.
    """
    from iia_checker.workbooks import convert

    if str(output) != "-":
        refuse_to_replace(output, force)

    if all(p.suffix.lower() in READABLE_SUFFIXES for p in inputs) and len(inputs) == 1:
        _from_workbook(inputs[0], output)
        return
    if output.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise click.UsageError("converting JSON needs an .xlsx OUTPUT")
    try:
        submissions = convert.load_json_inputs(list(inputs))
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"cannot read the JSON input: {exc}") from None
    chosen = layout or ("form" if len(submissions) == 1 else "register")
    try:
        notes = convert.json_to_workbook(submissions, output, chosen)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    for note in notes:
        click.echo(f"iia-check: {terminal(note)}", err=True)
    done = f"wrote {output} ({chosen}, {counted(len(submissions), 'submission')})"
    click.echo(terminal(done), err=True)


def _from_workbook(source: Path, output: Path) -> None:
    from iia_checker.loaders.problems import FileProblem
    from iia_checker.workbooks import convert

    try:
        datas, problems, register = convert.workbook_to_json(source)
    except (FileProblem, OSError) as exc:
        reason = f"{source}: {getattr(exc, 'message', exc)}"
        click.echo(f"iia-check: {terminal(reason)}", err=True)
        sys.exit(EXIT_UNREADABLE)
    for problem in problems:
        click.echo(
            f"iia-check: {terminal(f'{problem.location} {problem.message}')}", err=True
        )
    value: object = datas if register else datas[0]
    # Cells may hold decoded _x001B_ escapes: written as \u escapes, never raw.
    text = json_text(json.dumps(value, indent=2, ensure_ascii=False)) + "\n"
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
    sys.exit(EXIT_CLEAN)
