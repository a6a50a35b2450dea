"""JSON bodies of the API, named by direction: ``…Form`` comes in, ``…View`` goes out.

Request models only shape the JSON; the use cases validate ranges, dates and catalog ids
and raise :class:`~gluteus.services.errors.InputError` naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_serializer,
)

from gluteus.domain.history import Measurement
from gluteus.domain.progress import ProgressReport
from gluteus.domain.units import UnitSystem
from gluteus.services import journal


def _printable(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("must not contain control characters")
    return value


Text = Annotated[str, Field(max_length=500), AfterValidator(_printable)]
ShortText = Annotated[str, Field(max_length=256), AfterValidator(_printable)]
ZoneText = Annotated[
    str,
    Field(max_length=64, description="IANA time zone, e.g. Europe/Berlin"),
    AfterValidator(_printable),
]


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid")


LAST_TWO_HARD = AliasChoices("last_two_hard", "hard")
"""``last_two_hard`` as everywhere else; ``hard``, its first name in the API, still accepted."""


class ProblemView(BaseModel):
    """One invalid field."""

    field: str
    reason: str
    allowed: str | None = None
    value: str | int | float | bool | None = None


class ErrorView(BaseModel):
    """Every error the API returns: a summary and the fields at fault."""

    detail: str
    problems: list[ProblemView] = []


class SignupForm(_Form):
    """A new account."""

    email: ShortText
    password: ShortText
    timezone: ZoneText = "UTC"
    units: UnitSystem | None = None


class TokenForm(_Form):
    """Credentials exchanged for a bearer token."""

    email: ShortText
    password: ShortText


class SignupView(BaseModel):
    """The answer to every sign-up: the same whether or not the email had an account."""

    email: str
    detail: str


class TokenView(BaseModel):
    """A bearer token for ``Authorization: Bearer …`` (shown once)."""

    access_token: str
    token_type: str = "bearer"


class MeView(BaseModel):
    """The signed-in account and its settings."""

    id: int
    email: str
    units: UnitSystem
    timezone: str
    today: dt.date


class SettingsForm(_Form):
    """Settings to change; fields left out stay."""

    units: UnitSystem | None = None
    timezone: ZoneText | None = None


class PlanForm(_Form):
    """Build a plan from the saved profile; week 1 starts on ``start_date`` (default today)."""

    start_date: dt.date | None = None


class TodayLogForm(_Form):
    """Log today's planned session as done."""

    last_two_hard: bool = Field(
        default=True,
        validation_alias=LAST_TWO_HARD,
        description="were the last two reps of each set hard? (also accepted as `hard`)",
    )


class SetForm(_Form):
    """One strength set."""

    exercise_id: ShortText
    reps: int = Field(description="repetitions (seconds for holds)")
    load_kg: float | None = None
    band: ShortText | None = Field(default=None, description="band level, e.g. medium")
    last_two_hard: bool = Field(
        default=False,
        validation_alias=LAST_TWO_HARD,
        description="were the last two reps hard? (also accepted as `hard`)",
    )
    good_form: bool = True
    date: dt.date | None = Field(default=None, description="default: today")


class CardioForm(_Form):
    """One cardio bout."""

    exercise_id: ShortText = Field(description="a cardio id from the catalog, e.g. brisk-walk")
    minutes: float
    distance_km: float | None = None
    speed_kmh: float | None = None
    date: dt.date | None = None


class WeightForm(_Form):
    """A body-weight reading; ``confirm`` keeps one the check-in would question."""

    weight_kg: float
    date: dt.date | None = None
    confirm: bool = False


class MeasurementForm(_Form):
    """Circumferences (at least one site)."""

    hips_cm: float | None = None
    waist_cm: float | None = None
    thigh_cm: float | None = None
    date: dt.date | None = None


class PainForm(_Form):
    """Pain felt on an exercise, 1 to 10, and where (knee, lower_back, hip, shoulder, other)."""

    exercise_id: ShortText
    severity: int
    region: ShortText = Field(
        default="other", description="knee, lower_back, hip, shoulder or other"
    )
    note: Text = ""
    date: dt.date | None = None


class IntakeForm(_Form):
    """Energy eaten: a meal or a day; a day's entries are summed."""

    kcal: float
    date: dt.date | None = None
    meal: str | None = Field(default=None, max_length=40)
    incomplete: bool = False
    protein_g: float | None = None


class PeriodForm(_Form):
    """The first day of a period (one per day); the check-in reads the cycle from it."""

    date: dt.date | None = None


class LogPatchForm(journal.EntryEdit):
    """Corrections to one logged entry; only the fields given change (those of its kind)."""

    # Built with the app, like every request body (the journal's models build on first use).
    model_config = ConfigDict(extra="forbid", defer_build=False)

    exercise_id: ShortText | None = Field(default=None, validation_alias=journal.CATALOG_ID)
    band: ShortText | None = None
    last_two_hard: bool | None = Field(default=None, validation_alias=LAST_TWO_HARD)
    region: ShortText | None = None
    note: Text | None = None


Rfc3339 = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
"""A timestamp as sent: RFC 3339 with its UTC offset (the OpenAPI document says date-time)."""


class _UtcStamp(BaseModel):
    # Stored timestamps are naive UTC; JSON gets them with their offset (RFC 3339).
    @field_serializer("logged_at", check_fields=False)
    def _with_offset(self, value: dt.datetime | None) -> Rfc3339 | None:
        if value is None:
            return None
        stamp = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return stamp.isoformat()


class SetLogView(journal.SetView, _UtcStamp):
    """A logged strength set with its id."""


class CardioLogView(journal.CardioView, _UtcStamp):
    """A logged cardio bout with its id."""


class WeightLogView(journal.WeightView, _UtcStamp):
    """A logged body weight with its id."""


class MeasurementLogView(journal.MeasureView, _UtcStamp):
    """Logged circumferences with their id."""


class PainLogView(journal.PainView, _UtcStamp):
    """A logged pain report with its id."""


class IntakeLogView(journal.IntakeView, _UtcStamp):
    """A logged day's intake with its id."""


class PeriodLogView(journal.PeriodView, _UtcStamp):
    """A logged period start with its id."""


class MeasurementPointView(Measurement, _UtcStamp):
    """Circumferences of one day as the progress reply lists them (``logged_at`` in UTC)."""


class ProgressView(ProgressReport):
    """The progress report as JSON: its measurements carry ``logged_at`` with its offset."""

    measurements: tuple[MeasurementPointView, ...] = ()
