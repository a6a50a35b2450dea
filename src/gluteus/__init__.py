"""Gluteus: an evidence-based coach for a smaller, firmer butt, legs and thighs."""

__version__ = "0.1.0"
