"""``InputProblem``: why an input cannot become a submission, and where."""

from __future__ import annotations


class InputProblem(Exception):
    """The input cannot be turned into a submission; ``offset`` says where."""

    def __init__(
        self, message: str, *, offset: int | None = None, pointer: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.pointer = pointer
        #: 1-based line and column, filled in from ``offset`` by ``place``.
        self.line: int | None = None
        self.column: int | None = None

    def place(self, text: str) -> InputProblem:
        """Fill in line and column from the offset into ``text``."""
        if self.offset is not None:
            self.line = text.count("\n", 0, self.offset) + 1
            self.column = self.offset - (text.rfind("\n", 0, self.offset) + 1) + 1
        return self
