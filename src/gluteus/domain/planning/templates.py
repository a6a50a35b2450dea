"""A phase's strength sessions: the skeleton fitted into each day's minutes.

Weekly volume is balanced, owned kit put to use and a band finisher added when one fits.

The exercises chosen here stay the same for the whole phase (about four weeks); the next
phase prefers new variations. Doses per week come from :mod:`.dosing`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from gluteus.domain.catalog import GLUTES, Catalog, Exercise, Kind
from gluteus.domain.guidelines import (
    ABDUCTION_MIN_SETS,
    BACK_HINGE_REPS_MIN,
    BACK_HINGE_RIR,
    BACK_LOADED_HINGES_PER_WEEK,
    GLUTE_SETS,
    KNEE_DOMINANT_PATTERNS,
    KNEE_DOMINANT_PER_SESSION,
    LOWER_BACK_CORE_SETS,
    OTHER_GROUP_MIN_SETS,
    floor_transfer_guarded,
    glute_set_range,
    loaded_hinge,
    pelvic_signs,
)
from gluteus.domain.memo import memo
from gluteus.domain.patterns import (
    ABDUCTION_PATTERNS,
    GLUTE_HALF,
    GLUTE_HALF_PATTERNS,
    MAJOR_OTHER_GROUPS,
    Group,
    exercise_order_class,
    pair_up,
    region,
    target_group,
)
from gluteus.domain.periodization import HEAVY_REPS, HEAVY_REST_SECONDS, heavy_phase, is_main_lift
from gluteus.domain.planning.dosing import (
    FINISHER_DOSE,
    PHASE_WEEKS,
    SHORT_DAY_MINUTES,
    PlannedDose,
    dose_for,
    exercise_minutes,
    phase_index,
    phase_sets,
    superset_minutes,
)
from gluteus.domain.planning.goals import at_maintenance
from gluteus.domain.planning.selection import (
    ABDUCTION,
    CORE,
    EXTRAS,
    GLUTE,
    HINGE,
    KNEE,
    LIGHT_HINGE,
    LIGHT_KNEE,
    PREGNANCY_GLUTE,
    SKELETON,
    Need,
    Slot,
    guarded_pool,
    kit_used,
    owned_kit_pool,
    pelvic_pool,
    ranked,
    score,
    suitable,
)
from gluteus.domain.profile import Equipment, Level, Limitation, Profile
from gluteus.domain.program import PlannedExercise

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


def _dose_key(exercise: Exercise, sets: int) -> tuple[str, int, int, int, float, bool]:
    rx = exercise.prescription
    unilateral = exercise.unilateral
    return (exercise.id, sets, rx.reps_max, rx.rest_seconds, rx.seconds_per_rep, unilateral)


@memo(maxsize=None, key=_dose_key)
def _minutes(exercise: Exercise, sets: int) -> float:
    """Minutes of an exercise at a number of sets (rest and reps from its catalog dose)."""
    return exercise_minutes(exercise, dose_for(exercise, sets, 1, Level.BEGINNER, 2))


@dataclass(slots=True)
class Pick:
    """A chosen main exercise, the slot it fills and its working sets for the phase."""

    exercise: Exercise
    slot: Slot
    sets: int
    lead: bool = False
    unloaded: bool = False
    """Done with body weight only: a sore back's hinge after the week's one loaded hinge."""
    lighter: bool = False
    """A sore back's one loaded hinge: more reps at a lighter load (rule back-hinge-once)."""
    heavy: bool = False
    """A main loaded lift in the advanced lifter's heavier phase: 5-8 reps (rule heavy-block)."""
    group: Group = field(init=False, repr=False, compare=False)
    """The group its sets count for, from its exercise (weekly volume asks for it often)."""

    def __post_init__(self) -> None:
        self.group = target_group(self.exercise.pattern, self.exercise.primary_muscles)

    def minutes(self) -> float:
        """Time of this pick at its phase dose. [min]"""
        if self.lighter or self.heavy:
            return _adjusted_minutes(self.exercise, self.sets, self.lighter, self.heavy)
        return _minutes(self.exercise, self.sets)

    def base_dose(self) -> PlannedDose:
        """The dose the time model plans with (week 1, the catalog's reps). [-]"""
        return self.adjust(dose_for(self.exercise, self.sets, 1, Level.BEGINNER, 2), 1)

    def adjust(self, dose: PlannedDose, week: int) -> PlannedDose:
        """The pick's dose for a week: lighter for a sore back, heavier in the heavy block."""
        if self.lighter:
            return lighter_dose(dose)
        if self.heavy:
            return heavy_dose(dose, week)
        return dose


