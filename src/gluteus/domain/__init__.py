"""The pure domain core: formulas, value objects and the planner.

No I/O beyond reading packaged data files.
"""
