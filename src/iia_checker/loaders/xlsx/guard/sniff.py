"""Refuse, by their first bytes, files that are not xlsx/xlsm zip containers."""

from __future__ import annotations

import typing as t

from iia_checker.loaders.problems import FileProblem

_OLE2: t.Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAVE_AS = "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"


def sniff(raw: bytes) -> None:
    """Raise ``FileProblem`` unless ``raw`` looks like an xlsx/xlsm zip container."""
    if raw.startswith(b"PK\x03\x04"):
        return
    if not raw:
        raise FileProblem("the file is empty; a workbook was expected")
    if raw.startswith(_OLE2):
        if "EncryptionInfo".encode("utf-16-le") in raw:
            raise FileProblem(
                "the workbook is password-protected (encrypted); remove the password"
                " (in Excel: File > Info > Protect Workbook) and save it again"
            )
        raise FileProblem(
            f"this is an old Excel 97-2003 (.xls) workbook; {SAVE_AS}",
            rule_id="input.unsupported",
        )
    raise FileProblem(_not_a_workbook(raw), rule_id="input.unsupported")


_OTHER_FORMATS: t.Final = {
    b"%PDF-": "a PDF document",
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "an RTF document",
}


def _not_a_workbook(raw: bytes) -> str:
    for magic, kind in _OTHER_FORMATS.items():
        if raw.startswith(magic):
            return f"this is {kind}, not a workbook; {SAVE_AS}"
    head = raw[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return f"this is a web page, not a workbook; {SAVE_AS}"
    try:
        raw[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return f"this is not an Excel workbook; {SAVE_AS}"
    return f"this is a text file (CSV?), not a workbook; {SAVE_AS}"
