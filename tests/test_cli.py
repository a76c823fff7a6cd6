"""The ``staffroom`` command line: analyse, instruments, demo and sample survey."""

from __future__ import annotations

import csv
import json
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from jsonschema import Draft202012Validator
from rich.console import Console
from typer.testing import CliRunner

from staffroom import cli
from staffroom.demo import DEMO_SCHOOLS, demo_survey, synthetic_survey
from staffroom.instruments import builtin_ids, load_builtin, load_instrument
from staffroom.pipeline import analyze_responses_file, read_survey_file
from staffroom.reports import report_schema, survey_report

runner = CliRunner()

INSTRUMENT = """\
id: tiny
title: "Tiny survey"
scales:
  - id: trust
    title: "Trust [among staff]"
    points: [1, 5]
    items: [T1, T2, T3]
    reverse: [T3]
  - id: voice
    points: [1, 4]
    items: [V1, V2]
"""

SIZES = {"007": 14, "010": 9, "021": 3, "100": 7}
"""School "021" is under 5; "100" is then hidden too, so 021 cannot be worked out."""

HEADER_ROW = 1


@pytest.fixture(autouse=True)
def _terminal(monkeypatch):
    """A wide terminal whatever COLUMNS says, and no installation minimum unless set."""
    monkeypatch.setattr(cli, "out", Console(width=200))
    monkeypatch.setattr(cli, "err", Console(width=200, stderr=True))
    monkeypatch.delenv("STAFFROOM_MIN_N", raising=False)


