"""Every form a page posts runs the sign-in check and its work in one transaction.

Counts the database transactions (the engine's ``begin`` event) of each POST page route,
sent the way its page sends it and answered successfully. A signed-in form costs one; the
few that cost more say why in :data:`EXPECTED`. A new POST page route fails until it is
counted here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from actors import PASSWORD, PageUser, csrf_of, days_from_today
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from gluteus.db.engine import unit_of_work
from gluteus.services import accounts, backup
from gluteus.web import routes

SIGNED_IN_WORK = 1
"""The sign-in check, the actor and the use case share the page's one transaction."""

EXPECTED: dict[str, int] = {
    "/today/sets": SIGNED_IN_WORK,
    "/today/cardio": SIGNED_IN_WORK,
    "/today/as-planned": SIGNED_IN_WORK,
    "/log/{kind}": SIGNED_IN_WORK,
    "/history/{entry_id}/edit": SIGNED_IN_WORK,
    "/history/{entry_id}/delete": SIGNED_IN_WORK,
    "/onboarding": SIGNED_IN_WORK,
    "/plan": SIGNED_IN_WORK,
    "/energy/checkin": SIGNED_IN_WORK,
    "/energy/checkin/accept": SIGNED_IN_WORK,
    "/import/apps": SIGNED_IN_WORK,
    "/settings": SIGNED_IN_WORK,
    "/settings/token": SIGNED_IN_WORK,
    "/settings/revoke": SIGNED_IN_WORK,
    "/settings/tokens/{token_id}/revoke": SIGNED_IN_WORK,
    # The attempt is counted in its own transaction (it must stay counted when the work
    # fails); then the work.
    "/settings/delete": 1 + SIGNED_IN_WORK,
    # The attempt; reading the stored hash; the password is hashed outside any transaction
    # (it takes a while and holds no lock); then the write.
    "/settings/password": 1 + 1 + SIGNED_IN_WORK,
    # The sign-in check; the staged import then writes in short chunks of its own (counted
    # apart, in the test), so that other writers are never held up for the whole file.
    "/import": SIGNED_IN_WORK,
    "/logout": 1,
    # Nobody is signed in yet: the attempt, the sign-up.
    "/signup": 2,
    # The attempt; the wait after failures and the account; the hash outside any
    # transaction; forgetting the failures; the new browser session.
    "/login": 4,
    # The attempt (no mail is configured here, so nothing is looked up).
    "/password/forgot": 1,
    # The attempt; the link checked; the hash outside any transaction; the new password.
    "/password/reset": 3,
}


def page_posts() -> set[str]:
    """The paths of every POST route the pages send (each feature's ``pages`` router)."""
    features = [getattr(routes, name) for name in dir(routes)]
    return {
        route.path
        for feature in features
        if isinstance(getattr(feature, "pages", None), APIRouter)
        for route in feature.pages.routes
        if isinstance(route, APIRoute) and "POST" in route.methods
    }


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """SQLite only: what is counted is the routes' use of transactions, not the backend."""
    return f"sqlite:///{tmp_path / 'web.db'}"


