"""Check a batch of inputs: load, validate structure, evaluate rules, build a report.

One unreadable input becomes an ``input.*`` finding and never stops the others.
"""

from __future__ import annotations

import functools
import glob
import time
import typing as t
from pathlib import Path

from iia_checker import loaders
from iia_checker.model.findings import (
    Report,
    SubmissionResult,
)
from iia_checker.ruleset.loading import Ruleset
from iia_checker.run.baseline import mark
from iia_checker.run.check_input import Checker, grow, unreadable
from iia_checker.run.compact import Packed, ResultPacker
from iia_checker.run.options import RunOptions
from iia_checker.run.parallel import fork_available, map_ordered
from iia_checker.run.waivers import apply_waivers
from iia_checker.schema.submission import SubmissionSchema


def expand_inputs(paths: t.Iterable[str]) -> list[str]:
    """Files as given; folders become the supported files inside them, sorted.

    A pattern such as ``data/*.xlsx`` that names no file is expanded here, as
    the shell would have (it did not: the pattern was quoted, or the shell was
    Windows'); a pattern that matches nothing stays, to be reported unreadable.
    """
    expanded: list[str] = []
    for path in paths:
        folder = Path(path)
        if path != loaders.STDIN and folder.is_dir():
            # Not is_file(): a named pipe inside is reported, not silently skipped.
            inside = (p for p in folder.rglob("*") if not p.is_dir())
            expanded.extend(_supported(inside))
        elif path != loaders.STDIN and _is_pattern(path) and not folder.exists():
            # As the shell would have: the matches in order, folders expanded.
            found = sorted(glob.glob(path, recursive=True))
            expanded.extend(expand_inputs(found) if found else [path])
        else:
            expanded.append(path)
    return expanded


def _is_pattern(path: str) -> bool:
    return any(char in path for char in "*?[")


def _supported(files: t.Iterable[Path]) -> list[str]:
    return [str(p) for p in sorted(files) if loaders.input_format(str(p)) is not None]


#: What checking one input gives: its name, its SHA-256 and its results.
FileResult = tuple[str, str | None, list[SubmissionResult]]
#: The same, as a worker sends it back (``compact``).
PackedFile = tuple[str, str | None, list[Packed]]


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
    return build_report(files, ruleset, options, time.perf_counter() - started)


def build_report(
    files: t.Sequence[FileResult],
    ruleset: Ruleset,
    options: RunOptions,
    elapsed: float | None = None,
) -> Report:
    """The report of checked inputs: waivers applied, baseline marked, in order."""
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
        elapsed_seconds=elapsed,
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
    """One input spreads its projects over the jobs; several spread the files."""
    task = functools.partial(
        check_file, ruleset=ruleset, schema=schema, options=options
    )
    if jobs > 1 and len(paths) > 1 and loaders.STDIN not in paths and fork_available():
        packer = ResultPacker(ruleset)
        crashed = functools.partial(_crashed, options=options)
        weight = functools.partial(_weight, progress=progress)
        packed = map_ordered(
            lambda path: _pack(packer, task(path)),
            paths,
            jobs=jobs,
            on_crash=lambda path: _pack(packer, crashed(path)),
            progress=progress,
            weight=weight,
        )
        return [_unpack(packer, file) for file in packed]
    return [task(path, jobs=jobs, progress=progress) for path in paths]


def _pack(packer: ResultPacker, file: FileResult) -> PackedFile:
    source, digest, results = file
    return source, digest, list(map(packer.pack, results))


def _unpack(packer: ResultPacker, file: PackedFile) -> FileResult:
    source, digest, results = file
    return source, digest, list(map(packer.unpack, results))


def _weight(
    result: FileResult | PackedFile, progress: t.Callable[[int], None] | None
) -> int:
    """How many submissions a file held (progress counts submissions)."""
    count = max(1, len(result[2]))
    grow(progress, count - 1)
    return count


def check_file(
    path: str,
    *,
    ruleset: Ruleset,
    schema: SubmissionSchema,
    options: RunOptions,
    jobs: int = 1,
    progress: t.Callable[[int], None] | None = None,
) -> FileResult:
    """Load one input and check every submission in it (over ``jobs`` processes)."""
    outcome = loaders.load(path, options.limits, fmt=options.input_format)
    check = Checker(ruleset, schema, options, outcome)
    results = check.all(jobs, progress)
    if outcome.problems:
        results.append(unreadable(outcome.source, outcome.problems, options))
        if progress is not None and not outcome.submissions:
            progress(1)
    return outcome.source, outcome.sha256, results


def _crashed(path: str, *, options: RunOptions) -> FileResult:
    message = (
        "reading this file stopped the worker process (a damaged or hostile file);"
        " nothing in it was checked"
    )
    finding = loaders.problem(path, "input.unreadable", message)
    return path, None, [unreadable(path, (finding,), options)]