@pytest.fixture
def instrument_path(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(INSTRUMENT, encoding="utf-8")
    return path


@pytest.fixture
def frame(instrument_path: Path) -> pd.DataFrame:
    specs = load_instrument(instrument_path).scale_specs()
    rng = np.random.default_rng(2024)
    return synthetic_survey(
        specs,
        list(SIZES.values()),
        rng,
        missing=0.05,
        demographics=("role",),
        school_labels=list(SIZES),
    )


@pytest.fixture
def responses(tmp_path: Path, frame: pd.DataFrame) -> Path:
    path = tmp_path / "responses.csv"
    frame.to_csv(path, index=False, float_format="%.0f")
    return path


@pytest.fixture
def out_path(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder / "report.json"


def _analyze(responses: Path, instrument: Path | str, out_path: Path, *extra: str):
    return runner.invoke(
        cli.app,
        [
            "analyze",
            str(responses),
            "--instrument",
            str(instrument),
            "--group",
            "school",
            "--out",
            str(out_path),
            *extra,
        ],
    )


def _report(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Change one cell of a CSV file; ``row`` as a spreadsheet shows it (header = 1)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def _flat(text: str) -> str:
    """Text with line wrapping undone, for finding long sentences."""
    return " ".join(text.split())


def _out(result) -> str:
    """What the command printed (stdout and stderr), without colour codes or wrapping."""
    return _flat(re.sub(r"\x1b\[[0-9;]*m", "", result.output))


# --------------------------------------------------------------------------- analyze: success


def test_analyze_exits_0_prints_a_summary_and_writes_the_report(
    responses, instrument_path, out_path
):
    result = _analyze(responses, instrument_path, out_path)

    assert result.exit_code == 0, result.output
    output = _out(result)
    assert "Tiny survey: 33 respondents in 4 groups (school); 2 groups suppressed" in output
    assert "Trust [among staff] (trust)" in output
    assert "voice" in output
    assert f"Report written to {out_path}" in output
    assert out_path.is_file()


def test_the_report_validates_against_the_schema(responses, instrument_path, out_path):
    result = _analyze(responses, instrument_path, out_path, "--by", "role")
    assert result.exit_code == 0, result.output

    report = _report(out_path)

    Draft202012Validator(report_schema()).validate(report)
    assert report["schema"] == "staffroom.report/1"
    assert (report["respondents"], report["min_n"]) == (33, 5)
    assert (report["group_column"], report["by_columns"]) == ("school", ["role"])
    assert list(report["scales"]) == ["trust", "voice"]
    assert list(report["scales"]["trust"]["items"]) == ["T1", "T2", "T3"]


def test_the_report_holds_exactly_what_the_pipeline_computes(responses, instrument_path, out_path):
    result = _analyze(responses, instrument_path, out_path, "--by", "role")
    assert result.exit_code == 0, result.output

    instrument = load_instrument(instrument_path)
    loaded = read_survey_file(responses, instrument, group="school", by=["role"])
    results = analyze_responses_file(loaded, instrument, group="school", by=["role"], min_n=5)

    assert _report(out_path) == survey_report(results)


def test_report_group_keys_are_the_files_values_as_text(responses, instrument_path, out_path):
    result = _analyze(responses, instrument_path, out_path)
    assert result.exit_code == 0, result.output

    groups = _report(out_path)["groups"]

    assert sorted(groups) == ["007", "010", "021", "100"]
    assert groups["007"]["n"] == 14
    assert groups["010"]["n"] == 9


def test_suppressed_groups_have_no_n_and_no_statistics(responses, instrument_path, out_path):
    result = _analyze(responses, instrument_path, out_path, "--by", "role")
    assert result.exit_code == 0, result.output

    groups = _report(out_path)["groups"]

    assert groups["021"] == {"n": None, "suppressed": True}
    assert groups["100"] == {"n": None, "suppressed": True}
    assert groups["007"]["suppressed"] is False
    assert set(groups["007"]["scales"]) == {"trust", "voice"}
    assert set(groups["007"]["by"]) == {"role"}


def test_by_breaks_each_shown_group_down_into_cells(responses, instrument_path, out_path, frame):
    result = _analyze(responses, instrument_path, out_path, "--by", "role")
    assert result.exit_code == 0, result.output

    groups = _report(out_path)["groups"]

    for school in ("007", "010"):
        cells = groups[school]["by"]["role"]
        roles = frame.loc[frame["school"] == school, "role"].replace("", "(not reported)")
        assert set(cells) == set(roles)
        for value, cell in cells.items():
            if cell["suppressed"]:
                assert cell == {"n": None, "suppressed": True, "scales": {}}
            else:
                assert cell["n"] == int((roles == value).sum()) >= 5
                assert set(cell["scales"]) == {"trust", "voice"}
    all_cells = [c for s in ("007", "010") for c in groups[s]["by"]["role"].values()]
    assert any(c["suppressed"] for c in all_cells)
    assert any(not c["suppressed"] for c in all_cells)


def test_by_can_be_given_more_than_once(tmp_path, instrument_path, out_path):
    specs = load_instrument(instrument_path).scale_specs()
    frame = synthetic_survey(
        specs, [20, 12], np.random.default_rng(5), demographics=("role", "hire_band")
    )
    path = tmp_path / "two.csv"
    frame.to_csv(path, index=False, float_format="%.0f")

    result = _analyze(path, instrument_path, out_path, "--by", "role", "--by", "hire_band")

    assert result.exit_code == 0, result.output
    report = _report(out_path)
    assert report["by_columns"] == ["role", "hire_band"]
    assert set(report["groups"]["S00001"]["by"]) == {"role", "hire_band"}


def test_a_higher_min_n_than_the_default_is_allowed(responses, instrument_path, out_path):
    result = _analyze(responses, instrument_path, out_path, "--min-n", "10")

    assert result.exit_code == 0, result.output
    report = _report(out_path)
    assert report["min_n"] == 10
    assert report["groups"]["010"] == {"n": None, "suppressed": True}


def test_a_large_file_shows_progress_and_still_writes_the_report(
    responses, instrument_path, out_path, monkeypatch
):
    monkeypatch.setattr(cli, "LARGE_FILE_BYTES", 1)

    result = _analyze(responses, instrument_path, out_path)

    assert result.exit_code == 0, result.output
    Draft202012Validator(report_schema()).validate(_report(out_path))


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_analyze_reads_xlsx_and_parquet_to_the_same_report(
    tmp_path, frame, responses, instrument_path, out_path, suffix
):
    other = tmp_path / f"responses{suffix}"
    if suffix == ".xlsx":
        frame.to_excel(other, index=False)
    else:
        frame.to_parquet(other, index=False)
    csv_report = tmp_path / "from-csv.json"
    assert _analyze(responses, instrument_path, csv_report).exit_code == 0

    result = _analyze(other, instrument_path, out_path)

    assert result.exit_code == 0, result.output
    assert _report(out_path) == _report(csv_report)


def test_a_builtin_instrument_is_named_by_its_id(tmp_path, out_path):
    path = tmp_path / "climate.csv"
    survey = demo_survey().head(120)  # the first schools of the demo district
    survey.to_csv(path, index=False, float_format="%.0f")

    result = _analyze(path, "staff-climate", out_path, "--by", "role")

    assert result.exit_code == 0, result.output
    report = _report(out_path)
    Draft202012Validator(report_schema()).validate(report)
    assert list(report["scales"]) == [s.id for s in load_builtin("staff-climate").scales]


# --------------------------------------------------------------------------- analyze: bad input


BAD_ANSWERS = [
    pytest.param("T2", "6", 6, "answer 6 is not a whole number from 1 to 5", id="above-points"),
    pytest.param("V1", "5", 9, "answer 5 is not a whole number from 1 to 4", id="above-4"),
    pytest.param("T1", "0", 2, "answer 0 is not a whole number from 1 to 5", id="below-points"),
    pytest.param("T3", "2.5", 30, "answer 2.5 is not a whole number from 1 to 5", id="fraction"),
    pytest.param("T2", "often", 12, "answer 'often' is not a whole number", id="text"),
]


@pytest.mark.parametrize("existing", [False, True], ids=["no-report", "old-report"])
@pytest.mark.parametrize(("column", "value", "row", "problem"), BAD_ANSWERS)
def test_a_bad_answer_exits_2_names_file_row_column_and_writes_no_report(
    responses, instrument_path, out_path, existing, column, value, row, problem
):
    _set_cell(responses, row, column, value)
    if existing:
        out_path.write_text('{"previous": true}\n', encoding="utf-8")

    result = _analyze(responses, instrument_path, out_path)

    assert result.exit_code == 2, result.output
    assert f"{responses}, row {row}, column '{column}': {problem}" in _out(result)
    assert "Traceback" not in _out(result)
    if existing:
        assert out_path.read_text(encoding="utf-8") == '{"previous": true}\n'
    assert sorted(p.name for p in out_path.parent.iterdir()) == (
        ["report.json"] if existing else []
    )


@pytest.mark.parametrize(("suffix", "row"), [(".xlsx", 8), (".parquet", 7)])
def test_a_bad_answer_in_a_workbook_or_parquet_file_is_named_by_row(
    tmp_path, frame, instrument_path, out_path, suffix, row
):
    frame = frame.copy()
    frame.loc[6, "T1"] = 7.0  # the seventh respondent
    path = tmp_path / f"responses{suffix}"
    if suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_parquet(path, index=False)

    result = _analyze(path, instrument_path, out_path)

    assert result.exit_code == 2, result.output
    assert f"{path}, row {row}, column 'T1': answer 7 is not a whole number" in _out(result)
    assert not out_path.exists()


def _drop_column(path: Path, column: str) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=[column]).to_csv(path, index=False)


@pytest.mark.parametrize(
    ("change", "options", "message"),
    [
        pytest.param(None, ["--group", "district"], "no column 'district'", id="no-group-column"),
        pytest.param(None, ["--by", "race"], "no column 'race'", id="no-by-column"),
        pytest.param(lambda p: _drop_column(p, "V2"), [], "no column 'V2'", id="no-item-column"),
        pytest.param(lambda p: p.write_bytes(b""), [], "is empty", id="empty-file"),
        pytest.param(
            lambda p: p.write_text("school,role,T1,T2,T3,V1,V2\n", encoding="utf-8"),
            [],
            "has a header but no responses",
            id="header-only",
        ),
        pytest.param(
            lambda p: p.write_bytes("school,T1\nCafé,1\n".encode("latin-1")),
            [],
            "is not UTF-8 text",
            id="not-utf8",
        ),
        pytest.param(lambda p: p.unlink(), [], "no such file", id="missing-file"),
    ],
)
def test_a_bad_responses_file_exits_2_names_it_and_leaves_the_old_report(
    responses, instrument_path, out_path, change, options, message
):
    if change is not None:
        change(responses)
    out_path.write_text('{"previous": true}\n', encoding="utf-8")
    arguments = ["analyze", str(responses), "--instrument", str(instrument_path)]
    arguments += ["--out", str(out_path), *options]
    if "--group" not in options:
        arguments += ["--group", "school"]

    result = runner.invoke(cli.app, arguments)

    assert result.exit_code == 2, result.output
    assert f"error: {responses}" in _out(result)
    assert message in _out(result)
    assert out_path.read_text(encoding="utf-8") == '{"previous": true}\n'
    assert [p.name for p in out_path.parent.iterdir()] == ["report.json"]


def test_a_ragged_row_is_named_by_row(responses, instrument_path, out_path):
    lines = responses.read_text(encoding="utf-8").splitlines()
    lines[4] += ",extra"
    responses.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = _analyze(responses, instrument_path, out_path)

    assert result.exit_code == 2, result.output
    assert f"{responses}, row 5: expected 7 fields as in the header, found 8" in _out(result)
    assert not out_path.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "cannot be read (No such file or directory)", id="missing"),
        pytest.param(b"id: x\nscales: [", "not valid YAML", id="bad-yaml"),
        pytest.param(
            "id: x\nscales: []\ntítulo: é\n".encode("latin-1"), "is not UTF-8", id="latin1"
        ),
        pytest.param(
            INSTRUMENT.replace("reverse: [T3]", "reverse: [T9]").encode(),
            "scale 'trust': item 'T9': listed in reverse but not one of the scale's items",
            id="invalid",
        ),
    ],
)
def test_an_unreadable_instrument_exits_2_names_it_and_writes_no_report(
    tmp_path, responses, out_path, content, message
):
    path = tmp_path / "mine.yaml"
    if content is not None:
        path.write_bytes(content)

    result = _analyze(responses, path, out_path)

    assert result.exit_code == 2, result.output
    assert f"error: {path}: " in _out(result)
    assert message in _out(result)
    assert not out_path.exists()