def back_pick(
    exercise: Exercise,
    slot: Slot,
    sets: int,
    lead: bool,
    profile: Profile,
    spare: bool,
    phase: int = 0,
) -> Pick:
    """A pick with its dose flags.

    A sore back's one loaded hinge is lighter and later ones unloaded; in the advanced
    lifter's heavier phase the main loaded lifts run at 5-8 reps.
    """
    owned = profile.equipment_set
    hinge = Limitation.LOWER_BACK in profile.limitations and loaded_hinge(exercise, owned)
    heavy = (
        not hinge
        and heavy_phase(profile.level, profile.weeks) == phase
        and is_main_lift(exercise, owned)
    )
    return Pick(
        exercise,
        slot,
        sets,
        lead,
        unloaded=hinge and spare,
        lighter=hinge and not spare,
        heavy=heavy,
    )


def heavy_dose(dose: PlannedDose, week: int) -> PlannedDose:
    """The heavier block: 5-8 reps climbing through the phase, longer rests (Ratamess 2009)."""
    low, high = HEAVY_REPS
    step = (week - 1) % PHASE_WEEKS
    return PlannedDose(
        dose.sets,
        low + min(high - low, step),
        high,
        max(dose.rest_seconds, HEAVY_REST_SECONDS),
        dose.rir,
    )


def lighter_dose(dose: PlannedDose) -> PlannedDose:
    """A sore back's loaded hinge: 12 reps or more and 3 or more in reserve (McGill 2016)."""
    high = max(dose.reps_max, BACK_HINGE_REPS_MIN + 3)
    low = min(max(dose.reps_min, BACK_HINGE_REPS_MIN), high)
    rir = max(dose.rir or 0, BACK_HINGE_RIR)
    return PlannedDose(dose.sets, low, high, dose.rest_seconds, rir)


def _adjusted_minutes(exercise: Exercise, sets: int, lighter: bool, heavy: bool) -> float:
    """Minutes of a pick at its lighter (sore back) or heavier (heavy block) dose. [min]"""
    dose = dose_for(exercise, sets, 1, Level.BEGINNER, 2)
    return exercise_minutes(exercise, lighter_dose(dose) if lighter else heavy_dose(dose, 1))


@dataclass(slots=True)
class Template:
    """One strength day of a phase: main picks in session order, finisher, what was left out."""

    budget: float
    picks: list[Pick] = field(default_factory=list)
    finisher: tuple[Exercise, ...] = ()
    skipped: list[str] = field(default_factory=list)
    rows: list[PlannedExercise] = field(default_factory=list)
    """Each pick's planned row at the dose of the first week that uses it, made once and
    copied per week."""
    superset: bool = False
    """A short day: neighbouring non-competing moves run as supersets (rule short-day-supersets)."""

    def used(self, profile: Profile, week: int) -> float:
        """Minutes the template takes in a normal week of the phase. [min]"""
        if self.superset:
            main = _superset_total(sorted(self.picks, key=session_order))
        else:
            main = sum(p.minutes() for p in self.picks)
        return main + sum(exercise_minutes(ex, FINISHER_DOSE) for ex in self.finisher)


def session_order(pick: Pick) -> tuple[bool, int, int]:
    """Where a pick stands in its session: the lead, then compounds → isolation → core."""
    return (not pick.lead, exercise_order_class(pick.exercise), _rank(pick.slot))


def superset_pairs(picks: Sequence[Pick]) -> list[tuple[int, int]]:
    """Neighbouring picks (in session order) that run as a superset."""
    return pair_up([region(p.exercise.pattern, p.exercise.primary_muscles) for p in picks])


