"""The ``staffroom`` command line: analyse survey files, check instruments, run the demo."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from staffroom.analysis import SurveyResults
from staffroom.config import ConfigurationError, min_n_setting
from staffroom.demo import DEMO_SEED, DEMOGRAPHIC_COLUMNS, demo_survey
from staffroom.instruments import (
    Instrument,
    InstrumentError,
    builtin_ids,
    load_builtin,
    resolve_instrument,
)
from staffroom.io import InputFileError
from staffroom.pipeline import analyze_responses_file, read_survey_file, write_survey_report
from staffroom.reports import iter_group_entries

__all__ = ["app"]

app = typer.Typer(
    help="Staffroom: staff trust, community and collective efficacy for school districts.",
    no_args_is_help=True,
    add_completion=False,
)
instrument_app = typer.Typer(help="List, show and check survey instruments.", no_args_is_help=True)
app.add_typer(instrument_app, name="instrument")

out = Console()
err = Console(stderr=True)

LARGE_FILE_BYTES = 5_000_000
"""Files at least this big get a progress bar."""

EXIT_BAD_INPUT = 2

DEMO_SURVEY_FILE = "demo-district-survey.csv"


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_BAD_INPUT)


def _load_instrument(name: str) -> Instrument:
    try:
        return resolve_instrument(name)
    except InstrumentError as exc:
        raise _fail(str(exc)) from exc


class _Steps:
    """A progress bar over the stages of a long command (quiet for small files)."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self._task = progress.add_task("starting", total=total) if progress else None

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=label)
        yield
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)


@contextmanager
def _progress(show: bool, total: int) -> Iterator[_Steps]:
    if not show:
        yield _Steps(None, total)
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        yield _Steps(progress, total)