def test_a_report_that_cannot_be_written_exits_2_and_names_it(tmp_path, responses, instrument_path):
    out_path = tmp_path / "missing-folder" / "report.json"

    result = _analyze(responses, instrument_path, out_path)

    assert result.exit_code == 2, result.output
    assert f"{out_path}: cannot write the report" in _out(result)


def test_brackets_in_a_file_name_are_shown_as_written(tmp_path, responses, instrument_path):
    named = tmp_path / "survey [final].csv"
    responses.rename(named)
    _set_cell(named, 3, "T1", "9")

    result = _analyze(named, instrument_path, tmp_path / "report.json")

    assert result.exit_code == 2, result.output
    assert f"error: {named}, row 3, column 'T1'" in _out(result)


# --------------------------------------------------------------------------- minimum group size


@pytest.mark.parametrize("min_n", ["2", "4", "0", "-5"])
def test_a_min_n_below_the_default_exits_2_and_writes_no_report(
    responses, instrument_path, out_path, min_n
):
    result = _analyze(responses, instrument_path, out_path, "--min-n", min_n)

    assert result.exit_code == 2, result.output
    message = f"--min-n {min_n} is below this installation's minimum group size of 5"
    assert message in _out(result)
    assert not out_path.exists()


def test_staffroom_min_n_3_allows_min_n_3(responses, instrument_path, out_path, monkeypatch):
    monkeypatch.setenv("STAFFROOM_MIN_N", "3")

    result = _analyze(responses, instrument_path, out_path, "--min-n", "3")

    assert result.exit_code == 0, result.output
    report = _report(out_path)
    assert report["min_n"] == 3
    assert report["groups"]["021"]["n"] == 3  # no longer hidden


