"""Per-process caches are bounded by approximate memory, not by how many values they hold."""

from __future__ import annotations

import datetime as dt
import gc
import tracemalloc

from hypothesis import given
from hypothesis import strategies as st

from gluteus.domain.history import History, LoggedSet, WeightEntry
from gluteus.services import plans, today
from gluteus.services.cache import MB, StampedCache, approx_bytes, model_bytes

DAY = dt.date(2025, 1, 6)


def _history(days: int) -> History:
    return History(
        sets=tuple(
            LoggedSet(
                date=DAY + dt.timedelta(days=n),
                exercise_id=f"lift-{n % 7}",
                set_number=k,
                reps=8 + n % 5,
                load_kg=20.0 + n % 3,
                last_two_hard=bool(n % 2),
            )
            for n in range(days)
            for k in (1, 2, 3)
        ),
        weights=tuple(
            WeightEntry(date=DAY + dt.timedelta(days=n), weight_kg=70 + n % 4) for n in range(days)
        ),
    )


def _measured(days: int) -> int:
    """Bytes Python allocated to build a history of ``days`` days (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        kept = _history(days)
        used = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert kept.sets
    return used


def test_approx_bytes_is_within_a_factor_of_two_of_what_a_history_takes() -> None:
    for days in (30, 1095):
        estimate, measured = approx_bytes(_history(days)), _measured(days)
        assert measured / 2 <= estimate <= measured * 2, (days, estimate, measured)


def test_approx_bytes_grows_with_the_history() -> None:
    assert approx_bytes(_history(1095)) > 20 * approx_bytes(_history(30))


@given(sizes=st.lists(st.integers(1, 400), min_size=1, max_size=60))
def test_a_cache_never_holds_more_bytes_than_its_bound(sizes: list[int]) -> None:
    cache: StampedCache[int, str, str] = StampedCache(max_items=10_000, max_size=1000)
    for key, size in enumerate(sizes):
        cache.put(key, "stamp", "x" * size, size)
        assert cache.size <= 1000
        assert cache.size == sum(s for k, s in enumerate(sizes[: key + 1]) if cache.get(k, "stamp"))


def test_a_value_larger_than_the_bound_is_not_kept() -> None:
    cache: StampedCache[int, str, History] = StampedCache(max_items=10, max_size=1 * MB)
    big = _history(1095)
    cache.get_or_make(1, "s", lambda: big, approx_bytes)
    assert len(cache) == 0 and approx_bytes(big) > MB


def test_model_bytes_is_within_a_factor_of_two_of_the_walk_for_a_day_and_its_page() -> None:
    start = dt.date(2025, 3, 3)
    program = plans.build_plan(plans.example_profile(), start)
    day = next(
        start + dt.timedelta(days=n)
        for n in range(14)
        if program.day_for(start + dt.timedelta(days=n))
    )
    work = today.progressed_day(program, _history(30), day)
    assert work is not None
    view = today.TodayView(
        date=day, week=1, status="training", day=work.day, targets=list(work.recommendations)
    )
    page = today.TodayPage(view=view, last_time={"lift-1": list(_history(3).sets)})
    for value in (view, page):
        walked = approx_bytes(value)
        assert walked / 2 <= model_bytes(value) <= walked * 2, (walked, model_bytes(value))
