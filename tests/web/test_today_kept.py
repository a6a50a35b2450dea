"""Today's page as sent is kept per user, by data stamp, day, units and CSRF token."""

from __future__ import annotations

import re

from actors import PageUser, csrf_of
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gluteus.web.routes.today import RENDERED


def _first_set_form(page: str) -> str | None:
    found = re.search(
        r'action="/today/sets"[^>]*>\s*<input[^>]+>\s*<input type="hidden" name="exercise_id" '
        r'value="([a-z0-9-]+)"',
        page,
    )
    return found.group(1) if found else None


def test_an_unchanged_page_is_sent_again_and_a_change_makes_it_anew(
    client: TestClient, app: FastAPI
) -> None:
    user = PageUser(client, "kept@example.com")
    user.onboard()
    RENDERED.clear()
    first = client.get("/today")
    assert first.status_code == 200 and RENDERED.hits == 0
    again = client.get("/today")
    assert again.status_code == 200 and again.text == first.text
    assert again.headers["content-type"] == first.headers["content-type"]
    assert RENDERED.hits == 1

    # Any change to the person's data gives a new stamp: the page is made again.
    exercise = _first_set_form(first.text)
    if exercise is not None:  # a strength day: the set shows as done
        sent = {"exercise_id": exercise, "reps": "9", "load": "20", "hard": "yes"}
        assert user.post("/today/sets", sent).status_code == 303
    else:  # a rest day: a weigh-in changes the data, not the page's content
        assert user.post("/log/weight", {"weight": "70"}).status_code == 303
    misses = RENDERED.misses
    after = client.get("/today")
    assert RENDERED.misses == misses + 1
    if exercise is not None:
        section = after.text[after.text.index(f'id="ex-{exercise}"') :]
        assert re.search(r"Set 1: 9 reps × 20(\.0)? kg", section)
        assert after.text != first.text

    # Another browser of the same person gets its own CSRF token in the forms, never the
    # page kept for the first one.
    with TestClient(app) as other:
        second = PageUser.__new__(PageUser)
        second.client, second.email = other, user.email
        assert second.sign_in().status_code == 303
        theirs = other.get("/today")
        assert theirs.status_code == 200
        assert csrf_of(theirs.text) == csrf_of(other.get("/settings").text)
        assert csrf_of(theirs.text) != csrf_of(after.text)
    assert csrf_of(client.get("/today").text) == csrf_of(after.text)
