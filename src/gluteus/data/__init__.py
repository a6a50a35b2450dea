"""Packaged data files (the exercise catalog, the example profile)."""
