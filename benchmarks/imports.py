"""Benchmark of the import parsers and the exercise matcher (issue 22): prints measured numbers.

Run: python3 benchmarks/imports.py  (``--import``: only the 100,000-row import into SQLite)

For each format, a synthetic file of two years of training is written in memory and parsed;
the benchmark prints rows per second and the peak memory Python allocated while parsing
(tracemalloc). Matching 1,000 distinct, never-seen names is timed against its target. A
synthetic Apple Health export of ``GLUTEUS_BENCH_HEALTH_MB`` megabytes (300 by default) is
written to a temporary file and parsed as a stream in a fresh process, whose peak resident
memory (RSS) is printed beside the file's size: it must stay bounded, not grow with the file.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable

from gluteus.domain.catalog import default_catalog
from gluteus.imports.fit import parse_fit
from gluteus.imports.fitbit import parse_fitbit
from gluteus.imports.health import parse_apple_health
from gluteus.imports.matching import ExerciseMatcher, default_aliases
from gluteus.imports.records import ParsedFile
from gluteus.imports.scales import parse_weights
from gluteus.imports.workouts import parse_hevy, parse_strong

ROWS = 100_000
MEMORY_ROWS = 10_000
MATCH_NAMES = 1_000
MATCH_TARGET_S = 1.0
NAMES = [
    "Hip Thrust (Barbell)",
    "Squat (Goblet)",
    "Romanian Deadlift (Dumbbell)",
    "Hip Abductor (Machine)",
    "Bulgarian Split Squat",
    "Cable Kickback",
    "Leg Press",
]
STRONG_HEAD = (
    "Workout #,Date,Workout Name,Duration (sec),Exercise Name,Set Order,Weight (kg),Reps,"
    "RPE,Distance (meters),Seconds,Notes,Workout Notes\n"
)
HEVY_HEAD = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_lbs","reps","distance_miles",'
    '"duration_seconds","rpe"\n'
)
MONTHS = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")


def strong_text(rows: int) -> str:
    lines = [STRONG_HEAD]
    for i in range(rows):
        day = 1 + (i // 40) % 28
        month = 1 + (i // (40 * 28)) % 12
        clock = f"{1 + i % 11}:16:55\u202f{'AM' if i % 2 else 'PM'}"
        name = NAMES[(i // 4) % len(NAMES)]
        lines.append(
            f"{i // 40},2024-{month:02d}-{day:02d} {clock},Glutes,3600,{name},{1 + i % 4},"
            f"{40 + i % 30},{8 + i % 5},8,0,0,,\n"
        )
    return "".join(lines)


def hevy_text(rows: int) -> str:
    lines = [HEVY_HEAD]
    for i in range(rows):
        day = 1 + (i // 40) % 28
        month = MONTHS[(i // (40 * 28)) % 12]
        name = NAMES[(i // 4) % len(NAMES)]
        start = f"{day} {month}. 2024, 07:{i % 60:02d}"
        lines.append(
            f'"Glutes","{start}","{start}","","{name}",,"",{i % 4},"normal",'
            f"{90 + i % 60},{8 + i % 5},,,\n"
        )
    return "".join(lines)


def weights_text(rows: int) -> str:
    lines = ['Date,"Weight (kg)","Fat mass (kg)",Comments\n']
    for i in range(rows):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        lines.append(f"{2000 + i // 336}-{month:02d}-{day:02d} 07:12:00,{60 + i % 20}.4,,\n")
    return "".join(lines)


def fitbit_text(rows: int) -> str:
    """A Fitbit weight-*.json array of ``rows`` weigh-ins (one a day, in pounds)."""
    start = dt.date(2000, 1, 1)
    items = [
        {
            "logId": 946_684_800_000 + i * 86_400_000,
            "weight": 150.0 + i % 30 / 10,
            "bmi": 23.5,
            "date": (start + dt.timedelta(days=i)).strftime("%m/%d/%y"),
            "time": "07:12:00",
            "source": "Aria",
        }
        for i in range(rows)
    ]
    return json.dumps(items)


def parse_fitbit_text(text: str) -> ParsedFile:
    return parse_fitbit([("weight-2000-01-01.json", lambda: io.BytesIO(text.encode()))])


def fit_text(rows: int) -> str:
    """A FIT weight file of ``rows`` weight_scale messages, as latin-1 text (bytes 1:1)."""
    from garmin_fit_sdk import Encoder, Profile

    numbers = Profile["mesg_num"]
    start = dt.datetime(2000, 1, 1, 7, 12, tzinfo=dt.UTC)
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": numbers["FILE_ID"], "type": "weight", "time_created": start})
    for i in range(rows):
        when = start + dt.timedelta(hours=i)
        encoder.write_mesg(
            {"mesg_num": numbers["WEIGHT_SCALE"], "timestamp": when, "weight": 70 + i % 30 / 10}
        )
    return encoder.close().decode("latin-1")


def parse_fit_text(text: str) -> ParsedFile:
    return parse_fit([("weight.fit", lambda: io.BytesIO(text.encode("latin-1")))])


def measure(name: str, make: Callable[[int], str], parse: Callable[[str], ParsedFile]) -> None:
    text = make(ROWS)
    start = time.perf_counter()
    parsed = parse(text)
    elapsed = time.perf_counter() - start
    sample = make(MEMORY_ROWS)  # tracemalloc slows parsing several times: a smaller file
    tracemalloc.start()
    parse(sample)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    count = len(parsed.workouts) + len(parsed.weights)
    print(
        f"{name:<22} {parsed.rows:>7} rows in {elapsed:5.2f} s"
        f"  {parsed.rows / elapsed:>8,.0f} rows/s"
        f"  peak {peak / 2**20:5.1f} MiB per {MEMORY_ROWS:,} rows"
        f"  (records {count}, problems {len(parsed.problems)})"
    )


def match_names() -> None:
    random.seed(1)
    words = ["Hip", "Thrust", "Squat", "Lunge", "Press", "Row", "Curl", "Raise", "Cable"]
    words += ["Kickback", "Deadlift", "Bridge", "Glute", "Leg", "Split", "Step", "Abductor"]
    kits = ["", " (Barbell)", " (Machine)", " (Dumbbell)", " (Band)", " (Smith Machine)"]
    names: set[str] = set()
    while len(names) < MATCH_NAMES:
        base = " ".join(random.sample(words, random.randint(1, 3)))
        names.add(base + random.choice(kits) + random.choice(["", "s", " 2"]))
    start = time.perf_counter()
    matcher = ExerciseMatcher(default_catalog())
    found = [matcher.match(name) for name in names]
    elapsed = time.perf_counter() - start
    matched = sum(m.exercise_id is not None for m in found)
    print(
        f"matching {MATCH_NAMES} new names: {elapsed:.3f} s (target < {MATCH_TARGET_S:g} s);"
        f" {matched} matched, aliases in the table: {len(default_aliases())}"
    )


HEALTH_MB = int(os.environ.get("GLUTEUS_BENCH_HEALTH_MB", "300"))
HEALTH_RSS_BOUND_MB = 150
_RECORD = (
    ' <Record type="HKQuantityTypeIdentifier{kind}" sourceName="iPhone" unit="{unit}"'
    ' creationDate="{day} 10:00:00 +0100" startDate="{day} 09:{m:02d}:00 +0100"'
    ' endDate="{day} 09:{m:02d}:30 +0100" value="{value}"/>\n'
)


def write_health(path: str, megabytes: int) -> int:
    """A synthetic export.xml of about ``megabytes`` MB; returns its record count."""
    records = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n')
        written = 0
        while written < megabytes * 2**20:
            day = f"{2015 + records // 200_000}-{1 + records // 16_000 % 12:02d}-"
            day += f"{1 + records // 500 % 28:02d}"
            m = records % 60
            kinds = ("StepCount", "count", records % 900)
            if records % 250 == 0:
                kinds = ("BodyMass", "kg", 70 + records % 7)
            elif records % 50 == 0:
                kinds = ("DietaryEnergyConsumed", "kcal", 300 + records % 400)
            kind, unit, value = kinds
            line = _RECORD.format(kind=kind, unit=unit, day=day, m=m, value=value)
            written += out.write(line)
            records += 1
        out.write("</HealthData>\n")
    return records


def health_child(path: str) -> None:
    """Parse ``path`` in this (fresh) process and print the peak RSS it reached."""
    start = time.perf_counter()
    with open(path, "rb") as stream:
        parsed = parse_apple_health(stream)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(
        f"apple health {os.path.getsize(path) / 2**20:7.0f} MB  {parsed.rows:>9,} records in"
        f" {elapsed:5.1f} s ({parsed.rows / elapsed:,.0f}/s); {len(parsed.weights)} weigh-ins,"
        f" {len(parsed.intake)} food days; peak RSS {peak_mb:.0f} MB"
        f" (bound {HEALTH_RSS_BOUND_MB} MB)"
    )


def measure_health() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "export.xml")
        write_health(path, HEALTH_MB)
        subprocess.run([sys.executable, __file__, "--health", path], check=True)


def measure_import(rows: int = ROWS) -> None:
    """A whole Strong import into an empty SQLite journal, then the same file again.

    Parse, match, plan, check for duplicates and write, through the service, as the CLI
    runs it. A file of ``rows`` over the per-file limit (``IMPORT_MAX_ROWS``) skips only
    that check, to time the write path at 100,000 rows. CPU seconds are printed beside the
    wall clock (a shared machine's wall time includes waiting for a core).
    """
    import datetime as dt

    from gluteus.db.engine import create_db_engine, unit_of_work, upgrade_to_head
    from gluteus.domain.units import UnitSystem
    from gluteus.services import imports, users

    text = strong_text(rows)
    with tempfile.TemporaryDirectory() as folder:
        engine = create_db_engine(f"sqlite:///{folder}/bench.db")
        upgrade_to_head(engine)
        with unit_of_work(engine) as session:
            user_id = users.create_user(session, "bench", timezone="UTC")
            now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
            actor = users.actor_for(session, user_id, now, UnitSystem.METRIC)
        told: list[int] = []
        for attempt in ("first import", "re-import"):
            told.clear()
            start, cpu = time.perf_counter(), time.process_time()
            with unit_of_work(engine) as session:
                given = imports.ImportInput(source="strong", text=text)
                if rows <= imports.IMPORT_MAX_ROWS:
                    view = imports.import_file(
                        session, actor, given, progress=lambda d, _t: told.append(d)
                    )
                else:
                    view = imports._imported(  # past the per-file row limit
                        session,
                        actor,
                        given,
                        imports._parse(given),
                        progress=lambda d, _t: told.append(d),
                    )
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(
                f"strong {attempt:<12} {rows:>7} rows in {elapsed:5.1f} s (CPU {cpu:5.1f} s)"
                f" {rows / elapsed:>8,.0f} rows/s: {view.imported.sets} sets added,"
                f" {view.duplicates} already present; progress told {len(told)} times"
            )
        engine.dispose()


def main() -> None:
    if sys.argv[1:] == ["--import"]:  # only the end-to-end import (issue 22 item 6)
        measure_import()
        return
    measure("strong current, 12 h", strong_text, parse_strong)
    measure("hevy german, lb", hevy_text, parse_hevy)
    measure("withings weights", weights_text, parse_weights)
    measure("fitbit weight json", fitbit_text, parse_fitbit_text)
    measure("garmin fit weights", fit_text, parse_fit_text)
    match_names()
    measure_import()
    measure_health()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--health":
        health_child(sys.argv[2])
    else:
        main()
