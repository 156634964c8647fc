"""Standard output of ``iia-check check``: pieces joined into few writes, unchanged."""

from __future__ import annotations

from iia_checker.commands.check import _joined


def test_pieces_are_joined_in_order_without_mixing_text_and_bytes() -> None:
    pieces: list[str | bytes] = ["a", "b", b"c", b"d", "e"]
    assert list(_joined(pieces)) == ["ab", b"cd", "e"]


def test_a_run_is_cut_near_the_size() -> None:
    pieces = ["x" * 10] * 100
    joined = list(_joined(pieces, size=100))
    assert joined == ["x" * 100] * 10


def test_nothing_gives_nothing() -> None:
    assert list(_joined([])) == []
