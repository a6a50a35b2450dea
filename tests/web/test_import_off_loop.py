"""A big import is parsed and checked off the event loop, so the process keeps serving others.

Asserted on where the work runs (a thread without a running event loop), not on timing.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from actors import ApiUser

from gluteus.services import backup
from gluteus.services.errors import InputError
from gluteus.web import limits


def _on_the_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _export(rows: int) -> dict[str, Any]:
    weights = [
        {"date": f"2024-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}", "weight_kg": 70.0}
        for i in range(rows)
    ]
    person = {"name": "me", "created_at": "2025-01-01T00:00:00+00:00", "weights": weights}
    return {"format": backup.EXPORT_FORMAT, "version": backup.EXPORT_VERSION, "users": [person]}


def test_a_big_import_is_checked_and_parsed_off_the_event_loop(
    alice: ApiUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    where: dict[str, list[bool]] = {"check": [], "parse": []}
    real_check, real_parse = limits.check_json, backup.parse_export

    def check(body: bytes) -> None:
        where["check"].append(_on_the_loop())
        real_check(body)

    def parse(raw: bytes, field: str = "file") -> Any:
        where["parse"].append(_on_the_loop())
        return real_parse(raw, field)

    monkeypatch.setattr(limits, "check_json", check)
    monkeypatch.setattr(backup, "parse_export", parse)
    monkeypatch.setattr(limits, "INLINE_CHECK_BYTES", 4_000)  # a big body, made small
    body = json.dumps(_export(336))
    assert len(body) > limits.INLINE_CHECK_BYTES
    answer = alice.request("POST", "/api/v1/import", json=json.loads(body))
    assert answer.status_code == 200, answer.text
    assert answer.json()["counts"]["weights"] == 336
    assert where == {"check": [False], "parse": [False]}


def test_a_small_body_is_checked_at_once(alice: ApiUser, monkeypatch: pytest.MonkeyPatch) -> None:
    where: list[bool] = []
    real_check = limits.check_json

    def check(body: bytes) -> None:
        where.append(_on_the_loop())
        real_check(body)

    monkeypatch.setattr(limits, "check_json", check)
    assert alice.request("POST", "/api/v1/logs/weight", json={"weight_kg": 70}).status_code == 201
    assert where == [True]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "is not a JSON file"),
        (b"\xff\xfe", "is not a JSON file"),
        (b"", "is not a JSON file"),
        (b"[1, 2]", "expected a JSON object"),
    ],
)
def test_an_import_body_that_is_no_export_is_a_422_naming_the_body(
    alice: ApiUser, content: bytes, reason: str
) -> None:
    headers = {"Content-Type": "application/json"}
    answer = alice.request("POST", "/api/v1/import", content=content, headers=headers)
    assert answer.status_code == 422
    problem = answer.json()["problems"][0]
    assert (problem["field"], problem["reason"]) == ("body", reason)


def test_an_import_body_that_is_not_json_typed_is_refused(alice: ApiUser) -> None:
    headers = {"Content-Type": "text/plain"}
    answer = alice.request("POST", "/api/v1/import", content=b"{}", headers=headers)
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["allowed"] == "Content-Type: application/json"


def test_parse_export_reads_what_json_reads() -> None:
    text = json.dumps(_export(3) | {"nested": {"a": [1, {"b": None}], "a2": "é"}})
    assert backup.parse_export(text.encode("utf-8")) == json.loads(text)
    with pytest.raises(InputError) as refused:
        backup.parse_export(b"{", "body")
    assert refused.value.field == "body"
