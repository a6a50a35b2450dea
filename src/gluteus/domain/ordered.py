"""String enums whose declaration order means something (levels, days, band strengths)."""

from __future__ import annotations

from enum import StrEnum

from gluteus.domain.memo import memo


class OrderedStrEnum(StrEnum):
    """A string enum whose declaration order means something (levels, days, band strengths)."""

    @property
    def position(self) -> int:
        """0 for the first member, counting in declaration order."""
        return _positions(type(self))[self]


@memo(maxsize=None)
def _positions(kind: type[OrderedStrEnum]) -> dict[OrderedStrEnum, int]:
    return {member: index for index, member in enumerate(kind)}
