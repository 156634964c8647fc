"""The ``iia-check`` command line: the command group, its entry point and exit codes.

Exit codes: 0 clean; 1 findings at or above --fail-on (or failing rule examples);
2 usage, configuration, schema or rule-file error; 3 some input unreadable;
130 interrupted. Each family of subcommands lives in ``iia_checker.commands``.
An error is one line per problem on standard error, made by ``safe_text.terminal``
so that a file name or value in it cannot act on the terminal or add a line.
"""

from __future__ import annotations

import os
import sys
import typing as t

import click

from iia_checker import __version__
from iia_checker.commands.check import check
from iia_checker.commands.common import (
    EXIT_CLEAN,
    EXIT_HELP,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
)
from iia_checker.commands.diff import diff
from iia_checker.commands.governance import baseline, config
from iia_checker.commands.info import explain, schema_command
from iia_checker.commands.rules import rules
from iia_checker.commands.serve import serve
from iia_checker.commands.workbooks import convert_command, template_command
from iia_checker.errors import IiaCheckerError, RulesetError
from iia_checker.reporters.safe_text import terminal


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> t.Any:
        try:
            return super().invoke(ctx)
        except IiaCheckerError as exc:
            click.echo(_one_line_errors(exc), err=True)
            ctx.exit(exc.exit_code)


def _one_line_errors(exc: IiaCheckerError) -> str:
    if isinstance(exc, RulesetError):
        return "\n".join(terminal(str(p)) for p in exc.problems)
    return f"iia-check: {terminal(str(exc))}"


@click.group(cls=_Group, epilog=EXIT_HELP)
@click.version_option(__version__, prog_name="iia-check")
def cli() -> None:
    """Check Integrated Impact Assessments before they reach a council board."""


for command in (
    check,
    explain,
    schema_command,
    rules,
    config,
    baseline,
    diff,
    template_command,
    convert_command,
    serve,
):
    cli.add_command(command)


def main() -> None:
    """Entry point of the ``iia-check`` console script."""
    try:
        # Without standalone mode click returns the exit code of ctx.exit().
        code = cli.main(prog_name="iia-check", standalone_mode=False)
        sys.exit(code if isinstance(code, int) else EXIT_CLEAN)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        # A bad path is quoted in the message; click types it Final, not read-only.
        setattr(exc, "message", terminal(exc.message))  # noqa: B010
        exc.show()
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, click.Abort):
        click.echo("iia-check: interrupted; no report was written", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        # Skip exit hooks: the worker pool just stopped would print a thread error.
        os._exit(EXIT_INTERRUPTED)
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if os.environ.get("IIA_CHECK_DEBUG"):
            raise
        click.echo(
            f"iia-check: internal error: {type(exc).__name__}: {terminal(str(exc))}"
            " (set IIA_CHECK_DEBUG=1 to see where)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