def _fmt(value: Any, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _print_summary(
    report: dict[str, Any], results: SurveyResults, instrument: Instrument, seconds: float
) -> None:
    """The survey line and the scales table; ``report`` is the report header."""
    hidden = int(results.groups["suppressed"].sum())
    out.print(
        f"[bold]{escape(instrument.title.get('en', instrument.id))}[/]: "
        f"{report['respondents']:,} respondents in {len(results.groups):,} groups "
        f"({escape(report['group_column'])}); "
        f"{hidden:,} groups suppressed (fewer than {report['min_n']} or needed to protect "
        f"them); analysed in {seconds:.2f} s",
        highlight=False,
    )
    table = Table(title="Scales over all respondents", title_justify="left")
    for heading in ("scale", "n", "mean", "sd", "alpha", "ICC(1)", "ICC(2)"):
        table.add_column(heading, justify="left" if heading == "scale" else "right")
    for scale_id, scale in report["scales"].items():
        title = instrument.scale(scale_id).title.get("en", scale_id)
        table.add_row(
            f"{escape(title)} ({scale_id})" if title != scale_id else scale_id,
            "—" if scale["n"] is None else f"{scale['n']:,}",
            _fmt(scale["mean"]),
            _fmt(scale["sd"]),
            _fmt(scale["alpha"]),
            _fmt(scale["icc1"], 3),
            _fmt(scale["icc2"], 3),
        )
    out.print(table)


def _run_analysis(
    responses: Path, instrument: Instrument, group: str, by: list[str], min_n: int, out_path: Path
) -> tuple[SurveyResults, dict[str, Any], float]:
    """Read, analyse and write the report; the one path behind ``analyze`` and ``demo``.

    Returns the results, the report header (survey and scales) and the analysis time.
    The report is streamed to disk group by group, so state-scale reports never sit
    whole in memory."""
    large = responses.is_file() and responses.stat().st_size >= LARGE_FILE_BYTES
    try:
        with _progress(large, total=3) as steps:
            with steps.step(f"reading {responses.name}"):
                loaded = read_survey_file(responses, instrument, group=group, by=by)
            started = time.perf_counter()
            with steps.step("analysing"):
                results = analyze_responses_file(
                    loaded, instrument, group=group, by=by, min_n=min_n
                )
            seconds = time.perf_counter() - started
            with steps.step(f"writing {out_path.name}"):
                header = write_survey_report(results, out_path)
    except InputFileError as exc:
        raise _fail(str(exc)) from exc
    except OSError as exc:
        raise _fail(f"{out_path}: cannot write the report ({exc.strerror})") from exc
    return results, header, seconds


def _minimum(requested: int | None) -> int:
    try:
        floor = min_n_setting()
    except ConfigurationError as exc:
        raise _fail(str(exc)) from exc
    minimum = floor if requested is None else requested
    if minimum < floor:
        raise _fail(
            f"--min-n {minimum} is below this installation's minimum group size of {floor} "
            "(STAFFROOM_MIN_N may lower it, never below 3)"
        )
    return minimum


@app.command()
def analyze(
    responses: Annotated[Path, typer.Argument(help="Responses file: CSV, XLSX or Parquet.")],
    instrument: Annotated[
        str, typer.Option(help="Instrument file (YAML) or built-in instrument id.")
    ],
    group: Annotated[str, typer.Option(help="Column naming each respondent's group (school).")],
    out_path: Annotated[Path, typer.Option("--out", help="Where to write the JSON report.")],
    by: Annotated[
        list[str] | None,
        typer.Option(help="Demographic column to break results down by (repeatable)."),
    ] = None,
    min_n: Annotated[
        int | None,
        typer.Option(help="Minimum group size for any statistic (default: STAFFROOM_MIN_N or 5)."),
    ] = None,
) -> None:
    """Score a survey, compute its statistics by group with suppression, write a JSON report."""
    minimum = _minimum(min_n)
    chosen = _load_instrument(instrument)
    results, header, seconds = _run_analysis(
        responses, chosen, group, list(by or []), minimum, out_path
    )
    _print_summary(header, results, chosen, seconds)
    out.print(f"Report written to {out_path}", highlight=False, markup=False)


def _short_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _abbreviations(scale_ids: list[str]) -> list[str]:
    """Short column headings: initials of a scale id's words (``voice_safety`` -> ``VS``)."""
    short = []
    for scale_id in scale_ids:
        words = [w for w in scale_id.replace("-", "_").split("_") if w]
        base = "".join(w[0] for w in words).upper() if len(words) > 1 else scale_id[:2].upper()
        candidate, number = base, 2
        while candidate in short:
            candidate, number = f"{base}{number}", number + 1
        short.append(candidate)
    return short


def _print_groups(results: SurveyResults, instrument: Instrument) -> None:
    scale_ids = list(results.scales.index)
    headings = _abbreviations(scale_ids)
    legend = "; ".join(
        f"{heading} {instrument.scale(scale_id).title.get('en', scale_id)}"
        for heading, scale_id in zip(headings, scale_ids, strict=True)
    )
    table = Table(
        title="Scale means by school",
        title_justify="left",
        caption=(
            f"{escape(legend)}.\n— hidden: fewer than {results.min_n} people, or hidden so "
            "that a smaller group cannot be worked out by subtraction."
        ),
        caption_justify="left",
    )
    table.add_column("school")
    table.add_column("n", justify="right")
    for heading in headings:
        table.add_column(heading, justify="right")
    for label, group in iter_group_entries(results):
        if group["suppressed"]:
            table.add_row(escape(label), "—", *["—"] * len(scale_ids))
            continue
        cells = (group["scales"][scale_id] for scale_id in scale_ids)
        table.add_row(
            escape(label),
            str(group["n"]),
            *["—" if cell["suppressed"] else _fmt(cell["mean"]) for cell in cells],
        )
    out.print(table)


@app.command()
def demo(
    out_path: Annotated[Path, typer.Option("--out", help="Where to write the demo report.")] = Path(
        "var/demo-report.json"
    ),
    port: Annotated[int, typer.Option(help="Port to serve the demo web application on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to serve on (loopback by default).")] = (
        "127.0.0.1"
    ),
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Seed and serve the web demo.")
    ] = True,
) -> None:
    """Analyse the bundled fictional district survey, then seed and serve the web demo."""
    sample = Path(str(resources.files("staffroom.data").joinpath(DEMO_SURVEY_FILE)))
    chosen = load_builtin("staff-climate")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    minimum = _minimum(None)
    results, header, seconds = _run_analysis(
        sample, chosen, "school", list(DEMOGRAPHIC_COLUMNS), minimum, out_path
    )
    out.print(
        "[bold]Staffroom demo[/]: a fictional district of 12 schools answered the Staff Trust, "
        "Community and Collective Efficacy survey. All names and answers are invented.\n",
        highlight=False,
    )
    _print_summary(header, results, chosen, seconds)
    _print_groups(results, chosen)
    shown = _short_path(sample)
    out.print(
        f"\nFull report (every school, scale, item and breakdown by "
        f"{', '.join(DEMOGRAPHIC_COLUMNS)}): {escape(str(out_path))}\n"
        f"Try it yourself:\n  .venv/bin/staffroom analyze {escape(shown)} \\\n"
        "    --instrument staff-climate --group school --by role --out report.json",
        highlight=False,
        soft_wrap=True,
    )
    if not serve:
        return
    from staffroom.web.runtime import demo_prepare

    with err.status("Creating the demo database (fictional district, seeded) ..."):
        seeded = demo_prepare(out_path.parent / "demo")
    from staffroom.web.core.demo import DEMO_PASSWORD  # after Django is set up

    base = f"http://{host}:{port}"
    table = Table(title=f"Sign in at {base}/ (password: {DEMO_PASSWORD})", title_justify="left")
    for heading in ("role", "email", "sees"):
        table.add_column(heading)
    for role, email, sees in seeded.accounts:
        table.add_row(role, email, escape(sees))
    out.print(table)
    out.print("[bold]Open survey links[/] (Winter 2026 survey; the last is the standing link):")
    for name, path in seeded.links:
        out.print(f"  {escape(name)}: {base}{path}", highlight=False, soft_wrap=True)
    out.print(
        f"Serving the demo on {base}/ with a background worker for reminders and report "
        "batches (Ctrl+C to stop).",
        highlight=False,
    )
    from django.core.management import call_command

    from staffroom.web.runtime import background_worker

    with background_worker():
        call_command("runserver", f"{host}:{port}", use_reloader=False)


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    workers: Annotated[int, typer.Option(help="gunicorn worker processes.")] = 2,
    local: Annotated[
        bool,
        typer.Option(
            "--local/--no-local",
            help="Trying it on this machine: plain http, a generated secret key under var/.",
        ),
    ] = True,
) -> None:
    """Run the production server (gunicorn, production settings) after migrating."""
    from staffroom.web.runtime import gunicorn_command

    command = gunicorn_command(
        host=host, port=port, workers=workers, local=local, var_dir=Path("var")
    )
    out.print(
        f"Serving with gunicorn on http://{host}:{port}/ ({workers} workers).", highlight=False
    )
    os.execv(command[0], command)  # noqa: S606 - replaces this process with gunicorn


