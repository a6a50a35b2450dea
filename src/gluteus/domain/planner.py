"""The planner's public names, kept at their old import path.

The planner lives in :mod:`gluteus.domain.planning`; services and the CLI import
``build_program`` and ``routine_estimate`` from here.
"""

from gluteus.domain.planning import GENERATOR, ROUTINES, build_program, routine_estimate

__all__ = ["GENERATOR", "ROUTINES", "build_program", "routine_estimate"]
