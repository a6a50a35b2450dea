"""Energy: balance, daily targets, weight projections, trend, expenditure and the check-in.

Names load on first use (scientific-python SPEC 1), so importing one of them does not
import the whole package; ``__init__.pyi`` lists them for readers and type checkers.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
