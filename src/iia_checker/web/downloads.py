"""Blank templates to download, written by ``workbooks.template`` and cached."""

from __future__ import annotations

import functools
import json
import tempfile
import typing as t
from pathlib import Path

from iia_checker.workbooks.template import skeleton, write_template

XLSX: t.Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Template file name -> media type.
TEMPLATE_MEDIA: t.Final = {
    "form.xlsx": XLSX,
    "register.xlsx": XLSX,
    "skeleton.json": "application/json",
}


@functools.lru_cache(maxsize=8)
def template(name: str, schema_path: Path) -> bytes:
    """The bytes of template ``name`` for the schema at ``schema_path``."""
    if name == "skeleton.json":
        text = json.dumps(skeleton(schema_path), indent=2, ensure_ascii=False)
        return (text + "\n").encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="iia-template-") as folder:
        path = Path(folder) / name
        write_template(path, name.removesuffix(".xlsx"), schema_path)
        return path.read_bytes()
