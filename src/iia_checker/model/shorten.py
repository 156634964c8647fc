"""Text cut to fit where it is shown: a message quoting a value, a cell's prompt."""

from __future__ import annotations


def shortened(text: str, limit: int) -> str:
    """``text``, or its first ``limit - 3`` characters and "..." when longer."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
