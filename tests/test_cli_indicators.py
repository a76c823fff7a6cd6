"""``staffroom indicators``: the panel from data files, and bad input that names the cell."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from staffroom import cli
from staffroom.analysis.indicators import INDICATORS, PANEL_COLUMNS

runner = CliRunner()
FIXTURES = Path(__file__).parent / "analysis" / "fixtures" / "r" / "indicators"
FILES = {
    "--absences": "absences.csv",
    "--exits": "exits.csv",
    "--pl-events": "pl_events.csv",
    "--pl-attendance": "pl_attendance.csv",
    "--observations": "practice_observations.csv",
    "--requests": "district_requests.csv",
    "--meetings": "meetings.csv",
}


@pytest.fixture(autouse=True)
def _terminal(monkeypatch):
    monkeypatch.setattr(cli, "out", Console(width=200))
    monkeypatch.setattr(cli, "err", Console(width=200, stderr=True))
    monkeypatch.delenv("STAFFROOM_MIN_N", raising=False)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in [*FILES.values(), "roster.csv"]:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def _args(data: Path, out: Path, *extra: str) -> list[str]:
    args = ["indicators", "--roster", str(data / "roster.csv"), "--out", str(out)]
    for option, name in FILES.items():
        args += [option, str(data / name)]
    return [*args, "--as-of", "2025-06-20", "--end", "2025-06-30", *extra]


def test_it_writes_the_panel_with_every_indicator(data, tmp_path):
    out = tmp_path / "panel.json"

    result = runner.invoke(
        cli.app, _args(data, out, "--beyond-contract", "Family nights", "--min-n", "5")
    )

    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["min_n"] == 5
    assert [p["label"] for p in document["periods"]] == ["2023-24", "2024-25"]
    assert set(document["indicators"]) == set(INDICATORS)
    rows = document["panel"]
    assert set(rows[0]) == set(PANEL_COLUMNS)
    assert {r["indicator"] for r in rows} == set(INDICATORS)
    assert all(r["value"] is None for r in rows if r["suppressed"])
    assert all(r["n"] >= 5 for r in rows if not r["suppressed"])
    assert "Staff absence rate" in result.output
    assert "Panel written to" in result.output


def test_group_patterns_are_added_with_by(data, tmp_path):
    out = tmp_path / "panel.json"

    result = runner.invoke(cli.app, _args(data, out, "--by", "role", "--by", "hire_band"))

    assert result.exit_code == 0, result.output
    patterns = json.loads(out.read_text())["patterns"]
    assert {p["attribute"] for p in patterns} == {"role", "hire_band"}
    assert all(p["n"] is None or p["n"] >= 5 for p in patterns)


def test_months_are_a_period_too(data, tmp_path):
    out = tmp_path / "panel.json"

    result = runner.invoke(cli.app, _args(data, out, "--period", "month", "--start", "2024-09-01"))

    assert result.exit_code == 0, result.output
    labels = [p["label"] for p in json.loads(out.read_text())["periods"]]
    assert labels[0] == "2024-09"
    assert labels[-1] == "2025-06"


def test_only_the_roster_is_required(data, tmp_path):
    out = tmp_path / "panel.json"

    result = runner.invoke(
        cli.app,
        [
            "indicators",
            "--roster",
            str(data / "roster.csv"),
            "--out",
            str(out),
            "--beyond-contract",
            "Family nights",
            "--as-of",
            "2025-01-01",
        ],
    )

    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text())["panel"]
    assert {r["indicator"] for r in rows} == {"beyond_contract_share"}


def _break(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new, 1))


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "absences.csv",
            '2023-09-01,2023-09-30,"S3","S3-06",,22,3',
            '2023-09-01,2023-09-30,"S3","S3-06",,22,-2',
            "absences.csv, row 2, column 'days_absent': '-2' is not a number of 0 or more",
        ),
        (
            "exits.csv",
            '"X01","S2",2024-04-29',
            '"X01","S9",2024-04-29',
            "exits.csv, row 2, column 'school': 'S9' is not a school on the roster",
        ),
        (
            "pl_attendance.csv",
            '"E1","S1","S1-05"',
            '"E9","S1","S1-05"',
            "pl_attendance.csv, row 2, column 'event_id': 'E9' is not an event in pl_events.csv",
        ),
        (
            "pl_events.csv",
            '"S1; S2"',
            '"S1; S7"',
            "pl_events.csv, row 4, column 'schools': 'S7' is not a school on the roster",
        ),
        (
            "meetings.csv",
            '"M01",2023-09-05,"S2",,"S2-01","yes"',
            '"M01",2023-09-05,"S2",,"S2-01","maybe"',
            "meetings.csv, row 2, column 'present': 'maybe' is not yes or no",
        ),
    ],
)
def test_bad_input_exits_2_naming_file_row_and_column_and_writes_nothing(
    data, tmp_path, name, old, new, message
):
    _break(data / name, old, new)
    out = tmp_path / "panel.json"

    result = runner.invoke(cli.app, _args(data, out))

    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert not out.exists()


def test_a_failed_run_leaves_an_earlier_panel_as_it_was(data, tmp_path):
    out = tmp_path / "panel.json"
    out.write_text("earlier")
    _break(data / "roster.csv", "2016-05-21", "2016-13-21")

    result = runner.invoke(cli.app, _args(data, out))

    assert result.exit_code == 2
    assert "roster.csv, row 2, column 'hire_date'" in " ".join(result.output.split())
    assert out.read_text() == "earlier"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--period", "week"], "--period must be school-year or month"),
        (["--by", "shoe_size"], "--by 'shoe_size'"),
        (["--min-n", "2"], "below this installation's minimum"),
        (["--year-start-month", "13"], "--year-start-month must be 1 to 12"),
        (["--start", "2025-13-01"], "a date is not YYYY-MM-DD"),
    ],
)
def test_bad_options_exit_2(data, tmp_path, extra, message):
    result = runner.invoke(cli.app, _args(data, tmp_path / "p.json", *extra))

    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_events_need_attendance(data, tmp_path):
    result = runner.invoke(
        cli.app,
        [
            "indicators",
            "--roster",
            str(data / "roster.csv"),
            "--out",
            str(tmp_path / "p.json"),
            "--pl-events",
            str(data / "pl_events.csv"),
        ],
    )

    assert result.exit_code == 2
    assert "--pl-events and --pl-attendance go together" in result.output