def _superset_total(picks: list[Pick]) -> float:
    """Minutes of picks in session order with their supersets timed as pairs. [min]"""
    pairs = superset_pairs(picks)
    paired = {i for pair in pairs for i in pair}
    total = sum(p.minutes() for i, p in enumerate(picks) if i not in paired)
    for a, b in pairs:
        first, second = picks[a], picks[b]
        total += superset_minutes(
            (first.exercise, first.base_dose()), (second.exercise, second.base_dose())
        )
    return total


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
        taken_ids=frozenset(p.exercise.id for p in template.picks)
        | frozenset(ex.id for ex in template.finisher),
        week_ids=frozenset(week_ids),
        last_phase=last,
        harder_than_last=harder,
        unused_kit=unused,
    )


def _knees_full(template: Template, slot: Slot, profile: Profile) -> bool:
    """Sore knees: the session already holds its one knee-dominant move (rule knee-care)."""
    if Limitation.KNEES not in profile.limitations or not slot.patterns & KNEE_DOMINANT_PATTERNS:
        return False
    knee = sum(1 for p in template.picks if p.exercise.pattern in KNEE_DOMINANT_PATTERNS)
    return knee >= KNEE_DOMINANT_PER_SESSION


def _back_hinge_used(
    template: Template, week_ids: set[str], pool: Sequence[Exercise], profile: Profile
) -> bool:
    """A sore back's week already holds its one loaded hinge (rule back-hinge-once)."""
    if Limitation.LOWER_BACK not in profile.limitations:
        return False
    owned = profile.equipment_set
    ids = week_ids | {p.exercise.id for p in template.picks}
    hinges = sum(1 for ex in pool if ex.id in ids and loaded_hinge(ex, owned))
    return hinges >= BACK_LOADED_HINGES_PER_WEEK


def _bodyweight_hinge_ok(exercise: Exercise, profile: Profile) -> bool:
    """Not a loaded hinge, or one that can be done with body weight only."""
    loaded = loaded_hinge(exercise, profile.equipment_set)
    return not loaded or Equipment.NONE in exercise.equipment


def min_sets(level: Level, exercise: Exercise) -> int:
    """Fewest working sets for an exercise: advanced lifters keep 3 on compound lifts. [sets]"""
    if level is Level.ADVANCED and exercise_order_class(exercise) <= 1:
        return 3
    return 2


def _first_fit(
    options: Sequence[Exercise],
    slot: Slot,
    sets: int | None,
    lead: bool,
    profile: Profile,
    spare_back: bool,
    phase: int,
    spare: float,
) -> Pick | None:
    """The best option that fits ``spare`` minutes, at ``sets`` (None: the fewest) or fewer.

    One pick an option: its dose flags do not depend on its sets.
    """
    for exercise in options:
        fewest = min_sets(profile.level, exercise)
        counts = sorted({fewest} if sets is None else {sets, fewest}, reverse=True)
        pick = back_pick(exercise, slot, counts[0], lead, profile, spare_back, phase)
        for count in counts:
            pick.sets = count
            if pick.minutes() <= spare + 1e-9:
                return pick
    return None


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
        if _knees_full(template, slot, profile):
            continue
        unused = frozenset(profile.equipment_set - kit_seen - {Equipment.NONE})
        options = ranked(slot, profile, pool, _need(template, week_ids, last, harder, unused))
        spare_back = _back_hinge_used(template, week_ids, pool, profile)
        if spare_back:
            options = [ex for ex in options if _bodyweight_hinge_ok(ex, profile)]
        if not options:
            if report:
                template.skipped.append(f"no {slot.name} exercise suits your kit and limitations")
            continue
        spare = template.budget - template.used(profile, week)
        lead = slot.name == GLUTE.name
        sets = None if lean and not lead else phase_sets(profile.level, phase, lead=lead)
        choice = _first_fit(options, slot, sets, lead, profile, spare_back, phase, spare)
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
        trial = Template(budget, superset=profile.minutes_per_session <= SHORT_DAY_MINUTES)
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
    # Abduction first: the finisher then also feeds glute med/min, the classic band work.
    side = [ex for ex in bands if ex.pattern in ABDUCTION_PATTERNS]
    rest = [ex for ex in bands if ex.pattern not in ABDUCTION_PATTERNS]
    spare = template.budget - template.used(profile, week)
    chosen: list[Exercise] = []
    for exercise in _rotate(side, variant) + _rotate(rest, variant):
        cost = exercise_minutes(exercise, FINISHER_DOSE)
        if len(chosen) < 3 and cost <= spare:
            chosen.append(exercise)
            spare -= cost
    if len(chosen) >= 2:
        template.finisher = tuple(chosen)


