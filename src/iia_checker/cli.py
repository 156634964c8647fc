"""The ``iia-check`` command line: the command group, its entry point and exit codes.

Exit codes: 0 clean; 1 findings at or above --fail-on (or failing rule examples);
2 usage, configuration, schema or rule-file error; 3 some input unreadable;
130 interrupted. Each family of subcommands lives in ``iia_checker.commands``.
An error is one line per problem on standard error, made by ``safe_text.terminal``
so that a file name or value in it cannot act on the terminal or add a line.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import typing as t

import click

from iia_checker import __version__
from iia_checker.commands.exits import (
    EXIT_CLEAN,
    EXIT_HELP,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
)
from iia_checker.errors import IiaCheckerError, RulesetError
from iia_checker.reporters.safe_text import terminal

#: Each command's module and name, imported when the command is run or listed:
#: a check must not pay at start-up for the web server, the workbook writer, diff...
COMMANDS: t.Final = {
    "check": "check:check",
    "explain": "info:explain",
    "schema": "info:schema_command",
    "rules": "rules:rules",
    "config": "governance:config",
    "baseline": "governance:baseline",
    "diff": "diff:diff",
    "template": "workbooks:template_command",
    "convert": "workbooks:convert_command",
    "serve": "serve:serve",
}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name].split(":")
        command = getattr(
            importlib.import_module(f"iia_checker.commands.{module}"), name
        )
        assert isinstance(command, click.Command)
        return command

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


def main() -> None:
    """Entry point of the ``iia-check`` console script."""
    # pydantic looks through every installed package for plugins as the first
    # model is built (~18 ms of a 0.4 s start); none has a part in checking rules.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        code = _run()
    except SystemExit as exc:  # how each command ends: sys.exit(its exit code)
        # Left from here, while the exception still holds the command's frames:
        # what they hold (a whole register and its report) is then never freed.
        _leave(_status(exc.code))
    _leave(code)


def _run() -> int:
    """Run the command; the exit code it ends with (see the module's docstring)."""
    try:
        # Without standalone mode click returns the exit code of ctx.exit().
        code = cli.main(prog_name="iia-check", standalone_mode=False)
        return code if isinstance(code, int) else EXIT_CLEAN
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        # A bad path is quoted in the message; click types it Final, not read-only.
        setattr(exc, "message", terminal(exc.message))  # noqa: B010
        exc.show()
        return exc.exit_code
    except (KeyboardInterrupt, click.Abort):
        # Leaving at once also skips the exit hooks, where the worker pool just
        # stopped would print a thread error.
        click.echo("iia-check: interrupted; no report was written", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if os.environ.get("IIA_CHECK_DEBUG"):
            raise
        click.echo(
            f"iia-check: internal error: {type(exc).__name__}: {terminal(str(exc))}"
            " (set IIA_CHECK_DEBUG=1 to see where)",
            err=True,
        )
        return EXIT_USAGE


def _status(code: object) -> int:
    """The exit status of ``sys.exit(code)``, as Python gives it: None is 0, an
    int itself, anything else is written to standard error and is 1."""
    if code is None or isinstance(code, int):
        return code or EXIT_CLEAN
    click.echo(terminal(str(code)), err=True)
    return 1


def _leave(code: int) -> t.NoReturn:
    """End the process once its output is out, without freeing what it holds.

    Every report is already written and closed. The millions of objects of a
    register and its report took 0.4-0.6 s to free one by one at the end of a
    10,000-project check, to give back memory the system takes back at once (mypy
    leaves the same way, ``mypy.util.hard_exit``). Standard output closed early
    (``| head``) is no error.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
