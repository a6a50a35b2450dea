"""App exercise names to catalog ids: a curated alias table, then careful fuzzy matching.

Names are compared lower-cased with punctuation folded. Equipment in parentheses
(``Hip Thrust (Barbell)``, ``Squat (Goblet)``) is part of the match: an alias naming
equipment vouches only for that equipment, a qualifier that is a variant rather than kit
(``Goblet``, ``Sumo``, ``Single Leg``) is read as part of the name (``goblet squat``), and the
kind of resistance it names decides whether a load is carried over (:func:`load_carries`).
A fuzzy match counts only at :data:`THRESHOLD` or above; anything weaker is left for the
person to map, never guessed. Names of machines the catalog lacks are recognised as such and
left out with that reason (:data:`NOT_IN_CATALOG`).
"""

from __future__ import annotations

import difflib
import heapq
import json
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import Any, Literal

from gluteus.domain.catalog import LOADED_EQUIPMENT, Catalog, Exercise, Kind
from gluteus.domain.memo import memo
from gluteus.domain.profile import Equipment
from gluteus.imports.table import ImportFileError

THRESHOLD = 0.86
"""Lowest similarity (difflib ratio, 0–1) at which a name is taken as a catalog exercise."""
SKIP = "skip"
"""A mapping target that leaves a name's rows out on purpose."""
NOT_IN_CATALOG = "not-in-catalog"
"""The target of a name Gluteus knows but has no catalog exercise for (a machine mostly)."""
HINT_BONUS = 0.03
"""Fuzzy-score bonus for a catalog exercise that takes the resistance the name's kit gives."""
CANDIDATES = 3
"""Nearest catalog ids offered for a name that matched nothing."""
SHORTLIST = 10
"""Known names compared in full (difflib) with an app name: those sharing the most letter
pairs with it. A name similar enough to match shares most of its pairs, so it is always
among them; the shortlist keeps matching 1,000 new names well under a second."""


class Resistance(StrEnum):
    """The kind of resistance a set's load is measured in; loads pass only within one kind.

    ``weight`` is kilograms lifted or pulled: a barbell, dumbbell, kettlebell, a machine's or
    a cable's weight stack. ``band`` is an elastic band, whose pull has no kilogram figure.
    ``bodyweight`` is the body alone (a bench, step or ball only supports it).
    """

    WEIGHT = "weight"
    BAND = "band"
    BODYWEIGHT = "bodyweight"


KIT_WORDS: dict[str, Resistance] = {
    "smith machine": Resistance.WEIGHT,
    "plate loaded": Resistance.WEIGHT,
    "machine": Resistance.WEIGHT,
    "cable": Resistance.WEIGHT,
    "barbell": Resistance.WEIGHT,
    "dumbbell": Resistance.WEIGHT,
    "dumbbells": Resistance.WEIGHT,
    "kettlebell": Resistance.WEIGHT,
    "ez bar": Resistance.WEIGHT,
    "trap bar": Resistance.WEIGHT,
    "hex bar": Resistance.WEIGHT,
    "plate": Resistance.WEIGHT,
    "weighted": Resistance.WEIGHT,
    "lever": Resistance.WEIGHT,
    "resistance band": Resistance.BAND,
    "mini band": Resistance.BAND,
    "loop band": Resistance.BAND,
    "band": Resistance.BAND,
    "bands": Resistance.BAND,
    "banded": Resistance.BAND,
    "bodyweight": Resistance.BODYWEIGHT,
    "body weight": Resistance.BODYWEIGHT,
}
"""Words of an app name that name its kit, with the resistance that kit gives (Strong and
Hevy write them in parentheses: ``(Barbell)``, ``(Machine)``, ``(Band)``, ``(Bodyweight)``)."""
IMPLIED_WORDS: dict[str, Resistance] = {"goblet": Resistance.WEIGHT}
"""Variant words that also say how the move is loaded (a goblet squat holds one weight)."""
_KIT_PATTERN = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, KIT_WORDS), key=len, reverse=True)) + r")\b"
)
_BAND_KIT = frozenset({Equipment.RESISTANCE_BAND, Equipment.MINI_BAND})

How = Literal["mapped", "remembered", "alias", "exact", "fuzzy", "known", "none"]


@dataclass(frozen=True)
class Match:
    """How one app name was matched.

    Attributes:
        name: The app's name.
        exercise_id: The catalog id, ``skip``, :data:`NOT_IN_CATALOG`, or None when unmatched.
        score: Similarity 0–1 (1 for the alias table, exact names and mappings).
        how: ``mapped`` (by the person, for this import), ``remembered`` (mapped by the
            person in an earlier import), ``alias``, ``exact``, ``fuzzy``, ``known`` (a name
            Gluteus knows but has no catalog exercise for) or ``none``.
        candidates: The nearest catalog ids, best first (suggestions when unmatched).
        resistance: The kind of resistance the name's kit gives, None when it names no kit.
        keeps_load: Whether the file's loads are carried over to the catalog exercise.
    """

    name: str
    exercise_id: str | None
    score: float
    how: How
    candidates: tuple[str, ...] = ()
    resistance: Resistance | None = None
    keeps_load: bool = True