def test_staffroom_min_n_is_the_default_minimum(responses, instrument_path, out_path, monkeypatch):
    monkeypatch.setenv("STAFFROOM_MIN_N", "8")

    result = _analyze(responses, instrument_path, out_path)

    assert result.exit_code == 0, result.output
    assert _report(out_path)["min_n"] == 8


def test_min_n_below_staffroom_min_n_exits_2(responses, instrument_path, out_path, monkeypatch):
    monkeypatch.setenv("STAFFROOM_MIN_N", "8")

    result = _analyze(responses, instrument_path, out_path, "--min-n", "5")

    assert result.exit_code == 2, result.output
    assert "minimum group size of 8" in _out(result)
    assert not out_path.exists()


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("2", "STAFFROOM_MIN_N=2 is below the floor of 3"),
        ("0", "STAFFROOM_MIN_N=0 is below the floor of 3"),
        ("five", "STAFFROOM_MIN_N='five' is not a whole number"),
    ],
)
def test_an_unusable_staffroom_min_n_is_rejected(
    responses, instrument_path, out_path, monkeypatch, setting, message
):
    monkeypatch.setenv("STAFFROOM_MIN_N", setting)

    result = _analyze(responses, instrument_path, out_path, "--min-n", "5")

    assert result.exit_code == 2, result.output
    assert message in _out(result)
    assert not out_path.exists()


