"""The door's one-scan check of JSON texts finds what the per-text check found."""

from __future__ import annotations

import pytest

from gluteus.services.accounts import unusable_text
from gluteus.web.limits import check_json


@pytest.mark.parametrize(
    ("text", "unusable"),
    [
        ("", False),
        ("glute bridge", False),
        ("💪 \U0010ffff \ud7ff \ue000", False),
        ("a\x00b", True),
        ("\ud800", True),
        ("end \udfff", True),
    ],
)
def test_a_nul_or_a_lone_surrogate_is_unusable(text: str, unusable: bool) -> None:
    assert unusable_text(text) is unusable


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (rb'{"a": "x\u0000"}', "a"),
        (rb'{"sets": [{"note": "ok"}, {"note": "\ud83d"}]}', "sets.1.note"),
        # A lone high surrogate ending one text and a lone low one starting the next are
        # still two lone surrogates when the texts are scanned together.
        (rb'["fine \ud83d", "\udcaa fine"]', "0"),
        (rb'{"k\udfff": 1}', "body"),
    ],
)
def test_the_door_refuses_an_unusable_text_anywhere_and_names_it(body: bytes, field: str) -> None:
    with pytest.raises(ValueError) as refused:
        check_json(body)
    assert getattr(refused.value, "field", None) == field


def test_the_door_passes_a_surrogate_pair_and_ordinary_texts() -> None:
    check_json(rb'{"note": "strong \ud83d\udcaa", "sets": [{"reps": 12, "load_kg": 20.5}]}')
