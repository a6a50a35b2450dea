"""The one error a use case raises for bad input, and the one it raises for a missing row.

Each problem names the field (as the service calls it, never a CLI flag or a form name),
what is allowed and the value given, so every edge can render it its own way: the CLI as one
``error:`` line with its flag names, the web as 422 JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

_UNSET: Any = object()


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field: which, why, what is allowed and what was given."""

    field: str
    reason: str
    allowed: str | None = None
    value: Any = _UNSET
    bounds: tuple[float | None, float | None] | None = None
    """The numbers behind an ``allowed range`` in the field's stored unit (``load_kg``: kg), so
    a page can say the range in the person's units; None when ``allowed`` is not a range."""

    @property
    def has_value(self) -> bool:
        """Whether the offending value is known."""
        return self.value is not _UNSET

    def text(self, field_name: str | None = None) -> str:
        """``field: reason (allowed …; got …)`` with ``field_name`` in place of the field."""
        extras = []
        if self.allowed:
            extras.append(self.allowed)
        if self.has_value and self.value is not None and not isinstance(self.value, dict | list):
            extras.append(f"got {self.value!r}")
        suffix = f" ({'; '.join(extras)})" if extras else ""
        return f"{field_name or self.field}: {self.reason}{suffix}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form: ``field``, ``reason``, ``allowed`` and, when known, ``value``."""
        data: dict[str, Any] = {"field": self.field, "reason": self.reason, "allowed": self.allowed}
        if self.has_value and isinstance(self.value, str | int | float | bool | None):
            data["value"] = self.value
        return data


class InputError(ValueError):
    """Bad input from a person or a file; nothing was written.

    Carries one or more :class:`FieldProblem`; ``field`` is the first one's field.
    """

    def __init__(
        self,
        field: str,
        reason: str,
        *,
        allowed: str | None = None,
        value: Any = _UNSET,
        more: Iterable[FieldProblem] = (),
    ) -> None:
        self.problems: tuple[FieldProblem, ...] = (
            FieldProblem(field, reason, allowed, value),
            *more,
        )
        super().__init__(str(self))

    @classmethod
    def of(cls, problems: Iterable[FieldProblem]) -> InputError:
        """An error carrying ``problems`` (at least one)."""
        first, *rest = problems
        error = cls(first.field, first.reason, allowed=first.allowed, value=first.value, more=rest)
        error.problems = (first, *rest)  # as given, their bounds included
        return error

    @property
    def field(self) -> str:
        """The first invalid field."""
        return self.problems[0].field

    def within(self, prefix: str) -> InputError:
        """The same problems with every field under ``prefix`` (``profile.age``)."""
        return InputError.of(replace(p, field=f"{prefix}.{p.field}") for p in self.problems)

    def __str__(self) -> str:
        return "; ".join(p.text() for p in self.problems)


class NotFoundError(LookupError):
    """A row the actor asked for does not exist for them (another user's rows included)."""

    def __init__(self, field: str, value: Any, reason: str = "no such entry") -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason} ({value!r})")


def _field_at(model: type[BaseModel], loc: list[str]) -> FieldInfo | None:
    """The model field at ``loc``, following nested models (``regular_activity.0.minutes``)."""
    info = model.model_fields.get(loc[0])
    inner = [part for part in loc[1:] if not part.isdigit()]
    if info is not None and inner:
        stack = [info.annotation]
        while stack:
            candidate = stack.pop(0)
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                if inner[0] in candidate.model_fields:
                    return _field_at(candidate, inner)
                break
            stack.extend(getattr(candidate, "__args__", ()))
    return info


def _bounds(info: FieldInfo) -> tuple[Any, Any]:
    low = high = None
    for meta in info.metadata:
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    return low, high


def _allowed(info: FieldInfo | None) -> str | None:
    """What is allowed in a field: its range, or its choices."""
    if info is None:
        return None
    low, high = _bounds(info)
    if high is None:
        high = next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
    if low is not None or high is not None:
        return f"allowed range {_num(low)}–{_num(high)}"
    choices = _enum_choices(info.annotation)
    return f"one of: {', '.join(choices)}" if choices else None


def _numeric_bounds(info: FieldInfo | None) -> tuple[float | None, float | None] | None:
    """A field's numeric range, None when it has none (lengths of text do not count)."""
    if info is None:
        return None
    low, high = _bounds(info)
    numbers = [b for b in (low, high) if b is not None]
    if not numbers or not all(isinstance(b, int | float) for b in numbers):
        return None
    return low, high


def _num(value: Any) -> str:
    if value is None:
        return "…"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _enum_choices(annotation: Any) -> list[str]:
    from enum import StrEnum

    stack = [annotation]
    while stack:
        candidate = stack.pop(0)
        if isinstance(candidate, type) and issubclass(candidate, StrEnum):
            return [member.value for member in candidate]
        stack.extend(getattr(candidate, "__args__", ()))
    return []


_PLAIN_REASONS = {
    "greater_than_equal": "too low",
    "greater_than": "too low",
    "less_than_equal": "too high",
    "less_than": "too high",
    "int_parsing": "not a whole number",
    "int_from_float": "not a whole number",
    "float_parsing": "not a number",
    "finite_number": "not a number",
    "missing": "missing",
    "string_too_short": "too short",
    "string_too_long": "too long",
    "too_short": "too few",
    "too_long": "too many",
    "date_parsing": "not a date (use YYYY-MM-DD)",
    "date_from_datetime_parsing": "not a date (use YYYY-MM-DD)",
    "bool_parsing": "not yes or no",
    "enum": "not one of the choices",
    "literal_error": "not one of the choices",
    "extra_forbidden": "not a field we know",
}
"""Pydantic's error types in words a person reads; the allowed range is said beside them."""


def _plain(error: Any) -> str:
    """A pydantic error's reason in plain words (a rule's own message is kept as written)."""
    plain = _PLAIN_REASONS.get(str(error.get("type", "")))
    if plain is not None:
        return plain
    return str(error["msg"]).removeprefix("Value error, ")


def from_validation(exc: ValidationError, model: type[BaseModel], prefix: str = "") -> InputError:
    """Turn a pydantic error on ``model`` into an :class:`InputError`, one problem per field."""
    problems = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        field = ".".join(loc) if loc else model.__name__.lower()
        reason = _plain(error)
        if not loc and ":" in reason:
            field, _, reason = reason.partition(":")
            reason = reason.strip()
        info = _field_at(model, loc) if loc else None
        value = error.get("input", _UNSET) if loc else _UNSET
        problems.append(
            FieldProblem(f"{prefix}{field}", reason, _allowed(info), value, _numeric_bounds(info))
        )
    return InputError.of(problems)


def check_near(field: str, day: dt.date, today: dt.date, window: dt.timedelta) -> dt.date:
    """``day`` when it lies within ``window`` of ``today``, either way.

    Raises:
        InputError: On ``field`` otherwise, naming the allowed dates.
    """
    low, high = today - window, today + window
    if not low <= day <= high:
        raise InputError(
            field,
            "too far from today",
            allowed=f"{low.isoformat()} to {high.isoformat()}",
            value=day.isoformat(),
        )
    return day
