"""A process killed in the middle of a multi-row log leaves all of it or none of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from gluteus.db.tables import SetRow

WRITER = textwrap.dedent(
    """
    import datetime as dt
    import sys
    import time
    from pathlib import Path

    from sqlalchemy import event

    from gluteus.db.engine import create_db_engine, unit_of_work
    from gluteus.domain.units import UnitSystem
    from gluteus.services import journal, users

    url, signal_file = sys.argv[1], Path(sys.argv[2])
    engine = create_db_engine(url)
    day = dt.date(2025, 3, 3)
    with unit_of_work(engine) as session:
        user_id = users.create_user(session, "crash", timezone="UTC")
    # One INSERT per row, so the pause falls between rows 3 and 4.
    engine.dialect.use_insertmanyvalues = False
    engine.dialect.insert_executemany_returning = False
    written = 0

    @event.listens_for(engine, "after_cursor_execute")
    def pause_after_third(conn, cursor, statement, parameters, context, executemany):
        global written
        if statement.startswith("INSERT INTO logged_sets"):
            written += 1
            if written == 3:
                signal_file.write_text("3 rows flushed")
                time.sleep(60)

    noon = dt.datetime(2025, 3, 3, 12, tzinfo=dt.UTC)
    with unit_of_work(engine) as session:
        actor = users.actor_for(session, user_id, noon, UnitSystem.METRIC)
        journal.log_sets(
            session,
            actor,
            journal.SetsInput(
                exercise_id="glute-bridge",
                reps=[15, 14, 13, 12, 11],
                last_two_hard=True,
                date=day,
            ),
        )
    """
)


def _count(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(SetRow)) or 0)


def test_killed_writer_leaves_all_or_nothing(engine: Engine, db_url: str, tmp_path: Path) -> None:
    signal_file = tmp_path / "flushed"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, db_url, str(signal_file)],
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not signal_file.exists():
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "writer never reached the third row"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        if process.stderr:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert _count(engine) in (0, 5)
    assert _count(engine) == 0
