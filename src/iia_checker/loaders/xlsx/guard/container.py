"""Checks every zip spreadsheet gets before any part is read: unique part names,
the unpacked size, encryption and each large part's compression ratio.

Both guards call it, the ``.xlsx`` preflight and the ``.ods`` one, so a class of
hostile container is refused the same way whatever the format, in the words of
the file's own kind (``Spreadsheet``): an officer with an .ods file is told of a
part of the spreadsheet and LibreOffice, not of a workbook and Excel.
"""

from __future__ import annotations

import typing as t
import zipfile
from dataclasses import dataclass

from iia_checker.limits import Limits, hint
from iia_checker.loaders.problems import FileProblem


@dataclass(frozen=True, slots=True)
class Spreadsheet:
    """How messages name a kind of zip spreadsheet, and the program that saves it."""

    #: The file as a whole: "the workbook".
    whole: str
    program: str

    def part(self, name: str) -> str:
        """A part of the file, by its name inside the zip."""
        return f"a part of {self.whole} ({name})"


WORKBOOK: t.Final = Spreadsheet("the workbook", "Excel")
ODS: t.Final = Spreadsheet("the spreadsheet", "LibreOffice Calc")
#: Parts smaller than this are not held to the compression ratio: small XML
#: compresses well and cannot exhaust memory.
BIG_PART: t.Final = 1024 * 1024


def check_parts(
    members: list[zipfile.ZipInfo], limits: Limits, kind: Spreadsheet = WORKBOOK
) -> None:
    """Refuse the file for a repeated, encrypted or too large part, or when it
    unpacks to more than the limit."""
    _check_unique(members, kind)
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise FileProblem(
            f"{kind.whole} unpacks to {total:,} bytes, more than"
            f" {limits.max_uncompressed_bytes:,} ({hint('max_uncompressed_bytes')})",
            rule_id="input.too-large",
        )
    for member in members:
        _check_member(member, limits, kind)


def _check_unique(members: list[zipfile.ZipInfo], kind: Spreadsheet) -> None:
    """Refuse two parts of one name: zip readers differ on which one they take."""
    seen: set[str] = set()
    for member in members:
        name = member.filename.replace("\\", "/").lstrip("/").lower()
        if name in seen:
            raise FileProblem(
                f"{kind.whole} holds two parts named {member.filename}, which"
                f" {kind.program} never writes; open it in {kind.program} and save"
                " it again"
            )
        seen.add(name)


def _check_member(member: zipfile.ZipInfo, limits: Limits, kind: Spreadsheet) -> None:
    if member.flag_bits & 0x1:
        raise FileProblem(
            f"{kind.part(member.filename)} is encrypted; remove the password in"
            f" {kind.program} and save it again"
        )
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > BIG_PART and ratio > limits.max_compression_ratio:
        raise FileProblem(
            f"{kind.part(member.filename)} is compressed {ratio:,.0f} to 1,"
            f" more than {limits.max_compression_ratio} (a zip bomb?"
            f" {hint('max_compression_ratio')})",
            rule_id="input.too-large",
        )