@dataclass(frozen=True)
class AppName:
    """An app's exercise name taken apart.

    Attributes:
        base: The name without its parentheses, folded (``squat``).
        kit: Kit words of the qualifier, folded (``barbell``), empty when none.
        variant: Qualifier words that are not kit (``goblet``), empty when none.
        resistance: What the kit (in the qualifier or the name) gives, None when unsaid.
    """

    base: str
    kit: str
    variant: str
    resistance: Resistance | None


def split_name(name: str) -> tuple[str, str]:
    """``(base, qualifier)``: ``Hip Thrust (Barbell)`` → ``("hip thrust", "barbell")``."""
    hints = " ".join(re.findall(r"\(([^)]*)\)", name))
    base = re.sub(r"\([^)]*\)", " ", name)
    return _fold(base), _fold(hints)


def parse_name(name: str) -> AppName:
    """Take an app name apart: base, kit, variant words and the resistance its kit gives.

    ``Squat (Goblet)`` → base ``squat``, variant ``goblet``, weight; ``Hip Abduction
    (Machine)`` → kit ``machine``, weight; ``Banded Side Steps`` → band (kit in the name).
    """
    base, qualifier = split_name(name)
    kit = " ".join(_KIT_PATTERN.findall(qualifier))
    variant = " ".join(_KIT_PATTERN.sub(" ", qualifier).split())
    resistance = _resistance_of(kit) or _resistance_of(variant, IMPLIED_WORDS)
    if resistance is None:
        resistance = _resistance_of(" ".join(_KIT_PATTERN.findall(base)))
    if resistance is None:
        resistance = _resistance_of(base, IMPLIED_WORDS)
    return AppName(base=base, kit=kit, variant=variant, resistance=resistance)


def _resistance_of(text: str, words: Mapping[str, Resistance] = KIT_WORDS) -> Resistance | None:
    if not text:
        return None
    for word, resistance in words.items():
        if re.search(rf"\b{re.escape(word)}\b", text):
            return resistance
    return None


def resistances(exercise: Exercise) -> frozenset[Resistance]:
    """The kinds of resistance a catalog exercise is done with, from its equipment."""
    kit = set(exercise.equipment)
    found = {Resistance.WEIGHT} if exercise.takes_load else set()
    if kit & _BAND_KIT:
        found.add(Resistance.BAND)
    if kit - LOADED_EQUIPMENT - _BAND_KIT:
        found.add(Resistance.BODYWEIGHT)
    return frozenset(found)


def load_carries(resistance: Resistance | None, exercise: Exercise) -> bool:
    """Whether a file's load (kg) for a name with ``resistance`` is kept on ``exercise``.

    A load in kilograms means something only for a move done against weight, and only when
    the app's kit is weight too: a machine's or a barbell's 35 kg never becomes a mini-band or
    body-weight move's load (issue 23, item 6). A name that names no kit is taken at its
    word when the catalog move takes weight.
    """
    if exercise.kind is not Kind.STRENGTH or not exercise.takes_load:
        return False
    return resistance in (None, Resistance.WEIGHT)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def name_key(name: str) -> str:
    """An app name as names are compared: ``Hip Thrust (Barbell)`` → ``hip thrust (barbell)``."""
    base, hint = split_name(name)
    return f"{base} ({hint})" if hint else base


_key = name_key


def parse_aliases(text: str) -> dict[str, str]:
    """The ``[aliases]`` table of an alias file: app name → catalog id.

    Names listed under ``[not_in_catalog]`` (``names = [...]``) map to
    :data:`NOT_IN_CATALOG`.

    Raises:
        ValueError: When the file is not TOML with a table of strings.
    """
    data = tomllib.loads(text)
    table = data.get("aliases")
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ValueError("expected an [aliases] table of name = catalog id")
    known = data.get("not_in_catalog", {}).get("names", [])
    if not isinstance(known, list) or not all(isinstance(n, str) for n in known):
        raise ValueError("expected [not_in_catalog] names = a list of app names")
    return {**dict(table), **dict.fromkeys(known, NOT_IN_CATALOG)}


