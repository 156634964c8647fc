"""Structural validation: the fast validator first, plain-English findings after."""

from __future__ import annotations

from iia_checker.model.findings import Finding
from iia_checker.model.submission import Submission
from iia_checker.schema.submission import SubmissionSchema


def validate_structure(
    submission: Submission, schema: SubmissionSchema
) -> list[Finding]:
    """Schema findings for ``submission``: one per real problem, never a cascade."""
    if schema.quick_check is not None and schema.quick_check(submission.data):
        return []
    from iia_checker.schema.messages import structural_findings  # jsonschema: slow

    return structural_findings(submission, schema)
