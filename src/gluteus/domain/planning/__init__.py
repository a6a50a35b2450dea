"""The planner as a package, one concept a module.

``layout`` (which days hold what), ``minutes`` (how a day's minutes are shared),
``selection`` (which exercise fills a slot), ``templates`` (a phase's sessions), ``dosing``
(sets, reps, effort and phases), ``sessions`` (assembly), ``build`` (the entry point) and
``routines`` (the seed routines' estimates).
"""

from gluteus.domain.planning.build import GENERATOR, build_program
from gluteus.domain.planning.routines import ROUTINES, routine_estimate

__all__ = ["GENERATOR", "ROUTINES", "build_program", "routine_estimate"]
