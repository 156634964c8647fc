"""A draft in and out: from an uploaded file, to JSON and to a form workbook.

Reading goes through ``loaders.load``, as ``iia-check check`` does, so a file that
the checker can read can be continued here, and nothing else; writing uses the
workbook builder of ``iia-check convert``, so both downloads check as they are.
"""

from __future__ import annotations

import json
import tempfile
import typing as t
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from iia_checker import loaders
from iia_checker.limits import Limits
from iia_checker.schema.submission import SubmissionSchema
from iia_checker.web.config import WebConfig
from iia_checker.web.uploads import UploadError, receive_upload
from iia_checker.workbooks.convert import json_to_workbook, ordered

XLSX: t.Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NotOneSubmission(Exception):
    """The upload is not one readable submission; ``message`` says why, plainly."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def received(request: Request, config: WebConfig) -> dict[str, t.Any]:
    """The one submission in an uploaded JSON file or form workbook."""
    with tempfile.TemporaryDirectory(prefix="iia-draft-") as folder:
        try:
            upload = await receive_upload(request, Path(folder), config)
        except UploadError as exc:
            raise NotOneSubmission(exc.message) from None
        if len(upload.files) != 1:
            raise NotOneSubmission(
                "Choose one file: a JSON submission or a form workbook."
            )
        saved = upload.files[0]
        limits = Limits(max_file_bytes=config.max_upload_bytes)
        outcome = loaders.load(str(saved.path), limits)
    if not outcome.submissions:
        reason = outcome.problems[0].message if outcome.problems else "it is empty"
        raise NotOneSubmission(f"{saved.name} could not be read: {reason}.")
    if len(outcome.submissions) > 1:
        raise NotOneSubmission(
            f"{saved.name} holds {len(outcome.submissions)} projects. A draft is one"
            " project: upload a form workbook or a JSON file with one submission."
        )
    data = json.loads(json.dumps(outcome.submissions[0].data, default=str))
    if not isinstance(data, dict):
        raise NotOneSubmission(f"{saved.name} does not hold a submission.")
    if size_of(data) > config.max_draft_bytes:
        raise NotOneSubmission(
            f"{saved.name} is larger than {config.max_draft_bytes:,} bytes, the most"
            " a draft can hold."
        )
    return data


def size_of(data: t.Any) -> int:
    """The draft's size as compact JSON, in bytes (what its limit counts)."""
    return len(json.dumps(data, ensure_ascii=False, default=str).encode("utf-8"))


def as_json(data: t.Any, schema: SubmissionSchema) -> bytes:
    """The draft as the JSON file ``iia-check check`` reads, fields in schema order."""
    text = json.dumps(
        ordered(data, schema.raw, schema.deref),
        indent=2,
        ensure_ascii=False,
        default=str,
    )
    return (text + "\n").encode("utf-8")


def as_workbook(data: dict[str, t.Any]) -> bytes:
    """The draft as a form workbook (``iia-check convert --layout form``)."""
    with tempfile.TemporaryDirectory(prefix="iia-draft-") as folder:
        path = Path(folder) / "form.xlsx"
        json_to_workbook([data], path, "form")
        return path.read_bytes()


def attachment(content: bytes, media: str, name: str) -> Response:
    """A download named ``name``."""
    disposition = f'attachment; filename="{name}"'
    return Response(
        content, media_type=media, headers={"content-disposition": disposition}
    )
