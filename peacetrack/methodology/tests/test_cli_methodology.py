import json
import subprocess
import sys

from peacetrack.methodology.loader import get_methodology


def test_methodology_json_from_the_cli_equals_the_loaded_data():
    result = subprocess.run(
        [sys.executable, "-m", "peacetrack.cli", "methodology", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    printed = json.loads(result.stdout)
    assert printed == json.loads(json.dumps(get_methodology().as_json()))
    task = printed["steps"][3]["activities"][1]["tasks"][1]
    assert task["key"] == "4.2.2"
    assert set(task) == {
        "key",
        "title",
        "guidance",
        "beyond_handbook",
        "questions",
        "checkpoints",
        "examples",
    }
    assert task["beyond_handbook"].startswith("A spoiler's type is not fixed")
    assert "spoiler_strategies" in printed["lists"]
    assert len(printed["examples"]) == len(get_methodology().examples)


def test_methodology_text_listing_shows_every_task_key():
    result = subprocess.run(
        [sys.executable, "-m", "peacetrack.cli", "methodology"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    for key in get_methodology().tasks:
        assert f"    {key} " in result.stdout
