"""Sources people read name publications, never the team's working files."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gluteus.domain.catalog import Catalog
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Profile
from gluteus.domain.sources import SEED_PUBLICATIONS, cite

INTERNAL = re.compile(r"\bseed\b|\bSPEC\b|§|facts\.md|coaching\.md|\barticle \d", re.IGNORECASE)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("seed 001", SEED_PUBLICATIONS["001"]),
        ("seed 000; US Physical Activity Guidelines 2018",
         f"{SEED_PUBLICATIONS['000']}; US Physical Activity Guidelines 2018"),
        ("SPEC §2; WHO TRS 894", "Gluteus method; WHO TRS 894"),
        ("ACSM guidance (facts.md §3.1)", "ACSM guidance"),
        ("seeds 001/003", f"{SEED_PUBLICATIONS['001']}; {SEED_PUBLICATIONS['003']}"),
        ("SPEC §4", "Gluteus method"),
    ],
)  # fmt: skip
def test_cite_names_publications(raw: str, shown: str) -> None:
    assert cite(raw) == shown


def test_no_plan_source_names_an_internal_file(woman: Profile, catalog: Catalog) -> None:
    program = build_program(woman, catalog, dt.date(2026, 3, 2))
    for source in [r.source for r in program.rules] + [t.source for t in program.tips]:
        assert INTERNAL.search(source) is None, source
