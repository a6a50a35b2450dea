"""Messages that carry typed quantities, so each edge shows them in the person's units.

The domain never writes "0.50 kg" into a sentence. It writes a :class:`Message`: text parts
and quantities (:class:`Mass`, :class:`MassRange`, :class:`Length`, :class:`Speed`,
:class:`Energy`, :class:`Duration`), built with :func:`message` from a template such as
``"Losing {rate} a week"`` and ``rate=Mass(0.5, ".2f")``. A message *is* its metric text (a
``str``), so metric readers, tests and the JSON API see the same words as before; an edge
calls :func:`render_text` to show it in the person's :class:`~gluteus.domain.units.UnitSystem`.

Model fields that hold such text are typed :data:`Text`: the API dumps them as plain text, and
storage (``model_dump(context=STORAGE_CONTEXT)``) keeps their parts, so a stored plan reloads
with its quantities. Keeping the words apart from the numbers is also what a translation needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter
from typing import Annotated, Any, ClassVar

from pydantic import (
    PlainSerializer,
    SerializationInfo,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
)
from pydantic.functional_validators import WrapValidator

from gluteus.domain.units import (
    MASS_DECIMALS,
    UnitSystem,
    cm_to_in,
    format_mass,
    format_number,
    format_speed,
    kg_to_lb,
)

STORAGE_CONTEXT = {"quantities": True}
"""Serialization context that keeps a message's quantities (for storage, not for the API)."""
_SEPARATORS = ("-", "–")


def _signed(spec: str, text: str, value: float) -> str:
    return f"+{text}" if spec.startswith("+") and value >= 0 else text


@dataclass(frozen=True, slots=True)
class Mass:
    """A mass in a sentence: ``kg`` [kg] and how its metric number is written.

    ``spec`` is the format spec of the metric number (``".2f"``, ``"+.2f"``, ``"g"``), so
    metric text reads exactly as written; empty, it follows :func:`format_mass`. Pounds follow
    :data:`MASS_DECIMALS` (trailing zeros dropped), keeping a ``+`` sign if the spec has one.
    """

    kg: float
    spec: str = ""
    kind: ClassVar[str] = "mass"

    def render(self, system: UnitSystem) -> str:
        """``0.50 kg`` in metric, ``1.1 lb`` in imperial."""
        if system is UnitSystem.IMPERIAL:
            pounds = kg_to_lb(self.kg)
            text = format_number(pounds, MASS_DECIMALS[UnitSystem.IMPERIAL])
            return f"{_signed(self.spec, text, pounds)} lb"
        if not self.spec:
            return format_mass(self.kg)
        return f"{self.kg:{self.spec}} kg"


@dataclass(frozen=True, slots=True)
class MassRange:
    """A range of masses sharing one unit: ``0.5-1.5 kg``, ``1.1-3.3 lb``. [kg]"""

    low_kg: float
    high_kg: float
    spec: str = "g"
    separator: str = "-"
    kind: ClassVar[str] = "mass_range"

    def render(self, system: UnitSystem) -> str:
        """Both ends in the person's unit, the unit written once."""
        if system is UnitSystem.IMPERIAL:
            low, high = (
                format_number(kg_to_lb(kg), MASS_DECIMALS[UnitSystem.IMPERIAL])
                for kg in (self.low_kg, self.high_kg)
            )
            return f"{low}{self.separator}{high} lb"
        return f"{self.low_kg:{self.spec}}{self.separator}{self.high_kg:{self.spec}} kg"


@dataclass(frozen=True, slots=True)
class Length:
    """A length in a sentence: ``cm`` [cm]; inches to 0.1 in imperial."""

    cm: float
    spec: str = "g"
    kind: ClassVar[str] = "length"

    def render(self, system: UnitSystem) -> str:
        """``98.5 cm`` or ``38.8 in``."""
        if system is UnitSystem.IMPERIAL:
            inches = cm_to_in(self.cm)
            return f"{_signed(self.spec, format_number(inches, 1), inches)} in"
        return f"{self.cm:{self.spec}} cm"


@dataclass(frozen=True, slots=True)
class Speed:
    """A speed in a sentence: ``kmh`` [km/h]; miles an hour to 0.1 mph in imperial."""

    kmh: float
    spec: str = "g"
    kind: ClassVar[str] = "speed"

    def render(self, system: UnitSystem) -> str:
        """``6.5 km/h`` or ``4 mph``."""
        if system is UnitSystem.IMPERIAL:
            return format_speed(self.kmh, system)
        return f"{self.kmh:{self.spec}} km/h"


@dataclass(frozen=True, slots=True)
class Energy:
    """Food or body energy: ``kcal`` [kcal], the same in both systems."""

    kcal: float
    spec: str = ",.0f"
    kind: ClassVar[str] = "energy"

    def render(self, system: UnitSystem) -> str:
        """``1,850 kcal``."""
        return f"{self.kcal:{self.spec}} kcal"