@app.command("sample-survey")
def sample_survey(
    out_path: Annotated[Path, typer.Argument(help="CSV file to write.")],
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same file.")] = (
        DEMO_SEED
    ),
) -> None:
    """Write the fictional demo district's survey answers as CSV (the bundled sample)."""
    frame = demo_survey(seed)
    frame.to_csv(out_path, index=False, float_format="%.0f")
    out.print(
        f"Wrote {len(frame):,} fictional responses to {out_path}", highlight=False, markup=False
    )


@instrument_app.command("list")
def instrument_list() -> None:
    """List the built-in instruments."""
    table = Table(title="Built-in instruments", title_justify="left")
    for heading in ("id", "title", "scales", "items"):
        table.add_column(heading)
    for instrument_id in builtin_ids():
        found = resolve_instrument(instrument_id)
        table.add_row(
            instrument_id,
            escape(found.title.get("en", instrument_id)),
            str(len(found.scales)),
            str(len(found.item_ids)),
        )
    out.print(table)


@instrument_app.command("check")
def instrument_check(
    path: Annotated[str, typer.Argument(help="Instrument file (YAML) or built-in id.")],
) -> None:
    """Validate an instrument file; errors name the file, scale and item."""
    found = _load_instrument(path)
    out.print(
        f"{escape(path)}: valid ({len(found.scales)} scales, {len(found.item_ids)} scored items, "
        f"{len(found.questions)} other questions)",
        highlight=False,
    )


