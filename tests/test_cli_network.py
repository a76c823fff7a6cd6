"""``staffroom network``: ties and people files in, the connection-map JSON out, bad input named."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from staffroom.cli import app

FIXTURES = Path(__file__).parent / "analysis" / "fixtures" / "r" / "network"
PERSON_KEYS = {"degree", "betweenness", "community", "isolate", "broker"}


def _run(*args: str):
    result = CliRunner().invoke(app, ["network", *args])
    return result, " ".join(result.output.split())


def _write(path: Path, rows: list[dict[str, object]], columns: list[str] | None = None) -> Path:
    frame = pd.DataFrame(rows, columns=columns)
    if path.suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path


@pytest.fixture
def district(tmp_path: Path) -> tuple[Path, Path, dict[str, object]]:
    """The igraph fixture's district of 5 schools, as a ties file and a people file."""
    data = json.loads((FIXTURES / "graph_district.json").read_text())
    ties = _write(
        tmp_path / "ties.csv",
        [
            {"source": s, "target": t, "type": "advice", "directed": "yes", "weight": 1}
            for s, t in zip(data["ties"]["source"], data["ties"]["target"], strict=True)
        ],
    )
    people = _write(
        tmp_path / "people.csv",
        [
            {"person": p, "school": s, "role": r}
            for p, s, r in zip(
                data["people"],
                data["attributes"]["school"],
                data["attributes"]["role"],
                strict=True,
            )
        ],
    )
    return ties, people, data


