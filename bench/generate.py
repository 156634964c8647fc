"""Generate realistic benchmark inputs at any size.

Every project is one of the project's own sample submissions (complete IIAs of
about 480 values and 50 table rows each) with a fresh id and title: 85% are the
two valid samples, 15% a deficient sample with one to three realistic
deficiencies (an unmitigated negative impact, thin evidence, a missing duty...).
``--seed`` fixes the mix: a size always gives the same file. Every long text is
tagged with the project's id, so no two projects share one, as in a real register
(a 10,000 project register then unpacks to 600 MB, beyond max_uncompressed_bytes);
``--repeated-texts`` makes the older, kinder workload whose projects share them.
``--drafts`` gives every project one schema finding, as a register of drafts
has: a typo in its proposal type or a web address without https:// (the same
projects otherwise, so it compares with the register made without it).

    python bench/generate.py register 10000 out/reg10k.xlsx [--resave]
    python bench/generate.py forms 500 out/forms500/
    python bench/generate.py json 1000 out/json1000/

``register`` writes with openpyxl write-only (inline strings); ``--resave`` then
re-saves it through LibreOffice, so it has a shared-strings table as Excel writes.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import subprocess
import sys
import tempfile
import typing as t
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from iia_checker.loaders.xlsx.layout import (
    INSTRUCTIONS,
    PROJECT_KEY,
    PROJECTS,
    Column,
    Layout,
    layout_for,
)
from iia_checker.model import pointers
from iia_checker.resources import default_schema_path
from iia_checker.workbooks.write import put_value, set_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
VALID = ("digital-appointments", "digital-strategy")
#: Deficient samples with one to three findings each.
DEFICIENT = (
    "contractor-delivered-without-duties",
    "direct-discrimination-continued",
    "engagement-not-undertaken",
    "human-rights-not-considered",
    "indirect-discrimination-unjustified",
    "monitoring-and-review-neglected",
    "thin-evidence",
    "unsigned-unpublished",
)
FAILING_SHARE = 0.15
Data = dict[str, t.Any]


def _sample(folder: str, name: str) -> Data:
    path = SAMPLES / folder / f"{name}.json"
    return t.cast(Data, json.loads(path.read_text(encoding="utf-8")))


def projects(
    count: int, seed: int = 7, unique: bool = True, drafts: bool = False
) -> t.Iterator[Data]:
    """``count`` submissions: 85% valid, 15% with a few deficiencies, ids unique."""
    valid = [_sample("valid", name) for name in VALID]
    deficient = [_sample("deficient", name) for name in DEFICIENT]
    rng = random.Random(seed)
    for index in range(count):
        if rng.random() < FAILING_SHARE:
            base = rng.choice(deficient)
        else:
            base = valid[index % len(valid)]
        data = _personalise(base, index, unique)
        yield _draft(data, index) if drafts else data


def _draft(data: Data, index: int) -> Data:
    """One schema finding: an enum typo or a malformed link, by turns."""
    project = data["project"]
    if index % 2 == 0 or not isinstance(data.get("publication"), dict):
        project["proposal_type"] = project["proposal_type"].replace("_", " ")[:-1]
    else:
        data["publication"]["url"] = f"www.midlothian.gov.uk/iia/{project['id']}"
    return data


def _personalise(base: Data, index: int, unique: bool) -> Data:
    data = copy.deepcopy(base)
    project_id = f"P-{index:06d}"
    data["project"]["id"] = project_id
    data["project"]["title"] = f"{data['project']['title']} ({project_id})"
    if unique:
        _unique_texts(data, f" [{project_id}]")
    return data


def _unique_texts(node: t.Any, tag: str) -> None:
    """Append ``tag`` to every long free text, so no two projects share one."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        if isinstance(value, dict | list):
            _unique_texts(value, tag)
        elif isinstance(value, str) and len(value) > 60 and " " in value:
            node[key] = value + tag


