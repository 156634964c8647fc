"""The fixed parts of a SpreadsheetML package (ECMA-376 Part 1), as XML text.

Only what our reports use: plain sheets with a frozen header row, an autofilter,
column widths, shared strings and a few bold-on-fill cell styles. Each function
returns a whole part; the worksheets and the string table, which grow with the
report, are streamed by ``writer``.
"""

from __future__ import annotations

import datetime as dt
import re
import typing as t

DECLARATION: t.Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_NS: t.Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS: t.Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS: t.Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_TYPE: t.Final = "application/vnd.openxmlformats-officedocument"
_SHEET_TYPE: t.Final = f"{_OFFICE_TYPE}.spreadsheetml"
_PACKAGE_TYPE: t.Final = "application/vnd.openxmlformats-package"
_CORE_NS: t.Final = "http://schemas.openxmlformats.org/package/2006/metadata"
#: Excel reads ``_x0041_`` in a string as "A"; ``_x005F`` escapes the underscore.
_EXCEL_ESCAPE: t.Final = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def as_written(text: str) -> str:
    """``text`` with each ``_xHHHH_`` it holds escaped, so that Excel (and every
    reader of workbooks) reads it as written, not as the character it codes."""
    return _EXCEL_ESCAPE.sub(r"_x005F_\1", text)


#: XML 1.0 cannot carry these, and UTF-8 cannot encode a lone surrogate.
_NOT_XML: t.Final = re.compile("[\ud800-\udfff\ufffe\uffff]")

#: A solid fill and the bold font colour on it, both ``RRGGBB``.
Style = tuple[str, str]


def escape(text: str) -> str:
    """``text`` as XML character data (also safe inside a double-quoted attribute)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def string_item(text: str) -> str:
    """One ``<si>`` of the shared string table, keeping edge spaces and ``_xHHHH_``."""
    body = escape(as_written(_NOT_XML.sub("\ufffd", text)))
    if text != text.strip():
        return f'<si><t xml:space="preserve">{body}</t></si>'
    return f"<si><t>{body}</t></si>"


def content_types(sheets: int) -> str:
    """``[Content_Types].xml``: what each part is."""
    overrides = [
        ("/xl/workbook.xml", f"{_SHEET_TYPE}.sheet.main+xml"),
        ("/xl/styles.xml", f"{_SHEET_TYPE}.styles+xml"),
        ("/xl/sharedStrings.xml", f"{_SHEET_TYPE}.sharedStrings+xml"),
        ("/docProps/core.xml", f"{_PACKAGE_TYPE}.core-properties+xml"),
        ("/docProps/app.xml", f"{_OFFICE_TYPE}.extended-properties+xml"),
    ]
    overrides += [
        (f"/xl/worksheets/sheet{n}.xml", f"{_SHEET_TYPE}.worksheet+xml")
        for n in range(1, sheets + 1)
    ]
    return (
        f"{DECLARATION}<Types "
        'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{_PACKAGE_TYPE}.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{name}" ContentType="{kind}"/>'
            for name, kind in overrides
        )
        + "</Types>"
    )


def _relationships(targets: t.Sequence[tuple[str, str]]) -> str:
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, start=1)
    )
    return f'{DECLARATION}<Relationships xmlns="{_PKG_REL_NS}">{items}</Relationships>'


def root_rels() -> str:
    """``_rels/.rels``: the workbook and the document properties."""
    return _relationships(
        [
            (f"{_REL_NS}/officeDocument", "xl/workbook.xml"),
            (f"{_PKG_REL_NS}/metadata/core-properties", "docProps/core.xml"),
            (f"{_REL_NS}/extended-properties", "docProps/app.xml"),
        ]
    )


def workbook_rels(sheets: int) -> str:
    """``xl/_rels/workbook.xml.rels``: sheets ``rId1..n``, then styles and strings."""
    targets = [
        (f"{_REL_NS}/worksheet", f"worksheets/sheet{n}.xml")
        for n in range(1, sheets + 1)
    ]
    targets.append((f"{_REL_NS}/styles", "styles.xml"))
    targets.append((f"{_REL_NS}/sharedStrings", "sharedStrings.xml"))
    return _relationships(targets)


def core_props(creator: str, stamp: dt.datetime) -> str:
    """``docProps/core.xml``: who made the file and when (the report's as-of date)."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    dates = "".join(
        f'<dcterms:{name} xsi:type="dcterms:W3CDTF">{when}</dcterms:{name}>'
        for name in ("created", "modified")
    )
    return (
        f"{DECLARATION}<cp:coreProperties "
        f'xmlns:cp="{_CORE_NS}/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{escape(creator)}</dc:creator>{dates}</cp:coreProperties>"
    )


