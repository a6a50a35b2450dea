"""What the planner keeps to go faster never changes a plan.

A plan built from cold memos equals one built warm; a template's rows give the same week
whichever week first used them; the rules' walk over a plan's strength sessions is the
plain walk, made once.
"""

from __future__ import annotations

from gluteus.domain.catalog import Catalog
from gluteus.domain.memo import IDENTITY, MEMO, clear_all
from gluteus.domain.planning import build_program
from gluteus.domain.planning.sessions import strength_session
from gluteus.domain.planning.templates import choose_phase
from gluteus.domain.profile import Level, Limitation, Profile
from gluteus.domain.program import strength_sessions_of


def _people(woman: Profile) -> list[Profile]:
    return [
        woman,
        woman.model_copy(update={"level": Level.ADVANCED, "minutes_per_session": 20}),
        woman.model_copy(update={"limitations": (Limitation.LOWER_BACK, Limitation.KNEES)}),
    ]


def test_a_plan_from_cold_memos_equals_one_from_warm(catalog: Catalog, woman: Profile) -> None:
    for person in _people(woman):
        clear_all(MEMO, IDENTITY)
        cold = build_program(person, catalog).model_dump_json()
        assert build_program(person, catalog).model_dump_json() == cold


def test_a_template_gives_the_same_week_whichever_week_used_it_first(
    catalog: Catalog, woman: Profile
) -> None:
    for person in _people(woman):
        first = choose_phase(catalog, person, [30.0, 30.0], 1)
        again = choose_phase(catalog, person, [30.0, 30.0], 1)
        for early, late in zip(first, again, strict=True):
            strength_session(early, person, 5)  # rows made at week 5's dose
            assert strength_session(early, person, 6) == strength_session(late, person, 6)
            assert strength_session(late, person, 5) == strength_session(early, person, 5)


def test_the_rules_walk_every_strength_session_in_plan_order_once(
    catalog: Catalog, woman: Profile
) -> None:
    program = build_program(woman, catalog)
    walked = tuple(
        (week, day, session)
        for week in program.weeks
        for day in week.days
        for session in day.strength_sessions()
    )
    assert walked and strength_sessions_of(program) == walked
    assert strength_sessions_of(program) is strength_sessions_of(program)
