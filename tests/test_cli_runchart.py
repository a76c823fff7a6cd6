"""``staffroom runchart``: a series file in, the run-chart JSON out, bad input named."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from staffroom.analysis.runchart import run_chart
from staffroom.cli import app

FIXTURE = Path(__file__).parent / "analysis" / "fixtures" / "r" / "runchart"
CASES = {
    case["name"]: case
    for case in json.loads((FIXTURE / "expected_runcharts.json").read_text())["cases"]
}
SUMMARY_KEYS = (
    "n",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "crossings",
    "crossings_min",
    "signal",
)


def _run(*args: str):
    result = CliRunner().invoke(app, ["runchart", *args])
    return result, " ".join(result.output.split())


def _write_csv(path: Path, values: list[float | None], periods: list[str] | None = None) -> Path:
    frame = pd.DataFrame({"value": values})
    if periods is not None:
        frame.insert(0, "month", periods)
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("name", ["with_na", "shift", "on_median", "trend"])
def test_it_writes_the_r_values_from_a_csv(tmp_path: Path, name: str):
    case = CASES[name]
    periods = [f"2025-{i:02d}" for i in range(1, len(case["values"]) + 1)]
    series = _write_csv(tmp_path / "series.csv", case["values"], periods)
    out = tmp_path / "rc.json"

    result, _ = _run(str(series), "--value", "value", "--period", "month", "--out", str(out))

    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    for key in SUMMARY_KEYS:
        assert document[key] == case[key], key
    assert document["median"] == pytest.approx(case["median"])
    assert document["ihi"]["shift"] is case["shift"]
    assert document["ihi"]["trend"] is case["trend"]
    assert [p["period"] for p in document["points"]] == periods
    assert [p["trend"] for p in document["points"]] == case["points"]["trend"]
    assert [p["value"] for p in document["points"]] == case["values"]
    assert document["value_column"] == "value"


def test_it_reads_xlsx_and_numbers_periods_by_default(tmp_path: Path):
    path = tmp_path / "series.xlsx"
    pd.DataFrame({"attendance": [0.8, 0.82, None, 0.9, 0.7]}).to_excel(path, index=False)
    out = tmp_path / "rc.json"

    result, output = _run(str(path), "--value", "attendance", "--out", str(out))

    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert [p["period"] for p in document["points"]] == [1, 2, 3, 4, 5]
    assert document["n_missing"] == 1
    assert document == json.loads(out.read_text())
    assert document["median"] == run_chart([0.8, 0.82, None, 0.9, 0.7]).median
    assert "5 periods (1 missing" in output


def test_baseline_freezes_the_median(tmp_path: Path):
    series = _write_csv(tmp_path / "s.csv", [1, 2, 3, 4, 10, 10, 10, 10, 10, 10])
    out = tmp_path / "rc.json"
    result, _ = _run(str(series), "--value", "value", "--baseline", "4", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["median"] == 2.5


def test_a_cell_that_is_not_a_number_exits_2_naming_file_row_and_column(tmp_path: Path):
    series = tmp_path / "series.csv"
    series.write_text("month,value\nJan,3.5\nFeb,\nMar,lots\nApr,4\n", encoding="utf-8")
    out = tmp_path / "rc.json"

    result, output = _run(str(series), "--value", "value", "--out", str(out))

    assert result.exit_code == 2
    assert "series.csv, row 4, column 'value': 'lots' is not a number" in output
    assert not out.exists()


def test_a_missing_column_exits_2_and_leaves_an_old_result_alone(tmp_path: Path):
    series = _write_csv(tmp_path / "series.csv", [1, 2, 3])
    out = tmp_path / "rc.json"
    out.write_text("previous", encoding="utf-8")

    result, output = _run(str(series), "--value", "score", "--out", str(out))

    assert result.exit_code == 2
    assert "series.csv" in output
    assert "score" in output
    assert out.read_text(encoding="utf-8") == "previous"
    assert {p.name for p in tmp_path.iterdir()} == {"series.csv", "rc.json"}


def test_a_bad_baseline_exits_2(tmp_path: Path):
    series = _write_csv(tmp_path / "series.csv", [1, 2, 3])
    result, output = _run(
        str(series), "--value", "value", "--baseline", "9", "--out", str(tmp_path / "o.json")
    )
    assert result.exit_code == 2
    assert "--baseline" in output


def test_an_unknown_file_type_exits_2(tmp_path: Path):
    path = tmp_path / "series.txt"
    path.write_text("value\n1\n", encoding="utf-8")
    result, output = _run(str(path), "--value", "value", "--out", str(tmp_path / "o.json"))
    assert result.exit_code == 2
    assert "unsupported file type" in output
