"""Read a workbook's parts, and parse the few we read ourselves, safely.

Every part that starts like XML has its whole prolog checked (``prolog``) before
anything parses any part; the parts read here are then parsed by defusedxml, which
refuses a DTD, entity declarations and external references outright, so nothing
ever expands an entity (Python's own ElementTree expands internal entities).
"""

from __future__ import annotations

import re
import typing as t
import zipfile
import zlib
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.guard.container import WORKBOOK, Spreadsheet
from iia_checker.loaders.xlsx.guard.prolog import check_part

READ_ERRORS: t.Final = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
)
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def check_prologs(archive: zipfile.ZipFile, kind: Spreadsheet = WORKBOOK) -> None:
    """Refuse the file if any XML part declares a DTD or is not UTF-8."""
    for member in archive.infolist():
        try:
            with archive.open(member) as stream:
                check_part(member.filename, stream, kind)
        except READ_ERRORS as exc:
            raise damaged(member.filename, exc, kind) from None


def damaged(name: str, exc: BaseException, kind: Spreadsheet = WORKBOOK) -> FileProblem:
    """The problem of a part that cannot be unpacked or parsed."""
    return FileProblem(f"{kind.part(name)} is damaged: {exc}")


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """The unpacked bytes of the part ``name``; ``FileProblem`` if unreadable."""
    try:
        data = archive.read(name)
    except KeyError:
        raise FileProblem(f"{WORKBOOK.part(name)} is missing") from None
    except READ_ERRORS as exc:
        raise damaged(name, exc) from None
    # Only the prolog can declare a DTD; one in the body is no XML, refused alike.
    if _DTD.search(data):
        raise FileProblem(
            f"{WORKBOOK.part(name)} declares a DTD or entities, which Excel never"
            " writes; it was refused"
        )
    return data


def parse_part(archive: zipfile.ZipFile, name: str) -> Element:
    """The part ``name`` parsed, refusing any DTD, entity or external reference."""
    data = read_part(archive, name)
    try:
        return fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise damaged(name, exc) from None
