"""Look inside a workbook before any reader does: format, size, extent, formulas.

calamine builds a dense grid as large as the furthest cell of a sheet, and a 2 KB
file with cells A1 and XFD1048576 makes it abort the whole process (tafia/calamine
#693), which Python cannot catch. So every file is checked first, at C speed, by the
zip directory and one regular-expression pass over each sheet's XML:

- magic bytes, not the extension: old ``.xls``, encrypted (OLE2 with an
  ``EncryptionInfo`` stream), ``.ods``, CSV, HTML and other files are refused;
- declared uncompressed size and compression ratio of every part (zip bombs);
- no part may hold a DTD or entity declarations (entity bombs, XXE);
- the furthest row and column of every sheet (cell references, and positions of
  cells and rows written without references) against the limits;
- formulas without a cached value, and error values, by cell.
"""

from __future__ import annotations

import contextlib
import io
import re
import typing as t
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from iia_checker.limits import Limits, hint
from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.guard.scan import Scan, measure, scan
from iia_checker.loaders.xlsx.guard.sniff import SAVE_AS, sniff
from iia_checker.loaders.xlsx.guard.stream import stream_scan

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_BIG_PART = 1024 * 1024


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """A worksheet as the workbook lists it."""

    name: str
    part: str
    hidden: bool
    #: Uncompressed bytes, as the zip directory says (the larger, the more cells).
    size: int = 0


@dataclass(slots=True)
class Preflight:
    """What the reader needs to know, and cells whose value cannot be trusted."""

    sheets: list[SheetInfo]
    date1904: bool
    #: sheet name -> cell reference -> why its value is missing.
    bad_cells: dict[str, dict[str, str]] = field(default_factory=dict)


def preflight(raw: bytes, limits: Limits) -> Preflight:
    """Check the container and every sheet; raise ``FileProblem`` when unsafe."""
    sniff(raw)
    with checked_container(io.BytesIO(raw), limits) as (archive, info):
        for sheet in info.sheets:
            clear_sheet(archive, info, sheet, limits)
    return info


@contextlib.contextmanager
def checked_container(
    workbook: t.BinaryIO, limits: Limits
) -> t.Iterator[tuple[zipfile.ZipFile, Preflight]]:
    """The zip archive and its sheets, once the container itself is safe.

    ``workbook`` is the file's bytes (already ``sniff``-ed) as a seekable stream.
    """
    try:
        archive = zipfile.ZipFile(workbook)
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError):
        # NotImplementedError: a damaged directory can claim a zip version from
        # the future.
        raise FileProblem(
            "the workbook is damaged or truncated (not a readable zip container)"
        ) from None
    with archive:
        _check_members(archive, limits)
        yield archive, _workbook(archive)


def clear_sheet(
    archive: zipfile.ZipFile, info: Preflight, sheet: SheetInfo, limits: Limits
) -> None:
    """Scan one sheet, a piece at a time if it can; raise ``FileProblem`` if unsafe."""
    found = stream_scan(archive, sheet.part)
    if found is None or _over(found, limits):
        found = _scan_sheet(sheet.name, _part(archive, sheet.part), limits)
    if found.bad_cells:
        info.bad_cells[sheet.name] = found.bad_cells


