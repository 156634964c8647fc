"""Exit codes of every command, and their help text.

Apart from ``common`` so that the command group can name them without loading
the rules machinery (pydantic and the rest) before it knows which command runs.
"""

from __future__ import annotations

import typing as t

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
EXIT_INTERRUPTED: t.Final = 130

EXIT_HELP = """\b
Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage, configuration, schema or rule-file error
  3  some input could not be read (the others are still checked and reported)"""
