"""`gluteus profile set` with the weights owned; errors name the key and the allowed range."""

from __future__ import annotations

from commandline import as_json, error, ok

BASICS = ("sex=female", "age=34", "height_cm=165", "weight_kg=70")


def test_profile_set_keeps_the_weights_owned_sorted_and_once() -> None:
    ok(
        "profile",
        "set",
        *BASICS,
        "dumbbells_kg=10, 2,4,4,12.5",
        "kettlebells_kg=16lb",
        "plates_kg=0.5",
    )
    saved = as_json("profile", "show")
    assert saved["dumbbells_kg"] == [2, 4, 10, 12.5]
    assert round(saved["kettlebells_kg"][0], 2) == 7.26
    assert saved["plates_kg"] == 0.5
    ok("profile", "set", "dumbbells_kg=none")
    assert as_json("profile", "show")["dumbbells_kg"] == []


def test_bad_weights_owned_are_refused_naming_the_range() -> None:
    ok("profile", "set", *BASICS)
    message = error("profile", "set", "dumbbells_kg=2,500")
    assert "dumbbells_kg" in message and "0.5–100 kg" in message
    message = error("profile", "set", "kettlebells_kg=8,big")
    assert "kettlebells_kg" in message and "0.5–100 kg" in message
    message = error("profile", "set", "plates_kg=20")
    assert "plates_kg" in message and "0.25–10" in message
    assert as_json("profile", "show")["dumbbells_kg"] == []  # nothing was saved


def test_profile_schema_lists_the_weights_owned() -> None:
    schema = ok("schema", "profile")
    for key in ("dumbbells_kg", "kettlebells_kg", "plates_kg"):
        assert f'"{key}"' in schema
