"""Every server-rendered page, under one router that checks CSRF on every form post."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from gluteus.web.deps import check_csrf
from gluteus.web.routes import (
    account_pages,
    data_pages,
    energy_pages,
    journal_pages,
    plan_pages,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])
for _module in (account_pages, plan_pages, journal_pages, energy_pages, data_pages):
    router.include_router(_module.router)
