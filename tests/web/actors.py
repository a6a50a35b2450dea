"""People using the web app in tests: an API user with a token, a person on the pages."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from importlib import resources
from typing import Any

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def example_profile() -> dict[str, Any]:
    """The packaged example person, as profile-file keys."""
    text_ = resources.files("gluteus.data").joinpath("example_profile.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text_)
    data["available_days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    return data


def days_from_today() -> list[str]:
    """Today (UTC, a new person's zone) and the days two and four later: three free days that
    make today a training day whatever the calendar says."""
    today = dt.datetime.now(dt.UTC).date().weekday()
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    return [names[(today + offset) % 7] for offset in (0, 2, 4)]


class ApiUser:
    """A signed-up API user with a bearer token."""

    def __init__(self, client: TestClient, email: str) -> None:
        self.client = client
        self.email = email
        response = client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD})
        assert response.status_code == 201, response.text
        response = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        self.headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
        self.id: int = self.request("GET", "/api/v1/me").json()["id"]

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """An authenticated request."""
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)

    def with_plan(self) -> ApiUser:
        """Save the example profile and build a plan starting today."""
        assert self.request("PUT", "/api/v1/profile", json=example_profile()).status_code == 200
        assert self.request("POST", "/api/v1/plan").status_code == 201
        return self


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    found = _CSRF.search(html)
    assert found, "page has no form with a CSRF token"
    return found.group(1)


class PageUser:
    """A person using the pages through one client (cookies kept)."""

    def __init__(self, client: TestClient, email: str) -> None:
        self.client = client
        self.email = email
        token = csrf_of(client.get("/signup").text)
        response = client.post(
            "/signup",
            data={"csrf_token": token, "email": email, "password": PASSWORD, "units": "metric"},
            follow_redirects=False,
        )
        assert response.status_code == 200, response.text
        assert f'name="email" type="email" autocomplete="username" required value="{email}"' in (
            response.text
        )
        self.sign_in()
        self.csrf = csrf_of(client.get("/settings").text)

    def sign_in(self, password: str = PASSWORD) -> Any:
        """Sign in through the sign-in form (the answer, a redirect when it worked)."""
        token = csrf_of(self.client.get("/login").text)
        return self.client.post(
            "/login",
            data={"csrf_token": token, "email": self.email, "password": password},
            follow_redirects=False,
        )

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """A form post with the session's CSRF token (redirects not followed)."""
        return self.client.post(
            path, data={"csrf_token": self.csrf, **(data or {})}, follow_redirects=False, **kwargs
        )

    def onboard(self, **changes: Any) -> Any:
        """Fill in the onboarding form (all readiness answers "no") and build the plan."""
        data: dict[str, Any] = {
            "units": "metric",
            "sex": "female",
            "age": "34",
            "height": "165",
            "weight": "72",
            "goal_weight": "65",
            "level": "beginner",
            "activity": "light",
            "available_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "minutes_per_session": "60",
            "weeks": "12",
            "pace": "0.5",
            "equipment": ["mini_band", "dumbbells", "bench"],
            "band_finisher": "yes",
            **{f"parq.q{i}": "no" for i in range(1, 8)},
        }
        data.update(changes)
        return self.post("/onboarding", data)
