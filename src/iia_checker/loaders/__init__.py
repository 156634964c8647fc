"""Turn input files into submissions; a file that cannot be read becomes a finding.

``LOADERS`` maps an input format to its loader; adding a format is one module and
one entry here.
"""

from __future__ import annotations

import hashlib
import sys
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from iia_checker.limits import Limits, hint
from iia_checker.loaders import json_
from iia_checker.loaders.payload import Payload
from iia_checker.model import builtin
from iia_checker.model.findings import Finding, Location, Severity
from iia_checker.model.submission import Submission
from iia_checker.regular_files import NotAFile, read_regular

STDIN: t.Final = "-"


@dataclass(slots=True)
class LoadOutcome:
    """What one input gave: submissions, and findings for what could not be read."""

    source: str
    submissions: t.Sequence[Submission] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    #: SHA-256 of the bytes read, for provenance; None when nothing was read.
    sha256: str | None = None


#: A loader takes the input's bytes from the payload (see ``payload``).
Loader = t.Callable[[Payload, str, Limits], t.Sequence[Submission]]


def _load_json(raw: Payload, source: str, limits: Limits) -> list[Submission]:
    return [json_.load_text(json_.decode(raw.take()), source, limits)]


def _load_xlsx(raw: Payload, source: str, limits: Limits) -> t.Sequence[Submission]:
    from iia_checker.loaders.xlsx.load import submissions  # Excel only when needed

    return submissions(raw, source, limits)


def _load_ods(raw: Payload, source: str, limits: Limits) -> t.Sequence[Submission]:
    from iia_checker.loaders.ods import read_ods_book
    from iia_checker.loaders.xlsx.load import book_submissions

    return book_submissions(read_ods_book(raw, limits), source, limits)


LOADERS: t.Final[dict[str, Loader]] = {
    "json": _load_json,
    "xlsx": _load_xlsx,
    "ods": _load_ods,
}
SUFFIXES: t.Final = {
    ".json": "json",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".ods": "ods",
}
_SAVE_AS: t.Final = (
    "open it in Excel or LibreOffice, choose File > Save As, pick the type"
    " Excel Workbook (.xlsx) and check the .xlsx file"
)
#: What to do with files people often have instead of a workbook or JSON.
UNSUPPORTED: t.Final = {
    ".xls": f"an Excel 97-2003 workbook (.xls) cannot be checked; {_SAVE_AS}",
    ".xlsb": f"an Excel binary workbook (.xlsb) cannot be checked; {_SAVE_AS}",
    ".csv": (
        "a CSV file holds one sheet, and the IIA form has several; copy the values"
        " into the form template (iia-check template -o form.xlsx, or download it"
        " from the web page) and check that .xlsx file"
    ),
    ".fods": f"a flat OpenDocument file (.fods) cannot be checked; {_SAVE_AS}",
}


def input_format(path: str, fmt: str | None = None) -> str | None:
    """The format of ``path``: the one asked for, or the one its suffix names."""
    if fmt:
        return fmt
    if path == STDIN:
        return "json"
    return SUFFIXES.get(Path(path).suffix.lower())


def load(path: str, limits: Limits, *, fmt: str | None = None) -> LoadOutcome:
    """Load every submission in ``path`` (``-`` is standard input)."""
    source = "<stdin>" if path == STDIN else path
    outcome = LoadOutcome(source)
    kind = input_format(path, fmt)
    if kind not in LOADERS:
        outcome.problems.append(problem(source, "input.unsupported", unsupported(path)))
        return outcome
    try:
        raw = _read(path, limits)
        outcome.sha256 = hashlib.sha256(raw).hexdigest()
        payload = Payload(raw)
        del raw  # the loader takes it from the payload, and may let it go
        outcome.submissions = LOADERS[kind](payload, source, limits)
    except json_.InputProblem as exc:
        outcome.problems.append(_located(source, exc))
    except _TooLarge as exc:
        outcome.problems.append(problem(source, "input.too-large", str(exc)))
    except NotAFile as exc:  # before OSError, of which it is one
        outcome.problems.append(problem(source, "input.not-a-file", exc.args[0]))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        outcome.problems.append(problem(source, "input.unreadable", reason))
    except Exception as exc:  # a reader failing on odd bytes is the file's problem
        reason = (
            f"the file is damaged and could not be read ({type(exc).__name__}: {exc})"
        )
        outcome.problems.append(problem(source, "input.unreadable", reason))
    return outcome


def unsupported(path: str) -> str:
    """What to do with a file of a type that cannot be checked."""
    suffix = Path(path).suffix.lower()
    if suffix in UNSUPPORTED:
        return UNSUPPORTED[suffix]
    named = f"{suffix} files" if suffix else "files without a type (suffix)"
    return (
        f"{named} cannot be checked; give a JSON file or a workbook (.xlsx, .xlsm or"
        f" .ods); for another spreadsheet, {_SAVE_AS}"
    )


class _TooLarge(Exception):
    pass


_SAVE_IT: t.Final = (
    "save the submission to a file and check that (or give - to read standard input)"
)


def _read(path: str, limits: Limits) -> bytes:
    limit = limits.max_file_bytes
    if path == STDIN:
        raw = sys.stdin.buffer.read(limit + 1)
    else:
        raw = read_regular(path, limit, _SAVE_IT)
    if len(raw) > limit:
        raise _TooLarge(f"larger than {limit:,} bytes ({hint('max_file_bytes')})")
    return raw


def problem(source: str, rule_id: str, message: str) -> Finding:
    """An ``input.*`` finding about a whole file."""
    rule = builtin.input_rule(rule_id)
    return Finding(rule, Severity.ERROR, message, Location(file=source))


def _located(source: str, exc: json_.InputProblem) -> Finding:
    rule = builtin.input_rule(getattr(exc, "rule_id", "input.unreadable"))
    location = Location(source, exc.pointer, exc.line, exc.column)
    return Finding(rule, Severity.ERROR, exc.message, location)
