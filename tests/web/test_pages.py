"""The server-rendered pages: sign-up to progress, CSRF, cookies, sign-in and isolation."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from actors import PASSWORD, PageUser, csrf_of
from fastapi import FastAPI
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine, select

from gluteus.db.tables import PainRow
from gluteus.web.ratelimit import RateLimit


def _ids(html: str) -> list[str]:
    return re.findall(r'<tr id="([a-z]+-\d+)"', html)


def test_anonymous_pages_redirect_to_sign_in(client: TestClient) -> None:
    for path in ("/today", "/plan", "/log", "/history", "/progress", "/settings", "/plan.ics"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/login?next={path.replace('/', '%2F')}" or (
            response.headers["location"].startswith("/login?next=")
        )


def test_public_pages_render(client: TestClient) -> None:
    landing = client.get("/")
    assert landing.status_code == 200
    assert "Sign up" in landing.text
    login = client.get("/login")
    assert '<label for="email">Email</label>' in login.text
    assert '<label for="password">Password</label>' in login.text
    assert ">Sign in</button>" in login.text
    assert ">Sign up</button>" in client.get("/signup").text
    assert client.get("/exercises?muscle=glute_med&knee_friendly=1").status_code == 200
    assert client.get("/exercises/glute-bridge").status_code == 200
    assert client.get("/exercises/no-such-thing").status_code == 404
    typo = client.get("/exercises?q=brige")
    assert typo.status_code == 200
    assert "Nothing matches “brige”; showing “bridge”." in typo.text
    assert 'href="/exercises/glute-bridge"' in typo.text


def test_new_user_onboards_and_sees_spot_reduction_with_the_plan(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    assert client.get("/plan", follow_redirects=False).headers["location"] == "/onboarding"
    response = user.onboard()
    assert response.status_code == 303
    assert response.headers["location"] == "/plan?new=1"
    page = client.get("/plan?new=1").text
    assert "Spot reduction does not work" in page
    assert "<details" in page
    assert '<details class="why"><summary>Why' in page
    assert "What we adjusted for you and why" in page
    assert "Talk to a health professional first" not in page


def test_a_yes_answer_shows_the_professional_notice(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard(**{"parq.q1": "yes"})
    assert "Talk to a health professional first" in client.get("/plan").text


def test_onboarding_in_imperial_units(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    assert (
        user.onboard(
            units="imperial", height="5ft 5in", weight="160", goal_weight="145"
        ).status_code
        == 303
    )
    page = client.get("/onboarding").text
    assert 'value="160"' in page
    plan = client.get("/plan").text
    assert "160 lb" in plan
    # Domain text (how the target was made, notes, rule details) is shown in pounds too.
    how = plan.split("How the number was made:", 1)[1].split("</p>", 1)[0]
    assert " lb" in how and " kg" not in how


def test_bad_onboarding_names_every_field_and_keeps_values(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    response = user.onboard(age="12", height="tall", **{"parq.q3": ""})
    assert response.status_code == 422
    for field in ("age", "height cm", "parq.q3"):
        assert f"<li>{field}: " in response.text
    assert 'value="72"' in response.text


def test_onboarding_asks_the_goal_and_the_plan_follows_it(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    assert 'name="goal"' in client.get("/onboarding").text
    refused = user.onboard(goal="bulk")
    assert refused.status_code == 422 and "goal" in refused.text
    assert "build_glutes" in refused.text  # the allowed choices are named
    assert user.onboard(goal="build_glutes").status_code == 303
    assert '<option value="build_glutes" selected>' in client.get("/onboarding").text
    page = client.get("/plan").text
    assert "Goal: build the glutes" in page
    assert "fat loss: the only way" not in page


def test_onboarding_takes_weeks_since_birth_and_breastfeeding(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    refused = user.onboard(postpartum_weeks="200")
    assert refused.status_code == 422 and "postpartum_weeks" in refused.text
    assert user.onboard(postpartum_weeks="20", breastfeeding="yes").status_code == 303
    form = client.get("/onboarding").text
    assert 'name="postpartum_weeks"' in form and 'value="20"' in form
    assert re.search(r'name="breastfeeding" value="yes"\s+checked', form)
    page = client.get("/plan").text
    assert "After birth:" in page and "Breastfeeding:" in page


def test_plan_page_energy_panel_says_how_the_number_was_made(client: TestClient) -> None:
    PageUser(client, "ann@example.com").onboard()
    page = client.get("/plan").text
    assert "How the number was made:" in page
    assert "for the plan&#39;s workouts" in page or "for the plan's workouts" in page
    assert "To hold your weight" in page and "Expected pace" in page
    assert "Protein" in page and "8,000–10,000" in page


def test_onboarding_takes_a_pregnancy_trimester_only_with_pregnancy(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    refused = user.onboard(pregnancy_trimester="2")
    assert refused.status_code == 422
    assert "pregnancy_trimester" in refused.text
    assert user.onboard(limitations=["pregnancy"], pregnancy_trimester="3").status_code == 303
    assert '<option value="3" selected>' in client.get("/onboarding").text
    page = client.get("/plan").text
    assert "+ pregnancy 452" in page


def test_today_logs_a_set_in_place_and_as_planned(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    page = client.get("/today").text
    exercises = re.findall(r'name="exercise_id" value="([a-z0-9-]+)"', page)
    assert exercises
    strength = re.findall(
        r'action="/today/sets">\s*<input[^>]+>\s*<input type="hidden" name="exercise_id" '
        r'value="([a-z0-9-]+)"',
        page,
    )
    if strength:
        response = user.post(
            "/today/sets", {"exercise_id": strength[0], "reps": "10", "hard": "yes"}
        )
        assert response.status_code == 303
        assert "Done: 1 of" in client.get("/today").text
    response = user.post("/today/as-planned", {"hard": "yes"})
    assert response.status_code == 303
    assert _ids(client.get("/history").text)


def test_log_edit_delete_through_history(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    assert user.post("/log/weight", {"weight": "71.5"}).headers["location"] == "/log?saved=weight-1"
    assert user.post("/log/measure", {"hips": "101", "waist": "80"}).status_code == 303
    assert (
        user.post("/log/cardio", {"activity_id": "brisk-walk", "minutes": "30"}).status_code == 303
    )
    assert (
        user.post("/log/pain", {"exercise_id": "glute-bridge", "severity": "2"}).status_code == 303
    )
    assert user.post("/log/intake", {"kcal": "1700"}).status_code == 303
    assert user.post("/log/set", {"exercise_id": "glute-bridge", "reps": "12"}).status_code == 303
    history = client.get("/history").text
    assert len(_ids(history)) == 6
    assert client.get("/history/weight-1/edit").status_code == 200
    assert user.post("/history/weight-1/edit", {"weight": "70", "date": ""}).status_code == 303
    assert "70 kg" in client.get("/history").text
    assert user.post("/history/weight-1/delete").status_code == 303
    assert "weight-1" not in _ids(client.get("/history").text)


def test_edit_page_speaks_plainly_and_corrects_the_pain_region(client: TestClient) -> None:
    user = PageUser(client, "edit@example.com")
    fields = {"exercise_id": "glute-bridge", "severity": "3", "region": "knee"}
    assert user.post("/log/pain", fields).status_code == 303
    entry = _ids(client.get("/history").text)[0]
    page = client.get(f"/history/{entry}/edit").text
    assert f"Edit {entry}" not in page and "<h1>Edit entry</h1>" in page  # no internal id
    assert '<option value="knee" selected>' in page
    moved = user.post(f"/history/{entry}/edit", {"severity": "3", "region": "hip"})
    assert moved.status_code == 303
    assert '<option value="hip" selected>' in client.get(f"/history/{entry}/edit").text
    bad = user.post(f"/history/{entry}/edit", {"severity": "3", "region": "elbow"})
    assert bad.status_code == 422
    assert "not a date" not in bad.text and "region" in bad.text


def test_bad_log_form_names_the_field(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    response = user.post("/log/weight", {"weight": "a lot"})
    assert response.status_code == 422
    assert "<li>weight kg: " in response.text
    response = user.post("/log/weight", {"weight": "70", "date": "2999-01-01"})
    assert response.status_code == 422
    assert "must not be after today" in response.text


def test_progress_shows_charts(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    user.post("/today/as-planned", {"hard": "yes"})
    user.post("/log/weight", {"weight": "71.5"})
    user.post("/log/measure", {"hips": "101"})
    page = client.get("/progress").text
    assert 'id="chart-weight-trend"' in page
    assert 'id="chart-adherence-calendar"' in page
    assert 'role="img" aria-label="Weight trend against the two projections"' in page
    assert 'role="img" aria-label="Adherence calendar"' in page
    assert "data:image" not in page and "<img" not in page
    for svg in re.findall(r"<svg .*?</svg>", page, flags=re.S):
        ET.fromstring(svg)  # well-formed, as inline SVG must be
    assert page.count('<details class="chart-data">') == page.count("<figure")
    assert ">kg</text>" in page


def test_progress_charts_are_in_the_persons_units(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard(units="imperial", height="5ft 5in", weight="160", goal_weight="145")
    user.post("/log/weight", {"weight": "160"})
    user.post("/log/measure", {"hips": "40"})
    page = client.get("/progress").text
    assert ">lb</text>" in page and ">in</text>" in page
    assert ">kg</text>" not in page and ">cm</text>" not in page
    assert '<th scope="col">Weighed [lb]</th>' in page
    assert "<td>160.0</td>" in page


def test_progress_without_data_says_so_instead_of_an_empty_chart(client: TestClient) -> None:
    PageUser(client, "ann@example.com")
    page = client.get("/progress").text
    assert "No charts yet: log a weight or a session first." in page
    assert "<svg" not in page


def test_progress_and_energy_pages_do_not_import_matplotlib(tmp_path: Path) -> None:
    script = f"""