@memo(maxsize=None)
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
    """Matches app exercise names to the catalog (alias table first, then fuzzy).

    The alias keys and catalog names are folded once, when the matcher is made, and each
    distinct name is matched once (a file repeats its names on every row).
    """

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
            if "(" not in name and target != NOT_IN_CATALOG:
                self.names.setdefault(name, target)
        self._by_id: dict[str, Exercise] = {exercise.id: exercise for exercise in catalog}
        self._texts = list(self.names)
        self._sizes = [len(_pairs(text)) for text in self._texts]
        self._postings: defaultdict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self._texts):
            for pair in _pairs(text):
                self._postings[pair].append(index)
        self._bonus: dict[tuple[str, Resistance | None], float] = {}
        self._seen: dict[str, Match] = {}

    def match(self, name: str, mapping: Mapping[str, str] | None = None) -> Match:
        """Match one app name; ``mapping`` (the person's own, by app name) wins."""
        full = _key(name)
        parts = parse_name(name)
        for given, target in (mapping or {}).items():
            if _key(given) == full:
                return self._found(name, target, 1.0, "mapped", parts)
        if full not in self._seen:
            self._seen[full] = self._match(name, full, parts)
        return _renamed(self._seen[full], name)

    def mapped(self, name: str, target: str, how: How = "mapped") -> Match:
        """The match of ``name`` to ``target`` as the person said (load rules still apply)."""
        return self._found(name, target, 1.0, how, parse_name(name))

    def _match(self, name: str, full: str, parts: AppName) -> Match:
        base = parts.base
        named = f"{parts.variant} {base}" if parts.variant else base
        kitted = f"{named} ({parts.kit})" if parts.kit else named
        for key in dict.fromkeys((full, kitted, named, base)):
            if key in self.aliases:
                target = self.aliases[key]
                how: How = "known" if target == NOT_IN_CATALOG else "alias"
                return self._found(name, target, 1.0, how, parts)
        for key in dict.fromkeys((named, base)):
            if key in self.names:
                return self._found(name, self.names[key], 1.0, "exact", parts)
        scored = self._scored(named, parts.resistance)
        best_id, best = scored[0] if scored else ("", 0.0)
        candidates = tuple(exercise_id for exercise_id, _ in scored[:CANDIDATES])
        if best >= self.threshold:
            return self._found(name, best_id, round(min(best, 1.0), 3), "fuzzy", parts, candidates)
        return Match(name, None, round(best, 3), "none", candidates, parts.resistance)

    def _found(
        self,
        name: str,
        target: str,
        score: float,
        how: How,
        parts: AppName,
        candidates: tuple[str, ...] = (),
    ) -> Match:
        exercise = self._by_id.get(target)
        keeps = exercise is not None and load_carries(parts.resistance, exercise)
        return Match(name, target, score, how, candidates, parts.resistance, keeps)

    def _scored(self, base: str, resistance: Resistance | None) -> list[tuple[str, float]]:
        # ratio() is bounded above by quick_ratio() and real_quick_ratio(); a name that
        # cannot beat the current third best is not compared in full.
        matcher = difflib.SequenceMatcher(None, "", base)
        best: dict[str, float] = {}
        floor = 0.0
        for text in self._shortlist(base):
            exercise_id = self.names[text]
            bonus = self._hint_bonus(exercise_id, resistance)
            matcher.set_seq1(text)
            if matcher.real_quick_ratio() + bonus < floor or matcher.quick_ratio() + bonus < floor:
                continue
            score = matcher.ratio() + bonus
            if score > best.get(exercise_id, 0.0):
                best[exercise_id] = score
                if len(best) >= CANDIDATES:
                    floor = heapq.nlargest(CANDIDATES, best.values())[-1]
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))

    def _shortlist(self, base: str) -> list[str]:
        """The :data:`SHORTLIST` known names sharing the most letter pairs with ``base``."""
        pairs = _pairs(base)
        shared: Counter[int] = Counter()
        for pair in pairs:
            shared.update(self._postings.get(pair, ()))
        dice = {i: 2 * n / (len(pairs) + self._sizes[i]) for i, n in shared.items()}
        best = heapq.nsmallest(SHORTLIST, dice, key=lambda i: (-dice[i], self._texts[i]))
        return [self._texts[i] for i in best]

    def _hint_bonus(self, exercise_id: str, resistance: Resistance | None) -> float:
        if resistance is None:
            return 0.0
        key = (exercise_id, resistance)
        if key not in self._bonus:
            exercise = self._by_id.get(exercise_id)
            fits = exercise is not None and resistance in resistances(exercise)
            self._bonus[key] = HINT_BONUS if fits else 0.0
        return self._bonus[key]


def _pairs(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def _renamed(match: Match, name: str) -> Match:
    if match.name == name:
        return match
    return Match(
        name,
        match.exercise_id,
        match.score,
        match.how,
        match.candidates,
        match.resistance,
        match.keeps_load,
    )


def unknown_targets(targets: Iterable[str], catalog: Catalog) -> list[str]:
    """Mapping targets that are neither catalog ids nor ``skip``."""
    ids = {exercise.id for exercise in catalog}
    return sorted({t for t in targets if t != SKIP and t not in ids})
