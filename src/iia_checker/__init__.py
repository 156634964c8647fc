"""iia-checker: check Integrated Impact Assessments against declarative rules.

The Python API is ``check`` (see ``iia_checker.api``), returning a ``Report``::

    from iia_checker import check
    report = check(["submissions/"], as_of=datetime.date(2021, 9, 1))

Names other than ``__version__`` are imported on first use, so the command line
and ``import iia_checker`` stay quick.
"""

from __future__ import annotations

import importlib
import typing as t

__version__ = "0.1.0"

if t.TYPE_CHECKING:
    from iia_checker.api import Input, RuleSetting, check
    from iia_checker.model.findings import (
        Finding,
        Location,
        Report,
        RuleOutcome,
        Severity,
        SubmissionResult,
    )

_LAZY: t.Final = {
    "check": "iia_checker.api",
    "Input": "iia_checker.api",
    "RuleSetting": "iia_checker.api",
    "Finding": "iia_checker.model.findings",
    "Location": "iia_checker.model.findings",
    "Report": "iia_checker.model.findings",
    "RuleOutcome": "iia_checker.model.findings",
    "Severity": "iia_checker.model.findings",
    "SubmissionResult": "iia_checker.model.findings",
}

__all__ = [
    "Finding",
    "Input",
    "Location",
    "Report",
    "RuleOutcome",
    "RuleSetting",
    "Severity",
    "SubmissionResult",
    "__version__",
    "check",
]


def __getattr__(name: str) -> t.Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'iia_checker' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
