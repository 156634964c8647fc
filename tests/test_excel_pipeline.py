"""The loader's pipeline: sheets scanned a piece at a time, parsed in a thread."""

from __future__ import annotations

import collections
import io
import tempfile
import threading
import typing as t
import zipfile

import pytest

from iia_checker.limits import Limits
from iia_checker.loaders.payload import Payload
from iia_checker.loaders.problems import FileProblem
from iia_checker.loaders.xlsx.guard import stream as excel_stream
from iia_checker.loaders.xlsx.guard.preflight import Preflight, SheetInfo, preflight
from iia_checker.loaders.xlsx.guard.scan import scan
from iia_checker.loaders.xlsx.read import read_book
from iia_checker.loaders.xlsx.read_plan import SheetPlan

from .hostile_files import inline, workbook

PART = "xl/worksheets/sheet1.xml"


def _rows(count: int, far: bytes = b"") -> bytes:
    rows = []
    for number in range(1, count + 1):
        cells = inline(f"A{number}", "text") + f'<c r="B{number}"><v>2</v></c>'.encode()
        if number % 7 == 0:
            cells += f'<c r="C{number}"><f>1+1</f></c>'.encode()
        if number % 11 == 0:
            cells += f'<c r="D{number}" t="e"><v>#N/A</v></c>'.encode()
        if number == count // 2:
            cells += far
        rows.append(f'<row r="{number}">'.encode() + cells + b"</row>")
    return b"".join(rows)


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(excel_stream, "_PIECE", 512)
    monkeypatch.setattr(excel_stream, "_LONGEST_TAIL", 2048)


@pytest.mark.usefixtures("small_pieces")
def test_a_sheet_scanned_in_pieces_finds_what_the_whole_scan_finds() -> None:
    raw = workbook(_rows(300))
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        pieces = excel_stream.stream_scan(archive, PART)
        whole = scan(archive.read(PART))
    assert pieces is not None
    assert list(pieces.bad_cells.items()) == list(whole.bad_cells.items())
    assert pieces.rows >= 300
    assert pieces.columns >= 4


@pytest.mark.usefixtures("small_pieces")
def test_a_far_cell_in_a_middle_piece_is_refused() -> None:
    raw = workbook(_rows(300, far=b'<c r="XFD900000"><v>1</v></c>'))
    with pytest.raises(FileProblem, match="beyond the limits"):
        preflight(raw, Limits())


@pytest.mark.usefixtures("small_pieces")
@pytest.mark.parametrize(
    "rows",
    [
        b'<row r="1"><!-- <row> --><c r="A1"><v>1</v></c></row>',
        b'<row r="1"><x:c xmlns:x="urn:x" r="A1"><v>1</v></x:c></row>',
        b'<row r="1">' + inline("A1", "x" * 5000) + b"</row>",
    ],
    ids=["comment", "prefixed cell", "row longer than the pieces"],
)
def test_unusual_sheets_are_left_to_the_whole_scan(rows: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(workbook(rows))) as archive:
        assert excel_stream.stream_scan(archive, PART) is None


def test_a_damaged_sheet_is_one_file_problem() -> None:
    raw = bytearray(workbook(_rows(50)))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.getinfo(PART)
    data_start = info.header_offset + 30 + len(PART) + len(info.extra)
    raw[data_start + info.compress_size // 2] ^= 0xFF
    with pytest.raises(FileProblem, match="damaged"):
        read_book(bytes(raw), Limits())


def test_a_refused_sheet_stops_the_reader_thread() -> None:
    raw = workbook(_rows(20, far=b'<c r="XFD900000"><v>1</v></c>'))
    with pytest.raises(FileProblem, match="beyond the limits"):
        read_book(raw, Limits())
    assert not [t for t in threading.enumerate() if t.name == "calamine-reader"]


def test_a_read_leaves_no_reader_thread_behind() -> None:
    book = read_book(workbook(_rows(20)), Limits())
    assert book.sheets["Project"][19][:2] == ("text", 2.0)
    assert not [t for t in threading.enumerate() if t.name == "calamine-reader"]


def test_the_bytes_are_taken_from_a_payload_and_read_from_a_private_copy() -> None:
    payload = Payload(workbook(_rows(20)))
    book = read_book(payload, Limits())
    assert book.sheets["Project"][19][:2] == ("text", 2.0)
    with pytest.raises(RuntimeError, match="already taken"):
        payload.take()


def test_without_room_for_a_copy_the_workbook_is_read_from_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_room(*args: object, **kwargs: object) -> t.NoReturn:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_room)
    book = read_book(workbook(_rows(20)), Limits())
    assert book.sheets["Project"][19][:2] == ("text", 2.0)


class _Asked:
    def __init__(self) -> None:
        self.names: list[str] = []

    def ask(self, name: str) -> None:
        self.names.append(name)


def test_the_second_largest_sheet_is_parsed_while_the_largest_becomes_rows() -> None:
    """The reader is not left idle while the largest sheet is turned into rows,
    but no third range joins the two largest."""
    sizes = {"Projects": 62, "Evidence": 58, "Impacts": 38, "Gaps": 4}
    sheets = [
        SheetInfo(n, f"xl/worksheets/{n}.xml", False, s) for n, s in sizes.items()
    ]
    archive = zipfile.ZipFile(io.BytesIO(workbook()))
    plan = SheetPlan(archive, Preflight(sheets, date1904=False), Limits())
    plan.cleared, plan.to_scan = list(plan.to_scan), collections.deque()
    reader = _Asked()
    plan.ask_more(reader)
    assert reader.names == ["Projects", "Evidence"]
    plan.ask_more(reader, compacting=plan.asked.popleft())
    assert reader.names == ["Projects", "Evidence"]
    plan.ask_more(reader, compacting=plan.asked.popleft())
    assert reader.names == ["Projects", "Evidence", "Impacts", "Gaps"]
