"""20 drafts, each edited from two tabs at once, on the real server: no lost save."""

from __future__ import annotations

import importlib.util
import typing as t

from .conftest import ROOT


def _bench() -> t.Any:
    spec = importlib.util.spec_from_file_location(
        "drafts_load", ROOT / "bench" / "drafts_load.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_twenty_concurrent_drafts_lose_no_save() -> None:
    # run() itself checks every draft: versions without gaps, last title kept.
    tally = _bench().run(drafts=20, rounds=3, workers=2)
    assert tally["saves"] == 20 * 2 * 3
    assert tally["kept"] + tally["refused with a message"] == tally["saves"]
    assert tally["kept"] >= 20  # the first save of each draft cannot clash
