"""Every cache a process keeps, named in one registry, and the one way the domain memoises.

A cache registers itself here (its name, its kind and its bound) when its module is
imported; :func:`clear_all` empties them all, or those of some kinds (tests start from
cold caches this way instead of clearing each one by hand). The domain memoises pure
functions with :func:`memo` (results by argument value, or by a cheaper ``key``) or, for
arguments that are costly to hash but reused as the same object (a plan's week, a pool of
exercises), with :func:`memo_by_identity`; no module keeps a dictionary of its own for the
purpose. The registry lives in the domain, the lowest layer, so that every layer can
register its caches; ``gluteus.services.cache`` re-exports it.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar, cast, overload

P = ParamSpec("P")
A = TypeVar("A")
T = TypeVar("T")

MEMO = "memo"
"""Kind: results of a pure function by argument value (:func:`memo`)."""
IDENTITY = "identity memo"
"""Kind: results of a pure function by argument identity (:func:`memo_by_identity`)."""
STAMPED = "stamped"
"""Kind: values read from the database, kept under the stamp stored beside them."""
RESOURCE = "resource"
"""Kind: a process resource made once (an engine, a hash); clearing releases it."""
KINDS = (MEMO, IDENTITY, STAMPED, RESOURCE)


@dataclass(frozen=True)
class Cache:
    """One registered cache.

    Attributes:
        name: Where it lives (``module.name``).
        kind: One of :data:`KINDS`.
        bound: How much it may hold, in words (e.g. ``512 results``).
        clear: Empties it.
    """

    name: str
    kind: str
    bound: str
    clear: Callable[[], None]


CACHES: dict[str, Cache] = {}
"""Every cache of the process by name (filled as modules are imported)."""


def register(name: str, kind: str, bound: str, clear: Callable[[], None]) -> None:
    """Name a cache in :data:`CACHES` (registering a name again replaces the entry)."""
    if kind not in KINDS:
        raise ValueError(f"cache kind {kind!r} is not one of {', '.join(KINDS)}")
    CACHES[name] = Cache(name, kind, bound, clear)


def clear_all(*kinds: str) -> None:
    """Empty every registered cache, or only those of ``kinds``."""
    for cache in list(CACHES.values()):
        if not kinds or cache.kind in kinds:
            cache.clear()


def _name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def _bound(maxsize: int | None) -> str:
    return "unbounded (a few fixed keys)" if maxsize is None else f"{maxsize} results"


@overload
def memo(maxsize: int | None) -> Callable[[Callable[P, T]], Callable[P, T]]: ...
@overload
def memo(
    maxsize: int | None, key: Callable[P, Hashable]
) -> Callable[[Callable[P, T]], Callable[P, T]]: ...
def memo(
    maxsize: int | None, key: Callable[P, Hashable] | None = None
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Keep ``fn``'s results by argument value, least recently used dropped past ``maxsize``.

    ``None`` keeps every result: only for functions called with a few fixed keys (the
    packaged catalog, a pose table) or keyed by catalog id. ``key`` names the result by
    a cheaper value than the arguments (an exercise by its id), for arguments that are
    costly to hash. The memo registers itself under the function's name.
    """

    def decorate(fn: Callable[P, T]) -> Callable[P, T]:
        if key is None:
            kept = functools.lru_cache(maxsize=maxsize)(fn)
            register(_name(fn), MEMO, _bound(maxsize), kept.cache_clear)
            return cast(Callable[P, T], kept)
        keyed: _Keyed[P, T] | _KeyedForever[P, T] = (
            _KeyedForever(fn, key) if maxsize is None else _Keyed(fn, maxsize, key, hold=False)
        )
        register(_name(fn), MEMO, _bound(maxsize), keyed.cache_clear)
        return keyed

    return decorate


class _KeyedForever(Generic[P, T]):
    """Results by ``key(*args)``, all kept: no order to keep, so no lock on the way.

    A plain dictionary's lookups and stores are atomic; two threads missing the same key
    at once both compute it (the function is pure) and one result stays. The planner
    asks for an exercise's minutes tens of thousands of times a plan, so this path is
    kept as short as a lookup.
    """

    def __init__(self, fn: Callable[P, T], key: Callable[P, Hashable]) -> None:
        self.fn = fn
        self.key = key
        self._kept: dict[Hashable, T] = {}
        functools.update_wrapper(self, fn)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        name = self.key(*args, **kwargs)
        try:
            return self._kept[name]
        except KeyError:
            result = self._kept[name] = self.fn(*args, **kwargs)
            return result

    def cache_clear(self) -> None:
        """Forget every result."""
        self._kept.clear()


class _Keyed(Generic[P, T]):
    """Results by ``key(*args)``, least recently used dropped past ``maxsize``.

    With ``hold`` the first argument is kept with its result and must be the very same
    object to be served it: keyed by identity, the id of a collected object could
    otherwise be reused by another one. An argument that takes weak references (a model,
    a plan's week) is held weakly and its result forgotten when it is collected, so the
    memo never keeps alive what its callers let go (a plan made for one page and dropped);
    others (a tuple) are held until dropped past ``maxsize``.
    """

    def __init__(
        self, fn: Callable[P, T], maxsize: int | None, key: Callable[P, Hashable], *, hold: bool
    ) -> None:
        self.fn = fn
        self.maxsize = maxsize
        self.key = key
        self.hold = hold
        self._kept: OrderedDict[Hashable, tuple[object, T]] = OrderedDict()
        # Reentrant: a weak reference's callback may run while this thread holds the lock
        # (dropping one entry can collect another entry's argument).
        self._lock = threading.RLock()
        functools.update_wrapper(self, fn)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        name = self.key(*args, **kwargs)
        held = args[0] if self.hold else None
        with self._lock:
            found = self._kept.get(name)
            if found is not None and _held(found[0]) is held:
                self._kept.move_to_end(name)
                return found[1]
        result = self.fn(*args, **kwargs)
        with self._lock:
            self._kept[name] = (self._hold(name, held), result)
            self._kept.move_to_end(name)
            while self.maxsize is not None and len(self._kept) > self.maxsize:
                self._kept.popitem(last=False)
        return result

    def _hold(self, name: Hashable, held: object) -> object:
        """``held`` itself, or a weak reference to it that forgets ``name`` when it dies."""
        if held is None:
            return None
        try:
            return weakref.ref(held, lambda ref: self._forget(name, ref))
        except TypeError:  # no weak references to it (a tuple, a list)
            return held

    def _forget(self, name: Hashable, ref: weakref.ref[Any]) -> None:
        with self._lock:
            found = self._kept.get(name)
            if found is not None and found[0] is ref:
                del self._kept[name]

    def __len__(self) -> int:
        return len(self._kept)

    def cache_clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._kept.clear()


def _held(kept: object) -> object:
    return kept() if isinstance(kept, weakref.ref) else kept


def memo_by_identity(maxsize: int) -> Callable[[Callable[[A], T]], Callable[[A], T]]:
    """Keep a one-argument function's results by the argument's identity (at most ``maxsize``).

    For arguments that are costly to hash and reused as the same object (a plan's week is
    counted by the planner and by three rules). Callers must not mutate what they get:
    return an immutable value or copy it.
    """

    def decorate(fn: Callable[[A], T]) -> Callable[[A], T]:
        kept: _Keyed[[A], T] = _Keyed(fn, maxsize, id, hold=True)
        register(_name(fn), IDENTITY, f"{maxsize} arguments", kept.cache_clear)
        return kept

    return decorate
