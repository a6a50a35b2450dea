"""The routes, one module per feature, each with two routers: ``pages`` and ``api``.

``pages`` holds the feature's server-rendered pages, ``api`` its part of the JSON API (its
paths are written without the /api/v1 prefix). This package gathers them: :data:`pages`
checks CSRF on every form post and stays out of the OpenAPI; :data:`api` puts every API
route under /api/v1 with the error responses documented. Every API route but sign-up and
token requires a bearer token and acts only on its owner's rows; another user's entry ids
answer 404 exactly like ids that do not exist.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from gluteus.web.deps import check_csrf
from gluteus.web.errors import ERROR_RESPONSES
from gluteus.web.routes import (
    account,
    catalog,
    data,
    energy,
    journal,
    onboarding,
    plan,
    progress,
    today,
)

pages = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])
api = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)

# Routes are tried in the order they are included. No path of one feature matches a route of
# another, so the order changes no answer; the API's order is that of its paths in the OpenAPI.
for _feature in (account, onboarding, plan, today, catalog, journal, energy, progress, data):
    pages.include_router(_feature.pages)
for _feature in (account, onboarding, plan, today, progress, energy, data, catalog, journal):
    api.include_router(_feature.api)