@instrument_app.command("show")
def instrument_show(
    name: Annotated[str, typer.Argument(help="Instrument file (YAML) or built-in id.")],
    language: Annotated[str, typer.Option(help="Language code, e.g. en or es.")] = "en",
) -> None:
    """Print an instrument's scales and item wording."""
    found = _load_instrument(name)
    if language not in found.languages:
        raise _fail(f"{name} has no {language!r} wording ({', '.join(found.languages)})")
    out.print(f"[bold]{escape(found.title.get(language, found.id))}[/]")
    for scale in found.scales:
        out.print(f"\n[bold]{escape(scale.title.get(language, scale.id))}[/] ({scale.id})")
        if scale.construct:
            out.print(f"  [dim]{escape(scale.construct)}[/]", highlight=False)
        for item in scale.items:
            mark = " (reverse-keyed)" if item.reverse else ""
            text = item.text.get(language, "")
            out.print(f"  {item.id}{mark}: {text}", highlight=False, markup=False)
    for question in found.questions:
        text = question.text.get(language, "")
        out.print(f"\n{question.id} [{question.type}]: {text}", markup=False)


continuum_app = typer.Typer(help="Check continuum (self-assessment rubric) files.")
app.add_typer(continuum_app, name="continuum")


@continuum_app.command("check")
def continuum_check(
    path: Annotated[str, typer.Argument(help="Continuum file (YAML) or built-in id.")],
) -> None:
    """Validate a continuum file; errors name the file, the dimension and the level."""
    from staffroom.continua import ContinuumError, resolve_continuum

    try:
        found = resolve_continuum(path)
    except ContinuumError as exc:
        raise _fail(str(exc)) from exc
    levels = ", ".join(level.title.get("en", level.id) for level in found.levels)
    out.print(
        f"{escape(path)}: valid ({len(found.dimensions)} dimensions at {len(found.levels)} "
        f"levels: {escape(levels)}; languages {', '.join(found.languages)})",
        highlight=False,
    )


def _read_series(path: Path, value: str, period: str | None) -> tuple[Any, list[object]]:
    """The value column as floats (blank = missing) and the period labels of a series
    file; a cell that is not a number is an error naming the file, row and column."""
    import numpy as np
    import pandas as pd

    from staffroom.io import read_responses

    columns = [value] if period is None else [value, period]
    loaded = read_responses(path, columns=[], text_columns=columns)
    text = loaded.frame[value]
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    bad = (text.notna() & ~np.isfinite(numbers)).to_numpy()
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise InputFileError(
            loaded.path,
            f"{text.iloc[position]!r} is not a number",
            row=loaded.row_of(position),
            column=value,
        )
    if period is None:
        labels: list[object] = list(range(1, len(text) + 1))
    else:
        labels = [None if pd.isna(p) else str(p) for p in loaded.frame[period]]
    return numbers.to_numpy(), labels


@app.command()
def runchart(
    series: Annotated[Path, typer.Argument(help="Series file: CSV, XLSX or Parquet.")],
    value: Annotated[str, typer.Option(help="Column holding the measure (blank = missing).")],
    out_path: Annotated[Path, typer.Option("--out", help="Where to write the JSON result.")],
    period: Annotated[
        str | None, typer.Option(help="Column labelling each period (default: row order).")
    ] = None,
    baseline: Annotated[
        int | None,
        typer.Option(help="Compute the median from the first N periods only (default: all)."),
    ] = None,
) -> None:
    """Run-chart analysis of a series in time order: median, runs rules, IHI signals."""
    from staffroom.analysis.exceptions import InvalidParameterError
    from staffroom.analysis.runchart import run_chart
    from staffroom.io import write_json_atomic

    try:
        values, labels = _read_series(series, value, period)
        chart = run_chart(values, baseline=baseline)
    except InputFileError as exc:
        raise _fail(str(exc)) from exc
    except InvalidParameterError as exc:
        raise _fail(f"--baseline: {exc}") from exc
    document = {
        "file": str(series),
        "value_column": value,
        "period_column": period,
        **chart.as_dict(labels),
    }
    try:
        write_json_atomic(document, out_path)
    except OSError as exc:
        raise _fail(f"{out_path}: cannot write the result ({exc.strerror})") from exc
    median = "—" if chart.median is None else f"{chart.median:g}"
    verdict = "signal" if chart.signal else "no signal"
    ihi = [rule for rule in ("shift", "trend", "astronomical") if getattr(chart, rule)]
    out.print(
        f"{escape(str(series))}: {chart.n} periods ({chart.n_missing} missing, "
        f"{chart.n_useful} useful), median {median}; longest run {chart.longest_run} "
        f"(limit {chart.longest_run_max}), crossings {chart.crossings} "
        f"(at least {chart.crossings_min}): {verdict}; IHI rules: "
        f"{', '.join(ihi) if ihi else 'none'}",
        highlight=False,
    )
    out.print(f"Result written to {out_path}", highlight=False, markup=False)


