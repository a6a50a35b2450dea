"""The history a page at a time: Older / Newer links on the page (no script needed), and
``limit`` + ``before`` on the API listings with the next cursor in a header."""

from __future__ import annotations

import re

import pytest
from actors import ApiUser, PageUser
from fastapi.testclient import TestClient

from gluteus.services import journal
from gluteus.web.routes.journal import NEXT_PAGE_HEADER


def _ids(html: str) -> list[str]:
    return re.findall(r'<tr id="([a-z]+-\d+)"', html)


def test_the_history_page_pages_older_and_newer(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal, "PAGE_SIZE", 2)
    user = PageUser(client, "ann@example.com")
    for kg in ("71", "70.5", "70", "69.5", "69"):
        assert user.post("/log/weight", {"weight": kg}).status_code == 303
    first = client.get("/history").text
    assert _ids(first) == ["weight-5", "weight-4"]
    assert "Newer" not in first
    older = re.search(r'href="/history\?([^"]+)" rel="next">Older', first)
    assert older is not None
    second = client.get(f"/history?{older.group(1).replace('&amp;', '&')}").text
    assert _ids(second) == ["weight-3", "weight-2"]
    newer = re.search(r'href="/history\?([^"]+)" rel="prev">Newer', second)
    assert newer is not None
    back = client.get(f"/history?{newer.group(1).replace('&amp;', '&')}").text
    assert _ids(back) == ["weight-5", "weight-4"]
    assert client.get("/history?before=weight-999").status_code == 422
    assert "not an entry id" in client.get("/history?before=bogus").text


def test_the_api_listing_pages_with_limit_and_before(alice: ApiUser) -> None:
    for kg in (71, 70, 69):
        created = alice.request("POST", "/api/v1/logs/weight", json={"weight_kg": kg})
        assert created.status_code == 201
    page = alice.request("GET", "/api/v1/logs/weight", params={"limit": 2})
    assert [e["weight_kg"] for e in page.json()] == [70, 69]
    cursor = page.headers[NEXT_PAGE_HEADER]
    rest = alice.request("GET", "/api/v1/logs/weight", params={"limit": 2, "before": cursor})
    assert [e["weight_kg"] for e in rest.json()] == [71]
    assert NEXT_PAGE_HEADER not in rest.headers
    assert len(alice.request("GET", "/api/v1/logs/weight").json()) == 3  # default page


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": 0}, "limit"), ({"limit": 100_000}, "limit"), ({"before": "weight-x"}, "before")],
)
def test_bad_paging_is_a_plain_4xx_at_the_field(
    alice: ApiUser, params: dict[str, object], field: str
) -> None:
    response = alice.request("GET", "/api/v1/logs/weight", params=params)
    assert response.status_code == 422
    assert field in response.text
