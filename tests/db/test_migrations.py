from __future__ import annotations

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from gluteus.db.engine import current_revision, downgrade_to, head_revision, upgrade_to_head
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
