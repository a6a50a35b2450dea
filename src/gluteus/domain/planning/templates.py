"""A phase's strength sessions: the skeleton fitted into each day's minutes.

Weekly volume is balanced, owned kit put to use and a band finisher added when one fits.

The exercises chosen here stay the same for the whole phase (about four weeks); the next
phase prefers new variations. Doses per week come from :mod:`.dosing`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from gluteus.domain.catalog import GLUTES, Catalog, Exercise, Kind
from gluteus.domain.patterns import MAJOR_OTHER_GROUPS, Group, exercise_order_class, target_group
from gluteus.domain.planning.dosing import (
    FINISHER_DOSE,
    PHASE_WEEKS,
    dose_for,
    exercise_minutes,
    phase_sets,
)
from gluteus.domain.planning.selection import (
    ABDUCTION,
    CORE,
    EXTRAS,
    GLUTE,
    PREGNANCY_GLUTE,
    SKELETON,
    Need,
    Slot,
    kit_used,
    ranked,
    score,
    suitable,
)
from gluteus.domain.profile import Equipment, Level, Limitation, Profile
from gluteus.domain.program import PlannedExercise
from gluteus.domain.rules.coaching import GLUTE_SETS, LOWER_BACK_CORE_SETS, OTHER_GROUP_MIN_SETS

MAX_SETS = 4
SLOT_NEED = {ABDUCTION.name: 2}
"""Weekly sets a skeleton slot wants before others come first (4 unless listed)."""
KIT_TO_USE = frozenset(
    {
        Equipment.STABILITY_BALL,
        Equipment.MINI_BAND,
        Equipment.KETTLEBELL,
        Equipment.RESISTANCE_BAND,
        Equipment.MEDICINE_BALL,
        Equipment.STEP,
    }
)


_MINUTES: dict[tuple[str, int, int, int, float, bool], float] = {}


def _minutes(exercise: Exercise, sets: int) -> float:
    """Minutes of an exercise at a number of sets (rest and reps from its catalog dose)."""
    rx = exercise.prescription
    key = (exercise.id, sets, rx.reps_max, rx.rest_seconds, rx.seconds_per_rep, exercise.unilateral)
    if key not in _MINUTES:
        dose = dose_for(exercise, sets, 1, Level.BEGINNER, 2)
        _MINUTES[key] = exercise_minutes(exercise, dose)
    return _MINUTES[key]


@dataclass(slots=True)
class Pick:
    """A chosen main exercise, the slot it fills and its working sets for the phase."""

    exercise: Exercise
    slot: Slot
    sets: int
    lead: bool = False

    def minutes(self) -> float:
        """Time of this pick at its phase dose. [min]"""
        return _minutes(self.exercise, self.sets)


@dataclass(slots=True)
class Template:
    """One strength day of a phase: main picks in session order, finisher, what was left out."""

    budget: float
    picks: list[Pick] = field(default_factory=list)
    finisher: tuple[Exercise, ...] = ()
    skipped: list[str] = field(default_factory=list)
    rows: list[PlannedExercise] = field(default_factory=list)
    """Each pick's planned row at its first dose, made once and copied per week."""

    def used(self, profile: Profile, week: int) -> float:
        """Minutes the template takes in a normal week of the phase. [min]"""
        main = sum(p.minutes() for p in self.picks)
        return main + sum(exercise_minutes(ex, FINISHER_DOSE) for ex in self.finisher)


def _slot_order(tally: dict[str, int], profile: Profile) -> list[Slot]:
    rest = [slot for slot in SKELETON if slot is not GLUTE]
    if Limitation.LOWER_BACK in profile.limitations:
        rest.remove(CORE)
        rest.insert(0, CORE)

    def key(slot: Slot) -> tuple[bool, int, int]:
        done = tally.get(slot.name, 0)
        return (done >= SLOT_NEED.get(slot.name, 4), done, rest.index(slot))

    glute = PREGNANCY_GLUTE if Limitation.PREGNANCY in profile.limitations else GLUTE
    return [glute, *sorted(rest, key=key)]


def _need(template: Template, week_ids: set[str], last: frozenset[str], harder: frozenset[str],
          unused: frozenset[Equipment]) -> Need:  # fmt: skip
    return Need(
        taken_patterns=frozenset(p.exercise.pattern for p in template.picks),
        taken_ids=frozenset(p.exercise.id for p in template.picks),
        week_ids=frozenset(week_ids),
        last_phase=last,
        harder_than_last=harder,
        unused_kit=unused,
    )


def min_sets(level: Level, exercise: Exercise) -> int:
    """Fewest working sets for an exercise: advanced lifters keep 3 on compound lifts. [sets]"""
    if level is Level.ADVANCED and exercise_order_class(exercise) <= 1:
        return 3
    return 2


