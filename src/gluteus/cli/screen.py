"""`gluteus screen`: the 7 readiness questions; the answers go into your profile."""

from __future__ import annotations

from typing import Annotated

import typer

from gluteus.cli.app import JSON_OPTION_HELP, app, console, fail, print_json
from gluteus.cli.runtime import is_terminal, use_case
from gluteus.services import plans

JsonOpt = Annotated[bool, typer.Option("--json", help=JSON_OPTION_HELP)]


@app.command("screen")
def screen_command(
    yes: Annotated[
        str | None, typer.Option(help="Comma-separated ids answered yes, e.g. q1,q6.")
    ] = None,
    all_no: Annotated[bool, typer.Option("--all-no", help="Every answer is no.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Answer the 7 readiness questions (PAR-Q+ style); the answers go into your profile.

    In a terminal it asks each question; otherwise give --yes or --all-no.
    Example: gluteus screen --yes q6 --json
    """
    from gluteus.cli.render import screening_panel
    from gluteus.domain.profile import ParqAnswers
    from gluteus.domain.screening import PARQ_QUESTIONS

    if yes is not None or all_no:
        chosen = {part.strip().lower() for part in (yes or "").split(",") if part.strip()}
        unknown = sorted(chosen - set(PARQ_QUESTIONS))
        if unknown:
            fail(f"--yes: unknown question id(s) {', '.join(unknown)}; use q1 … q7")
        answers = ParqAnswers(**{key: key in chosen for key in PARQ_QUESTIONS})
    elif is_terminal():
        from gluteus.cli.prompts import yes_no

        answers = ParqAnswers(**{k: yes_no(text, False) for k, text in PARQ_QUESTIONS.items()})
    else:
        fail("--yes/--all-no: not a terminal; give --yes q1,q6 (answered yes) or --all-no")
    with use_case() as (session, actor):
        view = plans.save_screening(session, actor, answers)
    if json_out:
        print_json(
            {
                "answers": view.answers.model_dump(),
                **view.clearance.model_dump(mode="json"),
                "saved_to_profile": view.saved_to_profile,
            }
        )
        return
    console.print(screening_panel(view.clearance))
    where = "your profile" if view.saved_to_profile else "your next plan"
    console.print(f"Saved; {where} carries these answers.", style="dim")