def _check_members(archive: zipfile.ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    names = {m.filename for m in members}
    if "mimetype" in names and "xl/workbook.xml" not in names:
        raise FileProblem(
            f"this is an OpenDocument (.ods) spreadsheet; {SAVE_AS}",
            rule_id="input.unsupported",
        )
    if "xl/workbook.xml" not in names:
        raise FileProblem(f"this zip file is not an Excel workbook; {SAVE_AS}")
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise FileProblem(
            f"the workbook unpacks to {total:,} bytes, more than"
            f" {limits.max_uncompressed_bytes:,} ({hint('max_uncompressed_bytes')})",
            rule_id="input.too-large",
        )
    for member in members:
        _check_member(member, limits)
    _check_links(names)
    for member in members:
        _check_prologue(archive, member)


def _check_links(names: set[str]) -> None:
    # A reviewer opening such a file in Excel may be asked to run a program (DDE)
    # or fetch other files; nothing a submission needs.
    if any(name.startswith("xl/externalLinks/") for name in names):
        raise FileProblem(
            "the workbook links to other files or programs (external links or DDE);"
            " break the links (Data > Edit Links > Break Link) and save it again"
        )


def _check_prologue(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse DTDs in every XML part, read only as far as a prologue can go."""
    if not member.filename.endswith((".xml", ".rels", ".vml")):
        return
    try:
        with archive.open(member) as stream:
            head = stream.read(65536)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
    ) as exc:
        message = f"the workbook part {member.filename} is damaged: {exc}"
        raise FileProblem(message) from None
    if _DTD.search(head):
        raise FileProblem(
            f"the workbook part {member.filename} declares a DTD or entities, which"
            " workbooks never need; it was refused"
        )


def _check_member(member: zipfile.ZipInfo, limits: Limits) -> None:
    if member.flag_bits & 0x1:
        raise FileProblem(f"the workbook part {member.filename} is encrypted")
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > _BIG_PART and ratio > limits.max_compression_ratio:
        raise FileProblem(
            f"the workbook part {member.filename} is compressed {ratio:,.0f} to 1,"
            f" more than {limits.max_compression_ratio} (a zip bomb?"
            f" {hint('max_compression_ratio')})",
            rule_id="input.too-large",
        )


def _part(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        data = archive.read(name)
    except KeyError:
        raise FileProblem(f"the workbook part {name} is missing") from None
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise FileProblem(f"the workbook part {name} is damaged: {exc}") from None
    if _DTD.search(data, 0, 65536):
        raise FileProblem(
            f"the workbook part {name} declares a DTD or entities, which workbooks"
            " never need; it was refused"
        )
    return data


def _workbook(archive: zipfile.ZipFile) -> Preflight:
    root = _xml(archive, "xl/workbook.xml")
    targets = _relationships(archive)
    sizes = {member.filename: member.file_size for member in archive.infolist()}
    pr = root.find(f"{_MAIN}workbookPr")
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    sheets = []
    for node in root.iter(f"{_MAIN}sheet"):
        target = targets.get(node.get(_RID, ""), "")
        if "worksheets/" not in target:
            continue  # chart sheets and dialog sheets hold no values
        hidden = node.get("state", "visible") != "visible"
        size = sizes.get(target, 0)
        sheets.append(SheetInfo(node.get("name", ""), target, hidden, size))
    return Preflight(sheets, date1904)


def _relationships(archive: zipfile.ZipFile) -> dict[str, str]:
    root = _xml(archive, "xl/_rels/workbook.xml.rels")
    targets = {}
    for node in root:
        target = node.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[node.get("Id", "")] = path
    return targets


def _xml(archive: zipfile.ZipFile, name: str) -> ET.Element:
    data = _part(archive, name)  # refused above when it has a DTD, so no entities
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise FileProblem(f"the workbook part {name} is damaged: {exc}") from None


def _scan_sheet(sheet: str, xml: bytes, limits: Limits) -> Scan:
    """The sheet's scan, measured exactly if its bound is over the limits."""
    found = scan(xml)
    if not found.exact and _over(found, limits):
        found = measure(xml)
    if _over(found, limits):
        raise FileProblem(
            f"sheet {sheet} reaches row {found.rows:,} and column {found.columns:,},"
            f" beyond the limits of {limits.max_sheet_rows:,} rows,"
            f" {limits.max_sheet_columns} columns and {limits.max_sheet_cells:,}"
            " cells; delete the far cells"
            f" ({hint('max_sheet_rows', 'max_sheet_columns', 'max_sheet_cells')})",
            rule_id="input.too-large",
        )
    return found


def _over(found: Scan, limits: Limits) -> bool:
    return (
        found.rows > limits.max_sheet_rows
        or found.columns > limits.max_sheet_columns
        or found.rows * found.columns > limits.max_sheet_cells
    )