def app_props(application: str) -> str:
    """``docProps/app.xml``: the application that wrote the file."""
    return (
        f"{DECLARATION}<Properties xmlns="
        '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>{escape(application)}</Application></Properties>"
    )


def workbook(titles: t.Sequence[str], filters: t.Sequence[str]) -> str:
    """``xl/workbook.xml``: the sheets in order, and the range each one filters.

    Excel records an autofilter also as the hidden name ``_xlnm._FilterDatabase``.
    """
    sheets = "".join(
        f'<sheet name="{escape(title)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, title in enumerate(titles, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{escape(_absolute(title, ref))}</definedName>"
        for n, (title, ref) in enumerate(zip(titles, filters, strict=True))
    )
    return (
        f'{DECLARATION}<workbook xmlns="{MAIN_NS}" xmlns:r="{_REL_NS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets><definedNames>{names}</definedNames></workbook>"
    )


def _absolute(title: str, ref: str) -> str:
    """``'Findings'!$A$1:$O$7`` for ``A1:O7``."""
    corners = ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", c) for c in ref.split(":"))
    quoted = title.replace("'", "''")
    return f"'{quoted}'!{corners}"


def styles(bold_on_fill: t.Sequence[Style]) -> str:
    """``xl/styles.xml``: the default cell format, then one per ``bold_on_fill``.

    Cell format ``n`` (``s="n"``) is ``bold_on_fill[n - 1]``.
    """
    size, name = '<sz val="11"/>', '<name val="Calibri"/><family val="2"/>'
    fonts = [f"<font>{size}{name}</font>"] + [
        f'<font><b val="1"/>{size}<color rgb="00{font}"/>{name}</font>'
        for _, font in bold_on_fill
    ]
    fills = ['<fill><patternFill patternType="none"/></fill>']
    fills.append('<fill><patternFill patternType="gray125"/></fill>')
    fills += [
        f'<fill><patternFill patternType="solid"><fgColor rgb="00{fill}"/>'
        '<bgColor indexed="64"/></patternFill></fill>'
        for fill, _ in bold_on_fill
    ]
    base = 'numFmtId="0" borderId="0" xfId="0"'
    formats = [f'<xf {base} fontId="0" fillId="0"/>'] + [
        f'<xf {base} fontId="{n}" fillId="{n + 1}" applyFont="1" applyFill="1"/>'
        for n in range(1, len(bold_on_fill) + 1)
    ]
    return (
        f'{DECLARATION}<styleSheet xmlns="{MAIN_NS}">'
        f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
        f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
        "</border></borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
        'borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(formats)}">{"".join(formats)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>"
    )


def sheet_head(ref: str, widths: t.Sequence[int], selected: bool) -> str:
    """A worksheet up to ``<sheetData>``: its used range, frozen row 1, widths."""
    tab = ' tabSelected="1"' if selected else ""
    cols = "".join(
        f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
        for n, width in enumerate(widths, start=1)
    )
    return (
        f'{DECLARATION}<worksheet xmlns="{MAIN_NS}" xmlns:r="{_REL_NS}">'
        f'<dimension ref="{ref}"/>'
        f'<sheetViews><sheetView workbookViewId="0"{tab}>'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{cols}</cols><sheetData>"
    )


def sheet_tail(ref: str) -> str:
    """A worksheet from ``</sheetData>``: the autofilter over the used range."""
    return (
        f'</sheetData><autoFilter ref="{ref}"/><pageMargins left="0.7" '
        'right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    )
