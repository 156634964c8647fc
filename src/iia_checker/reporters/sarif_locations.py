"""Where a SARIF result is (SARIF 2.1.0 §3.28): a physical location with a region
for JSON submissions, a logical ``Sheet!B7`` for workbooks, the JSON pointer as a
logical value, and artifact URIs that survive any file name."""

from __future__ import annotations

import typing as t
from pathlib import PurePath
from urllib.parse import quote_from_bytes

from iia_checker.model.findings import Location

JSON = dict[str, t.Any]


def location(where: Location) -> JSON:
    """A finding's place: a region of a JSON file, or ``Sheet!B7`` in a workbook."""
    physical: JSON = {"artifactLocation": {"uri": artifact_uri(where.file)}}
    logical: list[JSON] = []
    if where.sheet:
        physical["region"] = {"startLine": 1}
        cell = f"{where.sheet}!{where.cell}" if where.cell else where.sheet
        logical.append({"fullyQualifiedName": cell, "kind": "element"})
    else:
        physical["region"] = {
            "startLine": where.line or 1,
            "startColumn": where.column or 1,
        }
    if where.pointer:
        name = where.pointer.rsplit("/", 1)[-1]
        logical.append(
            {"name": name, "fullyQualifiedName": where.pointer, "kind": "value"}
        )
    location: JSON = {"physicalLocation": physical}
    if logical:
        location["logicalLocations"] = logical
    return location


def artifact_uri(file: str) -> str:
    """A relative path as a URI reference; an absolute one as a ``file:`` URI.

    A name's undecodable bytes (held as surrogate escapes) are percent-encoded as
    the bytes they were; any other lone surrogate as ``?`` (``%3F``).
    """
    path = PurePath(file).as_posix()
    try:
        data = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = path.encode("utf-8", "replace")
    uri = quote_from_bytes(data, safe="/")
    return f"file://{uri}" if PurePath(file).is_absolute() else uri
