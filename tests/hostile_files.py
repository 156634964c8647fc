"""Build hostile and broken workbooks for the hardening tests.

``python -m tests.hostile_files`` rewrites the small ones committed in
tests/data/bad/; the large ones (zip bomb, a million rows, a 10 MB cell) are made
by the tests in a temporary folder, since only their compressed form is small.
"""

from __future__ import annotations

import io
import random
import typing as t
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BAD = HERE / "data" / "bad"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>""".encode()
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Project" sheetId="1" r:id="rId1"/></sheets></workbook>""".encode()
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>""".encode()


def sheet(rows: bytes) -> bytes:
    """A worksheet part holding ``rows`` (``<row>`` elements)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        + rows
        + b"</sheetData></worksheet>"
    )


def inline(ref: str, text: str) -> bytes:
    """A cell with inline text."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


SIMPLE_ROWS = (
    b'<row r="1">'
    + inline("A1", "Project ID")
    + inline("B1", "DF-2021-014")
    + b"</row>"
)


def workbook(
    rows: bytes = SIMPLE_ROWS,
    *,
    shared: bytes | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A minimal .xlsx with one sheet, optional shared strings and extra parts."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet(rows),
        **({"xl/sharedStrings.xml": shared} if shared is not None else {}),
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            entry = zipfile.ZipInfo(name, date_time=(2021, 9, 1, 0, 0, 0))
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>"""
EXTERNAL_LINK = b"""<?xml version="1.0" encoding="UTF-8"?>
<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>"""
DDE_ROWS = (
    b'<row r="1">'
    + inline("A1", "Project ID")
    + b"<c r=\"B1\"><f>cmd|'/c calc'!A0</f></c></row>"
)
#: A formula written after the cell's inline text, out of Excel's order.
FORMULA_AFTER_TEXT_ROWS = (
    SIMPLE_ROWS
    + b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is>'
    + b'<f>WEBSERVICE("http://example.org/")</f></c></row>'
)
CHART_DDE = b"""<?xml version="1.0" encoding="UTF-8"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea><c:barChart><c:ser><c:val><c:numRef><c:f>cmd|'/c calc'!A0</c:f></c:numRef></c:val></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>"""
CHART_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/chart" Target="../charts/chart1.xml"/></Relationships>""".encode()
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
#: An OLE2 container whose directory names an EncryptionInfo stream, as Excel
#: writes a password-protected .xlsx (the rest of the container is irrelevant).
ENCRYPTED = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + bytes(504)
    + "EncryptionInfo".encode("utf-16-le")
    + bytes(64)
)


def small_files() -> dict[str, bytes]:
    """The committed corpus: name -> bytes."""
    good = workbook()
    corrupt = bytearray(good)
    corrupt[len(corrupt) // 3 : len(corrupt) // 3 + 40] = bytes(40)
    return {
        "xlsx-truncated.xlsx": good[: len(good) // 2],
        "xlsx-corrupt-zip.xlsx": bytes(corrupt),
        "xlsx-empty.xlsx": b"",
        "xlsx-renamed-xls.xlsx": (HERE / "data" / "xlsx" / "tiny.xls").read_bytes(),
        "xlsx-renamed-ods.xlsx": (HERE / "data" / "xlsx" / "tiny.ods").read_bytes(),
        "xlsx-renamed-csv.xlsx": b"Project ID,Title\nDF-2021-014,Online booking\n",
        "xlsx-renamed-pdf.xlsx": PDF,
        "xlsx-renamed-png.xlsx": PNG,
        "xlsx-password.xlsx": ENCRYPTED,
        "xlsx-entity-bomb.xlsx": workbook(
            b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared=BILLION_LAUGHS
        ),
        "xlsx-sparse-far-cell.xlsx": workbook(
            b'<row r="1">'
            + inline("A1", "x")
            + b'</row><row r="1048576">'
            + inline("XFD1048576", "x")
            + b"</row>"
        ),
        "xlsx-wide-row.xlsx": workbook(
            b'<row r="1">'
            + b"".join(
                f'<c r="{_column(i)}1"><v>{i}</v></c>'.encode() for i in range(1, 16385)
            )
            + b"</row>"
        ),
        "xlsx-dde-external-link.xlsx": workbook(
            DDE_ROWS, extra={"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK}
        ),
        "xlsx-formula-after-inline-text.xlsx": workbook(FORMULA_AFTER_TEXT_ROWS),
        "xlsx-chart-dde.xlsx": workbook(
            extra={
                "xl/charts/chart1.xml": CHART_DDE,
                "xl/drawings/_rels/drawing1.xml.rels": CHART_RELS,
            }
        ),
    }


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def zip_bomb() -> bytes:
    """A sheet part of 60 MB of one repeated cell: about 1:1000 compressed."""
    row = b'<row r="1">' + inline("A1", "x" * 60_000_000) + b"</row>"
    return workbook(row)


def million_rows() -> bytes:
    """A sheet with a million rows of one number each."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i)
        for i in range(1, 1_000_001)
    )
    return workbook(rows)


def ten_megabyte_cell() -> bytes:
    """One cell holding 10 MB of varied text (about 3:1 compressed, like prose)."""
    words = ["digital", "inclusion", "evidence", "library", "older", "carers", "rural"]
    chooser = random.Random(2021)
    text = " ".join(
        chooser.choice(words) + str(chooser.randrange(1000)) for _ in range(1_100_000)
    )
    return workbook(
        b'<row r="1">'
        + inline("A1", "Project ID")
        + inline("B1", text[:10_000_000])
        + b"</row>"
    )


LARGE: t.Final[dict[str, t.Callable[[], bytes]]] = {
    "xlsx-zip-bomb.xlsx": zip_bomb,
    "xlsx-million-rows.xlsx": million_rows,
    "xlsx-ten-megabyte-cell.xlsx": ten_megabyte_cell,
}


if __name__ == "__main__":
    for name, data in small_files().items():
        (BAD / name).write_bytes(data)
        print(f"{BAD / name}: {len(data):,} bytes")
