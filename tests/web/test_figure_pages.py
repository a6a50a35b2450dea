"""Exercise figures over HTTP: the SVG for every id, caching, the contract fields, the pages."""

from __future__ import annotations

import pytest
from actors import ApiUser
from fastapi.testclient import TestClient

from gluteus.domain.catalog import default_catalog
from gluteus.domain.figures.model import JOINTS

IDS = [e.id for e in default_catalog()]


def test_every_catalog_id_has_a_figure_in_the_api(alice: ApiUser) -> None:
    for exercise_id in IDS:
        answer = alice.request("GET", f"/api/v1/exercises/{exercise_id}/figure.svg")
        assert answer.status_code == 200, exercise_id
        assert answer.headers["content-type"].startswith("image/svg+xml")
        assert "<title>" in answer.text and "<desc>" in answer.text
        assert len(answer.content) <= 8192


def test_the_figure_is_cached_long_with_an_etag_and_answers_304(alice: ApiUser) -> None:
    path = "/api/v1/exercises/band-hip-bridge/figure.svg"
    first = alice.request("GET", path)
    etag = first.headers["etag"]
    assert "max-age=" in first.headers["cache-control"]
    assert int(first.headers["cache-control"].split("max-age=")[1].split(",")[0]) >= 86400
    again = alice.request("GET", path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.content
    other = alice.request("GET", path, headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200
    pair = alice.request("GET", path + "?mode=pair")
    assert pair.status_code == 200 and pair.headers["etag"] != etag


def test_bad_figure_requests_answer_4xx(alice: ApiUser, client: TestClient) -> None:
    assert alice.request("GET", "/api/v1/exercises/nope/figure.svg").status_code == 404
    assert (
        alice.request("GET", "/api/v1/exercises/glute-bridge/figure.svg?mode=fast").status_code
        == 422
    )
    assert client.get("/api/v1/exercises/glute-bridge/figure.svg").status_code == 401
    assert client.get("/exercises/nope/figure.svg").status_code == 404


def test_the_exercise_carries_view_poses_and_props(alice: ApiUser) -> None:
    item = alice.request("GET", "/api/v1/exercises/hip-thrust").json()
    assert item["view"] == "side"
    assert len(item["poses"]) >= 2
    for pose in item["poses"]:
        assert set(pose) == set(JOINTS)
        assert all(len(xy) == 2 and xy[1] >= -1 for xy in pose.values())
    kinds = {p["kind"] for p in item["props"]}
    assert {"bench", "barbell"} <= kinds
    bench = next(p for p in item["props"] if p["kind"] == "bench")
    assert len(bench["positions"]) == len(item["poses"])
    band = alice.request("GET", "/api/v1/exercises/band-hip-bridge").json()
    assert any(p["kind"] == "mini_band" for p in band["props"])


def test_pages_show_figures(client: TestClient) -> None:
    page = client.get("/exercises/clamshell")
    assert page.status_code == 200
    assert 'class="figure-large" src="/exercises/clamshell/figure.svg?v=' in page.text
    listing = client.get("/exercises")
    assert listing.text.count('class="figure-thumb"') == len(IDS)
    sheet = client.get("/exercises/figures")
    assert sheet.status_code == 200
    assert sheet.text.count("figure.svg?v=") == len(IDS)
    svg = client.get("/exercises/clamshell/figure.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")


@pytest.mark.parametrize("exercise_id", ["glute-bridge", "lateral-band-walk"])
def test_the_public_figure_matches_the_api_one(
    alice: ApiUser, client: TestClient, exercise_id: str
) -> None:
    public = client.get(f"/exercises/{exercise_id}/figure.svg")
    api = alice.request("GET", f"/api/v1/exercises/{exercise_id}/figure.svg")
    assert public.text == api.text and public.headers["etag"] == api.headers["etag"]
