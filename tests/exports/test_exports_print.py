"""The printable plan: one week per page, labelled tick boxes, person-facing text, units."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gluteus.domain.catalog import default_catalog
from gluteus.domain.planning import build_program
from gluteus.domain.profile import Profile
from gluteus.domain.program import Program, Session, SessionKind
from gluteus.domain.units import UnitSystem
from gluteus.exports import Paper, program_html
from gluteus.services.plans import example_profile

START = dt.date(2026, 3, 2)
# CI installs Debian's chromium; the variable lets a developer point at another build.
CHROMIUM = Path(os.environ.get("GLUTEUS_TEST_CHROMIUM", "/usr/bin/chromium"))
INTERNAL = re.compile(r"SPEC|§|facts\.md|seed|article|could not meet", re.IGNORECASE)


class _Page(HTMLParser):
    """What a reader of the page meets: week sections, the header, tick boxes, visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.weeks: list[str] = []
        self.header_in: list[str | None] = []
        self.boxes: list[str] = []
        self.unlabelled = 0
        self.text: list[str] = []
        self._open: list[tuple[str, dict[str, str | None]]] = []
        self._label: list[str] | None = None
        self._boxes_in_label = 0
        self._skip = 0
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input":
            if attributes.get("type") == "checkbox":
                self._boxes_in_label += self._label is not None
                self.unlabelled += self._label is None
            return
        self._open.append((tag, attributes))
        if tag == "section" and "week" in (attributes.get("class") or "").split():
            self.weeks.append(attributes.get("id") or "")
        if tag == "header":
            inside = [a.get("id") for t, a in self._open[:-1] if t == "section"]
            self.header_in.append(inside[-1] if inside else None)
        if tag == "label":
            self._label, self._boxes_in_label = [], 0
        if tag in ("style", "script", "title"):
            self._skip += 1
        if attributes.get("aria-hidden") == "true":
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            open_tag, attributes = self._open.pop()
            self._hidden -= attributes.get("aria-hidden") == "true"
            if open_tag == tag:
                break
        if tag == "label" and self._label is not None:
            if self._boxes_in_label:
                self.boxes.append(" ".join("".join(self._label).split()))
            self._label = None
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._label is not None and not self._hidden:
            self._label.append(data)
        if not self._skip:
            self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def _visible(html: str) -> str:
    return " ".join(" ".join(_parse(html).text).split())


@pytest.fixture(scope="module")
def twelve_weeks() -> Program:
    profile = example_profile()
    assert profile.weeks == 12
    return build_program(profile, default_catalog(), START)


def test_one_page_container_per_week_with_the_header_on_the_first(twelve_weeks: Program) -> None:
    html = program_html(twelve_weeks)
    page = _parse(html)
    assert page.weeks == [f"week-{n}" for n in range(1, 13)]
    assert page.header_in == ["week-1"]
    assert ".week + .week { break-before: page;" in html
    assert "@page" in html and "landscape" in html


def test_every_set_has_a_labelled_tick_box(twelve_weeks: Program) -> None:
    page = _parse(program_html(twelve_weeks))
    assert page.unlabelled == 0
    assert all(label.startswith("Done: ") for label in page.boxes)
    monday = twelve_weeks.weeks[0].days[0]
    strength = monday.strength_sessions()[0].exercises[0]
    for n in range(1, strength.sets + 1):
        assert f"Done: {strength.name}, set {n}" in page.boxes
    assert "Done: Warm-up" in page.boxes and "Done: Cool-down stretches" in page.boxes
    assert len(page.boxes) == sum(
        _boxes(session)
        for week in twelve_weeks.weeks
        for day in week.days
        for session in day.sessions
    )


def _boxes(session: Session) -> int:
    if session.kind in (SessionKind.WARMUP, SessionKind.COOLDOWN):
        return 1
    return sum(max(1, e.sets) for e in session.exercises)


