"""The plan's training days as an iCalendar file (``.ics``)."""

from __future__ import annotations

import datetime as dt
import hashlib

from gluteus.domain.program import Program
from gluteus.exports.plan_text import ExportError, day_date, day_description, day_summary

DEFAULT_START = dt.time(7, 0)
PRODID = "-//Gluteus//Gluteus training plan//EN"
TRAINING_SLOT = "training"
"""The one calendar event a training day gets; part of its UID."""


def event_uid(date: dt.date, slot: str = TRAINING_SLOT, uid_namespace: str = "") -> str:
    """The iCalendar UID of the event in ``slot`` on ``date``.

    It depends on nothing else (not the exercises, not when the plan was made), so a re-plan
    re-exports the same UIDs and calendar apps update events instead of duplicating them.
    ``uid_namespace`` (e.g. a user id) keeps two people's calendars apart; it enters only
    through a hash.
    """
    key = "\x1f".join((uid_namespace, date.isoformat(), slot)).encode("utf-8")
    digest = hashlib.sha256(key).hexdigest()[:20]
    return f"{date.isoformat()}-{slot}-{digest}@gluteus"


def program_ics(
    program: Program,
    start_time: dt.time = DEFAULT_START,
    *,
    uid_namespace: str = "",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The plan's training days as iCalendar events, one per day with planned work.

    Events use floating local time (no time zone), so 07:00 stays 07:00 wherever the
    calendar is. Each UID is :func:`event_uid` of the date, so importing a re-made plan over
    an old one updates the events of the same days rather than adding duplicates.

    Args:
        program: A plan with a ``start_date``.
        start_time: Local time each session starts.
        uid_namespace: Mixed into every UID (e.g. a user id) so calendars of different
            people never share UIDs.
        stamp: When the file is made (``DTSTAMP``); an aware time, converted to UTC. Pass
            the current time so calendar apps see a re-export as newer; without it the
            stamp is midnight UTC of the start date, which keeps the output reproducible.

    Returns:
        The ``.ics`` file contents.

    Raises:
        ExportError: When the plan has no start date, or ``stamp`` has no time zone.
    """
    # Imported here: about 10 MB that a web worker holds only once someone asks for a calendar.
    from icalendar import Calendar, Event

    if program.start_date is None:
        raise ExportError("start_date: the plan needs a first day to place it on a calendar")
    if stamp is not None and stamp.utcoffset() is None:
        raise ExportError("stamp: give an aware time (with a time zone)")
    stamp = (
        dt.datetime.combine(program.start_date, dt.time(0), tzinfo=dt.UTC)
        if stamp is None
        else stamp.astimezone(dt.UTC).replace(microsecond=0)
    )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Gluteus plan")
    for week in program.weeks:
        for day in week.days:
            if not day.sessions or day.minutes <= 0:
                continue
            date = day_date(program, week.number, day)
            assert date is not None
            event = Event()
            event.add("uid", event_uid(date, uid_namespace=uid_namespace))
            event.add("dtstamp", stamp)
            event.add("dtstart", dt.datetime.combine(date, start_time))
            event.add("duration", dt.timedelta(minutes=round(day.minutes)))
            event.add("summary", day_summary(day))
            event.add(
                "description", f"Week {week.number} ({week.phase})\n\n" + day_description(day)
            )
            event.add("categories", ["Gluteus", "Training"])
            calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
