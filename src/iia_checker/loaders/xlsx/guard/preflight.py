"""Look inside a workbook before any reader does: format, size, extent, formulas.

calamine builds a dense grid as large as the furthest cell of a sheet, and a 2 KB
file with cells A1 and XFD1048576 makes it abort the whole process (tafia/calamine
#693), which Python cannot catch. So every file is checked first, at C speed, by the
zip directory and one regular-expression pass over each sheet's XML:

- magic bytes, not the extension: old ``.xls``, encrypted (OLE2 with an
  ``EncryptionInfo`` stream), ``.ods``, CSV, HTML and other files are refused;
- no two parts of the same name (OPC names ignore case), which readers could
  take one for the other;
- declared uncompressed size and compression ratio of every part (zip bombs);
- no part may declare a DTD or entities, in any encoding, and every XML part is
  UTF-8 (``prolog``); the parts read here are parsed by defusedxml (``parts``);
- no links to other files or programs (``links``), and no chart whose data
  ranges reach outside the workbook (``charts``);
- the furthest row and column of every sheet (cell references, and positions of
  cells and rows written without references) against the limits, stopping at the
  first cell past them;
- no formula in any sheet reaching outside the workbook (``formulas``);
- formulas without a cached value, and error values, by cell.
"""

from __future__ import annotations

import contextlib
import io
import typing as t
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from iia_checker.limits import Limits, hint
from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.guard.cells import past
from iia_checker.loaders.xlsx.guard.charts import check_charts
from iia_checker.loaders.xlsx.guard.container import check_parts
from iia_checker.loaders.xlsx.guard.formulas import danger
from iia_checker.loaders.xlsx.guard.links import check_links
from iia_checker.loaders.xlsx.guard.parts import check_prologs, parse_part, read_part
from iia_checker.loaders.xlsx.guard.scan import Scan, measure, scan
from iia_checker.loaders.xlsx.guard.sniff import SAVE_AS, sniff
from iia_checker.loaders.xlsx.guard.stream import stream_scan

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


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
    found = stream_scan(archive, sheet.part, limits)
    if found is None or (not found.exact and _over(found, limits)):
        found = _scan_sheet(read_part(archive, sheet.part), limits)
    _refuse_unsafe(sheet.name, found, limits)
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
    check_parts(members, limits)
    check_prologs(archive)
    check_links(archive, sorted(names))
    check_charts(archive, sorted(names))


def _workbook(archive: zipfile.ZipFile) -> Preflight:
    root = parse_part(archive, "xl/workbook.xml")
    _refuse_unsafe_names(root)
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


def _refuse_unsafe_names(root: Element) -> None:
    """Refuse a defined name whose formula reaches outside: ``=Name`` calls it."""
    for node in root.iter():
        if not str(node.tag).endswith("definedName"):
            continue
        reason = danger("".join(node.itertext()))
        if reason is not None:
            raise FileProblem(
                f"the defined name {node.get('name', '?')}: the formula {reason},"
                " which a workbook for the board must not do; delete the name"
                " (Formulas > Name Manager) and save the workbook again"
            )


def _relationships(archive: zipfile.ZipFile) -> dict[str, str]:
    root = parse_part(archive, "xl/_rels/workbook.xml.rels")
    targets = {}
    for node in root:
        target = node.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[node.get("Id", "")] = path
    return targets


def _scan_sheet(xml: bytes, limits: Limits) -> Scan:
    """The sheet's scan, measured exactly if its bound is over the limits."""
    found = scan(xml, limits)
    if not found.exact and _over(found, limits):
        found = measure(xml, limits)
    return found


def _refuse_unsafe(sheet: str, found: Scan, limits: Limits) -> None:
    """Raise ``FileProblem`` for a formula reaching outside, or an extent too far."""
    if found.refusal is not None:
        place, reason = found.refusal
        raise FileProblem(
            f"sheet {sheet}, {place}: the formula {reason}, which a workbook for"
            " the board must not do; replace the formula by its value and save"
            " the workbook again"
        )
    if _over(found, limits):
        raise FileProblem(
            f"sheet {sheet} reaches row {found.rows:,} and column {found.columns:,},"
            f" beyond the limits of {limits.max_sheet_rows:,} rows,"
            f" {limits.max_sheet_columns} columns and {limits.max_sheet_cells:,}"
            " cells; delete the far cells"
            f" ({hint('max_sheet_rows', 'max_sheet_columns', 'max_sheet_cells')})",
            rule_id="input.too-large",
        )


def _over(found: Scan, limits: Limits) -> bool:
    return past(found.rows, found.columns, limits)
