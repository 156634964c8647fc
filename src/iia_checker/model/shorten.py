"""Text cut to fit where it is shown: a message quoting a value, a cell's prompt."""

from __future__ import annotations


def shortened(text: str, limit: int) -> str:
    """``text``, or its first ``limit - 3`` characters and "..." when longer."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


class OwnWords(str):
    """A sentence the tool wrote (an operator's account of what is missing), shown
    whole in a message: only values quoted from a submission are cut to fit, and
    any such value inside it was cut where the sentence was written."""

    __slots__ = ()
