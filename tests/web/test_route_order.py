"""The features' routes may be tried in any order: no path of one matches another's route.

:data:`gluteus.web.routes.PAGE_FEATURES` puts the most asked-for pages first, so that a
request walks fewer routes before its own; that changes no answer only while no path
served by one feature is also matched by a route of another (pages or API).
"""

from __future__ import annotations

import re
from types import ModuleType

import pytest
from fastapi.routing import APIRoute

from gluteus.web.routes import API_FEATURES, API_PREFIX, PAGE_FEATURES


def _routes(feature: ModuleType) -> list[tuple[str, set[str], re.Pattern[str]]]:
    """(a path the route serves, its methods, its pattern) of every route of ``feature``."""
    found = []
    for router, prefix in ((feature.pages, ""), (feature.api, API_PREFIX)):
        for route in router.routes:
            assert isinstance(route, APIRoute)
            path = prefix + route.path
            sample = re.sub(r"\{[^}]+\}", "x1", path)
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
            found.append((sample, set(route.methods), pattern))
    return found


def test_every_feature_is_included_in_both_orders() -> None:
    assert set(PAGE_FEATURES) == set(API_FEATURES)
    assert len(PAGE_FEATURES) == len(set(PAGE_FEATURES))


@pytest.mark.parametrize("feature", PAGE_FEATURES, ids=lambda f: f.__name__.rsplit(".", 1)[-1])
def test_no_path_of_a_feature_matches_another_features_route(feature: ModuleType) -> None:
    others = [route for other in PAGE_FEATURES if other is not feature for route in _routes(other)]
    for sample, methods, _ in _routes(feature):
        clashes = [
            pattern.pattern
            for _, other_methods, pattern in others
            if pattern.match(sample) and methods & other_methods
        ]
        assert not clashes, f"{sample} is also matched by {clashes}"
