"""Charts drawn with matplotlib (Agg backend), written as PNG or SVG files."""