def _fill(
    template: Template,
    slots: Sequence[Slot],
    pool: Sequence[Exercise],
    profile: Profile,
    context: tuple[set[str], frozenset[str], frozenset[str], set[Equipment]],
    phase: int,
    *,
    report: bool,
    lean: bool = False,
) -> None:
    """Add the best pick that fits for each slot; ``lean`` starts at the fewest sets."""
    week_ids, last, harder, kit_seen = context
    week = phase * PHASE_WEEKS + 1
    for slot in slots:
        unused = frozenset(profile.equipment_set - kit_seen - {Equipment.NONE})
        options = ranked(slot, profile, pool, _need(template, week_ids, last, harder, unused))
        if not options:
            if report:
                template.skipped.append(f"no {slot.name} exercise suits your kit and limitations")
            continue
        spare = template.budget - template.used(profile, week)
        lead = slot.name == GLUTE.name
        sets = phase_sets(profile.level, phase, lead=lead)
        choice = next(
            (
                pick
                for exercise in options
                for count in sorted(
                    {min_sets(profile.level, exercise)}
                    if lean and not lead
                    else {sets, min_sets(profile.level, exercise)},
                    reverse=True,
                )
                if (pick := Pick(exercise, slot, count, lead)).minutes() <= spare + 1e-9
            ),
            None,
        )
        if choice is not None:
            template.picks.append(choice)
            week_ids.add(choice.exercise.id)
            kit_seen.update(kit_used(choice.exercise, profile.equipment_set))
        elif report:
            template.skipped.append(
                f"no time for {slot.name} in {template.budget:.0f} min of strength work"
            )


def _fill_session(
    budget: float,
    slots: Sequence[Slot],
    pool: Sequence[Exercise],
    profile: Profile,
    context: tuple[set[str], frozenset[str], frozenset[str], set[Equipment]],
    phase: int,
) -> Template:
    """The fuller of a session at the phase's sets and one at the fewest sets."""
    week_ids, last, harder, kit_seen = context
    best: Template | None = None
    for lean in (False, True):
        trial = Template(budget)
        trial_context = (set(week_ids), last, harder, set(kit_seen))
        _fill(trial, slots, pool, profile, trial_context, phase, report=True, lean=lean)
        if best is None or len(trial.picks) > len(best.picks):
            best = trial
        if not any(s.startswith("no time") for s in trial.skipped):
            break
    assert best is not None
    for pick in best.picks:
        week_ids.add(pick.exercise.id)
        kit_seen.update(kit_used(pick.exercise, profile.equipment_set))
    return best


def _finisher(
    template: Template, pool: Sequence[Exercise], profile: Profile, variant: int, week: int
) -> None:
    if not (profile.band_finisher and Equipment.MINI_BAND in profile.equipment):
        return
    taken = {p.exercise.id for p in template.picks}
    bands = sorted(
        (
            ex
            for ex in pool
            if Equipment.MINI_BAND in ex.equipment
            and set(ex.primary_muscles) & GLUTES
            and ex.id not in taken
        ),
        key=lambda ex: (0 if ex.seeds else 1, ex.id),
    )
    if len(bands) < 2:
        return
    start = (3 * variant) % len(bands)
    spare = template.budget - template.used(profile, week)
    chosen: list[Exercise] = []
    for exercise in bands[start:] + bands[:start]:
        cost = exercise_minutes(exercise, FINISHER_DOSE)
        if len(chosen) < 3 and cost <= spare:
            chosen.append(exercise)
            spare -= cost
    if len(chosen) >= 2:
        template.finisher = tuple(chosen)


def _glute_sets(templates: Sequence[Template]) -> int:
    return _group_sets(templates, Group.GLUTES)


def _group_of(pick: Pick) -> Group:
    return target_group(pick.exercise.pattern, pick.exercise.primary_muscles)


def _group_sets(templates: Sequence[Template], group: Group) -> int:
    return sum(p.sets for t in templates for p in t.picks if _group_of(p) is group)


def _trim_glutes(templates: list[Template], profile: Profile) -> None:
    """Down to the glutes' weekly ceiling: extra moves go first, then sets above the floor."""
    high = GLUTE_SETS[1]
    while _glute_sets(templates) > high:
        extras = [
            (t, p)
            for t in templates
            for p in t.picks
            if p.slot in EXTRAS and _group_of(p) is Group.GLUTES
        ]
        if extras:
            template, pick = extras[-1]
            template.picks.remove(pick)
            continue
        trimmable = [
            p
            for t in templates
            for p in t.picks
            if _group_of(p) is Group.GLUTES and p.sets > min_sets(profile.level, p.exercise)
        ]
        if not trimmable:
            return
        max(trimmable, key=lambda p: (not p.lead, p.sets)).sets -= 1


def _targets(profile: Profile) -> dict[Group, int]:
    targets = {Group.GLUTES: GLUTE_SETS[0]}
    targets.update(dict.fromkeys(MAJOR_OTHER_GROUPS, OTHER_GROUP_MIN_SETS))
    if Limitation.LOWER_BACK in profile.limitations:
        targets[Group.CORE] = max(targets[Group.CORE], LOWER_BACK_CORE_SETS)
    return targets


