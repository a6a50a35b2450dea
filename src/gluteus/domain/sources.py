"""Sources as a person reads them: internal references become the publication they stand for.

The rule table and the tips cite the team's working documents (``seed 003``, ``SPEC §4``,
``facts.md §3.1``) next to the publications; what a person sees names only publications.
"""

from __future__ import annotations

import re

from gluteus.domain.memo import memo

SEED_PUBLICATIONS: dict[str, str] = {
    "000": "web fitness article on whether toning makes the rear smaller",
    "001": "web fitness article on slimming the rear, legs and thighs",
    "002": "web fitness article on lasting fat loss from the buttocks",
    "003": "web fitness article with a butt-lift routine",
    "004": "web fitness article with a mini-band glute routine",
}
"""The five source articles the method comes from, by their number in the seed set."""
METHOD = "Gluteus method"

_SEEDS = re.compile(r"\b(?:seed|article)s?\s+(\d{3})((?:\s*(?:/|,|and)\s*\d{3})*)", re.IGNORECASE)
_SPEC = re.compile(r"\bSPEC\s*§\s*\d+(?:\s*,\s*§\s*\d+)*")
_FACTS = re.compile(r"\s*\(?\b(?:research/)?(?:facts|coaching)\.md(?:\s*§\s*[\d.–-]+)?\)?")


def _seeds(match: re.Match[str]) -> str:
    numbers = [match.group(1), *re.findall(r"\d{3}", match.group(2) or "")]
    return "; ".join(SEED_PUBLICATIONS.get(n, "web fitness article") for n in numbers)


@memo(maxsize=512)
def cite(source: str) -> str:
    """``source`` with seed numbers, SPEC sections and research-file names made readable.

    Memoised: every rule result and tip of every plan cites one of a few hundred sources.

    >>> cite("seed 001; PAR-Q+")
    'web fitness article on slimming the rear, legs and thighs; PAR-Q+'
    """
    text = _SEEDS.sub(_seeds, source)
    text = _SPEC.sub(METHOD, text)
    text = _FACTS.sub("", text)
    parts: list[str] = []
    for part in (p.strip(" ;,") for p in text.split(";")):
        if part and part not in parts:
            parts.append(part)
    return "; ".join(parts) or METHOD