def _group_of(pick: Pick) -> Group:
    return pick.group


def _group_sets(templates: Sequence[Template], group: Group) -> int:
    return sum(p.sets for t in templates for p in t.picks if _group_of(p) is group)


def _half_glute(exercise: Exercise) -> bool:
    """A squat, lunge, step-up or hinge with a glute among its primary movers."""
    return exercise.pattern in GLUTE_HALF_PATTERNS and bool(set(exercise.primary_muscles) & GLUTES)


def _rotate(items: list[Exercise], variant: int) -> list[Exercise]:
    """The list started at a variant-dependent place, so sessions differ."""
    if not items:
        return items
    start = (3 * variant) % len(items)
    return items[start:] + items[:start]


def _glute_sets(templates: Sequence[Template]) -> float:
    """Weekly glute sets counted fractionally, finishers included (see ``fractional_sets``)."""
    total = 0.0
    for t in templates:
        for p in t.picks:
            if _group_of(p) is Group.GLUTES:
                total += p.sets
            elif _half_glute(p.exercise):
                total += GLUTE_HALF * p.sets
        total += FINISHER_DOSE.sets * len(t.finisher)
    return total


def _abduction_sets(templates: Sequence[Template]) -> int:
    main = sum(
        p.sets for t in templates for p in t.picks if p.exercise.pattern in ABDUCTION_PATTERNS
    )
    bands = sum(1 for t in templates for ex in t.finisher if ex.pattern in ABDUCTION_PATTERNS)
    return main + FINISHER_DOSE.sets * bands


def glute_ceiling(profile: Profile) -> int:
    """Most weekly glute sets the plan gives this person (level and deficit). [sets]"""
    return glute_set_range(profile.level, not at_maintenance(profile))[1]


def _trim_glutes(templates: list[Template], profile: Profile) -> None:
    """Down to the glutes' weekly ceiling, counted fractionally with finishers.

    Extra moves go first, then third finisher moves, then glute sets above the floor (never
    abduction below its weekly minimum), then an abduction move the week can spare, then
    finishers after the first, then a squat, lunge or hinge its group can spare, then
    half-counted compound sets above the floor while their own group keeps its target.
    """
    high = glute_ceiling(profile) + 1e-9
    targets = _targets(profile)
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
        long = [t for t in templates if len(t.finisher) > 2]
        if long:
            long[-1].finisher = long[-1].finisher[:2]
            continue
        abduction = _abduction_sets(templates)
        trimmable = [
            p
            for t in templates
            for p in t.picks
            if _group_of(p) is Group.GLUTES
            and p.sets > min_sets(profile.level, p.exercise)
            and (p.exercise.pattern not in ABDUCTION_PATTERNS or abduction > ABDUCTION_MIN_SETS)
        ]
        if trimmable:
            max(trimmable, key=lambda p: (not p.lead, p.sets)).sets -= 1
            continue
        spare_abduction = [
            (t, p)
            for t in templates
            for p in t.picks
            if p.exercise.pattern in ABDUCTION_PATTERNS and abduction - p.sets >= ABDUCTION_MIN_SETS
        ]
        if spare_abduction:
            template, pick = spare_abduction[-1]
            template.picks.remove(pick)
            continue
        finishing = [t for t in templates if t.finisher]
        if len(finishing) > 1:
            finishing[-1].finisher = ()
            continue
        spare_half = [
            (t, p)
            for t in templates
            for p in t.picks
            if _half_glute(p.exercise)
            and _group_sets(templates, _group_of(p)) - p.sets >= targets.get(_group_of(p), 0)
        ]
        if spare_half:
            template, pick = spare_half[-1]
            template.picks.remove(pick)
            continue
        halves = [
            p
            for t in templates
            for p in t.picks
            if _half_glute(p.exercise)
            and p.sets > min_sets(profile.level, p.exercise)
            and _group_sets(templates, _group_of(p)) > targets.get(_group_of(p), 0)
        ]
        if not halves:
            return
        max(halves, key=lambda p: p.sets).sets -= 1


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
                if not over_time and _glute_sets(templates) <= glute_ceiling(profile) + 1e-9:
                    return True
                pick.sets -= 1
                if donor is not None:
                    donor.sets += 1
    return False


