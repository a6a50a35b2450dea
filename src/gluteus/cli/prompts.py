"""Questions in a terminal that forgive typos.

Each answer is checked as it is typed and asked again with what is allowed, so one slip
never loses the answers before it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.markup import escape

from gluteus.cli.app import console
from gluteus.services.errors import InputError

T = TypeVar("T")
_PROFILE_BASE: dict[str, Any] = {"sex": "female", "age": 30, "height_cm": 165, "weight_kg": 70}
STOP_WORDS = frozenset({"stop", "quit", "q"})


class StopAsking(Exception):
    """The person typed ``stop``: keep what was answered so far.

    Attributes:
        sets: Sets of the exercise being asked about when ``stop`` came, if any were entered.
    """

    def __init__(self, sets: Any = None) -> None:
        super().__init__("stopped")
        self.sets = sets


def ask(
    label: str,
    convert: Callable[[str], T],
    default: str | None = None,
    *,
    allow_stop: bool = False,
) -> T:
    """Ask until ``convert`` accepts the answer; a rejected answer says why and asks again.

    Raises:
        StopAsking: When ``allow_stop`` and the person typed ``stop``.
    """
    while True:
        raw: str = typer.prompt(label, default=default or "", show_default=bool(default))
        if allow_stop and raw.strip().lower() in STOP_WORDS:
            raise StopAsking
        try:
            return convert(raw)
        except InputError as exc:
            problem = exc.problems[0]
            console.print(
                f"  [red]{escape(problem.text('that answer'))}[/] — please try again",
                soft_wrap=True,
            )
        except ValueError as exc:
            console.print(
                f"  [red]that answer: {escape(str(exc))}[/] — please try again", soft_wrap=True
            )


def yes_no(label: str, default: bool) -> bool:
    """A yes/no question that accepts y, yes, n, no (re-asked otherwise)."""

    def convert(text: str) -> bool:
        answer = text.strip().lower() or ("y" if default else "n")
        if answer in {"y", "yes"}:
            return True
        if answer in {"n", "no"}:
            return False
        raise ValueError("answer y or n")

    return ask(f"{label} [{'Y/n' if default else 'y/N'}]", convert)


def profile_value(key: str) -> Callable[[str], Any]:
    """A converter that checks one profile key the way a profile file is checked."""
    from gluteus.services.plans import LIST_KEYS, parse_profile_data

    def convert(text: str) -> Any:
        value: Any = text.strip()
        if key in LIST_KEYS:
            value = [part.strip() for part in text.split(",") if part.strip()]
        try:
            profile = parse_profile_data({**_PROFILE_BASE, key: value})
        except InputError as exc:
            mine = [p for p in exc.problems if p.field.split(".")[0] == key]
            if mine:
                raise InputError.of(mine) from None
            raise
        return getattr(profile, key)

    return convert
