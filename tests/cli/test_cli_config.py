"""`gluteus config units|timezone|show`: the saved settings."""

from __future__ import annotations

from commandline import as_json, ok


def test_config_show_units_and_timezone() -> None:
    shown = as_json("config", "show")
    assert (shown["units"], shown["units_saved"]) == ("metric", False)
    assert ok("config", "units").strip() == "metric"
    assert "Units set to imperial." in ok("config", "units", "imperial")
    assert "Time zone set to Europe/Berlin." in ok("config", "timezone", "Europe/Berlin")
    assert ok("config", "timezone").strip() == "Europe/Berlin"
    assert as_json("config", "show") == {
        **shown,
        "units": "imperial",
        "units_saved": True,
        "timezone": "Europe/Berlin",
    }
    assert ok("config", "show") == "units: imperial\ntime zone: Europe/Berlin\n"