# --------------------------------------------------------------------------- instrument commands


def test_instrument_list_shows_every_builtin():
    result = runner.invoke(cli.app, ["instrument", "list"])

    assert result.exit_code == 0, result.output
    for instrument_id in builtin_ids():
        instrument = load_builtin(instrument_id)
        assert instrument_id in _out(result)
        assert instrument.title["en"] in _out(result)


@pytest.mark.parametrize("instrument_id", builtin_ids())
def test_instrument_check_accepts_each_builtin_and_counts_it(instrument_id):
    instrument = load_builtin(instrument_id)

    result = runner.invoke(cli.app, ["instrument", "check", instrument_id])

    assert result.exit_code == 0, result.output
    assert (
        f"{instrument_id}: valid ({len(instrument.scales)} scales, "
        f"{len(instrument.item_ids)} scored items, {len(instrument.questions)} other questions)"
    ) in _out(result)


def test_instrument_check_accepts_a_file(instrument_path):
    result = runner.invoke(cli.app, ["instrument", "check", str(instrument_path)])

    assert result.exit_code == 0, result.output
    assert f"{instrument_path}: valid (2 scales, 5 scored items, 0 other questions)" in _out(result)


def test_instrument_check_names_file_scale_and_item_of_an_error(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text(INSTRUMENT.replace("items: [V1, V2]", "items: [V1, V1]"), encoding="utf-8")

    result = runner.invoke(cli.app, ["instrument", "check", str(path)])

    assert result.exit_code == 2, result.output
    assert f"error: {path}: scale 'voice': item 'V1': listed twice" in _out(result)


def test_instrument_check_shows_a_message_with_brackets_in_full(tmp_path):
    path = tmp_path / "points.yaml"
    path.write_text(INSTRUMENT.replace("points: [1, 4]", "points: [1, 2, 4]"), encoding="utf-8")

    result = runner.invoke(cli.app, ["instrument", "check", str(path)])

    assert result.exit_code == 2, result.output
    assert "scale 'voice': points: points must be [lowest, highest]" in _out(result)


def test_instrument_show_prints_spanish_wording():
    climate = load_builtin("staff-climate")

    result = runner.invoke(cli.app, ["instrument", "show", "staff-climate", "--language", "es"])

    assert result.exit_code == 0, result.output
    output = _out(result)
    assert climate.title["es"] in output
    for scale in climate.scales:
        assert f"{scale.title['es']} ({scale.id})" in output
        for item in scale.items:
            assert _flat(item.text["es"]) in output
    assert "Trust among colleagues" not in output
    assert climate.scales[0].items[0].text["en"] not in output


def test_instrument_show_marks_reverse_keyed_items_and_lists_questions():
    result = runner.invoke(cli.app, ["instrument", "show", "staff-climate"])

    assert result.exit_code == 0, result.output
    output = _out(result)
    assert "CT06 (reverse-keyed): Some staff at my school talk badly" in output
    assert "CT01: I can count on my colleagues" in output
    assert "COMMENT_COLLAB [text]: What helps staff at your school work well together?" in output


def test_instrument_show_prints_the_question_type_of_choice_questions():
    result = runner.invoke(cli.app, ["instrument", "show", "exit"])

    assert result.exit_code == 0, result.output
    assert "EXIT_REASONS [multiple_choice]:" in _out(result)
    assert "EXIT_DESTINATION [single_choice]:" in _out(result)


def test_instrument_show_prints_wording_with_brackets_as_written(tmp_path):
    path = tmp_path / "brackets.yaml"
    path.write_text(
        "id: brackets\nscales:\n  - id: s\n    title: 'Scale [draft]'\n    points: [1, 5]\n"
        "    items:\n      - id: A1\n        text: 'I trust [school name] leaders.'\n",
        encoding="utf-8",
    )

    result = runner.invoke(cli.app, ["instrument", "show", str(path)])

    assert result.exit_code == 0, result.output
    assert "Scale [draft] (s)" in _out(result)
    assert "A1: I trust [school name] leaders." in _out(result)


def test_instrument_show_refuses_a_language_the_instrument_lacks():
    result = runner.invoke(cli.app, ["instrument", "show", "pulse", "--language", "fr"])

    assert result.exit_code == 2, result.output
    assert "pulse has no 'fr' wording (en, es)" in _out(result)


# --------------------------------------------------------------------------- demo and sample


def test_demo_exits_0_lists_the_demo_schools_and_writes_a_valid_report(tmp_path):
    out_path = tmp_path / "var" / "demo-report.json"

    result = runner.invoke(cli.app, ["demo", "--no-serve", "--out", str(out_path)])

    assert result.exit_code == 0, result.output
    for school, _size in DEMO_SCHOOLS:
        assert school in _out(result)
    assert "a fictional district of 12 schools" in _out(result)
    report = _report(out_path)
    Draft202012Validator(report_schema()).validate(report)
    assert set(report["groups"]) == {school for school, _ in DEMO_SCHOOLS}
    assert report["groups"]["Willow Early Learning Center"] == {"n": None, "suppressed": True}
    assert report["groups"]["Linden High"]["n"] == 96
    assert report["respondents"] == sum(size for _, size in DEMO_SCHOOLS)


def test_sample_survey_writes_a_csv_that_analyze_accepts(tmp_path, out_path):
    path = tmp_path / "sample.csv"

    written = runner.invoke(cli.app, ["sample-survey", str(path)])
    assert written.exit_code == 0, written.output
    assert f"Wrote 571 fictional responses to {path}" in _out(written)

    result = _analyze(path, "staff-climate", out_path, "--by", "role", "--by", "hire_band")

    assert result.exit_code == 0, result.output
    report = _report(out_path)
    Draft202012Validator(report_schema()).validate(report)
    assert report["respondents"] == 571


def test_sample_survey_with_the_default_seed_is_the_bundled_sample(tmp_path):
    path = tmp_path / "sample.csv"
    bundled = resources.files("staffroom.data").joinpath(cli.DEMO_SURVEY_FILE)

    result = runner.invoke(cli.app, ["sample-survey", str(path)])

    assert result.exit_code == 0, result.output
    assert path.read_bytes() == bundled.read_bytes()


def test_sample_survey_seeds_give_repeatable_different_files(tmp_path):
    paths = [tmp_path / name for name in ("a.csv", "b.csv", "c.csv")]
    for path, seed in zip(paths, ["1", "1", "2"], strict=True):
        assert runner.invoke(cli.app, ["sample-survey", str(path), "--seed", seed]).exit_code == 0

    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert paths[0].read_bytes() != paths[2].read_bytes()


def test_parquet_group_numbers_are_reported_as_text(tmp_path, instrument_path, out_path, frame):
    table = pa.Table.from_pandas(
        frame.assign(school=frame["school"].astype(int)).drop(columns=["role"]),
        preserve_index=False,
    )
    path = tmp_path / "numbers.parquet"
    pq.write_table(table, path)

    result = _analyze(path, instrument_path, out_path)

    assert result.exit_code == 0, result.output
    assert sorted(_report(out_path)["groups"]) == ["10", "100", "21", "7"]


@pytest.mark.parametrize(
    ("scale_ids", "expected"),
    [
        (["colleague_trust", "voice_safety", "community"], ["CT", "VS", "CO"]),
        (["community", "comfort"], ["CO", "CO2"]),
        (["lead"], ["LE"]),
    ],
)
def test_demo_table_headings_are_short_and_unique(scale_ids, expected):
    from staffroom.cli import _abbreviations

    assert _abbreviations(scale_ids) == expected
