"""Check a batch of inputs: load, validate structure, evaluate rules, build a report.

One unreadable input becomes an ``input.*`` finding and never stops the others.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
import typing as t
from dataclasses import dataclass
from pathlib import Path

from iia_checker import __version__, loaders
from iia_checker.baseline import Key, mark
from iia_checker.engine import evaluate
from iia_checker.findings import (
    BOARDS,
    Finding,
    Report,
    Severity,
    SubmissionResult,
    Waiver,
)
from iia_checker.limits import DEFAULT_LIMITS, Limits
from iia_checker.loaders.problems import merge_structural
from iia_checker.parallel import fork_available, map_ordered
from iia_checker.ruleset import Ruleset
from iia_checker.schema import SubmissionSchema, validate_structure
from iia_checker.waivers import apply_waivers


@dataclass(frozen=True)
class RunOptions:
    """How to check: as-of date, boards, threshold, limits, waivers and baseline."""

    as_of: dt.date
    boards: tuple[str, ...] = BOARDS
    fail_on: Severity = Severity.ERROR
    limits: Limits = DEFAULT_LIMITS
    input_format: str | None = None
    tool_version: str = __version__
    waivers: tuple[Waiver, ...] = ()
    #: Keys of the baseline's findings; None when no baseline is used.
    baseline: frozenset[Key] | None = None
    new_only: bool = False


def expand_inputs(paths: t.Iterable[str]) -> list[str]:
    """Files as given; folders become the supported files inside them, sorted."""
    expanded: list[str] = []
    for path in paths:
        folder = Path(path)
        if path != loaders.STDIN and folder.is_dir():
            found = (p for p in folder.rglob("*") if p.is_file())
            expanded.extend(
                str(p)
                for p in sorted(found)
                if loaders.input_format(str(p)) is not None
            )
        else:
            expanded.append(path)
    return expanded


#: What checking one input gives: its name, its SHA-256 and its results.
FileResult = tuple[str, str | None, list[SubmissionResult]]


def check_inputs(
    paths: t.Sequence[str],
    ruleset: Ruleset,
    schema: SubmissionSchema,
    options: RunOptions,
    *,
    jobs: int = 1,
    progress: t.Callable[[int], None] | None = None,
) -> Report:
    """Check every input and gather the results, in input order, whatever ``jobs``."""
    started = time.perf_counter()
    files = _check_files(paths, ruleset, schema, options, jobs, progress)
    inputs = [(source, digest) for source, digest, _ in files]
    results = [result for _, _, file_results in files for result in file_results]
    results, notices = apply_waivers(results, options.waivers, options.as_of)
    if options.baseline is not None:
        results = mark(results, set(options.baseline))
    return Report(
        results=tuple(results),
        rules=tuple(rule.info for rule in ruleset.rules),
        tool_version=options.tool_version,
        ruleset_name=ruleset.name,
        ruleset_version=ruleset.version,
        as_of=options.as_of.isoformat(),
        fail_on=options.fail_on,
        elapsed_seconds=time.perf_counter() - started,
        new_only=options.new_only,
        notices=tuple(notices),
        inputs=tuple(inputs),
    )


def _check_files(
    paths: t.Sequence[str],
    ruleset: Ruleset,
    schema: SubmissionSchema,
    options: RunOptions,
    jobs: int,
    progress: t.Callable[[int], None] | None,
) -> list[FileResult]:
    task = functools.partial(
        check_file, ruleset=ruleset, schema=schema, options=options
    )
    if jobs > 1 and len(paths) > 1 and loaders.STDIN not in paths and fork_available():
        crashed = functools.partial(_crashed, options=options)
        return map_ordered(task, paths, jobs=jobs, on_crash=crashed, progress=progress)
    files = []
    for path in paths:
        files.append(task(path))
        if progress is not None:
            progress(1)
    return files


def check_file(
    path: str, *, ruleset: Ruleset, schema: SubmissionSchema, options: RunOptions
) -> FileResult:
    """Load one input and check every submission in it."""
    outcome = loaders.load(path, options.limits, fmt=options.input_format)
    return outcome.source, outcome.sha256, _results(outcome, ruleset, schema, options)


def _crashed(path: str, *, options: RunOptions) -> FileResult:
    message = (
        "reading this file stopped the worker process (a damaged or hostile file);"
        " nothing in it was checked"
    )
    finding = loaders.problem(path, "input.unreadable", message)
    return path, None, [_unreadable(path, (finding,), options)]


def _unreadable(
    source: str, problems: t.Sequence[Finding], options: RunOptions
) -> SubmissionResult:
    return SubmissionResult(
        source=source,
        project_id=None,
        project_title=None,
        findings=tuple(problems),
        readable=False,
        boards=options.boards,
    )


def _results(
    outcome: loaders.LoadOutcome,
    ruleset: Ruleset,
    schema: SubmissionSchema,
    options: RunOptions,
) -> list[SubmissionResult]:
    results = [
        evaluate(
            submission,
            ruleset,
            as_of=options.as_of,
            structural=merge_structural(
                submission.problems, validate_structure(submission, schema)
            ),
            boards=options.boards,
        )
        for submission in outcome.submissions
    ]
    if outcome.problems:
        results.append(_unreadable(outcome.source, outcome.problems, options))
    return results
