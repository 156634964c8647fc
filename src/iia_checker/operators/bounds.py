"""Minimum and maximum options shared by ``length``, ``count`` and ``number``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator


class Bounds(BaseModel):
    """``min`` and/or ``max``, inclusive."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _at_least_one(self) -> Bounds:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        return self

    def outside(self, amount: float) -> bool:
        """True when ``amount`` breaks a bound."""
        too_low = self.min is not None and amount < self.min
        return too_low or (self.max is not None and amount > self.max)

    def values(self) -> dict[str, object]:
        """Placeholder values for messages."""
        return {"min": _plain(self.min), "max": _plain(self.max)}


def _plain(number: float | None) -> object:
    if number is not None and float(number).is_integer():
        return int(number)
    return number
