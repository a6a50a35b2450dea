"""The routes, one module per feature, each with two routers: ``pages`` and ``api``.

``pages`` holds the feature's server-rendered pages, ``api`` its part of the JSON API (its
paths are written without the /api/v1 prefix). :func:`include_routes` puts them in the app:
every page router checks CSRF on every form post and stays out of the OpenAPI; every API
router is put under /api/v1 with the error responses documented. Every API route but
sign-up and token requires a bearer token and acts only on its owner's rows; another
user's entry ids answer 404 exactly like ids that do not exist.
"""

from __future__ import annotations

from types import ModuleType

from fastapi import Depends, FastAPI

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

API_PREFIX = "/api/v1"
PAGE_FEATURES: tuple[ModuleType, ...] = (
    today,
    journal,
    progress,
    energy,
    plan,
    catalog,
    account,
    onboarding,
    data,
)
"""The order the features' pages are tried in: the most asked for first (today's page and
its set logging, many times a session), since each request walks the routes before its
own. No path of one feature matches a route of another, so the order changes no answer."""
API_FEATURES: tuple[ModuleType, ...] = (
    account,
    onboarding,
    plan,
    today,
    progress,
    energy,
    data,
    catalog,
    journal,
)
"""The order of the features' API routes: that of their paths in the OpenAPI."""


def include_routes(app: FastAPI) -> None:
    """Every feature's pages, then every feature's API, each router straight into ``app``.

    Each feature's router is included in the app itself rather than in one router of all
    pages (and one of all the API) that the app includes: FastAPI matches a request level
    by level and again on the way down, so every level of nesting walks the routes once
    more on every request (benchmarks/set_post.py).
    """
    for feature in PAGE_FEATURES:
        app.include_router(
            feature.pages, include_in_schema=False, dependencies=[Depends(check_csrf)]
        )
    for feature in API_FEATURES:
        app.include_router(feature.api, prefix=API_PREFIX, responses=ERROR_RESPONSES)
