"""Typos in exercise ids and searches: the catalog names what was probably meant."""

from __future__ import annotations

import pytest

from gluteus.domain.catalog import Kind, corrected_search, default_catalog, did_you_mean
from gluteus.services.errors import InputError
from gluteus.services.journal import check_exercise


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("glute-brige", "glute-bridge"),
        ("glute brige", "glute-bridge"),
        ("Glute-Bridge ", "glute-bridge"),
        ("hip-thrst", "hip-thrust"),
        ("clamshel", "clamshell"),
    ],
)
def test_a_slipped_letter_finds_the_exercise(typed: str, meant: str) -> None:
    catalog = default_catalog()
    assert catalog.suggest(typed)[0].id == meant
    assert f"did you mean {meant}" in did_you_mean(catalog, typed)


def test_an_unrelated_word_suggests_nothing() -> None:
    catalog = default_catalog()
    assert catalog.suggest("zzzq") == []
    assert did_you_mean(catalog, "zzzq") == ""


def test_a_cardio_typo_suggests_cardio_only() -> None:
    catalog = default_catalog()
    found = catalog.suggest("brisk-wlak", kind=Kind.CARDIO)
    assert found and all(ex.kind is Kind.CARDIO for ex in found)
    assert found[0].id == "brisk-walk"


def test_the_catalog_lookup_names_the_close_id() -> None:
    with pytest.raises(KeyError, match="did you mean glute-bridge"):
        default_catalog().get("glute-brige")


def test_logging_a_typo_says_what_was_probably_meant() -> None:
    with pytest.raises(InputError) as caught:
        check_exercise("glute-brige", "exercise_id")
    problem = caught.value.problems[0]
    assert problem.field == "exercise_id"
    assert problem.reason == "not in the exercise catalog; did you mean glute-bridge?"
    with pytest.raises(InputError) as caught:
        check_exercise("zzzq", "exercise_id")
    assert caught.value.problems[0].reason == "not in the exercise catalog"


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [("brige", "bridge"), ("hip thrst", "hip thrust"), ("clamshal", "clamshell")],
)
def test_a_search_with_a_typo_is_corrected_word_by_word(typed: str, corrected: str) -> None:
    catalog = default_catalog()
    assert corrected_search(catalog, typed) == corrected
    assert catalog.filter(text=corrected)


def test_a_search_that_finds_something_or_nothing_close_is_left_alone() -> None:
    catalog = default_catalog()
    assert corrected_search(catalog, "bridge") is None
    assert corrected_search(catalog, "bridge zzzq") is None


def test_part_of_an_id_names_the_ids_that_hold_it() -> None:
    hint = did_you_mean(default_catalog(), "bridge")
    assert "glute-bridge" in hint and hint.count(" or ") <= 2  # at most three named