def _cell(ws: WriteOnlyWorksheet, value: t.Any, column: Column | None) -> t.Any:
    cell = WriteOnlyCell(ws)
    if value is pointers.MISSING:
        return cell
    if column is None:
        set_text(cell, str(value))
    else:
        put_value(cell, value, column)
    return cell


def _get(data: t.Any, path: t.Sequence[str]) -> t.Any:
    return pointers.resolve(data, pointers.join("", *path))


def write_register(path: Path, submissions: t.Iterable[Data]) -> None:
    """A register workbook: the Projects sheet and one keyed sheet per table."""
    layout = layout_for(default_schema_path())
    book = Workbook(write_only=True)
    instructions = book.create_sheet(INSTRUCTIONS)
    projects_ws = book.create_sheet(PROJECTS)
    tables = {spec.name: book.create_sheet(spec.name) for spec in layout.tables}
    instructions.append(["Layout", "register"])
    for column in layout.top:
        instructions.append([column.label, layout.version])
    projects_ws.append([c.label for c in layout.projects.columns])
    for spec in layout.tables:
        tables[spec.name].append([PROJECT_KEY, *(c.label for c in spec.columns)])
    for data in submissions:
        _register_rows(layout, data, projects_ws, tables)
    book.save(path)


def _register_rows(
    layout: Layout,
    data: Data,
    projects_ws: WriteOnlyWorksheet,
    tables: dict[str, WriteOnlyWorksheet],
) -> None:
    columns = layout.projects.columns
    projects_ws.append([_cell(projects_ws, _get(data, c.path), c) for c in columns])
    key = data["project"]["id"]
    for spec in layout.tables:
        items = _get(data, spec.base)
        if not isinstance(items, list):
            continue
        ws = tables[spec.name]
        if not items:
            ws.append([key, "[]"])
        for item in items:
            row = [_cell(ws, _get(item, c.path), c) for c in spec.columns]
            ws.append([key, *row])


def write_forms(folder: Path, submissions: t.Iterable[Data]) -> None:
    """One form workbook per submission, written by the project's own writer."""
    from iia_checker.workbooks.convert import json_to_workbook

    folder.mkdir(parents=True, exist_ok=True)
    for data in submissions:
        json_to_workbook([data], folder / f"{data['project']['id']}.xlsx", "form")


def write_json(folder: Path, submissions: t.Iterable[Data]) -> None:
    """One JSON file per submission."""
    folder.mkdir(parents=True, exist_ok=True)
    for data in submissions:
        target = folder / f"{data['project']['id']}.json"
        target.write_text(json.dumps(data, indent=2), encoding="utf-8")


def resave(path: Path) -> None:
    """Re-save ``path`` through LibreOffice (shared strings, as Excel writes)."""
    with tempfile.TemporaryDirectory() as scratch:
        command = ["soffice", "--headless", f"-env:UserInstallation=file://{scratch}"]
        command += ["--convert-to", "xlsx", "--outdir", f"{scratch}/out", str(path)]
        subprocess.run(command, check=True, capture_output=True, timeout=7200)
        shutil.move(f"{scratch}/out/{path.name}", path)


def main(argv: t.Sequence[str] | None = None) -> None:
    """Generate one workload."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("register", "forms", "json"))
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--resave", action="store_true", help="through LibreOffice")
    parser.add_argument(
        "--repeated-texts",
        action="store_true",
        help="projects share their long texts (the old, kinder workload)",
    )
    parser.add_argument(
        "--drafts",
        action="store_true",
        help="every project has one schema finding (an enum typo or a bad link)",
    )
    args = parser.parse_args(argv)
    unique = not args.repeated_texts
    submissions = projects(args.count, args.seed, unique, args.drafts)
    if args.kind == "register":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_register(args.out, submissions)
        if args.resave:
            resave(args.out)
    elif args.kind == "forms":
        write_forms(args.out, submissions)
    else:
        write_json(args.out, submissions)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