import sys
from pathlib import Path
from fastapi.testclient import TestClient
from actors import PageUser
from gluteus.config import Settings
from gluteus.web.app import create_app
tmp = Path({str(tmp_path)!r})
app = create_app(Settings(data_dir=tmp / "data", database_url=f"sqlite:///{{tmp / 'x.db'}}"))
with TestClient(app) as client:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    user.post("/log/weight", {{"weight": "71.5"}})
    user.post("/log/measure", {{"hips": "101"}})
    page = client.get("/progress")
    assert page.status_code == 200 and "<svg" in page.text
    energy = client.get("/energy?goal_weight=66&goal_days=120")
    assert energy.status_code == 200 and "data:image/svg+xml;base64," in energy.text
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib")
assert not loaded, loaded
"""
    web_tests = Path(__file__).parent
    src = web_tests.parent.parent / "src"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(web_tests)])}
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_calendar_print_and_data_export_import(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    user.post("/log/weight", {"weight": "71.5"})
    ics = client.get("/plan.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    assert Calendar.from_ical(ics.content).walk("VEVENT")
    assert "<h1>Your Gluteus plan</h1>" in client.get("/plan/print").text
    exported = client.get("/export/data.json")
    data = exported.json()
    assert data["format"] == "gluteus-export"
    files = {"file": ("backup.json", json.dumps(data), "application/json")}
    refused = user.post("/import", files=files)
    assert refused.status_code == 422
    assert "replace" in refused.text
    replaced = user.post("/import", {"replace": "yes"}, files=files)
    assert replaced.status_code == 303
    assert len(_ids(client.get("/history").text)) == 1


def test_units_time_zone_and_password_settings(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    assert (
        user.post("/settings", {"units": "imperial", "timezone": "America/New_York"}).status_code
        == 303
    )
    page = client.get("/settings").text
    assert 'value="America/New_York"' in page
    assert "Weight (lb)" in client.get("/log").text
    bad = user.post("/settings", {"timezone": "Nowhere/Else"})
    assert bad.status_code == 422
    wrong = user.post(
        "/settings/password", {"current_password": "nope nope", "new_password": "a new password"}
    )
    assert wrong.status_code == 422
    changed = user.post(
        "/settings/password", {"current_password": PASSWORD, "new_password": "a new password"}
    )
    assert changed.status_code == 303
    assert client.get("/settings").status_code == 200  # this browser stays signed in


def test_password_change_signs_out_other_browsers(app: FastAPI, client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    with TestClient(app) as other:
        token = csrf_of(other.get("/login").text)
        other.post("/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
        assert other.get("/settings", follow_redirects=False).status_code == 200
        user.post(
            "/settings/password", {"current_password": PASSWORD, "new_password": "a new password"}
        )
        assert other.get("/settings", follow_redirects=False).status_code == 303


def test_api_token_from_settings_works_on_the_api(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    page = user.post("/settings/token").text
    token = re.search(r'<code id="new-token">([^<]+)</code>', page)
    assert token
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.group(1)}"})
    assert me.json()["email"] == "ann@example.com"
    user.post("/settings/revoke")
    again = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.group(1)}"})
    assert again.status_code == 401


def test_session_cookie_is_signed_httponly_and_lax(client: TestClient) -> None:
    response = client.get("/login")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    client.cookies.set("gluteus_session", "forged.value.here")
    assert client.get("/settings", follow_redirects=False).status_code == 303


def test_session_cookie_is_secure_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        assert "Secure" in client.get("/login").headers["set-cookie"]


@pytest.mark.parametrize(
    ("token", "headers"),
    [
        (None, {}),
        ("wrong", {}),
        ("ok", {"Origin": "https://evil.example"}),
        ("ok", {"Referer": "https://evil.example/page"}),
        ("ok", {"Origin": "null"}),
    ],
)
def test_forms_without_the_token_or_from_elsewhere_are_refused(
    client: TestClient, token: str | None, headers: dict[str, str]
) -> None:
    user = PageUser(client, "ann@example.com")
    data = {"weight": "70"}
    if token is not None:
        data["csrf_token"] = user.csrf if token == "ok" else token
    response = client.post("/log/weight", data=data, headers=headers, follow_redirects=False)
    assert response.status_code == 403
    assert _ids(client.get("/history").text) == []


def test_same_origin_form_is_accepted(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    response = user.post("/log/weight", {"weight": "70"}, headers={"Origin": "http://testserver"})
    assert response.status_code == 303


def test_sign_in_failure_is_one_generic_message(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.post("/logout")
    token = csrf_of(client.get("/login").text)
    wrong_password = client.post(
        "/login", data={"csrf_token": token, "email": user.email, "password": "not the one"}
    )
    unknown_email = client.post(
        "/login", data={"csrf_token": token, "email": "who@example.com", "password": PASSWORD}
    )
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert "wrong email or password" in wrong_password.text
    assert "wrong email or password" in unknown_email.text
    signed_in = client.post(
        "/login",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD, "next": "/log"},
        follow_redirects=False,
    )
    assert signed_in.headers["location"] == "/log"


def test_sign_in_does_not_redirect_off_site(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.post("/logout")
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "email": user.email,
            "password": PASSWORD,
            "next": "//evil.example",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_sign_out_forgets_the_session(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    response = user.post("/logout")
    assert "Max-Age=0" in response.headers["set-cookie"]
    # The browser drops its cached pages, the worker's copies and the offline queue too.
    assert response.headers["clear-site-data"] == '"cache", "storage"'
    assert client.get("/today", follow_redirects=False).status_code == 303


def test_another_users_entries_are_not_found(app: FastAPI, client: TestClient) -> None:
    ann = PageUser(client, "ann@example.com")
    ann.post("/log/weight", {"weight": "70"})
    with TestClient(app) as other_client:
        bob = PageUser(other_client, "bob@example.com")
        assert _ids(other_client.get("/history").text) == []
        assert other_client.get("/history/weight-1/edit").status_code == 404
        assert bob.post("/history/weight-1/delete").status_code == 404
        assert bob.post("/history/weight-1/edit", {"weight": "50"}).status_code == 404
    assert _ids(client.get("/history").text) == ["weight-1"]


def test_sign_in_attempts_are_rate_limited(tmp_path, db_url, engine) -> None:  # type: ignore[no-untyped-def]
    from backends import make_settings

    from gluteus.web.app import create_app

    app = create_app(make_settings(tmp_path, db_url), engine=engine, rate_limit=RateLimit(3, 60))
    with TestClient(app) as client:
        token = csrf_of(client.get("/login").text)
        codes = [
            client.post(
                "/login", data={"csrf_token": token, "email": "x@example.com", "password": "nope"}
            ).status_code
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        body = {"email": "x@example.com", "password": "nope nope"}
        api_codes = [client.post("/api/v1/auth/token", json=body).status_code for _ in range(4)]
        assert api_codes == [429, 429, 429, 429]


@pytest.mark.parametrize(
    ("log", "fields", "edit", "shown"),
    [
        (
            "set",
            {"exercise_id": "glute-bridge", "reps": "12"},
            {"reps": "14", "load": "8"},
            "14 reps @ 8 kg",
        ),
        ("cardio", {"activity_id": "brisk-walk", "minutes": "30"}, {"minutes": "45"}, "45 min"),
        (
            "measure",
            {"hips": "101"},
            {"hips": "99.5", "waist": "80"},
            "Hips 99.5 cm, waist 80.0 cm",
        ),
        (
            "pain",
            {"exercise_id": "glute-bridge", "severity": "2"},
            {"severity": "4", "note": "sharp"},
            "Pain 4/10",
        ),
        ("intake", {"kcal": "1700"}, {"kcal": "1650"}, "Ate 1650 kcal"),
    ],
)
def test_every_kind_can_be_corrected(
    client: TestClient, log: str, fields: dict[str, str], edit: dict[str, str], shown: str
) -> None:
    user = PageUser(client, "ann@example.com")
    entry = user.post(f"/log/{log}", fields).headers["location"].removeprefix("/log?saved=")
    form = client.get(f"/history/{entry}/edit")
    assert form.status_code == 200
    assert user.post(f"/history/{entry}/edit", {"date": "", **edit}).status_code == 303
    assert shown in client.get("/history").text
    bad = user.post(f"/history/{entry}/edit", {"date": "2999-01-01", **edit})
    assert bad.status_code == 422


def test_intake_form_takes_protein_and_the_edit_page_corrects_it(client: TestClient) -> None:
    user = PageUser(client, "protein@example.com")
    assert user.post("/log/intake", {"kcal": "650", "protein_g": "40"}).status_code == 303
    assert "Ate 650 kcal, 40 g protein" in client.get("/history").text
    assert 'value="40.0"' in client.get("/history/intake-1/edit").text
    fields = {"kcal": "650", "protein_g": "52", "date": ""}
    assert user.post("/history/intake-1/edit", fields).status_code == 303
    assert "Ate 650 kcal, 52 g protein" in client.get("/history").text
    bad = user.post("/log/intake", {"kcal": "650", "protein_g": "4000"})
    assert bad.status_code == 422 and "protein" in bad.text


def test_history_filters_by_kind(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.post("/log/weight", {"weight": "71"})
    user.post("/log/intake", {"kcal": "1700"})
    assert _ids(client.get("/history?kind=intake").text) == ["intake-1"]
    assert client.get("/history?kind=nonsense").status_code == 422


PAGE_POSTS = [
    "/onboarding",
    "/plan",
    "/today/sets",
    "/today/cardio",
    "/today/as-planned",
    "/log/weight",
    "/log/cardio",
    "/log/measure",
    "/log/pain",
    "/log/intake",
    "/log/period",
    "/log/set",
    "/log/nonsense",
    "/energy/checkin",
    "/history/weight-1/edit",
    "/history/weight-1/delete",
    "/history/bogus/edit",
    "/password/forgot",
    "/password/reset",
    "/settings",
    "/settings/password",
    "/import",
]
JUNK = [
    {},
    {"weight": "-1", "minutes": "1e400", "reps": "3.5", "severity": "x", "kcal": "NaN"},
    {"age": "999999999999999999999", "height": "\x00", "date": "0001-01-01", "timezone": "a" * 300},
    {"exercise_id": "../../etc", "activity_id": "", "band": "rainbow", "hips": "1 mile"},
]


@pytest.mark.parametrize("planned", [False, True], ids=["no-plan", "plan"])
@pytest.mark.parametrize("junk", JUNK)
def test_no_page_form_answers_junk_with_a_server_error(
    client: TestClient, junk: dict[str, str], planned: bool
) -> None:
    user = PageUser(client, "ann@example.com")
    if planned:
        user.onboard()
    user.post("/log/weight", {"weight": "70"})
    for path in PAGE_POSTS:
        response = user.post(path, junk)
        assert response.status_code < 500, (path, response.text[:300])


def test_pages_without_a_plan_or_data(client: TestClient) -> None:
    PageUser(client, "ann@example.com")
    assert client.get("/progress").status_code == 200
    assert client.get("/plan.ics").status_code == 404
    assert client.get("/plan/print").status_code == 404
    assert client.get("/today", follow_redirects=False).headers["location"] == "/onboarding"
    assert client.get("/history?since=2026-02-30").status_code == 422
    assert client.get("/plan?week=abc").status_code == 422


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/login", "/api/v1/openapi.json", "/static/style.css", "/nope"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY"
        assert "script-src 'self'" in headers["content-security-policy"]


def test_what_people_type_is_escaped(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    note = "<script>x</script>"
    user.post("/log/pain", {"exercise_id": "glute-bridge", "severity": "2", "note": note})
    page = client.get("/history").text
    assert note not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


STRONG = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE,Weight Unit,Distance Unit\n"
    "2024-03-05 18:00:00,Glutes,45m,Hip Thrust (Barbell),1,60,10,0,0,,,8,kg,km\n"
    "2024-03-05 18:00:00,Glutes,45m,Hip Thrust (Barbell),2,60,9,0,0,,,9,kg,km\n"
    "2024-03-05 18:00:00,Glutes,45m,Zercher Wobble Press,1,20,10,0,0,,,,kg,km\n"
)


def test_import_page_previews_then_imports_with_names_matched(client: TestClient) -> None:
    user = PageUser(client, "imp@example.com")
    assert "Bring your history" in client.get("/import/apps").text
    files = {"file": ("strong.csv", STRONG, "text/csv")}
    preview = user.post("/import/apps", {"source": "strong", "action": "preview"}, files=files)
    assert preview.status_code == 200
    assert "Preview" in preview.text and "Zercher Wobble Press" in preview.text
    assert _ids(client.get("/history").text) == []  # a preview saves nothing
    token = csrf_of(preview.text)
    form = {
        "csrf_token": token, "source": "strong", "unit": "", "date_format": "",
        "text": STRONG, "name_0": "Zercher Wobble Press", "map_0": "skip", "action": "import",
    }  # fmt: skip
    done = client.post("/import/apps", data=form, follow_redirects=False)
    assert done.status_code == 200 and "Imported" in done.text
    assert len(_ids(client.get("/history?kind=set").text)) == 2
    again = client.post("/import/apps", data=form, follow_redirects=False)
    assert again.status_code == 200
    assert "Already in your journal (not added again): 2" in again.text
    assert len(_ids(client.get("/history?kind=set").text)) == 2  # nothing added twice
    later = user.post("/import/apps", {"source": "strong", "action": "preview"}, files=files)
    assert "Names to match" not in later.text  # "leave out" was remembered for this name


def test_import_page_leaves_an_unchosen_name_out_without_remembering_it(
    client: TestClient,
) -> None:
    user = PageUser(client, "later@example.com")
    files = {"file": ("strong.csv", STRONG, "text/csv")}
    preview = user.post("/import/apps", {"source": "strong", "action": "preview"}, files=files)
    assert '<option value="">Leave these rows out this time</option>' in preview.text
    form = {
        "csrf_token": csrf_of(preview.text), "source": "strong", "unit": "", "date_format": "",
        "text": STRONG, "name_0": "Zercher Wobble Press", "map_0": "", "action": "import",
    }  # fmt: skip
    done = client.post("/import/apps", data=form, follow_redirects=False)
    assert done.status_code == 200 and "Imported" in done.text
    again = user.post("/import/apps", {"source": "strong", "action": "preview"}, files=files)
    assert "Names to match" in again.text and "Zercher Wobble Press" in again.text  # asked again


def test_import_preview_says_a_machine_load_does_not_carry_over(client: TestClient) -> None:
    user = PageUser(client, "machine@example.com")
    text = STRONG.replace("Zercher Wobble Press", "Hip Abduction (Machine)")
    files = {"file": ("strong.csv", text, "text/csv")}
    preview = user.post("/import/apps", {"source": "strong", "action": "preview"}, files=files)
    assert preview.status_code == 200
    assert "Worth knowing" in preview.text
    assert "Hip Abduction (Machine) (1 row)" in preview.text
    assert "not in catalog 1" in preview.text
    assert "Names to match" not in preview.text  # known, so not asked for


def test_import_page_names_a_bad_file(client: TestClient) -> None:
    user = PageUser(client, "bad@example.com")
    files = {"file": ("x.csv", b"\x00\x01\x02binary", "text/csv")}
    refused = user.post("/import/apps", {"source": "hevy", "action": "preview"}, files=files)
    assert refused.status_code == 422
    fit = {"file": ("weight.fit", b"\x0e\x10\xd9\x07\x81\x8d\x00\x00.FIT\x9d", "x")}
    named = user.post("/import/apps", {"source": "weights", "action": "preview"}, files=fit)
    assert named.status_code == 422
    assert "Garmin FIT file" in named.text
    assert _ids(client.get("/history").text) == []


def test_log_pain_form_names_the_region(client: TestClient, engine: Engine) -> None:
    user = PageUser(client, "ann@example.com")
    page = client.get("/log").text
    assert 'name="region"' in page
    for region in ("knee", "lower_back", "hip", "shoulder", "other"):
        assert f'value="{region}"' in page
    fields = {"exercise_id": "loaded-squat", "severity": "3", "region": "knee"}
    assert user.post("/log/pain", fields).status_code == 303
    assert (
        user.post("/log/pain", {"exercise_id": "glute-bridge", "severity": "2"}).status_code == 303
    )
    bad = user.post("/log/pain", {**fields, "region": "elbow"})
    assert bad.status_code == 422
    assert "lower_back" in bad.text and "shoulder" in bad.text
    with engine.connect() as connection:
        stored = connection.execute(
            select(PainRow.exercise_id, PainRow.region).order_by(PainRow.id)
        ).all()
    assert [tuple(row) for row in stored] == [("loaded-squat", "knee"), ("glute-bridge", "other")]


def test_delete_asks_first_naming_the_entry_in_words(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.post("/log/set", {"exercise_id": "glute-bridge", "reps": "12"})
    user.post("/log/set", {"exercise_id": "glute-bridge", "reps": "10", "load": "40"})
    history = client.get("/history").text
    assert 'href="/history/set-2/delete"' in history
    assert 'class="danger"' not in history  # the history itself has no red button
    page = client.get("/history/set-2/delete")
    assert page.status_code == 200
    assert "Set 2 of Glute bridge, 10 reps × 40 kg" in page.text
    assert ">Delete</button>" in page.text
    assert 'href="/history#set-2">Keep it</a>' in page.text
    assert "set-2" in _ids(client.get("/history").text)  # looking never deletes
    response = user.post("/history/set-2/delete")
    assert response.status_code == 303
    assert response.headers["location"] == "/history"
    after = client.get("/history").text
    assert "Deleted: Set 2 of Glute bridge, 10 reps × 40 kg" in after
    assert _ids(after) == ["set-1"]
    assert "Deleted:" not in client.get("/history").text  # said once


def test_a_notice_of_deletion_cannot_be_forged_by_a_link(client: TestClient) -> None:
    PageUser(client, "ann@example.com")
    assert "Deleted:" not in client.get("/history?deleted=everything").text


def test_another_users_entry_has_no_delete_page(app: FastAPI, client: TestClient) -> None:
    PageUser(client, "ann@example.com").post("/log/weight", {"weight": "70"})
    with TestClient(app) as other_client:
        PageUser(other_client, "bob@example.com")
        assert other_client.get("/history/weight-1/delete").status_code == 404
        assert other_client.get("/history/bogus/delete").status_code < 500
    assert "Body weight 70 kg" in client.get("/history/weight-1/delete").text


def test_sign_up_fills_the_time_zone_from_the_browser_only_while_unchosen(
    client: TestClient,
) -> None:
    page = client.get("/signup").text
    assert '<script src="/static/timezone.js" defer></script>' in page
    assert 'value="UTC" data-from-browser' in page  # without the script: UTC, as before
    script = client.get("/static/timezone.js")
    assert script.status_code == 200
    assert "resolvedOptions().timeZone" in script.text
    token = csrf_of(page)
    again = client.post(
        "/signup",
        data={"csrf_token": token, "email": "x", "password": PASSWORD, "timezone": "Europe/Paris"},
    )
    assert again.status_code == 422
    assert 'value="Europe/Paris" aria-describedby' in again.text  # what was typed stays
