"""Property-based requests from the OpenAPI document: never a 5xx, always the documented shape.

Bounded (a few examples per operation) so both backends finish in well under a minute.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from actors import ApiUser
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(app: FastAPI) -> Any:
    """The app's own OpenAPI document, read through ASGI."""
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.fixture
def owner(client: TestClient) -> ApiUser:
    """A user with a plan, so authenticated operations reach the use cases."""
    return ApiUser(client, "fuzz@example.com").with_plan()


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow  # about 60 s per backend: every operation of the API
@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_request_as_documented(case: Any, owner: ApiUser) -> None:
    case.call_and_validate(headers=owner.headers, checks=CHECKS)
