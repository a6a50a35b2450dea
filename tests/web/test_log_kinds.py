"""Every kind of log has all its edges: API routes, a page form, a CLI command, an edit path.

The kinds come from one table (:data:`gluteus.services.journal.KINDS`, after the domain's
:data:`~gluteus.domain.history.LOG_KINDS`); these tests loop over it, so a kind added there
fails here until each edge has it (and the README lists its routes).
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from actors import PageUser
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gluteus.cli.log import EDIT_FLAGS, log_app
from gluteus.db.repository import ENTRY_KINDS
from gluteus.domain.history import LOG_KINDS, History
from gluteus.exports import CSV_KINDS
from gluteus.services import journal
from gluteus.web.routes.journal import API_LOGS
from gluteus.web.schemas import LogPatchForm

README = Path(__file__).resolve().parents[2] / "README.md"
KIND_NAMES = list(journal.KINDS)

PAGE_SAMPLES: dict[str, dict[str, str]] = {
    "set": {"exercise_id": "glute-bridge", "reps": "12", "last_two_hard": "yes"},
    "cardio": {"exercise_id": "brisk-walk", "minutes": "30"},
    "weight": {"weight": "71.5"},
    "measure": {"hips": "101", "waist": "80"},
    "pain": {"exercise_id": "glute-bridge", "severity": "2"},
    "intake": {"kcal": "1700"},
    "period": {},
}
"""A filled page form of each kind (a new kind needs one here)."""


def test_one_list_of_kinds_drives_storage_journal_and_exports() -> None:
    names = [kind.name for kind in LOG_KINDS]
    assert names == KIND_NAMES
    assert list(ENTRY_KINDS) == names
    assert tuple(names) == journal.ENTRY_KIND_NAMES
    assert set(PAGE_SAMPLES) == set(names)
    for kind in LOG_KINDS:
        assert ENTRY_KINDS[kind.name].model is kind.model is journal.KINDS[kind.name].model
        assert kind.history_field in History.model_fields
    assert tuple(kind.history_field for kind in LOG_KINDS) == CSV_KINDS
    assert set(CSV_KINDS) == set(History.model_fields)
    query_kind = journal.HistoryQuery.model_fields["kind"].annotation
    assert set(typing.get_args(typing.get_args(query_kind)[0])) == set(names)


@pytest.mark.parametrize("name", KIND_NAMES)
def test_every_kind_has_an_api_body_and_a_cli_command(name: str) -> None:
    kind = journal.KINDS[name]
    assert name in API_LOGS
    assert kind.view.model_fields["kind"].default == name
    assert issubclass(kind.view, kind.model)
    commands = {command.name for command in log_app.registered_commands}
    assert kind.cli_command in commands
    assert journal.HistoryQuery.model_validate({"kind": name}).kind == name


def test_the_edit_model_is_the_union_of_what_each_kind_lets_correct() -> None:
    editable = set().union(*(kind.editable for kind in journal.KINDS.values()))
    assert editable == set(journal.EntryEdit.model_fields)
    assert editable <= set(LogPatchForm.model_fields)
    for kind in journal.KINDS.values():
        stored = {kind.stored_as.get(name, name) for name in kind.editable}
        assert stored <= set(kind.model.model_fields), kind.name
        assert set(kind.editable) <= set(EDIT_FLAGS), kind.name


def test_every_log_route_is_in_the_readme_route_list() -> None:
    listed = re.search(r"for each of (.*?):\s*`POST /logs/KIND`", _readme_routes(), re.DOTALL)
    assert listed is not None
    assert re.findall(r"`([a-z]+)`", re.sub(r"\(.*?\)", "", listed.group(1), flags=re.DOTALL)) == [
        kind.api_path for kind in journal.KINDS.values()
    ]


def _readme_routes() -> str:
    text = README.read_text("utf-8")
    return text[text.index("  Routes: ") :].split("\n\n")[0]


def test_every_kind_has_its_api_routes(app: FastAPI) -> None:
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    for kind in journal.KINDS.values():
        base = f"/api/v1/logs/{kind.api_path}"
        assert {"post", "get"} <= set(paths.get(base, {})), kind.name
        one = f"{base}/{{entry_id}}"
        assert {"get", "patch", "delete"} <= set(paths.get(one, {})), kind.name


def test_every_api_route_is_in_the_readme_route_list(app: FastAPI) -> None:
    listed = _readme_routes()
    named = set(re.findall(r"`([^`]+)`", listed))
    for path in app.openapi()["paths"]:
        route = re.sub(r"\{[^}]+\}", "ID", path.removeprefix("/api/v1/"))
        if route.startswith("logs/"):
            assert "/" + re.sub(r"^logs/[^/]+", "logs/KIND", route) in listed, path
        else:
            assert route in named, path


class _Forms(HTMLParser):
    """The input names of each form on a page, by the form's action."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, set[str]] = {}
        self._action: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self._action = found.get("action") or ""
            self.forms[self._action] = set()
        elif tag in {"input", "select", "textarea"} and self._action is not None:
            self.forms[self._action].add(found.get("name") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._action = None


def _forms(html: str) -> dict[str, set[str]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def _entry_ids(client: TestClient, **filters: str) -> list[str]:
    page = client.get("/history", params=filters).text
    return re.findall(r'href="/history/([a-z]+-\d+)/edit"', page)


def test_every_kind_has_a_page_form_and_an_edit_path(client: TestClient) -> None:
    user = PageUser(client, "ann@example.com")
    forms = _forms(client.get("/log").text)
    history = client.get("/history").text
    for name, kind in journal.KINDS.items():
        assert f'<option value="{name}" >{kind.label}</option>' in history
    yesterday = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
    for name, kind in journal.KINDS.items():
        fields = forms.get(f"/log/{name}")
        assert fields is not None, f"no page form for {name}"
        assert fields - {"csrf_token", "date"} == set(kind.form_fields), name
        logged = user.post(f"/log/{name}", PAGE_SAMPLES[name])
        assert logged.status_code == 303, (name, logged.text)
        (entry_id,) = _entry_ids(client, kind=name)
        edit_page = client.get(f"/history/{entry_id}/edit")
        assert edit_page.status_code == 200
        edit_fields = _forms(edit_page.text)[f"/history/{entry_id}/edit"]
        changes: dict[str, Any] = {k: v for k, v in PAGE_SAMPLES[name].items() if k in edit_fields}
        moved = user.post(f"/history/{entry_id}/edit", {**changes, "date": yesterday})
        assert moved.status_code == 303, (name, moved.text)
        assert entry_id in _entry_ids(client, until=yesterday)