NETWORK_PROGRESS_TIES = 20_000
"""Connection maps with at least this many tie rows get a progress bar."""


def _network_specs() -> tuple[Any, Any]:
    """The ties and people file specs of ``staffroom network``: the shared ``TIES`` and
    ``PEOPLE`` specs, loosened as the command promises (``type`` optional and free text,
    repeated ties and self-ties allowed: the measures collapse and drop them)."""
    import dataclasses

    from staffroom.io.sources import PEOPLE, TIES
    from staffroom.io.tables import Column

    columns = tuple(
        Column("type", "text", required=False, help=c.help) if c.name == "type" else c
        for c in TIES.columns
    )
    ties = dataclasses.replace(TIES, columns=columns, unique=(), checks=(), allow_empty=True)
    return ties, PEOPLE


def _network_inputs(
    edges: Path, people_file: Path, attributes: list[str]
) -> tuple[Any, Any, dict[str, Any]]:
    """People ids, the ties frame and the attribute columns; every problem is an
    ``InputFileError`` naming the file, row and column."""
    import numpy as np

    from staffroom.io.tables import read_table

    ties_spec, people_spec = _network_specs()
    people = read_table(people_file, people_spec)
    ties = read_table(edges, ties_spec)
    for column in attributes:
        if column not in people.columns:
            raise InputFileError(
                people_file.name,
                "no such column (named by --attribute); the columns are "
                + ", ".join(str(c) for c in people.columns),
                column=column,
            )
    ids = people["person"].astype(str)
    for end in ("source", "target"):
        unknown = ~ties[end].isin(ids).to_numpy()
        if unknown.any():
            at = int(np.argmax(unknown))
            raise InputFileError(
                edges.name,
                f"{ties[end].iloc[at]!r} is not a person in {people_file.name}",
                row=int(ties.index[at]),
                column=end,
            )
    return ids, ties, {c: people[c].tolist() for c in attributes}


@app.command()
def network(
    edges: Annotated[
        Path,
        typer.Argument(help="Ties file (CSV or XLSX): source, target [, type, weight, directed]."),
    ],
    people_file: Annotated[
        Path, typer.Option("--people", help="People file (CSV or XLSX): person, attribute columns.")
    ],
    out_path: Annotated[Path, typer.Option("--out", help="Where to write the JSON result.")],
    attribute: Annotated[
        list[str] | None,
        typer.Option(help="People-file column to compute the E-I index of (repeatable)."),
    ] = None,
) -> None:
    """Connection map: degree, betweenness, communities, brokers, density, E-I index."""
    from rich.progress import TaskProgressColumn

    from staffroom.analysis.network import analyze_network
    from staffroom.io import write_json_atomic

    attributes = list(attribute or [])
    try:
        ids, ties, columns = _network_inputs(edges, people_file, attributes)
    except InputFileError as exc:
        raise _fail(str(exc)) from exc
    labels = {"building the map": "collapsing ties", "done": "writing"}
    columns_shown = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn())
    with Progress(
        *columns_shown,
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=len(ties) < NETWORK_PROGRESS_TIES,
    ) as progress:
        task = progress.add_task("reading", total=1.0)

        def advance(stage: str, done: float) -> None:
            progress.update(task, description=labels.get(stage, stage), completed=done)

        result = analyze_network(
            ids.tolist(),
            ties["source"].astype(str).tolist(),
            ties["target"].astype(str).tolist(),
            attributes=columns,
            progress=advance,
        )
        table = result.people[["degree", "betweenness", "community", "isolate", "broker"]]
        document = {
            "people_count": result.people_count,
            "ties": result.ties,
            "density": result.density,
            "components": result.components,
            "ei_index": result.ei_index,
            "people": table.to_dict(orient="index"),
        }
        try:
            write_json_atomic(document, out_path)
        except OSError as exc:
            raise _fail(f"{out_path}: cannot write the result ({exc.strerror})") from exc
    density = "—" if result.density is None else f"{result.density:.4f}"
    ei = "; ".join(
        f"{name} {'—' if value is None else f'{value:+.2f}'}"
        for name, value in result.ei_index.items()
    )
    out.print(
        f"{escape(edges.name)}: {result.people_count:,} people, {result.ties:,} ties "
        f"(from {result.tie_rows:,} rows; {result.self_ties:,} self-ties dropped), density "
        f"{density}, {result.components:,} components, {result.communities:,} communities, "
        f"{int(result.people['isolate'].sum()):,} isolates, "
        f"{int(result.people['broker'].sum()):,} brokers"
        + (f"; E-I index: {escape(ei)}" if ei else ""),
        highlight=False,
    )
    out.print(f"Result written to {out_path}", highlight=False, markup=False)


