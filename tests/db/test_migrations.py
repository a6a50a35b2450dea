from __future__ import annotations

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from gluteus.db.engine import (
    HEAD_REVISION,
    current_revision,
    downgrade_to,
    head_revision,
    upgrade_to_head,
)
from gluteus.db.tables import Base

TABLES = {t.name for t in Base.metadata.sorted_tables}


def test_upgrade_downgrade_upgrade_round_trip(bare_engine: Engine) -> None:
    assert current_revision(bare_engine) is None
    upgrade_to_head(bare_engine)
    assert current_revision(bare_engine) == head_revision()
    assert set(inspect(bare_engine).get_table_names()) >= TABLES
    downgrade_to(bare_engine, "base")
    assert current_revision(bare_engine) is None
    assert not TABLES & set(inspect(bare_engine).get_table_names())
    upgrade_to_head(bare_engine)
    assert set(inspect(bare_engine).get_table_names()) >= TABLES


def test_head_schema_matches_the_tables(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent(engine: Engine) -> None:
    upgrade_to_head(engine)
    with Session(engine) as session:
        assert session.connection().dialect.name in {"sqlite", "postgresql"}
    assert current_revision(engine) == head_revision()


def test_head_constant_matches_the_migration_scripts() -> None:
    assert head_revision() == HEAD_REVISION


def test_upgrade_renumbers_duplicate_set_numbers(bare_engine: Engine) -> None:
    from sqlalchemy import text

    downgrade_to(bare_engine, "base")
    from alembic import command

    from gluteus.db.engine import alembic_config

    command.upgrade(alembic_config(bare_engine), "0001")
    with bare_engine.begin() as connection:
        connection.execute(
            text("INSERT INTO users (id, name, created_at) VALUES (1, 'a', '2025-01-01')")
        )
        for number in (1, 1, 2):
            connection.execute(
                text(
                    "INSERT INTO logged_sets (user_id, date, exercise_id, set_number, reps, "
                    "last_two_hard, good_form, created_at) VALUES (1, '2025-03-03', "
                    "'glute-bridge', :n, 10, true, true, '2025-03-03')"
                ),
                {"n": number},
            )
    upgrade_to_head(bare_engine)
    with bare_engine.connect() as connection:
        numbers = connection.execute(
            text("SELECT set_number FROM logged_sets ORDER BY set_number")
        ).scalars()
        assert list(numbers) == [1, 2, 3]


def test_pain_region_migration_defaults_old_reports_to_other(bare_engine: Engine) -> None:
    from alembic import command
    from sqlalchemy import text

    from gluteus.db.engine import alembic_config

    command.upgrade(alembic_config(bare_engine), "0008")
    with bare_engine.begin() as connection:
        connection.execute(
            text("INSERT INTO users (id, name, created_at) VALUES (1, 'a', '2025-01-01')")
        )
        connection.execute(
            text(
                "INSERT INTO pain_reports (user_id, date, exercise_id, severity, note, "
                "created_at) VALUES (1, '2025-03-03', 'loaded-squat', 4, 'left', '2025-03-03')"
            )
        )
    command.upgrade(alembic_config(bare_engine), "0009")
    columns = {c["name"]: c for c in inspect(bare_engine).get_columns("pain_reports")}
    assert not columns["region"]["nullable"]
    with bare_engine.connect() as connection:
        assert connection.execute(text("SELECT region FROM pain_reports")).scalar_one() == "other"
    downgrade_to(bare_engine, "0008")
    assert "region" not in {c["name"] for c in inspect(bare_engine).get_columns("pain_reports")}
    with bare_engine.connect() as connection:
        assert connection.execute(text("SELECT note FROM pain_reports")).scalar_one() == "left"
