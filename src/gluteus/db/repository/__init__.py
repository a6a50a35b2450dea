"""Typed reads and writes over the tables, mapping rows to and from domain objects.

Functions take an open :class:`~sqlalchemy.orm.Session` and never commit: the caller (a
service) owns the transaction, so a use case that writes several rows writes all or none.

One module a concept, every name re-exported here (``repo.user_by_id(...)``):
``users`` (users, their settings, the lock on their row, sign-in and sign-up attempts),
``stamps`` (the data stamp every writer renews), ``profiles`` (profile versions and
readiness checks), ``plans`` (the active plan and its stamp), ``checkins``, ``entries``
(log entries of every kind and the history built from them), ``import_keys`` (where
imported logs came from), ``logged_requests`` (idempotency keys of log requests) and
``backup`` (export, import and wiping of stored data).
"""

from gluteus.db.repository.backup import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    TABLE_KEYS,
    USER_TABLES,
    delete_everything,
    delete_user_data,
    export_all,
    export_user,
    import_all,
    import_user_rows,
    is_empty,
    user_has_data,
)
from gluteus.db.repository.checkins import checkin_rows, last_checkin_target, save_checkin
from gluteus.db.repository.entries import (
    ENTRY_KINDS,
    Entry,
    EntryKind,
    add_entries,
    delete_entries,
    get_entry,
    kind_of,
    last_set_number,
    list_entries,
    load_history,
    newest_entries,
    replace_entry,
)
from gluteus.db.repository.import_keys import (
    IMPORT_KEY_COLUMNS,
    add_import_keys,
    import_sources,
    known_import_keys,
)
from gluteus.db.repository.logged_requests import (
    add_logged_request,
    forget_logged_request,
    logged_request,
)
from gluteus.db.repository.plans import (
    PlanStamp,
    active_plan,
    active_plan_json,
    active_plan_stamp,
    plan_rows,
    save_plan,
)
from gluteus.db.repository.profiles import (
    latest_profile,
    latest_screening,
    profile_versions,
    save_profile,
    save_screening,
)
from gluteus.db.repository.stamps import data_stamp
from gluteus.db.repository.users import (
    add_web_session,
    create_user,
    end_stale_web_sessions,
    end_web_sessions,
    failures_since,
    forget_failures,
    get_user,
    lock_user,
    record_attempt,
    record_failure,
    set_timezone,
    set_units,
    touch_web_session,
    user_by_id,
    web_session,
)

__all__ = [
    "ENTRY_KINDS",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "IMPORT_KEY_COLUMNS",
    "TABLE_KEYS",
    "USER_TABLES",
    "Entry",
    "EntryKind",
    "PlanStamp",
    "active_plan",
    "active_plan_json",
    "active_plan_stamp",
    "add_entries",
    "add_import_keys",
    "add_logged_request",
    "add_web_session",
    "checkin_rows",
    "create_user",
    "data_stamp",
    "delete_entries",
    "delete_everything",
    "delete_user_data",
    "end_stale_web_sessions",
    "end_web_sessions",
    "export_all",
    "export_user",
    "failures_since",
    "forget_failures",
    "forget_logged_request",
    "get_entry",
    "get_user",
    "import_all",
    "import_sources",
    "import_user_rows",
    "is_empty",
    "kind_of",
    "known_import_keys",
    "last_checkin_target",
    "last_set_number",
    "latest_profile",
    "latest_screening",
    "list_entries",
    "load_history",
    "lock_user",
    "logged_request",
    "newest_entries",
    "plan_rows",
    "profile_versions",
    "record_attempt",
    "record_failure",
    "replace_entry",
    "save_checkin",
    "save_plan",
    "save_profile",
    "save_screening",
    "set_timezone",
    "set_units",
    "touch_web_session",
    "user_by_id",
    "user_has_data",
    "web_session",
]
