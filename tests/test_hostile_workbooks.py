"""Hostile workbooks, round two: every class of bypass of the guard, generated.

Each class is a hypothesis strategy over the ways a file can spell it (encoding,
where in the part, which part, how it is escaped), and the property is the same:
the workbook is refused with one plain line, before any reader parses it. The
safe spellings next to them prove the guard refuses only what it should.
"""

from __future__ import annotations

import io
import time
import warnings
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iia_checker.limits import Limits
from iia_checker.loaders.ods import read_ods_book
from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.guard.parts import parse_part
from iia_checker.loaders.xlsx.guard.preflight import preflight
from iia_checker.loaders.xlsx.guard.scan import scan
from iia_checker.loaders.xlsx.read import read_book

from . import hostile_files as hf
from . import ods_files

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SECOND_SHEET = "Instructions"


def package(
    rows: bytes = hf.SIMPLE_ROWS,
    *,
    instructions: bytes = hf.SIMPLE_ROWS,
    replace: dict[str, bytes] | None = None,
    extra: dict[str, bytes] | None = None,
    entries: list[tuple[str, bytes]] | None = None,
) -> bytes:
    """A two-sheet workbook (Project, Instructions), with parts replaced or added."""
    workbook = hf.WORKBOOK.replace(
        b"</sheets>",
        f'<sheet name="{SECOND_SHEET}" sheetId="2" r:id="rId3"/></sheets>'.encode(),
    )
    rels = hf.WORKBOOK_RELS.replace(
        b"</Relationships>",
        f'<Relationship Id="rId3" Type="{hf.REL}/worksheet"'
        ' Target="worksheets/sheet2.xml"/></Relationships>'.encode(),
    )
    types = hf.CONTENT_TYPES.replace(
        b"</Types>",
        b'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="'
        + SHEET_TYPE.encode()
        + b'"/></Types>',
    )
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": hf.ROOT_RELS,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": rels,
        "xl/worksheets/sheet1.xml": hf.sheet(rows),
        "xl/worksheets/sheet2.xml": hf.sheet(instructions),
        **(replace or {}),
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        warnings.catch_warnings(),  # a duplicate name is what some tests want
    ):
        warnings.simplefilter("ignore")
        for name, data in [*parts.items(), *(entries or [])]:
            archive.writestr(zipfile.ZipInfo(name, (2021, 9, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def refusal(raw: bytes, limits: Limits | None = None) -> str:
    """The one-line message the workbook is refused with (fails if it is read)."""
    with pytest.raises(FileProblem) as caught:
        preflight(raw, limits or Limits())
    message = str(caught.value)
    assert message and "\n" not in message
    return message


def test_the_safe_package_is_read() -> None:
    book = read_book(package(), Limits())
    assert set(book.sheets) == {"Project", SECOND_SHEET}


# --- DTDs and entities: any part, any encoding, anywhere in the prolog ---------

ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "utf-32-be",
]
DECLARATIONS = [
    '<!DOCTYPE x [<!ENTITY e "y">]>',
    "<!doctype worksheet>",
    '<!ENTITY e "y">',
    '<!DOCTYPE x SYSTEM "http://example.org/x.dtd">',
]
PARTS = [
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
]


@st.composite
def dtd_parts(draw: st.DrawFn) -> tuple[str, bytes]:
    """A part of the package with a DTD somewhere in its prolog, in any encoding."""
    name = draw(st.sampled_from(PARTS))
    original = _parts(package())[name].decode()
    body = original.split("?>", 1)[1] if original.startswith("<?xml") else original
    padding = draw(st.sampled_from([0, 10, 70_000, 200_000]))
    before = [f"<!--{'x' * padding}-->", '<?pi data="1"?>', "\n  "]
    prolog = "".join(draw(st.permutations(before))[: draw(st.integers(0, 3))])
    declared = draw(st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>']))
    text = declared + prolog + draw(st.sampled_from(DECLARATIONS)) + body
    return name, text.encode(draw(st.sampled_from(ENCODINGS)))


@SETTINGS
@given(dtd_parts())
def test_a_dtd_in_any_part_and_encoding_is_refused(part: tuple[str, bytes]) -> None:
    name, data = part
    assert "DTD or entities" in refusal(package(replace={name: data}))


def _entity_workbook(padding: int) -> bytes:
    # 2 KB that expanded to a 95,009-character sheet name through ElementTree.
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 9}">' for i in range(1, 6))
    return (
        f'<?xml version="1.0"?><!--{" " * padding}-->'
        f'<!DOCTYPE w [<!ENTITY l0 "lol">{laughs}]>'
        f'<workbook xmlns="{hf.MAIN}" xmlns:r="{hf.REL}"><sheets>'
        '<sheet name="&l5;" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ).encode()


def test_the_preflight_reads_no_entity_behind_a_long_comment() -> None:
    raw = package(replace={"xl/workbook.xml": _entity_workbook(70_000)})
    assert "DTD or entities" in refusal(raw)


def test_the_parts_read_here_are_parsed_without_entities() -> None:
    raw = package(replace={"xl/workbook.xml": _entity_workbook(0)})
    with zipfile.ZipFile(io.BytesIO(raw)) as archive, pytest.raises(FileProblem):
        parse_part(archive, "xl/workbook.xml")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32-le"])
def test_a_worksheet_in_utf16_or_32_is_refused_not_read_as_empty(
    encoding: str,
) -> None:
    sheet = hf.sheet(hf.SIMPLE_ROWS).decode().replace("UTF-8", encoding.upper())
    raw = package(replace={"xl/worksheets/sheet1.xml": sheet.encode(encoding)})
    assert "not written in UTF-8" in refusal(raw)


# --- links to other files and programs, by what the package says they are ----

LINK_PART = b'<externalLink xmlns="' + hf.MAIN.encode() + b'"><ddeLink/></externalLink>'
LINK_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"
)
OLE_TYPE = "application/vnd.openxmlformats-officedocument.oleObject"


def _relationships(*nodes: str) -> bytes:
    return f'<Relationships xmlns="{hf.PKG}">{"".join(nodes)}</Relationships>'.encode()


@st.composite
def linked_packages(draw: st.DrawFn) -> bytes:
    """A workbook with a link, under any part name, declared one of several ways."""
    folder = draw(st.sampled_from(["xl/externalLinks", "xl/misc", "xl", "customXml"]))
    part = f"{folder}/{draw(st.sampled_from(['externalLink1', 'data', 'a']))}.xml"
    how = draw(st.sampled_from(["content type", "ole type", "relationship", "path"]))
    if how in ("content type", "ole type"):
        kind = LINK_TYPE if how == "content type" else OLE_TYPE
        override = f'<Override PartName="/{part}" ContentType="{kind}"/></Types>'
        types = _parts(package())["[Content_Types].xml"]
        return package(
            replace={
                "[Content_Types].xml": types.replace(b"</Types>", override.encode())
            },
            extra={part: LINK_PART},
        )
    kind = draw(st.sampled_from(["externalLink", "oleObject", "image", "package"]))
    target = (
        f'Target="/{part}"'
        if how == "relationship" and kind in ("externalLink", "oleObject")
        else 'Target="file:///C:/secret.xlsx" TargetMode="External"'
    )
    if how == "path":
        kind = draw(st.sampled_from(["externalLinkPath", "image"]))
    rels = _relationships(f'<Relationship Id="rId9" Type="{hf.REL}/{kind}" {target}/>')
    holder = draw(
        st.sampled_from(
            ["xl/worksheets/_rels/sheet2.xml.rels", f"{folder}/_rels/x.rels"]
        )
    )
    return package(extra={part: LINK_PART, holder: rels})


@SETTINGS
@given(linked_packages())
def test_a_link_is_refused_whatever_its_part_is_called(raw: bytes) -> None:
    assert "links to other files or programs" in refusal(raw)


def test_a_hyperlink_inserted_in_a_cell_is_kept() -> None:
    rels = _relationships(
        f'<Relationship Id="rId1" Type="{hf.REL}/hyperlink"'
        ' Target="https://www.midlothian.gov.uk/" TargetMode="External"/>'
    )
    raw = package(extra={"xl/worksheets/_rels/sheet1.xml.rels": rels})
    assert read_book(raw, Limits()).sheets["Project"]


# --- formulas that reach outside the workbook, in every sheet ------------------

_NAMES = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@st.composite
def unsafe_formulas(draw: st.DrawFn) -> str:
    """A formula calling a program or the network, in one of its spellings."""
    kind = draw(st.sampled_from(["dde", "network", "program", "hyperlink"]))
    if kind == "dde":
        app, topic = draw(_NAMES), draw(st.sampled_from(["' /C calc'", "x", "'a b'"]))
        item = draw(st.sampled_from(["A0", "R1C1", "'x'"]))
        inner = f"{app}|{topic}!{item}"
    elif kind == "hyperlink":
        target = draw(
            st.sampled_from(['"file:///C:/a.xlsx"', '"\\\\srv\\share"', "A1"])
        )
        inner = f'HYPERLINK({target},"open")'
    else:
        names = (
            ["WEBSERVICE", "FILTERXML", "IMPORTDATA", "RTD", "IMAGE"]
            if kind == "network"
            else ["CALL", "REGISTER.ID", "REGISTER", "EXEC"]
        )
        name = draw(st.sampled_from(names))
        name = draw(st.sampled_from([name, name.lower(), "_xlfn." + name]))
        inner = f'{name}("http://example.org/", "x")'
    return draw(st.sampled_from([inner, f"IF(A1, {inner}, 0)", f"1+{inner}"]))


SAFE_FORMULAS = [
    "SUM(A1:A3)",
    '"Yes|No"',
    "'Other | sheet'!A1",
    'HYPERLINK("https://www.midlothian.gov.uk/", "Council")',
    'HYPERLINK("mailto:iia@midlothian.gov.uk")',
    'HYPERLINK("#Project!A1")',
    'CONCAT("WEBSERVICE(", A1)',
    "MYCALL(1)",
]


def _escaped(formula: str, how: str) -> bytes:
    escaped = formula.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    if how == "numeric":
        escaped = escaped.replace("|", "&#124;").replace("(", "&#x28;")
    elif how == "cdata":
        return f"<![CDATA[{formula}]]>".encode()
    return escaped.encode()


def _with_formula(formula: str, how: str, where: str, sheet: str) -> bytes:
    text = _escaped(formula, how)
    row = b'<row r="3"><c r="C3"><f>' + text + b"</f><v>0</v></c></row>"
    rows = hf.SIMPLE_ROWS + (row if where == "cell" else b"")
    validation = (
        b'<dataValidations count="1"><dataValidation type="list" sqref="B2">'
        b"<formula1>" + text + b"</formula1></dataValidation></dataValidations>"
    )
    xml = hf.sheet(rows)
    if where == "validation":
        xml = xml.replace(b"</worksheet>", validation + b"</worksheet>")
    part = (
        "xl/worksheets/sheet1.xml" if sheet == "Project" else "xl/worksheets/sheet2.xml"
    )
    return package(replace={part: xml})


@SETTINGS
@given(
    unsafe_formulas(),
    st.sampled_from(["plain", "numeric", "cdata"]),
    st.sampled_from(["cell", "validation"]),
    st.sampled_from(["Project", SECOND_SHEET]),
)
def test_a_formula_reaching_outside_is_refused_in_any_sheet(
    formula: str, how: str, where: str, sheet: str
) -> None:
    message = refusal(_with_formula(formula, how, where, sheet))
    assert f"sheet {sheet}, " in message
    assert ("cell C3" in message) == (where == "cell")


_CHILDREN: dict[str, bytes] = {
    "value": b"<v>0</v>",
    "text": b"<is><t>0</t></is>",
    "rich text": b'<is><r><rPr><b/><color rgb="FF0000"/></rPr><t>0</t></r></is>',
    "formula": b"<f>cmd|x!A0</f>",
    "prefixed formula": b'<x:f xmlns:x="urn:x">cmd|x!A0</x:f>',
}
#: Every order of a formula among a cell's other children, however written.
_ORDERS = [
    (formula, *others)
    for formula in ("formula", "prefixed formula")
    for others in (
        ("value",),
        ("text",),
        ("rich text",),
        ("value", "text"),
        ("text", "value"),
    )
]
_CELL_ORDERS = [
    pytest.param(order[i:] + order[:i], id=" ".join(order[i:] + order[:i]))
    for order in _ORDERS
    for i in range(len(order))
]
#: Markup that could hide the end of a cell from a look at that cell alone.
_HIDERS = [b"", b" ", b"<!-- </c> -->", b"<?pi </c>?>", b"\n  "]


def _cell(children: tuple[str, ...], between: bytes) -> bytes:
    kind = b' t="inlineStr"' if any("text" in c for c in children) else b""
    inner = between.join(_CHILDREN[name] for name in children)
    return b'<c r="C3" s="2"' + kind + b">" + inner + b"</c>"


def _among_many(cell: bytes) -> bytes:
    many = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(4, 5000)
    )
    return hf.SIMPLE_ROWS + b'<row r="3">' + cell + b"</row>" + many


@pytest.mark.parametrize("between", _HIDERS, ids=repr)
@pytest.mark.parametrize("children", _CELL_ORDERS)
def test_a_formula_is_found_in_any_order_of_a_cells_children(
    children: tuple[str, ...], between: bytes
) -> None:
    rows = _among_many(_cell(children, between))
    message = refusal(package(instructions=rows))  # an unmapped sheet too
    assert f"sheet {SECOND_SHEET}, cell C3: the formula calls another program" in (
        message
    )
    whole = scan(hf.sheet(rows), Limits())  # the whole-part scan, not in pieces
    assert whole.refusal is not None and whole.refusal.place == "cell C3"


@pytest.mark.parametrize("between", _HIDERS, ids=repr)
@pytest.mark.parametrize("children", [("text",), ("rich text",), ("value",)])
def test_a_cell_without_a_formula_is_not_refused_however_written(
    children: tuple[str, ...], between: bytes
) -> None:
    rows = _among_many(_cell(children, between) + _cell(children, between))
    assert scan(hf.sheet(rows), Limits()).refusal is None
    preflight(package(instructions=rows), Limits())


@pytest.mark.parametrize("formula", SAFE_FORMULAS)
@pytest.mark.parametrize("where", ["cell", "validation"])
def test_a_formula_within_the_workbook_is_kept(formula: str, where: str) -> None:
    preflight(_with_formula(formula, "plain", where, SECOND_SHEET), Limits())


@SETTINGS
@given(unsafe_formulas(), st.sampled_from(["plain", "numeric", "cdata"]))
def test_a_defined_name_reaching_outside_is_refused(formula: str, how: str) -> None:
    # A cell's =Launch looks harmless; the name holds the DDE call.
    name = b'<definedName name="Launch">' + _escaped(formula, how) + b"</definedName>"
    workbook = _parts(package())["xl/workbook.xml"].replace(
        b"</sheets>", b"</sheets><definedNames>" + name + b"</definedNames>"
    )
    message = refusal(package(replace={"xl/workbook.xml": workbook}))
    assert message.startswith("the defined name Launch: the formula ")


def test_an_excel_4_macro_sheet_is_refused() -> None:
    kind = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"
    rels = _parts(package())["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rId7" Type="{kind}" Target="macrosheets/sheet1.xml"/>'
        "</Relationships>".encode(),
    )
    macro = hf.sheet(b'<row r="1"><c r="A1"><f>EXEC("calc")</f></c></row>')
    raw = package(
        replace={"xl/_rels/workbook.xml.rels": rels},
        extra={"xl/macrosheets/sheet1.xml": macro},
    )
    assert "Excel 4.0 macro sheets" in refusal(raw)


# --- charts: series formulas ----------------------------------------------------

CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
UNSAFE_SERIES = {
    "dde": "cmd|' /C calc'!A0",
    "network": 'WEBSERVICE("http://example.org/x")',
    "another workbook": "[1]Sheet1!$A$1:$A$3",
    "a file": "'C:\\dir\\[book.xlsx]Sheet1'!$A$1",
    "a network share": "'\\\\srv\\share\\[book.xlsx]Data'!$B$2",
}
SAFE_SERIES = ["Project!$A$1:$A$3", "'Other sheet'!$B$2", "(Project!$A$1,Project!$B$1)"]


def _chart(formula: str) -> bytes:
    escaped = formula.replace("&", "&amp;").replace("<", "&lt;")
    return (
        f'<c:chartSpace xmlns:c="{CHART_NS}"><c:chart><c:plotArea><c:barChart>'
        f"<c:ser><c:val><c:numRef><c:f>{escaped}</c:f></c:numRef></c:val></c:ser>"
        "</c:barChart></c:plotArea></c:chart></c:chartSpace>"
    ).encode()


def _with_chart(formula: str, how: str) -> bytes:
    """A workbook holding a chart part found one way: relationship or type."""
    part = "xl/charts/chart1.xml" if how != "content type" else "xl/misc/data.xml"
    if how == "content type":
        override = f'<Override PartName="/{part}" ContentType="{CHART_TYPE}"/></Types>'
        types = _parts(package())["[Content_Types].xml"]
        return package(
            replace={
                "[Content_Types].xml": types.replace(b"</Types>", override.encode())
            },
            extra={part: _chart(formula)},
        )
    target = (
        "../charts/chart1.xml" if how == "relationship" else "/xl/charts/chart1.xml"
    )
    rels = _relationships(
        f'<Relationship Id="rId1" Type="{hf.REL}/chart" Target="{target}"/>'
    )
    return package(
        extra={part: _chart(formula), "xl/drawings/_rels/drawing1.xml.rels": rels}
    )


@pytest.mark.parametrize("how", ["relationship", "absolute target", "content type"])
@pytest.mark.parametrize("formula", UNSAFE_SERIES.values(), ids=UNSAFE_SERIES.keys())
def test_a_chart_reaching_outside_is_refused(formula: str, how: str) -> None:
    message = refusal(_with_chart(formula, how))
    assert message.startswith("a chart in the workbook: a data range of the chart ")
    assert "xl/" not in message  # officers are not told part names


@pytest.mark.parametrize("how", ["relationship", "content type"])
@pytest.mark.parametrize("formula", SAFE_SERIES)
def test_a_chart_of_the_workbooks_own_cells_is_kept(formula: str, how: str) -> None:
    preflight(_with_chart(formula, how), Limits())


# --- the zip container ---------------------------------------------------------


@pytest.mark.parametrize(
    "second",
    [
        "xl/worksheets/sheet1.xml",
        "XL/Worksheets/Sheet1.xml",
        "/xl/worksheets/sheet1.xml",
    ],
)
def test_two_parts_of_one_name_are_refused(second: str) -> None:
    raw = package(entries=[(second, hf.sheet(b""))])
    assert "two parts named" in refusal(raw)


# --- the same container checks, in the words of the file's kind ---------------

_CONTAINER_CASES = {
    "dtd": ("x.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><x/>'),
    "utf-16": ("x.xml", '<?xml version="1.0" encoding="UTF-16"?><x/>'.encode("utf-16")),
    "zip bomb": ("x.xml", b"<x>" + b" " * 3_000_000 + b"</x>"),
}
_CONTAINER_SAYS = {
    "dtd": "declares a DTD or entities",
    "utf-16": "is not written in UTF-8",
    "zip bomb": "is compressed",
    "two parts": "holds two parts named",
}


def _deflated(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        warnings.catch_warnings(),  # a duplicate name is what one case wants
    ):
        warnings.simplefilter("ignore")
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def _ods(entries: list[tuple[str, bytes]]) -> bytes:
    table = ods_files.table_xml("Project", [["Project ID"]])
    return _deflated([*_parts(ods_files.ods_bytes([table])).items(), *entries])


def _ods_refusal(raw: bytes) -> str:
    with pytest.raises(FileProblem) as caught:
        read_ods_book(raw, Limits())
    return str(caught.value)


@pytest.mark.parametrize("case", [*_CONTAINER_CASES, "two parts"])
def test_container_refusals_speak_of_the_files_own_kind(case: str) -> None:
    if case == "two parts":
        entries = [("content.xml", b"<x/>")]
        xlsx_entries = [("xl/worksheets/sheet1.xml", b"<x/>")]
    else:
        entries = [_CONTAINER_CASES[case]]
        xlsx_entries = [(f"xl/{name}", data) for name, data in entries]
    ods = _ods_refusal(_ods(entries))
    xlsx = refusal(_deflated([*_parts(package()).items(), *xlsx_entries]))
    assert _CONTAINER_SAYS[case] in ods and _CONTAINER_SAYS[case] in xlsx
    assert "workbook" not in ods and "Excel" not in ods
    assert "the spreadsheet" in ods
    assert "the workbook" in xlsx


# --- time and memory -----------------------------------------------------------


def _formatted_rows(first: int, count: int, columns: int, close: bytes) -> bytes:
    letters = [hf._column(i) for i in range(1, columns + 1)]
    return b"".join(
        f'<row r="{r}">'.encode()
        + b"".join(f'<c r="{c}{r}" s="3"'.encode() + close for c in letters)
        + b"</row>"
        for r in range(first, first + count)
    )


@pytest.mark.parametrize("close", [b"/>", b" />"], ids=["excel", "with a space"])
def test_formatted_empty_rows_cost_little(close: bytes) -> None:
    formula = b'<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>'
    raw = hf.workbook(hf.SIMPLE_ROWS + formula + _formatted_rows(3, 4000, 168, close))
    start = time.perf_counter()
    preflight(raw, Limits())
    assert time.perf_counter() - start < 5  # 93 s before, quadratic in the stops


MILLION = b"".join(
    b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, 1_000_001)
)


@pytest.mark.parametrize(
    ("spelling", "seconds"),
    [("plain", 1.0), ("after a comment", 5.0), ("without references", 5.0)],
)
def test_a_million_rows_are_refused_at_once(spelling: str, seconds: float) -> None:
    # The plain spelling is read a piece at a time and stops at the row limit;
    # the others are read whole first (about 40 MB), then stop as early.
    body = {
        "plain": MILLION,
        "after a comment": b"<!-- a comment -->" + MILLION,
        "without references": MILLION.replace(b' r="', b' x="'),
    }[spelling]
    raw = hf.workbook(body)
    start = time.perf_counter()
    message = refusal(raw)
    assert time.perf_counter() - start < seconds
    assert "raise it with --max-sheet-rows" in message


@SETTINGS
@given(
    rows=st.integers(1, 400),
    columns=st.integers(1, 40),
    far=st.tuples(st.integers(1, 2000), st.integers(1, 120)),
    limits=st.tuples(st.integers(1, 500), st.integers(1, 60), st.integers(1, 20_000)),
)
def test_stopping_early_never_changes_the_verdict(
    rows: int, columns: int, far: tuple[int, int], limits: tuple[int, int, int]
) -> None:
    letters = [hf._column(i) for i in range(1, columns + 1)]
    body = b"".join(
        f'<row r="{r}">'.encode()
        + b"".join(f'<c r="{c}{r}" s="1"/>'.encode() for c in letters)
        + b"</row>"
        for r in range(1, rows + 1)
    )
    far_row = max(far[0], rows + 1)
    body += f'<row r="{far_row}"><c r="{hf._column(far[1])}{far_row}"><v>1</v></c></row>'.encode()
    bound = Limits(
        max_sheet_rows=limits[0], max_sheet_columns=limits[1], max_sheet_cells=limits[2]
    )
    true_rows, true_columns = far_row, max(columns, far[1])
    over = (
        true_rows > limits[0]
        or true_columns > limits[1]
        or true_rows * true_columns > limits[2]
    )
    raw = hf.workbook(body)
    if over:
        refusal(raw, bound)
    else:
        preflight(raw, bound)
    found = scan(hf.sheet(body), bound)
    assert found.rows <= true_rows or not found.exact


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