# ---------------------------------------------------------------------------- indicators

_INDICATOR_FILES = (
    ("absences", "absences"),
    ("exits", "exits"),
    ("pl_events", "pl_events"),
    ("pl_attendance", "pl_attendance"),
    ("observations", "practice_observations"),
    ("requests", "district_requests"),
    ("meetings", "meetings"),
)
"""(option name without dashes, data file kind) of ``staffroom indicators``."""


def _check_schools(frame: Any, column: str, schools: Any, path: Path) -> None:
    """Every school named in ``frame[column]`` is on the roster, or an error naming the row."""
    import numpy as np

    named = frame[column]
    unknown = (named.notna() & ~named.isin(schools)).to_numpy(bool)
    if unknown.any():
        at = int(np.argmax(unknown))
        raise InputFileError(
            path.name,
            f"{named.iloc[at]!r} is not a school on the roster",
            row=int(frame.index[at]),
            column=column,
        )


def _indicator_inputs(roster_path: Path, files: dict[str, Path]) -> dict[str, Any]:
    """Read and cross-check the data files (schools on the roster, events known)."""
    import numpy as np

    from staffroom.io.sources import SOURCES
    from staffroom.io.tables import read_table, split_list

    frames: dict[str, Any] = {"roster": read_table(roster_path, SOURCES["roster"])}
    schools = frames["roster"]["school"].unique()
    for kind, path in files.items():
        frame = read_table(path, SOURCES[kind])
        if "school" in frame.columns:
            _check_schools(frame, "school", schools, path)
        frames[kind] = frame
    if "pl_events" in frames:
        events = frames["pl_events"]
        for position, cell in enumerate(events["schools"]):
            for name in split_list(cell):
                if name not in set(schools):
                    raise InputFileError(
                        files["pl_events"].name,
                        f"{name!r} is not a school on the roster",
                        row=int(events.index[position]),
                        column="schools",
                    )
    if "pl_attendance" in frames and "pl_events" in frames:
        attendance = frames["pl_attendance"]
        unknown = (~attendance["event_id"].isin(frames["pl_events"]["event_id"])).to_numpy(bool)
        if unknown.any():
            at = int(np.argmax(unknown))
            raise InputFileError(
                files["pl_attendance"].name,
                f"{attendance['event_id'].iloc[at]!r} is not an event in {files['pl_events'].name}",
                row=int(attendance.index[at]),
                column="event_id",
            )
    return frames


def _indicator_periods(
    frames: dict[str, Any], kind: str, start: Any, end: Any, month: int, as_of: Any
) -> Any:
    """School years or months from ``start`` to ``end`` (default: the span of the dates
    in the files other than the roster, or the period holding ``as_of``)."""
    import pandas as pd

    from staffroom.analysis.indicators import months, school_years

    dates = [
        pd.to_datetime(frame[column]).dropna()
        for name, frame in frames.items()
        if name != "roster"
        for column in ("period_start", "exit_date", "date", "sent_at")
        if column in frame.columns
    ]
    found = pd.concat(dates) if dates else pd.Series([], dtype="datetime64[ns]")
    first = pd.Timestamp(start if start is not None else (found.min() if len(found) else as_of))
    last = pd.Timestamp(end if end is not None else (found.max() if len(found) else as_of))
    if last < first:
        raise _fail(f"--end {last.date()} is before --start {first.date()}")
    if kind == "month":
        return months(first.date(), last.date())
    first_year = first.year - (1 if first.month < month else 0)
    last_year = last.year - (1 if last.month < month else 0)
    return school_years(first_year, last_year, start_month=month)


