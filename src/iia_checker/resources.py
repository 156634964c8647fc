"""Where the bundled rules and schemas are (``--rules`` and ``--schema`` override).

The package is read from folders (rules are found with ``rglob``), so its data
folder is the one beside this file: ``importlib.resources.files`` gave the same
path for about 3 ms a call, twice on every start.
"""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    """The package's data folder (links to the repository's rules/ and schemas/)."""
    return Path(__file__).parent / "data"


def default_rules_dir() -> Path:
    """The bundled rules directory."""
    return data_dir() / "rules"


def default_schema_path() -> Path:
    """The bundled submission schema."""
    return data_dir() / "schemas" / "submission.schema.json"


def report_schema_path() -> Path:
    """The JSON report's schema."""
    return data_dir() / "schemas" / "report.schema.json"
