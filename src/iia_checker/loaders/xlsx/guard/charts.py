"""Refuse charts whose series formulas reach outside the workbook.

A chart's data ranges are formulas (``<c:f>``, ``<cx:f>`` in the newer chart
kinds) that Excel recalculates when a reviewer opens the workbook, so they are
held to the cells' rule (``formulas``: no DDE, no program, no network) and may
not refer to another workbook or file either (``[1]Sheet1!A1``,
``'C:\\dir\\[book.xlsx]Sheet1'!A1``): a sheet's name can hold neither ``[`` nor
``\\``. Chart parts are found as links are, by what the package says they are
(content type, relationship type), never by where they are stored.
"""

from __future__ import annotations

import posixpath
import re
import typing as t
import zipfile
from xml.etree.ElementTree import Element

from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.guard.formulas import danger, formula_texts
from iia_checker.loaders.xlsx.guard.parts import parse_part, read_part

_CONTENT_TYPES: t.Final = "[Content_Types].xml"
#: Content types and relationship types (their last segment) of chart parts.
_CHART_CONTENT: t.Final = ("drawingml.chart+xml", "chartex+xml")
_CHART_RELATIONS: t.Final = frozenset({"chart", "chartex"})
_TEXTS = re.compile(r'"(?:[^"]|"")*"?')


def check_charts(archive: zipfile.ZipFile, names: t.Sequence[str]) -> None:
    """Raise ``FileProblem`` if a chart's series formula reaches outside."""
    stored = {name.lower(): name for name in names}
    for part in sorted(_chart_parts(archive, stored)):
        reason = _unsafe_series(read_part(archive, part))
        if reason is not None:
            raise FileProblem(
                f"a chart in the workbook: a data range of the chart {reason},"
                " which a workbook for the board must not do; point the chart at"
                " cells of this workbook (or delete it) and save the workbook again"
            )


def _chart_parts(archive: zipfile.ZipFile, stored: dict[str, str]) -> set[str]:
    """Every part the content types or a relationship call a chart."""
    found: set[str] = set()
    if _CONTENT_TYPES in stored.values():
        found |= _typed_charts(parse_part(archive, _CONTENT_TYPES), stored)
    for name in stored.values():
        if name.endswith(".rels"):
            found |= _related_charts(parse_part(archive, name), name, stored)
    return found


def _typed_charts(types: Element, stored: dict[str, str]) -> set[str]:
    found = set()
    for node in types:
        if not node.get("ContentType", "").lower().endswith(_CHART_CONTENT):
            continue
        if node.get("PartName"):
            found.add(node.get("PartName", "").lstrip("/").lower())
        elif node.get("Extension"):  # a default: every part so named
            ending = "." + node.get("Extension", "").lower()
            found |= {name for name in stored if name.endswith(ending)}
    return {stored[name] for name in found if name in stored}


def _related_charts(rels: Element, name: str, stored: dict[str, str]) -> set[str]:
    # xl/drawings/_rels/drawing1.xml.rels speaks for xl/drawings/drawing1.xml.
    folder = posixpath.dirname(posixpath.dirname(name))
    found = set()
    for node in rels:
        kind = node.get("Type", "").rstrip("/").rsplit("/", 1)[-1].lower()
        external = node.get("TargetMode", "").lower() == "external"
        if kind not in _CHART_RELATIONS or external:
            continue  # links outside the package are refused by ``links``
        target = node.get("Target", "")
        path = target[1:] if target.startswith("/") else f"{folder}/{target}"
        found.add(posixpath.normpath(path).lstrip("/").lower())
    return {stored[part] for part in found if part in stored}


def _unsafe_series(xml: bytes) -> str | None:
    """What a chart part's first unsafe formula does, if one does anything."""
    for _, _, text in formula_texts(xml):
        reason = danger(text)
        if reason is None and re.search(r"[\[\\]", _TEXTS.sub("", text)):
            reason = "refers to another workbook or file"
        if reason is not None:
            return reason
    return None
