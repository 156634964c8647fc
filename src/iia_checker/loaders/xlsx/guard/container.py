"""Checks every zip spreadsheet gets before any part is read: unique part names,
the unpacked size, encryption and each large part's compression ratio.

Both guards call it, the ``.xlsx`` preflight and the ``.ods`` one, so a class of
hostile container is refused the same way whatever the format.
"""

from __future__ import annotations

import typing as t
import zipfile

from iia_checker.limits import Limits, hint
from iia_checker.loaders.problems import FileProblem

#: Parts smaller than this are not held to the compression ratio: small XML
#: compresses well and cannot exhaust memory.
BIG_PART: t.Final = 1024 * 1024


def check_parts(members: list[zipfile.ZipInfo], limits: Limits, what: str) -> None:
    """Refuse ``what`` (``"the workbook"``) for a repeated, encrypted or too large
    part, or when it unpacks to more than the limit."""
    _check_unique(members, what)
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise FileProblem(
            f"{what} unpacks to {total:,} bytes, more than"
            f" {limits.max_uncompressed_bytes:,} ({hint('max_uncompressed_bytes')})",
            rule_id="input.too-large",
        )
    for member in members:
        _check_member(member, limits, what)


def _check_unique(members: list[zipfile.ZipInfo], what: str) -> None:
    """Refuse two parts of one name: zip readers differ on which one they take."""
    seen: set[str] = set()
    for member in members:
        name = member.filename.replace("\\", "/").lstrip("/").lower()
        if name in seen:
            raise FileProblem(
                f"{what} holds two parts named {member.filename}, which an office"
                " program never writes; open it and save it again"
            )
        seen.add(name)


def _check_member(member: zipfile.ZipInfo, limits: Limits, what: str) -> None:
    if member.flag_bits & 0x1:
        raise FileProblem(f"{what} part {member.filename} is encrypted")
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > BIG_PART and ratio > limits.max_compression_ratio:
        raise FileProblem(
            f"{what} part {member.filename} is compressed {ratio:,.0f} to 1,"
            f" more than {limits.max_compression_ratio} (a zip bomb?"
            f" {hint('max_compression_ratio')})",
            rule_id="input.too-large",
        )