def _balance_volume(templates: list[Template], profile: Profile, week: int) -> None:
    """Glute sets into their range, abduction and other major groups to 4+, as minutes allow."""
    _trim_glutes(templates, profile)
    for group, target in _targets(profile).items():
        while 0 < _group_sets(templates, group) < target:
            if not _add_one_set(templates, group, profile, week):
                break
    _ensure_abduction(templates, profile, week)


def _ensure_abduction(templates: list[Template], profile: Profile, week: int) -> None:
    """Direct abduction up to :data:`ABDUCTION_MIN_SETS` sets a week.

    One more set on an abduction pick where minutes allow; a glute set above its floor gives
    way when the weekly glute ceiling binds.
    """
    high = glute_ceiling(profile) + 1e-9
    while _abduction_sets(templates) < ABDUCTION_MIN_SETS:
        added = False
        for template in templates:
            for pick in template.picks:
                if pick.exercise.pattern not in ABDUCTION_PATTERNS or pick.sets >= MAX_SETS:
                    continue
                pick.sets += 1
                if template.used(profile, week) > template.budget + 1e-9:
                    pick.sets -= 1
                    continue
                if _glute_sets(templates) > high:
                    donors = [
                        p
                        for p in template.picks
                        if p is not pick
                        and (_group_of(p) is Group.GLUTES or _half_glute(p.exercise))
                        and p.exercise.pattern not in ABDUCTION_PATTERNS
                        and p.sets > min_sets(profile.level, p.exercise)
                    ]
                    if not donors:
                        pick.sets -= 1
                        continue
                    max(donors, key=lambda p: (not p.lead, p.sets)).sets -= 1
                added = True
                break
            if added:
                break
        if not added:
            return


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
                    if _adds_back_hinge(templates, pick, option, profile):
                        continue
                    loss = score(pick.exercise, owned) - score(option, owned)
                    if pick.lead and loss > 0:
                        break
                    trial = back_pick(
                        option, pick.slot, pick.sets, pick.lead, profile, False, phase_index(week)
                    )
                    fits = _fits_with(template, index, trial, profile, week)
                    if loss <= 1 and fits and (best is None or loss < best[0]):
                        best = (loss, template, index, option)
                    break
        if best is not None:
            _, template, index, option = best
            old = template.picks[index]
            template.picks[index] = back_pick(
                option, old.slot, old.sets, old.lead, profile, False, phase_index(week)
            )


def _fit_budget(template: Template, profile: Profile, week: int) -> None:
    """Back within its minutes when re-paired supersets came out longer (short days only).

    Dropping a move can shift which neighbours pair up; a set above the floor goes first,
    then the last move after the lead.
    """
    while template.used(profile, week) > template.budget + 1e-9 and len(template.picks) > 1:
        spare = [
            p for p in template.picks if not p.lead and p.sets > min_sets(profile.level, p.exercise)
        ]
        if spare:
            max(spare, key=lambda p: p.sets).sets -= 1
        else:
            template.picks.pop()


def _fits_with(template: Template, index: int, trial: Pick, profile: Profile, week: int) -> bool:
    """Whether the session still fits its minutes with ``trial`` in place of pick ``index``.

    Timed as a whole, so a short day's supersets are paired as the session will be.
    """
    old = template.picks[index]
    template.picks[index] = trial
    try:
        return template.used(profile, week) <= template.budget + 1e-9
    finally:
        template.picks[index] = old