def _add_one_set(templates: list[Template], group: Group, profile: Profile, week: int) -> bool:
    """One more set for a pick of ``group``, from spare minutes or a better-fed group.

    The set comes from the session's spare minutes, else from a group with sets to spare in
    the same session; glutes stay ≤ 20 and no group drops below its target.
    """
    targets = _targets(profile)
    for template in templates:
        for pick in template.picks:
            if _group_of(pick) is not group or pick.sets >= MAX_SETS:
                continue
            donors: list[Pick | None] = [None]
            donors += [
                other
                for other in template.picks
                if other is not pick
                and other.sets > min_sets(profile.level, other.exercise)
                and _group_sets(templates, _group_of(other)) > targets.get(_group_of(other), 0)
                and _group_of(other) is not group
            ]
            for donor in donors:
                pick.sets += 1
                if donor is not None:
                    donor.sets -= 1
                over_time = template.used(profile, week) > template.budget + 1e-9
                if not over_time and _glute_sets(templates) <= GLUTE_SETS[1]:
                    return True
                pick.sets -= 1
                if donor is not None:
                    donor.sets += 1
    return False


def _balance_volume(templates: list[Template], profile: Profile, week: int) -> None:
    """Glute sets into 10-20 a week, every other major group to 4+, where minutes allow."""
    _trim_glutes(templates, profile)
    for group, target in _targets(profile).items():
        while 0 < _group_sets(templates, group) < target:
            if not _add_one_set(templates, group, profile, week):
                break


def _use_owned_kit(
    templates: list[Template], pool: Sequence[Exercise], profile: Profile, week: int
) -> None:
    """Swap in a move for owned kit the week leaves idle, losing at most one stimulus step."""
    owned = profile.equipment_set
    for item in sorted(KIT_TO_USE & owned):
        seen = {
            k
            for t in templates
            for ex in [*(p.exercise for p in t.picks), *t.finisher]
            for k in kit_used(ex, owned)
        }
        if item in seen:
            continue
        best: tuple[float, Template, int, Exercise] | None = None
        for template in templates:
            for index, pick in enumerate(template.picks):
                others = [p for p in template.picks if p is not pick]
                need = Need(
                    taken_patterns=frozenset(p.exercise.pattern for p in others),
                    taken_ids=frozenset(p.exercise.id for p in template.picks),
                )
                for option in ranked(pick.slot, profile, pool, need):
                    if item not in kit_used(option, owned):
                        continue
                    loss = score(pick.exercise, owned) - score(option, owned)
                    trial = Pick(option, pick.slot, pick.sets, pick.lead)
                    extra = trial.minutes() - pick.minutes()
                    fits = template.used(profile, week) + extra <= template.budget + 1e-9
                    if loss <= 1 and fits and (best is None or loss < best[0]):
                        best = (loss, template, index, option)
                    break
        if best is not None:
            _, template, index, option = best
            old = template.picks[index]
            template.picks[index] = Pick(option, old.slot, old.sets, old.lead)


def choose_phase(
    catalog: Catalog,
    profile: Profile,
    budgets: Sequence[float],
    phase: int,
    previous: Sequence[Template] = (),
) -> list[Template]:
    """The strength sessions of one phase, one per strength day, in week order."""
    pool = suitable(
        catalog, Kind.STRENGTH, profile.equipment_set, profile.limitations, profile.level
    )
    week = phase * PHASE_WEEKS + 1
    last = frozenset(p.exercise.id for t in previous for p in t.picks)
    harder = frozenset(i for t in previous for p in t.picks for i in p.exercise.progressions)
    templates = [Template(budget) for budget in budgets]
    tally: dict[str, int] = {}
    week_ids: set[str] = set()
    kit_seen: set[Equipment] = set()
    context = (week_ids, last, harder, kit_seen)
    for index, budget in enumerate(budgets):
        order = _slot_order(tally, profile)
        template = templates[index] = _fill_session(budget, order, pool, profile, context, phase)
        for pick in template.picks:
            tally[pick.slot.name] = tally.get(pick.slot.name, 0) + pick.sets
    _balance_volume(templates, profile, week)
    _use_owned_kit(templates, pool, profile, week)
    for variant, template in enumerate(templates):
        _finisher(template, pool, profile, variant, week)
        if _glute_sets(templates) < GLUTE_SETS[1]:
            _fill(template, EXTRAS, pool, profile, context, phase, report=False)
    _balance_volume(templates, profile, week)
    for template in templates:
        template.picks.sort(key=lambda p: (exercise_order_class(p.exercise), _rank(p.slot)))
    return templates


def _rank(slot: Slot) -> int:
    order = [s.name for s in (*SKELETON, *EXTRAS)]
    return order.index(slot.name) if slot.name in order else 0
