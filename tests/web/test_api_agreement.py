"""What the API sends agrees with its OpenAPI document (issue 25 item 8).

Timestamps carry their UTC offset wherever they appear, and the listings' date filters take
only calendar dates in the span entries can have, answering anything else with a 422 that
names the field and the span.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from actors import ApiUser, PageUser
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from gluteus.services import journal
from gluteus.services.errors import InputError
from gluteus.web.routes.journal import filter_date

TODAY = dt.date(2026, 6, 15)
EARLIEST = TODAY - dt.timedelta(days=365 * journal.HISTORY_YEARS)


def _today(user: ApiUser) -> dt.date:
    return dt.date.fromisoformat(user.request("GET", "/api/v1/me").json()["today"])


def _has_offset(stamp: str) -> bool:
    return dt.datetime.fromisoformat(stamp).utcoffset() is not None


def test_progress_measurements_carry_their_utc_offset(alice: ApiUser) -> None:
    alice.with_plan()
    assert alice.request("POST", "/api/v1/logs/measurements", json={"hips_cm": 99}).is_success
    found = alice.request("GET", "/api/v1/progress").json()["measurements"]
    assert found and all(_has_offset(m["logged_at"]) for m in found)
    logged = alice.request("GET", "/api/v1/logs/measurements").json()
    assert found[0]["logged_at"] == logged[0]["logged_at"]


def test_openapi_documents_progress_timestamps_as_date_time(client: TestClient) -> None:
    spec: dict[str, Any] = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    reply = spec["paths"]["/api/v1/progress"]["get"]["responses"]["200"]
    reference = reply["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    item = schemas[reference]["properties"]["measurements"]["items"]["$ref"].rsplit("/", 1)[-1]
    stamp = schemas[item]["properties"]["logged_at"]["anyOf"]
    assert {"type": "string", "format": "date-time"} in stamp


NONSENSE = ["0", "1", "-1", "1700000000", "1e5", "2026-13-01", "2026-02-30", "today", "0001-01-01"]


@pytest.mark.parametrize("field", ["since", "until"])
@pytest.mark.parametrize("value", [*NONSENSE, "9999-12-31"])
def test_listing_refuses_nonsense_date_filters(alice: ApiUser, field: str, value: str) -> None:
    response = alice.request("GET", f"/api/v1/logs/weight?{field}={value}")
    assert response.status_code == 422
    problem = response.json()["problems"][0]
    assert problem["field"] == field
    assert "YYYY-MM-DD" in problem["allowed"] and str(_today(alice)) in problem["allowed"]


@pytest.mark.parametrize("query", ["limit=0", "limit=-3", "limit=1001", "before=0", "before=x-1"])
def test_listing_refuses_nonsense_paging(alice: ApiUser, query: str) -> None:
    response = alice.request("GET", f"/api/v1/logs/sets?{query}")
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == query.split("=")[0]


def test_listing_keeps_the_whole_span_open(alice: ApiUser) -> None:
    today = _today(alice)
    earliest = today - dt.timedelta(days=365 * journal.HISTORY_YEARS)
    alice.request("POST", "/api/v1/logs/weight", json={"weight_kg": 70})
    found = alice.request("GET", f"/api/v1/logs/weight?since={earliest}&until={today}")
    assert found.status_code == 200 and len(found.json()) == 1


def test_history_page_refuses_a_number_for_a_date(client: TestClient) -> None:
    PageUser(client, "hist@example.com")
    response = client.get("/history?until=0")
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.text


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_a_number_is_never_a_filter_date(number: int) -> None:
    with pytest.raises(InputError) as caught:
        filter_date(str(number), "until", TODAY)
    assert caught.value.field == "until"


@given(st.dates())
def test_filter_dates_inside_the_span_and_only_those(date: dt.date) -> None:
    if EARLIEST <= date <= TODAY:
        assert filter_date(date.isoformat(), "since", TODAY) == date
    else:
        with pytest.raises(InputError):
            filter_date(date.isoformat(), "since", TODAY)


def test_an_empty_filter_is_no_filter() -> None:
    assert filter_date("", "since", TODAY) is None
    assert filter_date(None, "since", TODAY) is None
