"""`gluteus schema`: JSON Schemas of Gluteus documents."""

from __future__ import annotations

import json

from commandline import run


def test_schema_plan_is_json_schema() -> None:
    code, out, _ = run("schema", "plan")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "Program" and "weeks" in schema["properties"]