def _json_number(value: Any) -> Any:
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _records(frame: Any) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: NaN and <NA> become null, numpy numbers plain."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    return [
        {k: _json_number(v.item() if hasattr(v, "item") else v) for k, v in r.items()} for r in rows
    ]


@app.command()
def indicators(
    roster: Annotated[Path, typer.Option(help="Roster file (CSV or XLSX); required.")],
    out_path: Annotated[Path, typer.Option("--out", help="Where to write the JSON panel.")],
    absences: Annotated[Path | None, typer.Option(help="Absences file.")] = None,
    exits: Annotated[Path | None, typer.Option(help="Exits file (turnover, retention).")] = None,
    pl_events: Annotated[
        Path | None, typer.Option("--pl-events", help="Professional learning events file.")
    ] = None,
    pl_attendance: Annotated[
        Path | None,
        typer.Option("--pl-attendance", help="Professional learning attendance file."),
    ] = None,
    observations: Annotated[
        Path | None, typer.Option(help="Practice observations file (practice uptake).")
    ] = None,
    requests: Annotated[
        Path | None, typer.Option(help="Requests to the district team (response time).")
    ] = None,
    meetings: Annotated[Path | None, typer.Option(help="Meeting participation file.")] = None,
    period: Annotated[
        str, typer.Option(help="Period of the panel: school-year or month.")
    ] = "school-year",
    start: Annotated[
        str | None, typer.Option(help="First day to cover (YYYY-MM-DD; default: the data's).")
    ] = None,
    end: Annotated[
        str | None, typer.Option(help="Last day to cover (YYYY-MM-DD; default: the data's).")
    ] = None,
    year_start_month: Annotated[
        int, typer.Option(help="Month a school year starts (1-12; default 7, July).")
    ] = 7,
    beyond_contract: Annotated[
        list[str] | None,
        typer.Option(help="Name of a team beyond contract, as in the roster (repeatable)."),
    ] = None,
    unanswered_days: Annotated[
        float, typer.Option(help="Days after which an unanswered request waits too long.")
    ] = 5.0,
    silent_meetings: Annotated[
        int, typer.Option(help="Meetings attended without speaking that count as silent.")
    ] = 3,
    as_of: Annotated[
        str | None, typer.Option(help="The day the data describe (default: today).")
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            help="Roster attribute to compare groups by (role, grade_band, hire_band, "
            "race_ethnicity, age_band; repeatable)."
        ),
    ] = None,
    min_n: Annotated[
        int | None,
        typer.Option(help="Minimum people behind any value (default: STAFFROOM_MIN_N or 5)."),
    ] = None,
) -> None:
    """Staff indicators per school and period, with the district comparison and trends."""
    import pandas as pd

    from staffroom.analysis.indicators import INDICATORS, indicator_panel
    from staffroom.analysis.patterns import GROUP_ATTRIBUTES, group_patterns, person_measures
    from staffroom.io import write_json_atomic

    minimum = _minimum(min_n)
    if period not in ("school-year", "month"):
        raise _fail(f"--period must be school-year or month, not {period!r}")
    if not 1 <= year_start_month <= 12:
        raise _fail("--year-start-month must be 1 to 12")
    attributes = list(by or [])
    for attribute in attributes:
        if attribute not in GROUP_ATTRIBUTES:
            raise _fail(f"--by {attribute!r}: use one of {', '.join(GROUP_ATTRIBUTES)}")
    given = dict(
        zip(
            [o for o, _ in _INDICATOR_FILES],
            [absences, exits, pl_events, pl_attendance, observations, requests, meetings],
            strict=True,
        )
    )
    files: dict[str, Path] = {}
    for option, kind in _INDICATOR_FILES:
        chosen = given[option]
        if chosen is not None:
            files[kind] = chosen
    if ("pl_events" in files) != ("pl_attendance" in files):
        raise _fail("--pl-events and --pl-attendance go together")
    try:
        day = pd.Timestamp(as_of) if as_of else pd.Timestamp.today().normalize()
        first, last = (pd.Timestamp(v) if v else None for v in (start, end))
    except ValueError as exc:
        raise _fail(f"a date is not YYYY-MM-DD ({exc})") from exc
    try:
        frames = _indicator_inputs(roster, files)
    except InputFileError as exc:
        raise _fail(str(exc)) from exc
    periods = _indicator_periods(frames, period, first, last, year_start_month, day)
    started = time.perf_counter()
    panel = indicator_panel(
        roster=frames["roster"],
        periods=periods,
        absences=frames.get("absences"),
        exits=frames.get("exits"),
        pl_events=frames.get("pl_events"),
        pl_attendance=frames.get("pl_attendance"),
        practice_observations=frames.get("practice_observations"),
        district_requests=frames.get("district_requests"),
        meetings=frames.get("meetings"),
        min_n=minimum,
        beyond_contract=list(beyond_contract or []),
        unanswered_after_days=unanswered_days,
        silent_min_meetings=silent_meetings,
        as_of=day,
    )
    patterns = None
    if attributes:
        people = person_measures(
            roster=frames["roster"],
            periods=periods,
            absences=frames.get("absences"),
            pl_events=frames.get("pl_events"),
            pl_attendance=frames.get("pl_attendance"),
            meetings=frames.get("meetings"),
            beyond_contract=list(beyond_contract or []),
            as_of=day,
        )
        measures = [
            c
            for c in people.columns
            if c not in ("staff_id", "school", "period", "hire_band", *GROUP_ATTRIBUTES)
        ]
        patterns = group_patterns(people, measures=measures, attributes=attributes, min_n=minimum)
    seconds = time.perf_counter() - started
    document = {
        "min_n": minimum,
        "as_of": str(day.date()),
        "periods": [
            {"label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat()}
            for p in periods
        ],
        "indicators": {
            name: {"title": i.title, "unit": i.unit, "better": i.better, "source": i.source}
            for name, i in INDICATORS.items()
        },
        "panel": _records(panel),
    }
    if patterns is not None:
        document["patterns"] = _records(patterns)
    try:
        write_json_atomic(document, out_path)
    except OSError as exc:
        raise _fail(f"{out_path}: cannot write the panel ({exc.strerror})") from exc
    table = Table(title="Indicators in their latest period", title_justify="left")
    for heading in ("indicator", "period", "schools shown", "hidden", "district"):
        table.add_column(heading, justify="left" if heading in ("indicator", "period") else "right")
    order = {p.label: i for i, p in enumerate(periods)}
    for name, info in INDICATORS.items():
        rows = panel[panel["indicator"] == name]
        if rows.empty:
            continue
        label = max(rows["period"], key=order.__getitem__)
        rows = rows[rows["period"] == label]
        district = rows["district_value"].dropna()
        value = None if district.empty else float(district.iloc[0])
        shown = (
            "—"
            if value is None
            else f"{value:.1f} h"
            if info.unit == "hours"
            else f"{value:.0f}"
            if info.unit == "count"
            else f"{value:.2f}"
            if info.unit == "index"
            else f"{value:.1%}"
        )
        details = rows["detail"].nunique()
        if details > 1:  # one district value per practice
            shown = "—"
        table.add_row(
            escape(info.title) + (f" ({details} practices)" if name == "practice_uptake" else ""),
            escape(label),
            f"{int((~rows['suppressed']).sum()):,}",
            f"{int(rows['suppressed'].sum()):,}",
            shown,
        )
    out.print(
        f"{len(frames['roster']):,} staff in {frames['roster']['school'].nunique():,} schools; "
        f"{len(periods)} periods; {len(panel):,} values computed in {seconds:.2f} s "
        f"(hidden under {minimum} people or to protect a hidden school)",
        highlight=False,
    )
    out.print(table)
    out.print(f"Panel written to {out_path}", highlight=False, markup=False)


def main() -> None:  # pragma: no cover - console-script entry point
    app()
