"""Today's page: what counts as done, the sign-in check in its own transaction, the pool."""

from __future__ import annotations

import datetime as dt
import re

import anyio.to_thread
from actors import PASSWORD, PageUser, csrf_of
from fastapi.testclient import TestClient

from gluteus.domain.history import CardioLog, History, LoggedSet, PainReport
from gluteus.services.today import done_on
from gluteus.web.app import WORKER_THREADS

DAY = dt.date(2025, 3, 10)


def _set(exercise: str, number: int, day: dt.date, minute: int) -> LoggedSet:
    return LoggedSet(
        date=day,
        exercise_id=exercise,
        set_number=number,
        reps=10 + number,
        last_two_hard=True,
        logged_at=dt.datetime(2025, 3, 10, 9, minute),
    )


def test_done_counts_the_days_sets_and_cardio_in_logging_order() -> None:
    history = History(
        sets=(
            _set("glute-bridge", 2, DAY, 5),
            _set("glute-bridge", 1, DAY, 1),
            _set("glute-bridge", 1, DAY - dt.timedelta(days=1), 0),
            _set("step-up", 1, DAY, 3),
        ),
        cardio=(CardioLog(date=DAY, activity_id="brisk-walk", minutes=20),),
        pain=(PainReport(date=DAY, exercise_id="glute-bridge", severity=2),),
    )
    done = done_on(history, DAY)
    assert set(done) == {"glute-bridge", "step-up", "brisk-walk"}
    bridge = done["glute-bridge"]
    assert [s.set_number for s in bridge if isinstance(s, LoggedSet)] == [1, 2]
    assert all(isinstance(s, LoggedSet) for s in bridge)  # the pain report is not a set
    assert [type(e) for e in done["brisk-walk"]] == [CardioLog]
    assert done_on(history, DAY + dt.timedelta(days=1)) == {}


def _planned(page: str, form: str) -> str | None:
    found = re.search(
        rf'action="/today/{form}"[^>]*>\s*<input[^>]+>\s*<input type="hidden" name="exercise_id" '
        r'value="([a-z0-9-]+)"',
        page,
    )
    return found.group(1) if found else None


def test_work_logged_in_place_shows_as_done_in_order(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    page = client.get("/today").text
    exercise, activity = _planned(page, "sets"), _planned(page, "cardio")
    assert exercise or activity, "nothing to log on today's page"
    if exercise:  # a strength day
        for reps in ("9", "11"):
            sent = {"exercise_id": exercise, "reps": reps, "load": "20", "hard": "yes"}
            assert user.post("/today/sets", sent).status_code == 303
        page = client.get("/today").text
        section = page[page.index(f'id="ex-{exercise}"') :]
        assert re.search(r"2 of \d+ done", section)
        assert re.search(r"Set 1: 9 reps × 20(\.0)? kg", section)
        assert re.search(r"Set 2: 11 reps × 20(\.0)? kg", section)
    else:  # a cardio day
        sent = {"exercise_id": activity, "minutes": "17"}
        assert user.post("/today/cardio", sent).status_code == 303
        page = client.get("/today").text
        section = page[page.index(f'id="ex-{activity}"') :]
        assert "Logged: 17 min" in section


def test_today_redirects_to_sign_in_without_a_session_or_after_a_password_change(
    client: TestClient,
) -> None:
    anonymous = client.get("/today", follow_redirects=False)
    assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/login?next=/today")
    user = PageUser(client, "ann@example.com")
    user.onboard()
    other = TestClient(client.app)
    token = csrf_of(other.get("/login").text)
    signed_in = other.post(
        "/login",
        data={"csrf_token": token, "email": "ann@example.com", "password": PASSWORD},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303
    assert other.get("/today", follow_redirects=False).status_code == 200
    changed = user.post(
        "/settings/password",
        {"current_password": PASSWORD, "new_password": "another long password"},
    )
    assert changed.status_code == 303
    stale = other.get("/today", follow_redirects=False)
    assert (stale.status_code, stale.headers["location"]) == (303, "/login?next=/today")
    assert "gluteus_session=;" in stale.headers.get("set-cookie", "")


def test_each_worker_runs_a_few_requests_at_once(client: TestClient) -> None:
    with TestClient(client.app) as started:
        tokens = started.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens
        )
    assert tokens == WORKER_THREADS


def test_a_set_row_sent_twice_is_stored_once_and_answers_json_to_the_script(
    client: TestClient,
) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    exercise = _planned(client.get("/today").text, "sets")
    if exercise is None:
        return  # a cardio-only day: nothing to log as sets
    row = {"exercise_id": exercise, "reps": "10", "hard": "yes", "set_number": "1"}
    row["key"] = f"today:{dt.date.today().isoformat()}:{exercise}:1"
    assert user.post("/today/sets", row).status_code == 303
    assert user.post("/today/sets", row).status_code == 303  # a double tap
    as_script = user.post("/today/sets", row, headers={"Accept": "application/json"})
    assert as_script.status_code == 200 and as_script.json()["created"] is False
    section = client.get("/today").text
    section = section[section.index(f'id="ex-{exercise}"') :]
    assert re.search(r"1 of \d+ done", section)
    bad = user.post(
        "/today/sets", {**row, "reps": "500", "key": "today:x:y:2"},
        headers={"Accept": "application/json"},
    )  # fmt: skip
    assert bad.status_code == 422
    problem = bad.json()["problems"][0]
    assert problem["field"] == "reps" and problem["reason"] == "too high"
    assert "200" in problem["allowed"]


def test_every_page_links_the_manifest_and_today_registers_the_worker(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    user.onboard()
    for path in ("/", "/today", "/plan", "/exercises"):
        assert '<link rel="manifest" href="/static/manifest.webmanifest">' in client.get(path).text
    assert '<script src="/static/today.js"' in client.get("/today").text
    assert "serviceWorker" in client.get("/static/today.js").text
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    manifest = client.get("/static/manifest.webmanifest").json()
    assert manifest["start_url"] == "/today"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