def test_it_writes_exactly_the_documented_json(district, tmp_path):
    ties, people, data = district
    out = tmp_path / "net.json"
    result, text = _run(
        str(ties), "--people", str(people), "--attribute", "school", "--attribute", "role",
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert list(document) == ["people_count", "ties", "density", "components", "ei_index", "people"]
    expected = data["expected"]
    assert document["people_count"] == expected["people_count"] == 150
    assert document["ties"] == expected["ties"]
    assert document["components"] == expected["components"]
    assert document["density"] == pytest.approx(expected["density"], rel=1e-9)
    assert document["ei_index"]["school"] == pytest.approx(expected["ei"]["school"]["index"])
    assert document["ei_index"]["role"] == pytest.approx(expected["ei"]["role"]["index"])
    assert list(document["people"]) == data["people"]
    for person, row in document["people"].items():
        assert set(row) == PERSON_KEYS
        assert row["degree"] == expected["degree"][person]
        assert row["betweenness"] == pytest.approx(expected["betweenness"][person], abs=1e-12)
        assert isinstance(row["community"], int)
        assert row["isolate"] is (row["degree"] == 0)
        assert isinstance(row["broker"], bool)
    assert "150 people" in text
    assert "Result written to" in text


def test_xlsx_files_work_too(district, tmp_path):
    ties, people, _ = district
    ties_xlsx = _write(tmp_path / "ties.xlsx", pd.read_csv(ties).to_dict("records"))
    people_xlsx = _write(tmp_path / "people.xlsx", pd.read_csv(people).to_dict("records"))
    out_csv, out_xlsx = tmp_path / "a.json", tmp_path / "b.json"
    assert _run(str(ties), "--people", str(people), "--out", str(out_csv))[0].exit_code == 0
    result, _ = _run(str(ties_xlsx), "--people", str(people_xlsx), "--out", str(out_xlsx))
    assert result.exit_code == 0, result.output
    from_csv, from_xlsx = json.loads(out_csv.read_text()), json.loads(out_xlsx.read_text())
    # betweenness is summed by rustworkx's parallel workers in no fixed order, so it may
    # differ in the last bits between runs; everything else is exactly equal
    between_csv = {p: row.pop("betweenness") for p, row in from_csv["people"].items()}
    between_xlsx = {p: row.pop("betweenness") for p, row in from_xlsx["people"].items()}
    assert from_csv == from_xlsx
    assert between_csv == pytest.approx(between_xlsx, abs=1e-12)


def test_type_weight_and_direction_are_optional_and_repeats_collapse(tmp_path):
    ties = _write(
        tmp_path / "ties.csv",
        [
            {"source": "a", "target": "b"},
            {"source": "b", "target": "a"},
            {"source": "a", "target": "b"},
            {"source": "c", "target": "c"},
        ],
    )
    people = _write(tmp_path / "people.csv", [{"person": p} for p in "abcd"])
    out = tmp_path / "net.json"
    result, text = _run(str(ties), "--people", str(people), "--out", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["ties"] == 1
    assert document["ei_index"] == {}
    assert document["people"]["c"]["isolate"] is True
    assert "from 4 rows; 1 self-ties dropped" in text


def test_a_ties_file_with_no_rows_is_a_map_of_isolates(tmp_path):
    ties = _write(tmp_path / "ties.csv", [], columns=["source", "target"])
    people = _write(tmp_path / "people.csv", [{"person": p} for p in "ab"])
    out = tmp_path / "net.json"
    result, _ = _run(str(ties), "--people", str(people), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["components"] == 2


BAD_INPUT = [
    pytest.param(
        [{"source": "a", "target": "b"}, {"source": "b", "target": "zz"}],
        [{"person": "a"}, {"person": "b"}],
        [],
        "ties.csv, row 3, column 'target': 'zz' is not a person in people.csv",
        id="unknown-person",
    ),
    pytest.param(
        [{"source": "a", "target": "b", "weight": "heavy"}],
        [{"person": "a"}, {"person": "b"}],
        [],
        "ties.csv, row 2, column 'weight': 'heavy' is not a number",
        id="bad-weight",
    ),
    pytest.param(
        [{"source": "a", "target": "b", "weight": -1}],
        [{"person": "a"}, {"person": "b"}],
        [],
        "ties.csv, row 2, column 'weight': '-1' is not a number of 0 or more",
        id="negative-weight",
    ),
    pytest.param(
        [{"source": "a", "target": "b", "directed": "sometimes"}],
        [{"person": "a"}, {"person": "b"}],
        [],
        "ties.csv, row 2, column 'directed': 'sometimes' is not yes or no",
        id="bad-direction",
    ),
    pytest.param(
        [{"source": "a"}],
        [{"person": "a"}],
        [],
        "ties.csv, column 'target': no such column",
        id="missing-target-column",
    ),
    pytest.param(
        [{"source": "a", "target": "b"}],
        [{"person": "a"}, {"person": "b"}, {"person": "a"}],
        [],
        "people.csv, row 4, column 'person': repeats row 2",
        id="duplicate-person",
    ),
    pytest.param(
        [{"source": "a", "target": "b"}],
        [{"person": "a", "role": "x"}, {"person": "b", "role": "y"}],
        ["--attribute", "grade_band"],
        "people.csv, column 'grade_band': no such column (named by --attribute)",
        id="missing-attribute-column",
    ),
    pytest.param(
        [{"source": "a", "target": "b"}],
        [{"name": "a"}],
        [],
        "people.csv, column 'person': no such column",
        id="missing-person-column",
    ),
]


@pytest.mark.parametrize(("ties", "people", "extra", "message"), BAD_INPUT)
def test_bad_input_exits_2_naming_file_row_and_column_and_writes_nothing(
    tmp_path, ties, people, extra, message
):
    ties_file = _write(tmp_path / "ties.csv", ties)
    people_file = _write(tmp_path / "people.csv", people)
    out = tmp_path / "net.json"
    result, text = _run(str(ties_file), "--people", str(people_file), *extra, "--out", str(out))
    assert result.exit_code == 2, result.output
    assert message in text
    assert not out.exists()
    assert list(tmp_path.glob("*.json")) == []


def test_a_missing_file_exits_2(tmp_path):
    people = _write(tmp_path / "people.csv", [{"person": "a"}])
    result, text = _run(str(tmp_path / "nope.csv"), "--people", str(people), "--out", "x.json")
    assert result.exit_code == 2
    assert "nope.csv: no such file" in text


def test_a_bad_output_path_exits_2(district, tmp_path):
    ties, people, _ = district
    result, text = _run(
        str(ties), "--people", str(people), "--out", str(tmp_path / "no" / "such" / "net.json")
    )
    assert result.exit_code == 2
    assert "cannot write the result" in text


def test_large_maps_show_a_progress_bar_and_still_write_the_result(district, tmp_path, monkeypatch):
    import staffroom.cli

    monkeypatch.setattr(staffroom.cli, "NETWORK_PROGRESS_TIES", 0)
    ties, people, _ = district
    out = tmp_path / "net.json"
    result, _ = _run(str(ties), "--people", str(people), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["people_count"] == 150
