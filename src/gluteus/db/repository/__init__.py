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
    Cursor,
    Entry,
    EntryKind,
    add_entries,
    delete_entries,
    entry_cursor,
    get_entry,
    history_of,
    kind_of,
    last_cardio_before,
    last_sessions_before,
    last_set_number,
    last_training_day_before,
    list_entries,
    load_history,
    logs_from,
    logs_on,
    newest_entries,
    page_entries,
    replace_entry,
    weigh_in_span,
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
    create_user,
    get_user,
    lock_user,
    record_attempt,
    set_timezone,
    set_units,
    user_by_id,
)

__all__ = [
    "ENTRY_KINDS",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "IMPORT_KEY_COLUMNS",
    "TABLE_KEYS",
    "USER_TABLES",
    "Cursor",
    "Entry",
    "EntryKind",
    "PlanStamp",
    "active_plan",
    "active_plan_json",
    "active_plan_stamp",
    "add_entries",
    "add_import_keys",
    "add_logged_request",
    "checkin_rows",
    "create_user",
    "data_stamp",
    "delete_entries",
    "delete_everything",
    "delete_user_data",
    "entry_cursor",
    "export_all",
    "export_user",
    "forget_logged_request",
    "get_entry",
    "get_user",
    "history_of",
    "import_all",
    "import_sources",
    "import_user_rows",
    "is_empty",
    "kind_of",
    "known_import_keys",
    "last_cardio_before",
    "last_checkin_target",
    "last_sessions_before",
    "last_set_number",
    "last_training_day_before",
    "latest_profile",
    "latest_screening",
    "list_entries",
    "load_history",
    "lock_user",
    "logged_request",
    "logs_from",
    "logs_on",
    "newest_entries",
    "page_entries",
    "plan_rows",
    "profile_versions",
    "record_attempt",
    "replace_entry",
    "save_checkin",
    "save_plan",
    "save_profile",
    "save_screening",
    "set_timezone",
    "set_units",
    "user_by_id",
    "user_has_data",
    "weigh_in_span",
]
