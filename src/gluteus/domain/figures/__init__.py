"""Figures: a posed human figure per catalog entry, from Winter's proportions and pose data.

Names load on first use (scientific-python SPEC 1); ``__init__.pyi`` lists them.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
