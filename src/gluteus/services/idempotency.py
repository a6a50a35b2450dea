"""Logging exactly once: a request sent again with its idempotency key stores nothing new.

A phone in a gym without signal queues each logged set and sends it when the connection
returns, possibly twice (a timeout after the server stored it). Each set carries a key the
phone chose; the first request stores the entry and the key in one transaction, a repeat
with the same key and the same body gets that entry back, a repeat with another body is
refused. When the entry was deleted since, the request is stored again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from gluteus.db import repository as repo
from gluteus.services import journal
from gluteus.services.context import Actor
from gluteus.services.errors import InputError, NotFoundError

KEY_FIELD = "Idempotency-Key"
"""What the key is called where a person or a client meets it (the HTTP header)."""
KEY_LENGTH = (8, 100)
"""Allowed key length [characters]: long enough to be unique, short enough to store."""


def check_key(key: str) -> str:
    """The key, trimmed; an :class:`InputError` naming the allowed form otherwise."""
    clean = key.strip()
    low, high = KEY_LENGTH
    if not low <= len(clean) <= high or not clean.isprintable():
        raise InputError(
            KEY_FIELD,
            "not a usable key",
            allowed=f"{low}–{high} printable characters, e.g. a UUID",
            value=key,
        )
    return clean


def fingerprint(kind: str, body: Any) -> str:
    """A digest of what was asked: the kind of log and its body, keys sorted."""
    text = json.dumps([kind, body], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def log_once(
    session: Session,
    actor: Actor,
    key: str | None,
    request_fingerprint: str,
    log: Callable[[], journal.EntryView],
) -> tuple[journal.EntryView, bool]:
    """Run ``log`` unless ``key`` already stored an entry; return the entry and if it is new.

    Args:
        session: The caller's unit of work (the entry and its key are stored together).
        actor: Who logs.
        key: The client's idempotency key; None logs as usual.
        request_fingerprint: :func:`fingerprint` of the request.
        log: Stores the entry.

    Raises:
        InputError: On the key when it is malformed or was used for a different request.
    """
    if key is None:
        return log(), True
    clean = check_key(key)
    # Writers of one user take turns on their row, so two copies of one request never
    # both find the key missing (the unique index backs this up).
    repo.lock_user(session, actor.user_id)
    found = repo.logged_request(session, actor.user_id, clean)
    if found is not None:
        stored_fingerprint, entry = found
        if stored_fingerprint != request_fingerprint:
            raise InputError(
                KEY_FIELD,
                "this key already logged something else; send a new key for a new entry",
                value=clean,
            )
        try:
            return journal.get_entry(session, actor, entry), False
        except NotFoundError:
            # Deleted since: the request stands for one stored entry, so it is stored again.
            repo.forget_logged_request(session, actor.user_id, clean)
    view = log()
    repo.add_logged_request(session, actor.user_id, clean, request_fingerprint, view.id)
    return view, True
