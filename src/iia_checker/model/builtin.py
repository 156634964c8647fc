"""Built-in rules for problems found before any declarative rule runs.

``input.*`` means the file (or, in a workbook, a cell, row, column or sheet) could
not be read as a submission; ``schema.<keyword>`` means the submission does not
follow the submission schema.
"""

from __future__ import annotations

import typing as t

from iia_checker.model.findings import BOARDS, RuleInfo, Severity

#: The basis officers see: the form they fill in, not a file of the tool.
_CONTRACT = "Midlothian Council IIA form: its fields and allowed values"

INPUT_RULES: t.Final = {
    "input.unreadable": (
        "Input can be read",
        "Save the file again in the expected format (JSON as UTF-8, or a workbook"
        " from the iia-check template) and check it again.",
    ),
    "input.too-large": (
        "Input is within the limits",
        "Split the input or raise the limit named in the message if the file is"
        " genuine.",
    ),
    "input.not-a-file": (
        "Input is a saved file",
        "Save the submission to a file and check that file; a named pipe, device"
        " or socket is not read (give - to read standard input).",
    ),
    "input.too-slow": (
        "Input is checked within the time limit",
        "Split the input into smaller submissions, or raise the limit named in the"
        " message if the file is genuine; the rules that were not run were not"
        " checked.",
    ),
    "input.unsupported": (
        "Input format is supported",
        "Give a .json submission or a workbook (.xlsx, .xlsm or .ods); save other"
        " spreadsheets as Excel Workbook (.xlsx) first, as the message says.",
    ),
}

SCHEMA_HINTS: t.Final = {
    "required": (
        "Required fields filled in",
        "Fill in every field the message names, then check again.",
    ),
    "additionalProperties": (
        "Only known fields",
        "Rename the field to one the form has (see `iia-check template`), or"
        " start a field of your own with x_.",
    ),
    "enum": (
        "Value is one of the allowed values",
        "Choose one of the allowed values the message lists.",
    ),
    "const": ("Value is the expected constant", "Use the value the message names."),
    "type": (
        "Value has the right type",
        "Give a value of the kind the message names.",
    ),
    "format": (
        "Value has the right format",
        "Write the value as the message describes.",
    ),
    "pattern": (
        "Value has the expected form",
        "Write the value as the message describes, like its example.",
    ),
}


_READING = "IIA workbook layout (iia-check template)"

CELL_RULES: t.Final = {
    "input.cell-value": (
        "Cell value can be read",
        "Write the value as the message says (dates as 01/09/2021, 1 September"
        " 2021 or 2021-09-01, yes/no for yes-or-no questions, whole numbers"
        " without decimals).",
    ),
    "input.formula": (
        "Formulas have a computed value",
        "Open the workbook in Excel or LibreOffice, let it calculate, save it and"
        " check it again; or type the value instead of a formula.",
    ),
    "input.unknown-column": (
        "Every column, row and sheet is part of the form",
        "Rename the column, row label or sheet to one the template uses, or remove"
        " it; its contents were ignored.",
    ),
    "input.missing-column": (
        "Required columns present",
        "Add the column named in the message (see `iia-check template`).",
    ),
    "input.merged-cell": (
        "Cells are not merged",
        "Unmerge the cells (in Excel: Home > Merge & Center; in LibreOffice: Format >"
        " Merge and Unmerge Cells) and type the value in each cell.",
    ),
    "input.orphan-row": (
        "Every table row belongs to a project",
        "Put the row's Project id in the Projects sheet, or correct it.",
    ),
}


def _info(
    rule_id: str,
    title: str,
    remediation: str,
    description: str,
    reference: str = _CONTRACT,
) -> RuleInfo:
    return RuleInfo(
        id=rule_id,
        title=title,
        severity=Severity.ERROR,
        boards=BOARDS,
        tags=("structure",),
        references=(reference,),
        description=description,
        remediation=remediation,
        group="structure",
    )


def input_rule(rule_id: str) -> RuleInfo:
    """The ``RuleInfo`` of a built-in input rule."""
    title, remediation = INPUT_RULES[rule_id]
    return _info(
        rule_id, title, remediation, "The input must be readable to be checked."
    )


def cell_rule(rule_id: str) -> RuleInfo:
    """The ``RuleInfo`` of a problem with one workbook cell, row, column or sheet."""
    title, remediation = CELL_RULES[rule_id]
    description = "A workbook must follow the form so each value can be read."
    return _info(rule_id, title, remediation, description, _READING)


def schema_rule(keyword: str) -> RuleInfo:
    """The ``RuleInfo`` for a JSON Schema keyword's failures (``schema.<keyword>``)."""
    title, remediation = SCHEMA_HINTS.get(
        keyword, ("Value meets the schema", "Correct the value as the message says.")
    )
    rule_id = "schema." + _kebab(keyword)
    description = "The submission must follow the IIA form."
    return _info(rule_id, title, remediation, description)


def _kebab(name: str) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in name)
