"""Run the CLI with ``python -m gluteus``."""

from gluteus.cli import main

main()
