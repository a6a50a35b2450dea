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
        rf'action="/today/{form}">\s*<input[^>]+>\s*<input type="hidden" name="exercise_id" '
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
        assert re.search(r"Done: 2 of \d+ sets — 9 @ 20(\.0)? kg, 11 @ 20(\.0)? kg", section)
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
