"""Check the submissions of one input, in one process or spread over several."""

from __future__ import annotations

import typing as t

from iia_checker import loaders
from iia_checker.engine import evaluate
from iia_checker.limits import Deadline
from iia_checker.loaders.problems import merge_structural
from iia_checker.model.findings import (
    Finding,
    SubmissionResult,
)
from iia_checker.model.submission import Submission
from iia_checker.ruleset.loading import Ruleset
from iia_checker.run.compact import Packed, ResultPacker
from iia_checker.run.options import RunOptions
from iia_checker.run.parallel import fork_available, map_ordered
from iia_checker.schema.submission import SubmissionSchema
from iia_checker.schema.validate import validate_structure

#: Fewer submissions than this in a file are checked in one process: forking
#: and sending results back would cost more than it saves.
ROWS_PER_JOB: t.Final = 64


def grow(progress: t.Callable[[int], None] | None, extra: int) -> None:
    """Tell a progress line that has ``grow`` (``ProgressLine``) of more work."""
    more = getattr(progress, "grow", None)
    if more is not None and extra:
        more(extra)


def unreadable(
    source: str, problems: t.Sequence[Finding], options: RunOptions
) -> SubmissionResult:
    """The result for an input (or a part of one) that could not be checked."""
    return SubmissionResult(
        source=source,
        project_id=None,
        project_title=None,
        findings=tuple(problems),
        readable=False,
        boards=options.boards,
    )


class Checker:
    """Checks the submissions of one input, in order, in one or several processes.

    With several, workers are forked after the input is read: each inherits the
    loaded rows, builds and checks a range of submissions, and sends back only
    packed results (``compact``), which the parent rebuilds with its own rules.
    """

    def __init__(
        self,
        ruleset: Ruleset,
        schema: SubmissionSchema,
        options: RunOptions,
        outcome: loaders.LoadOutcome,
    ) -> None:
        self.ruleset, self.schema, self.options = ruleset, schema, options
        self.source, self.submissions = outcome.source, outcome.submissions
        self.packer = ResultPacker(ruleset)

    def all(
        self, jobs: int, progress: t.Callable[[int], None] | None
    ) -> list[SubmissionResult]:
        """Every submission's result, in order, whatever ``jobs``."""
        count = len(self.submissions)
        grow(progress, count - 1)
        if jobs > 1 and count >= 2 * ROWS_PER_JOB and fork_available():
            packed = map_ordered(
                self.one_packed,
                range(count),
                jobs=jobs,
                on_crash=lambda index: self.packer.pack(self.crashed(index)),
                progress=progress,
            )
            return list(map(self.packer.unpack, packed))
        done = []
        for submission in self.submissions:
            done.append(self.check(submission))
            if progress is not None:
                progress(1)
        return done

    def one_packed(self, index: int) -> Packed:
        """The packed result of submission ``index`` (built here, in the worker)."""
        return self.packer.pack(self.check(self.submissions[index]))

    def check(self, submission: Submission) -> SubmissionResult:
        """Structure and rules of one submission, within the time limit."""
        deadline = Deadline.after(self.options.limits.max_check_milliseconds)
        structural = merge_structural(
            submission.problems, validate_structure(submission, self.schema)
        )
        return evaluate(
            submission,
            self.ruleset,
            as_of=self.options.as_of,
            structural=structural,
            boards=self.options.boards,
            deadline=deadline,
        )

    def crashed(self, index: int) -> SubmissionResult:
        """What is reported for a submission whose worker died."""
        message = (
            f"checking project {index + 1} of this file stopped the worker process;"
            " it was not checked"
        )
        finding = loaders.problem(self.source, "input.unreadable", message)
        return unreadable(self.source, (finding,), self.options)