@dataclass(frozen=True, slots=True)
class Duration:
    """A span of time: ``s`` [s], written in seconds, minutes or hours as it reads best."""

    s: float
    kind: ClassVar[str] = "duration"

    def render(self, system: UnitSystem) -> str:
        """``45 s``, ``30 min`` or ``1.5 h``."""
        if self.s < 120:
            return f"{format_number(self.s, 0)} s"
        if self.s < 2 * 3600:
            return f"{format_number(self.s / 60, 0)} min"
        return f"{format_number(self.s / 3600, 1)} h"


Quantity = Mass | MassRange | Length | Speed | Energy | Duration
_QUANTITIES: tuple[type[Quantity], ...] = (Mass, MassRange, Length, Speed, Energy, Duration)
_KINDS: dict[str, type[Quantity]] = {q.kind: q for q in _QUANTITIES}
Part = str | Quantity


class Message(str):
    """Text with typed quantities in it; as a ``str`` it is the metric text.

    Concatenating with ``+`` (either side) keeps the quantities; other ``str`` methods return
    plain metric text.
    """

    parts: tuple[Part, ...]

    def __new__(cls, parts: str | tuple[Part, ...] | list[Part]) -> Message:
        """The message made of ``parts`` (or of one text), neighbouring text joined."""
        if isinstance(parts, str):
            parts = (parts,)
        flat: list[Part] = []
        for part in parts:
            flat.extend(part.parts if isinstance(part, Message) else (part,))
        merged: list[Part] = []
        for part in flat:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] = merged[-1] + str(part)
            elif not (isinstance(part, str) and part == ""):
                merged.append(str(part) if isinstance(part, str) else part)
        text = "".join(_metric(p) for p in merged)
        made = super().__new__(cls, text)
        made.parts = tuple(merged)
        return made

    def render(self, system: UnitSystem) -> str:
        """The text with every quantity in ``system``'s units."""
        return "".join(p if isinstance(p, str) else p.render(system) for p in self.parts)

    def __add__(self, other: str) -> Message:
        return Message((self, other))

    def __radd__(self, other: str) -> Message:
        return Message((other, self))

    def join_parts(self, items: list[str] | tuple[str, ...]) -> Message:
        """``str.join`` that keeps the items' quantities (``Message("; ").join_parts(...)``)."""
        out: list[Part] = []
        for i, item in enumerate(items):
            if i:
                out.append(self)
            out.append(item)
        return Message(out)

    def to_data(self) -> dict[str, Any]:
        """The stored form: the metric text and the parts (quantities as small dicts)."""
        return {
            "text": str(self),
            "parts": [
                p if isinstance(p, str) else {"kind": p.kind, **_fields(p)} for p in self.parts
            ],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Message:
        """Read :meth:`to_data`'s form back."""
        parts: list[Part] = []
        for part in data["parts"]:
            if isinstance(part, str):
                parts.append(part)
            else:
                fields = dict(part)
                parts.append(_KINDS[fields.pop("kind")](**fields))
        return cls(parts)


def _metric(part: Part) -> str:
    return part if isinstance(part, str) else part.render(UnitSystem.METRIC)


def _fields(quantity: Quantity) -> dict[str, Any]:
    return {name: getattr(quantity, name) for name in quantity.__dataclass_fields__}


_FORMATTER = Formatter()


def message(template: str, **values: object) -> Message:
    """A message from a ``str.format`` template; quantity values stay typed.

    Other values are formatted into the text at once with the field's spec, so
    ``message("{n} sets of {load}", n=3, load=Mass(20))`` is "3 sets of 20 kg" in metric.
    """
    parts: list[Part] = []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        parts.append(literal)
        if name is None:
            continue
        value = values[name]
        if isinstance(value, Message):
            parts.extend(value.parts)
        elif isinstance(value, Mass | MassRange | Length | Speed | Energy | Duration):
            parts.append(value)
        else:
            converted = _FORMATTER.convert_field(value, conversion) if conversion else value
            parts.append(format(converted, spec or ""))
    return Message(parts)


def render_text(text: str, system: UnitSystem) -> str:
    """Domain text in the person's units: a :class:`Message` rendered, other text as is.

    The one renderer every edge uses (CLI, printable plan, calendar, web templates).
    """
    return text.render(system) if isinstance(text, Message) else str(text)


def _validate_text(value: object, handler: ValidatorFunctionWrapHandler) -> str:
    if type(value) is str:  # the common case, already valid: no second pass
        return value
    if isinstance(value, Message):
        return value
    if isinstance(value, dict) and "parts" in value:
        try:
            return Message.from_data(value)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ValueError(
                "a stored message needs 'parts': text and quantities such as "
                '{"kind": "mass", "kg": 0.5, "spec": ".2f"}'
            ) from None
    result: str = handler(value)
    return result


def _serialize_text(value: str, info: SerializationInfo) -> object:
    stored = bool(info.context and info.context.get("quantities"))
    if stored and isinstance(value, Message) and any(not isinstance(p, str) for p in value.parts):
        return value.to_data()
    return str(value)


Text = Annotated[
    str,
    WrapValidator(_validate_text),
    PlainSerializer(_serialize_text, return_type=Any, when_used="always"),
    WithJsonSchema({"type": "string"}),
]
"""A text field that may hold a :class:`Message`: plain text in the API, parts in storage."""