def test_no_internal_references_reach_the_page() -> None:
    # 20 minutes a day cannot hold every rule, so the planner writes "could not meet" notes.
    squeezed = Profile.model_validate(
        {**example_profile().model_dump(), "minutes_per_session": 20,
         "available_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
    )  # fmt: skip
    program = build_program(squeezed, default_catalog(), START)
    assert any("Could not meet" in note for note in program.notes)
    html = program_html(program)
    for marker in ("SPEC", "§", "facts.md", "seed", "article", "Could not meet", "`"):
        assert marker not in html
    for rule in program.rules:
        if "-" in rule.id:
            assert rule.id not in html
    assert program.generator not in html


def test_an_uncleared_person_sees_why_without_internal_notes(woman: Profile) -> None:
    answers = {f"q{i}": i == 1 for i in range(1, 8)}
    profile = Profile.model_validate({**woman.model_dump(), "parq": answers, "weeks": 4})
    program = build_program(profile, default_catalog())
    assert not program.screening.cleared
    text = _visible(program_html(program))
    assert "Talk to a health professional before starting." in text
    assert "A heart condition or high blood pressure was reported." in text
    assert INTERNAL.search(text) is None
    assert "Readiness:" not in text


def test_every_tip_is_printed_once_across_the_weeks(twelve_weeks: Program) -> None:
    text = _visible(program_html(twelve_weeks))
    for tip in twelve_weeks.tips:
        assert text.count(" ".join(tip.text.split())) == 1


def test_imperial_plan_shows_pounds_only_without_float_noise(twelve_weeks: Program) -> None:
    text = _visible(program_html(twelve_weeks, UnitSystem.IMPERIAL))
    assert "Weight: 158.7 lb" in text and "Goal: 143.3 lb" in text
    assert "about 1.1 lb a week" in text
    assert re.search(r"\bkg\b|\bcm\b|\bkm\b", text) is None
    assert re.search(r"\d\.\d{2,}", text) is None


def test_printed_plan_explains_the_calorie_number(twelve_weeks: Program) -> None:
    cal = twelve_weeks.calories
    text = _visible(program_html(twelve_weeks))
    assert "How the calorie number was made: Resting energy" in text
    assert f"+ {cal.exercise_kcal_per_day:,.0f} for the plan's workouts" in text
    assert f"Protein about {cal.protein_g:.0f} g a day" in text
    assert "Walk 8,000-10,000 steps a day" in text


def test_metric_plan_shows_kilograms_only(twelve_weeks: Program) -> None:
    text = _visible(program_html(twelve_weeks))
    assert "Weight: 72 kg" in text and "about 0.5 kg a week" in text
    assert re.search(r"\blbs?\b|\bmiles?\b|\bft\b", text) is None
    assert re.search(r"\d\.\d{2,}", text) is None


@pytest.mark.parametrize(
    ("paper", "size"), [("a4", "A4 landscape"), ("letter", "letter landscape")]
)
def test_paper_size_can_be_fixed(twelve_weeks: Program, paper: Paper, size: str) -> None:
    assert f"@page {{ size: {size};" in program_html(twelve_weeks, paper=paper)


def _pdf_pages(html: str, tmp_path: Path) -> int:
    source = tmp_path / "plan.html"
    source.write_text(html, "utf-8")
    out = tmp_path / "plan.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--print-to-pdf={out}",
            source.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", out.read_bytes()))


BUSY_WEEKS = {
    "available_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "minutes_per_session": 120,
    "level": "advanced",
    "cardio_sandwich": True,
}


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("changes", [{}, BUSY_WEEKS], ids=["example", "busy"])
def test_chromium_prints_one_page_per_week(
    tmp_path: Path, paper: Paper, changes: dict[str, object]
) -> None:
    profile = Profile.model_validate({**example_profile().model_dump(), **changes})
    program = build_program(profile, default_catalog(), START)
    html = program_html(program, UnitSystem.IMPERIAL, paper=paper)
    assert _pdf_pages(html, tmp_path) == len(program.weeks) == 12


def test_the_printable_plan_can_add_each_move_drawn_still(twelve_weeks: Program) -> None:
    html = program_html(twelve_weeks, figures=True)
    assert 'id="figures-title"' in html
    moves = {
        e.id
        for w in twelve_weeks.weeks
        for d in w.days
        for s in d.sessions
        if s.kind.value != "cardio"
        for e in s.exercises
    }
    assert html.count("<svg ") == len(moves) > 0
    assert "@keyframes" not in html, "printed figures are still: start and end side by side"
    assert "http://" not in html and "https://" not in html
    assert 'id="figures-title"' not in program_html(twelve_weeks)
