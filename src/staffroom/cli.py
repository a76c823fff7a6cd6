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


def main() -> None:  # pragma: no cover - console-script entry point
    app()
