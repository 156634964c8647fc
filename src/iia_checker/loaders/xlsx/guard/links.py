"""Refuse workbooks that link to other files or programs, found by what parts are.

A reviewer opening such a workbook in Excel may be asked to update its links,
which fetches other files or starts a program (DDE: ``cmd|'/c calc'``). Links are
found by the package's own description, not by where a part happens to be:

- a content type (``[Content_Types].xml``) of an external link part (which holds
  DDE and OLE links too) or of an OLE object;
- a relationship (every ``_rels/*.rels``) of those types, of an external link
  path, or pointing outside the package (``TargetMode="External"``), except a
  hyperlink, which only a click follows.

A hyperlink inserted in a cell (Insert > Link) is kept, whatever its target.
Excel 4.0 macro sheets, which can run programs when the workbook opens, are
refused by their relationship type too.
"""

from __future__ import annotations

import typing as t
import zipfile
from xml.etree.ElementTree import Element

from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.guard.parts import parse_part

_CONTENT_TYPES: t.Final = "[Content_Types].xml"
_LINKED_KINDS: t.Final = ("externallink", "oleobject")
_LINK_TYPES: t.Final = frozenset({"externallink", "externallinkpath", "oleobject"})
_MACRO_TYPES: t.Final = frozenset({"xlmacrosheet", "xlintlmacrosheet"})
_MACROS: t.Final = (
    "the workbook holds Excel 4.0 macro sheets, which can run programs; copy the"
    " other sheets into a new workbook and save that"
)
_REFUSAL: t.Final = (
    "the workbook links to other files or programs (external links, DDE or OLE"
    " links, or objects); break the links (Data > Edit Links > Break Link), delete"
    " linked objects and save it again"
)


def check_links(archive: zipfile.ZipFile, names: t.Iterable[str]) -> None:
    """Raise ``FileProblem`` if the package holds or points to a link."""
    if _CONTENT_TYPES in names and _linked_content(parse_part(archive, _CONTENT_TYPES)):
        raise FileProblem(_REFUSAL)
    for name in names:
        if name.endswith(".rels"):
            reason = _linked_relationship(parse_part(archive, name))
            if reason is not None:
                raise FileProblem(reason)


def _linked_content(types: Element) -> bool:
    return any(
        kind in node.get("ContentType", "").lower()
        for node in types
        for kind in _LINKED_KINDS
    )


def _linked_relationship(relationships: Element) -> str | None:
    """Why a relationship among these refuses the workbook, if one does."""
    for node in relationships:
        kind = node.get("Type", "").rstrip("/").lower()
        last = kind.rsplit("/", 1)[-1]
        if last in _MACRO_TYPES:
            return _MACROS
        if last in _LINK_TYPES or "xlexternallinkpath" in kind:
            return _REFUSAL
        external = node.get("TargetMode", "").lower() == "external"
        if external and last != "hyperlink":
            return _REFUSAL
    return None
