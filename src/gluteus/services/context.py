"""Who a use case acts for and when: the actor every service function takes.

The edge (a CLI command, a web request) builds the actor once; services never read a clock,
pick a default user or guess units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gluteus.domain.units import UnitSystem


@dataclass(frozen=True)
class Actor:
    """The signed-in person and their notion of today.

    Attributes:
        user_id: Database id of the user.
        today: The current date in the user's time zone.
        tz: IANA time-zone name, e.g. ``Europe/Berlin``.
        units: How bare numbers are read and results shown.
    """

    user_id: int
    today: dt.date
    tz: str
    units: UnitSystem

    @property
    def zone(self) -> ZoneInfo:
        """The user's time zone."""
        return ZoneInfo(self.tz)
