"""App exercise names to catalog ids: a curated alias table, then careful fuzzy matching.

Names are compared lower-cased with punctuation folded; equipment in parentheses
(``Hip Thrust (Barbell)``) is a hint that breaks ties, not part of the name. A fuzzy match
counts only at :data:`THRESHOLD` or above; anything weaker is left for the person to map,
never guessed.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from gluteus.domain.catalog import Catalog, Exercise
from gluteus.imports.table import ImportFileError

THRESHOLD = 0.86
"""Lowest similarity (difflib ratio, 0–1) at which a name is taken as a catalog exercise."""
SKIP = "skip"
"""A mapping target that leaves a name's rows out on purpose."""
HINT_BONUS = 0.03
_HINTS: dict[str, tuple[str, ...]] = {
    "barbell": ("barbell", "body_bar"),
    "dumbbell": ("dumbbells",),
    "kettlebell": ("kettlebell",),
    "cable": ("cable_machine", "resistance_band"),
    "band": ("resistance_band", "mini_band"),
    "machine": ("leg_press", "cable_machine"),
    "bodyweight": ("none",),
}

How = Literal["mapped", "alias", "exact", "fuzzy", "none"]


@dataclass(frozen=True)
class Match:
    """How one app name was matched.

    Attributes:
        name: The app's name.
        exercise_id: The catalog id, ``skip``, or None when unmatched.
        score: Similarity 0–1 (1 for the alias table, exact names and mappings).
        how: ``mapped`` (by the person), ``alias``, ``exact``, ``fuzzy`` or ``none``.
        candidates: The nearest catalog ids, best first (suggestions when unmatched).
    """

    name: str
    exercise_id: str | None
    score: float
    how: How
    candidates: tuple[str, ...] = ()


def split_name(name: str) -> tuple[str, str]:
    """``(base, equipment hint)``: ``Hip Thrust (Barbell)`` → ``("hip thrust", "barbell")``."""
    hints = " ".join(re.findall(r"\(([^)]*)\)", name))
    base = re.sub(r"\([^)]*\)", " ", name)
    return _fold(base), _fold(hints)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _key(name: str) -> str:
    base, hint = split_name(name)
    return f"{base} ({hint})" if hint else base


def parse_aliases(text: str) -> dict[str, str]:
    """The ``[aliases]`` table of an alias file: app name → catalog id.

    Raises:
        ValueError: When the file is not TOML with a table of strings.
    """
    data = tomllib.loads(text)
    table = data.get("aliases")
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ValueError("expected an [aliases] table of name = catalog id")
    return dict(table)


@cache
def default_aliases() -> dict[str, str]:
    """The curated alias table shipped in ``data/exercise_aliases.toml``."""
    text = resources.files("gluteus.data").joinpath("exercise_aliases.toml").read_text("utf-8")
    return parse_aliases(text)


def parse_mapping(text: str) -> dict[str, str]:
    """A person's mapping file (TOML or JSON): app name → catalog id or ``skip``.

    Raises:
        ImportFileError: When the file is neither, or maps a name to something not a string.
    """
    data: Any
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ImportFileError("map", f"not TOML or JSON ({exc})") from None
    if isinstance(data, dict) and set(data) == {"aliases"} and isinstance(data["aliases"], dict):
        data = data["aliases"]
    bad = [k for k, v in data.items() if not isinstance(v, str)] if isinstance(data, dict) else []
    if not isinstance(data, dict) or bad:
        raise ImportFileError(
            "map",
            "expected app exercise names mapped to catalog ids"
            + (f" ({bad[0]!r} is not mapped to a string)" if bad else ""),
            allowed='"Hip Thrust (Barbell)" = "hip-thrust" (or "skip")',
        )
    return {str(k).strip(): str(v).strip() for k, v in data.items()}


class ExerciseMatcher:
    """Matches app exercise names to the catalog (alias table first, then fuzzy)."""

    def __init__(
        self,
        catalog: Catalog,
        aliases: Mapping[str, str] | None = None,
        threshold: float = THRESHOLD,
    ) -> None:
        self.catalog = catalog
        self.threshold = threshold
        self.aliases = {_key(k): v for k, v in (aliases or default_aliases()).items()}
        self.names: dict[str, str] = {}
        for exercise in catalog:
            self.names.setdefault(split_name(exercise.name)[0], exercise.id)
            self.names.setdefault(_fold(exercise.id), exercise.id)
        # An alias naming equipment vouches only for that equipment, so only plain aliases
        # join the names fuzzy matching compares against.
        for name, target in self.aliases.items():
            if "(" not in name:
                self.names.setdefault(name, target)

    def match(self, name: str, mapping: Mapping[str, str] | None = None) -> Match:
        """Match one app name; ``mapping`` (the person's own, by app name) wins."""
        for given, target in (mapping or {}).items():
            if _key(given) == _key(name):
                return Match(name, target, 1.0, "mapped")
        base, hint = split_name(name)
        full = _key(name)
        if full in self.aliases:
            return Match(name, self.aliases[full], 1.0, "alias")
        if base in self.aliases:
            return Match(name, self.aliases[base], 1.0, "alias")
        if base in self.names:
            return Match(name, self.names[base], 1.0, "exact")
        scored = self._scored(base, hint)
        best_id, best = scored[0] if scored else ("", 0.0)
        candidates = tuple(exercise_id for exercise_id, _ in scored[:3])
        if best >= self.threshold:
            return Match(name, best_id, round(min(best, 1.0), 3), "fuzzy", candidates)
        return Match(name, None, round(best, 3), "none", candidates)

    def _scored(self, base: str, hint: str) -> list[tuple[str, float]]:
        best: dict[str, float] = {}
        for text, exercise_id in self.names.items():
            score = difflib.SequenceMatcher(None, base, text).ratio()
            score += self._hint_bonus(exercise_id, hint)
            best[exercise_id] = max(best.get(exercise_id, 0.0), score)
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))

    def _hint_bonus(self, exercise_id: str, hint: str) -> float:
        if not hint:
            return 0.0
        try:
            exercise: Exercise = self.catalog.get(exercise_id)
        except KeyError:
            return 0.0
        kit = {item.value for item in exercise.equipment}
        wanted = {e for word in hint.split() for e in _HINTS.get(word.rstrip("s"), ())}
        return HINT_BONUS if kit & wanted else 0.0


def unknown_targets(targets: Iterable[str], catalog: Catalog) -> list[str]:
    """Mapping targets that are neither catalog ids nor ``skip``."""
    ids = {exercise.id for exercise in catalog}
    return sorted({t for t in targets if t != SKIP and t not in ids})
