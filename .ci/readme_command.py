"""Print one of the README's two set-up commands, so CI runs exactly what a newcomer runs.

Usage: python3 .ci/readme_command.py serve|test
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def setup_commands() -> dict[str, str]:
    """The first two shell blocks under "## Set up": serve first, tests second."""
    section = README.read_text().split("## Set up", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", section, flags=re.DOTALL)
    return {"serve": blocks[0].strip(), "test": blocks[1].strip()}


if __name__ == "__main__":
    print(setup_commands()[sys.argv[1]])  # noqa: T201