def _adds_back_hinge(
    templates: Sequence[Template], pick: Pick, option: Exercise, profile: Profile
) -> bool:
    """Swapping ``pick`` for ``option`` would give a sore back a second loaded hinge."""
    owned = profile.equipment_set
    if Limitation.LOWER_BACK not in profile.limitations or not loaded_hinge(option, owned):
        return False
    others = sum(
        1
        for t in templates
        for p in t.picks
        if p is not pick and loaded_hinge(p.exercise, owned) and not p.unloaded
    )
    return others >= BACK_LOADED_HINGES_PER_WEEK


def _pool_key(catalog: Catalog, profile: Profile) -> Hashable:
    """What a person's strength pool depends on: kit, limitations, level and two guards."""
    guarded = floor_transfer_guarded(profile.weight_kg, profile.age, profile.level)
    signs = bool(pelvic_signs(profile))
    return (catalog, profile.equipment_set, profile.limitations, profile.level, guarded, signs)


@memo(maxsize=256, key=_pool_key)
def strength_pool(catalog: Catalog, profile: Profile) -> tuple[Exercise, ...]:
    """The strength moves a person's phases choose from (the same object for every phase)."""
    return pelvic_pool(
        owned_kit_pool(
            guarded_pool(
                suitable(
                    catalog,
                    Kind.STRENGTH,
                    profile.equipment_set,
                    profile.limitations,
                    profile.level,
                ),
                profile,
            ),
            profile,
        ),
        profile,
    )


def choose_phase(
    catalog: Catalog,
    profile: Profile,
    budgets: Sequence[float],
    phase: int,
    previous: Sequence[Template] = (),
    earlier: Sequence[Template] = (),
    light: frozenset[int] = frozenset(),
) -> list[Template]:
    """The strength sessions of one phase, one per strength day, in week order.

    Sessions in ``light`` (their day follows a strength day) take single-leg squat and hinge
    work rather than heavy bilateral lifts, so back-to-back days split the emphasis.

    ``previous`` is the last phase and ``earlier`` every phase before it: moves from either
    rank lower, so weeks 9-12 are a new block rather than weeks 1-4 again. Each session opens
    with its glute lift (the lead), then compounds → unilateral → isolation → core.
    """
    pool = strength_pool(catalog, profile)
    week = phase * PHASE_WEEKS + 1
    last = frozenset(p.exercise.id for t in (*previous, *earlier) for p in t.picks)
    harder = frozenset(i for t in previous for p in t.picks for i in p.exercise.progressions)
    templates = [
        Template(budget, superset=profile.minutes_per_session <= SHORT_DAY_MINUTES)
        for budget in budgets
    ]
    tally: dict[str, int] = {}
    week_ids: set[str] = set()
    kit_seen: set[Equipment] = set()
    context = (week_ids, last, harder, kit_seen)
    for index, budget in enumerate(budgets):
        order = _slot_order(tally, profile)
        if index in light:
            swap = {KNEE.name: LIGHT_KNEE, HINGE.name: LIGHT_HINGE}
            order = [swap.get(slot.name, slot) if slot in (KNEE, HINGE) else slot for slot in order]
        template = templates[index] = _fill_session(budget, order, pool, profile, context, phase)
        for pick in template.picks:
            tally[pick.slot.name] = tally.get(pick.slot.name, 0) + pick.sets
    _balance_volume(templates, profile, week)
    _use_owned_kit(templates, pool, profile, week)
    for variant, template in enumerate(templates):
        _finisher(template, pool, profile, variant, week)
        if _glute_sets(templates) < glute_ceiling(profile):
            _fill(template, EXTRAS, pool, profile, context, phase, report=False)
    _balance_volume(templates, profile, week)
    for template in templates:
        template.picks.sort(key=session_order)
        _fit_budget(template, profile, week)
    return templates


_RANKS = {slot.name: index for index, slot in enumerate((*SKELETON, *EXTRAS))}
"""Each slot's place by name (the skeleton's and the extras' names are all different)."""


def _rank(slot: Slot) -> int:
    """The slot's place in the skeleton, extras after it (0 for a slot not in either)."""
    return _RANKS.get(slot.name, 0)
