"""State-scale benchmark of the survey analysis (figures recorded in docs/benchmarks.md).

    .venv/bin/python benchmarks/analysis.py [--respondents 400000] [--schools 8000]
                                            [--skip-national] [--json results.json]

1. Generates a seeded survey: 400,000 respondents in 8,000 schools of 5-150, 60 items
   in 8 scales (2 reverse-keyed per scale), 3% missing answers, real between-school
   variance, 5 demographic columns; writes it as Parquet and CSV (not timed).
2. Runs ``staffroom analyze`` end to end in a fresh child process (so peak memory is
   the analysis's own): load, analysis (with breakdowns and suppression) and writing
   timed separately, plus peak resident memory. Once from Parquet, once from CSV.
3. On a 40,000-respondent slice, times a straightforward pandas ``groupby().apply``
   version (benchmarks/naive_analysis.py) against the engine, and checks they agree.
4. Times the floor: one streaming pass over the item matrix (count and sum of every
   item's answers), the least any analysis of these answers can cost.
5. Unless --skip-national: 4,000,000 respondents in 80,000 schools, analysed in a
   child process, with its time and peak memory.

No timing here is asserted by a test: goals are checked by reading the output.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from staffroom.analysis import analyze_survey
from staffroom.demo import DEMOGRAPHIC_COLUMNS, benchmark_scales, school_sizes, synthetic_survey
from staffroom.instruments import instrument_from_mapping
from staffroom.pipeline import analyze_responses_file, read_survey_file, write_survey_report

SEED = 20261124
GROUP = "school"
BY = list(DEMOGRAPHIC_COLUMNS)


def _instrument_document() -> dict[str, Any]:
    return {
        "id": "benchmark",
        "title": "Benchmark survey",
        "scales": [
            {
                "id": s.id,
                "points": [s.low, s.high],
                "items": list(s.items),
                "reverse": list(s.reverse),
            }
            for s in benchmark_scales()
        ],
    }


def _generate(respondents: int, schools: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sizes = school_sizes(schools, respondents, rng)
    return synthetic_survey(benchmark_scales(), sizes, rng, missing=0.03)


def _peak_mib() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, it is not
    inherited from the parent across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_run(path: str, out: str) -> dict[str, float]:
    """Load, analyse and write one file; runs in a fresh process for honest memory."""
    instrument = instrument_from_mapping(_instrument_document(), "benchmark")
    baseline = _peak_mib()
    started = time.perf_counter()
    loaded = read_survey_file(path, instrument, group=GROUP, by=BY)
    loaded_at = time.perf_counter()
    results = analyze_responses_file(loaded, instrument, group=GROUP, by=BY, min_n=5)
    analysed_at = time.perf_counter()
    write_survey_report(results, out)
    written_at = time.perf_counter()
    return {
        "load_s": loaded_at - started,
        "analysis_s": analysed_at - loaded_at,
        "write_s": written_at - analysed_at,
        "total_s": written_at - started,
        "peak_mib": _peak_mib(),
        "interpreter_mib": baseline,
        "report_mib": Path(out).stat().st_size / 2**20,
    }


def child_national(respondents: int, schools: int) -> dict[str, float]:
    """Generate in memory, then analyse; reports the analysis time and peak memory."""
    frame = _generate(respondents, schools, SEED + 1)
    before = _peak_mib()
    started = time.perf_counter()
    results = analyze_survey(frame, benchmark_scales(), group=GROUP, by=BY, min_n=5)
    return {
        "analysis_s": time.perf_counter() - started,
        "peak_mib": _peak_mib(),
        "peak_before_analysis_mib": before,
        "groups": float(len(results.groups)),
        "cells": float(len(results.breakdown_scales)),
    }


def _in_child(*arguments: str) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _best_of(function: Any, repeats: int) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        value = function()
        best = min(best, time.perf_counter() - started)
    return best, value


def _floor(frame: pd.DataFrame, items: list[str]) -> float:
    matrix = frame[items].to_numpy(dtype=np.float64)

    def one_pass() -> tuple[Any, Any]:
        present = ~np.isnan(matrix)
        return present.sum(axis=0), np.where(present, matrix, 0.0).sum(axis=0)

    seconds, _ = _best_of(one_pass, 5)
    return seconds


def _agree(engine: Any, naive: dict[str, pd.DataFrame]) -> float:
    """Largest relative difference between engine and naive group means."""
    shown = engine.group_scales.reset_index()
    shown = shown[~shown["suppressed"]].set_index(["group", "scale"])["mean"].astype(float)
    reference = naive["groups"].reset_index().set_index(["_group", "scale"])["mean"]
    reference.index = reference.index.set_names(["group", "scale"])
    joined = pd.concat([shown, reference.rename("naive")], axis=1, join="inner")
    worst = float((joined["mean"] - joined["naive"]).abs().div(joined["naive"].abs()).max())
    alpha_gap = float((engine.scales["alpha"].astype(float) - naive["scales"]["alpha"]).abs().max())
    return max(worst, alpha_gap)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=400_000)
    parser.add_argument("--schools", type=int, default=8_000)
    parser.add_argument("--slice", type=int, default=40_000)
    parser.add_argument("--national-respondents", type=int, default=4_000_000)
    parser.add_argument("--national-schools", type=int, default=80_000)
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--child", nargs=2, metavar=("FILE", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--child-national", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_run(*args.child)))
        return
    if args.child_national:
        print(json.dumps(child_national(*args.child_national)))
        return

    figures: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "respondents": args.respondents,
        "schools": args.schools,
    }
    print(f"Generating {args.respondents:,} respondents in {args.schools:,} schools ...")
    frame = _generate(args.respondents, args.schools, SEED)
    scales = benchmark_scales()
    items = [item for scale in scales for item in scale.items]
    with tempfile.TemporaryDirectory() as folder:
        parquet, csv = Path(folder, "survey.parquet"), Path(folder, "survey.csv")
        frame.to_parquet(parquet, index=False)
        frame.to_csv(csv, index=False, float_format="%.0f")
        figures["csv_mib"] = csv.stat().st_size / 2**20
        for name, path in (("parquet", parquet), ("csv", csv)):
            runs = [_in_child("--child", str(path), str(Path(folder, "r.json"))) for _ in range(3)]
            best = min(runs, key=lambda run: run["analysis_s"])
            figures[f"end_to_end_{name}"] = best
            figures[f"end_to_end_{name}_analysis_all_runs_s"] = [r["analysis_s"] for r in runs]
            print(
                f"  {name:8s} load {best['load_s']:.2f} s, analysis {best['analysis_s']:.2f} s, "
                f"write {best['write_s']:.2f} s, peak {best['peak_mib']:.0f} MiB"
            )

    in_memory, _ = _best_of(lambda: analyze_survey(frame, scales, group=GROUP, by=BY, min_n=5), 3)
    figures["analysis_in_memory_s"] = in_memory
    floor = _floor(frame, items)
    figures["floor_s"] = floor
    print(f"  analysis in memory (best of 3) {in_memory:.3f} s; floor {floor:.3f} s")

    cut = int(np.searchsorted(frame[GROUP].to_numpy(), frame[GROUP].iloc[args.slice], "left"))
    part = frame.iloc[:cut].reset_index(drop=True)
    engine_slice, engine_result = _best_of(
        lambda: analyze_survey(part, scales, group=GROUP, by=BY, min_n=5), 3
    )
    print(f"Straightforward pandas groupby().apply on {len(part):,} respondents ...")
    sys.path.insert(0, str(Path(__file__).parent))
    from naive_analysis import naive_analyze

    started = time.perf_counter()
    naive = naive_analyze(part, scales, GROUP, BY)
    naive_seconds = time.perf_counter() - started
    figures["slice"] = {
        "respondents": len(part),
        "engine_s": engine_slice,
        "naive_s": naive_seconds,
        "speedup": naive_seconds / engine_slice,
        "max_relative_difference": _agree(engine_result, naive),
    }
    figures["engine_over_floor"] = in_memory / floor
    print(
        f"  naive {naive_seconds:.1f} s vs engine {engine_slice:.3f} s: "
        f"{naive_seconds / engine_slice:.0f}x; results agree to "
        f"{figures['slice']['max_relative_difference']:.1e}"
    )
    print(f"  engine / floor at full scale: {in_memory / floor:.1f}x")

    if not args.skip_national:
        del frame, part
        print(
            f"National scale: {args.national_respondents:,} respondents in "
            f"{args.national_schools:,} schools (generated in the child) ..."
        )
        national = _in_child(
            "--child-national", str(args.national_respondents), str(args.national_schools)
        )
        figures["national"] = national
        print(
            f"  analysis {national['analysis_s']:.2f} s, peak {national['peak_mib']:.0f} MiB "
            f"({national['peak_before_analysis_mib']:.0f} MiB after generating the data)"
        )

    goals = {
        "state analysis < 1.5 s": figures["end_to_end_parquet"]["analysis_s"] < 1.5,
        "state peak < 1 GiB": figures["end_to_end_parquet"]["peak_mib"] < 1024,
        ">= 100x straightforward": figures["slice"]["speedup"] >= 100,
        "<= 15x floor": figures["engine_over_floor"] <= 15,
    }
    if "national" in figures:
        goals["national < 15 s"] = figures["national"]["analysis_s"] < 15
    figures["goals"] = goals
    for goal, met in goals.items():
        print(f"  goal {goal}: {'met' if met else 'NOT MET'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