class Counter:
    """Counts the transactions begun on an engine while it listens."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.begun = 0

    def _begin(self, _connection: Any) -> None:
        self.begun += 1

    def __enter__(self) -> Counter:
        event.listen(self.engine, "begin", self._begin)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "begin", self._begin)


def _count(
    engine: Engine, counts: dict[str, int], route: str, send: Any, *, ok: tuple[int, ...]
) -> Any:
    with Counter(engine) as counter:
        response = send()
    assert response.status_code in ok, (
        route,
        response.status_code,
        re.findall(r'class="problem[^"]*"[^>]*>([^<]*)', response.text) or response.text[:300],
    )
    counts[route] = counter.begun
    return response


def test_every_page_post_takes_its_counted_transactions(
    app: FastAPI, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert page_posts() == set(EXPECTED), "count the new page route in EXPECTED"
    counts: dict[str, int] = {}
    done = (200, 303)
    with TestClient(app) as client, TestClient(app) as stranger:
        token = csrf_of(stranger.get("/signup").text)
        _count(
            engine,
            counts,
            "/signup",
            lambda: stranger.post(
                "/signup",
                data={"csrf_token": token, "email": "eve@example.com", "password": PASSWORD},
                follow_redirects=False,
            ),
            ok=done,
        )
        user = PageUser(client, "ann@example.com")
        token = csrf_of(stranger.get("/login").text)
        _count(
            engine,
            counts,
            "/login",
            lambda: stranger.post(
                "/login",
                data={"csrf_token": token, "email": "eve@example.com", "password": PASSWORD},
                follow_redirects=False,
            ),
            ok=(303,),
        )
        _count(
            engine,
            counts,
            "/onboarding",
            lambda: user.onboard(available_days=days_from_today()),
            ok=(303,),
        )
        _count(engine, counts, "/plan", lambda: user.post("/plan"), ok=(303,))

        exercise = re.search(
            r'action="/today/sets"[^>]*>\s*<input[^>]+>\s*'
            r'<input type="hidden" name="exercise_id" value="([a-z0-9-]+)"',
            client.get("/today").text,
        )
        assert exercise, "no set to log on today's page"
        row = {"exercise_id": exercise.group(1), "reps": "10", "load": "20", "set_number": "1"}
        _count(engine, counts, "/today/sets", lambda: user.post("/today/sets", row), ok=(303,))
        cardio = {"exercise_id": "brisk-walk", "minutes": "20"}
        _count(
            engine, counts, "/today/cardio", lambda: user.post("/today/cardio", cardio), ok=(303,)
        )
        _count(
            engine,
            counts,
            "/today/as-planned",
            lambda: user.post("/today/as-planned", {"hard": "no"}),
            ok=(303,),
        )

        today = dt.date.today()
        for day in range(14, 0, -1):
            date = (today - dt.timedelta(days=day)).isoformat()
            user.post("/log/weight", {"weight": f"{72 - 0.07 * (14 - day):.1f}", "date": date})
        saved = _count(
            engine,
            counts,
            "/log/{kind}",
            lambda: user.post("/log/weight", {"weight": "71"}),
            ok=(303,),
        )
        entry = saved.headers["location"].split("saved=")[1]
        _count(
            engine,
            counts,
            "/history/{entry_id}/edit",
            lambda: user.post(
                f"/history/{entry}/edit", {"weight": "70.5", "date": today.isoformat()}
            ),
            ok=(303,),
        )
        _count(
            engine,
            counts,
            "/history/{entry_id}/delete",
            lambda: user.post(f"/history/{entry}/delete"),
            ok=(303,),
        )
        _count(
            engine,
            counts,
            "/energy/checkin",
            lambda: user.post("/energy/checkin", {"keep": "yes"}),
            ok=(303,),
        )
        _count(
            engine,
            counts,
            "/energy/checkin/accept",
            lambda: user.post("/energy/checkin/accept"),
            ok=(303,),
        )
        rows = f"date,weight\n{today.isoformat()},70.8\n"
        _count(
            engine,
            counts,
            "/import/apps",
            lambda: user.post("/import/apps", {"source": "weights", "text": rows, "unit": "kg"}),
            ok=(200,),
        )
        export = client.get("/export/data.json").content
        staged = Counter(engine)
        whole = backup.import_user_staged

        def import_staged(*args: Any, **kwargs: Any) -> Any:
            with Counter(engine) as inner:
                result = whole(*args, **kwargs)
            staged.begun += inner.begun
            return result

        monkeypatch.setattr(backup, "import_user_staged", import_staged)
        _count(
            engine,
            counts,
            "/import",
            lambda: user.post(
                "/import",
                {"replace": "yes"},
                files={"file": ("gluteus-data.json", export, "application/json")},
            ),
            ok=(303,),
        )
        assert staged.begun > 0
        counts["/import"] -= staged.begun
        _count(
            engine,
            counts,
            "/settings",
            lambda: user.post("/settings", {"units": "metric", "timezone": "UTC"}),
            ok=(303,),
        )
        _count(engine, counts, "/settings/token", lambda: user.post("/settings/token"), ok=(200,))
        listed = re.search(r"/settings/tokens/(\d+)/revoke", client.get("/settings").text)
        assert listed, "the settings page lists no token to revoke"
        _count(
            engine,
            counts,
            "/settings/tokens/{token_id}/revoke",
            lambda: user.post(f"/settings/tokens/{listed.group(1)}/revoke"),
            ok=(303,),
        )
        _count(engine, counts, "/settings/revoke", lambda: user.post("/settings/revoke"), ok=(303,))
        new_password = "a brand new secret"
        _count(
            engine,
            counts,
            "/settings/password",
            lambda: user.post(
                "/settings/password",
                {"current_password": PASSWORD, "new_password": new_password},
            ),
            ok=(303,),
        )

        token = csrf_of(stranger.get("/login").text)
        _count(
            engine,
            counts,
            "/password/forgot",
            lambda: stranger.post(
                "/password/forgot", data={"csrf_token": token, "email": "eve@example.com"}
            ),
            ok=(200,),
        )
        settings = app.state.web.settings
        with unit_of_work(engine, read_only=True) as session:
            found = accounts.password_reset_token(
                session,
                "eve@example.com",
                secret_key=settings.resolved_secret_key(),
                now=dt.datetime.now(dt.UTC),
            )
        assert found is not None
        data = {"csrf_token": token, "token": found.token, "new_password": "another new secret"}
        _count(
            engine,
            counts,
            "/password/reset",
            lambda: stranger.post("/password/reset", data=data, follow_redirects=False),
            ok=(303,),
        )
        user.csrf = csrf_of(client.get("/settings").text)  # a new one with the new password
        _count(engine, counts, "/logout", lambda: user.post("/logout"), ok=(303,))
        assert user.sign_in(new_password).status_code == 303
        user.csrf = csrf_of(client.get("/settings").text)
        _count(
            engine,
            counts,
            "/settings/delete",
            lambda: user.post("/settings/delete", {"password": new_password}),
            ok=(303,),
        )
    assert counts == EXPECTED


SIGNED_IN_PAGES = (
    "/",
    "/today",
    "/plan",
    "/log",
    "/history",
    "/progress",
    "/energy",
    "/settings",
    "/onboarding",
    "/export/data.json",
    "/settings/delete",
    "/import/apps",
)
"""Pages a signed-in person opens; each reads in one transaction, the sign-in check included."""


def test_every_signed_in_page_reads_in_one_transaction(app: FastAPI, engine: Engine) -> None:
    counts: dict[str, int] = {}
    with TestClient(app) as client:
        user = PageUser(client, "ann@example.com")
        assert user.onboard().status_code == 303
        for path in SIGNED_IN_PAGES:
            _count(engine, counts, path, lambda path=path: client.get(path), ok=(200,))
    assert counts == dict.fromkeys(SIGNED_IN_PAGES, SIGNED_IN_WORK)


def test_the_start_page_is_public_without_a_live_session(app: FastAPI, engine: Engine) -> None:
    with TestClient(app) as client:
        counts: dict[str, int] = {}
        _count(engine, counts, "/", lambda: client.get("/"), ok=(200,))
        assert counts["/"] == 0  # nobody signed in: no database work at all
        user = PageUser(client, "ann@example.com")
        assert user.onboard().status_code == 303
        assert "<title>Home · Gluteus</title>" in client.get("/").text
        with unit_of_work(engine) as session:  # the session ends on the server
            assert accounts.end_other_web_sessions(session, 1) == 1
        page = client.get("/")
        assert page.status_code == 200 and "<title>Welcome · Gluteus</title>" in page.text
