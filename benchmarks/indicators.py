"""State-scale benchmark of the staff indicator panel (figures in docs/benchmarks.md).

    .venv/bin/python benchmarks/indicators.py [--schools 8000] [--years 3] [--runs 3]
                                              [--json results.json]

1. Generates a seeded synthetic district (not timed): 8,000 schools of 20 to 80 staff
   (about 400,000 on the roster), three school years, and every data file:
   person-level yearly absences (one row per person and year), about 12% exits a year,
   50 professional learning sessions a year (a third invited to 20 schools, the rest to
   all) with a head count per invited school, 20 practice observations per school and
   year, 15 requests to the district team per school and year, and 6 staff meetings per
   school and year with 12 members each.
2. Times ``indicator_panel`` on all of it (every indicator, district comparison,
   change, suppression), best of ``--runs``, and each statistic on its own.
3. Times ``person_measures`` and ``group_patterns`` (4 measures x 5 attributes).

No timing here is asserted by a test: goals are checked by reading the output.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from staffroom.analysis.indicators import (
    absence_rate,
    beyond_contract_share,
    indicator_panel,
    practice_uptake,
    professional_learning_participation,
    request_response,
    school_years,
    turnover,
)
from staffroom.analysis.patterns import GROUP_ATTRIBUTES, group_patterns, person_measures
from staffroom.analysis.voice import meeting_voice

SEED = 20261124
FIRST_YEAR = 2022


def _dates(rng: np.random.Generator, start: str, days: int, size: int) -> pd.Series:
    return pd.Series(pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, size), "D"))


def district(schools: int, years: int, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """Every data file of a synthetic district, as ``read_table`` would return them."""
    names = np.array([f"School {i:05d}" for i in range(schools)], dtype=object)
    sizes = rng.integers(20, 81, schools)
    school_of = np.repeat(np.arange(schools), sizes)
    staff = len(school_of)
    staff_ids = np.array([f"P{i:07d}" for i in range(staff)], dtype=object)
    span_days = 365 * years
    roster = pd.DataFrame(
        {
            "staff_id": staff_ids,
            "school": names[school_of],
            "role": rng.choice(
                ["teacher", "paraprofessional", "counselor", "leader"],
                staff,
                p=[0.7, 0.2, 0.05, 0.05],
            ),
            "grade_band": rng.choice(["K-2", "3-5", "6-8", "9-12", "all"], staff),
            "hire_date": _dates(rng, "1995-08-01", 365 * 30, staff),
            "race_ethnicity": rng.choice(["Black", "White", "Latina/o", "Asian", None], staff),
            "age_band": rng.choice(["under 25", "25-34", "35-44", "45-54", "55+"], staff),
            "teams": rng.choice(
                ["Grade team", "Grade team; Family nights", None], staff, p=[0.5, 0.3, 0.2]
            ),
        }
    )
    # absences: one row per person and school year
    year_starts = [pd.Timestamp(f"{FIRST_YEAR + y}-07-01") for y in range(years)]
    absences = pd.DataFrame(
        {
            "period_start": np.repeat(np.array(year_starts, dtype="datetime64[ns]"), staff),
            "school": np.tile(roster["school"].to_numpy(), years),
            "staff_id": np.tile(staff_ids, years),
            "staff_count": pd.array([None] * (staff * years), dtype="Int64"),
            "work_days": 180.0,
            "days_absent": rng.poisson(8, staff * years).astype(float),
        }
    )
    n_exits = int(staff * 0.12 * years)
    exits = pd.DataFrame(
        {
            "staff_id": pd.array([None] * n_exits, dtype="string"),
            "school": names[rng.integers(0, schools, n_exits)],
            "exit_date": _dates(rng, f"{FIRST_YEAR}-07-01", span_days, n_exits),
            "reason": rng.choice(["retired", "moved_within_district", "other"], n_exits),
        }
    )
    n_events = 50 * years
    targeted = rng.random(n_events) < 1 / 3
    events = pd.DataFrame(
        {
            "event_id": [f"E{i:04d}" for i in range(n_events)],
            "date": _dates(rng, f"{FIRST_YEAR}-08-01", span_days - 60, n_events),
            "title": "Session",
            "mandatory": rng.random(n_events) < 0.3,
            "schools": [
                "; ".join(names[rng.choice(schools, 20, replace=False)]) if t else None
                for t in targeted
            ],
        }
    )
    pairs_event = np.concatenate(
        [
            np.repeat(np.flatnonzero(~targeted), schools),
            np.repeat(np.flatnonzero(targeted), 20),
        ]
    )
    pairs_school = np.concatenate(
        [
            np.tile(np.arange(schools), int((~targeted).sum())),
            np.concatenate(
                [
                    np.searchsorted(names, np.array(s.split("; "), dtype=object))
                    for s in events.loc[targeted, "schools"]
                ]
            )
            if targeted.any()
            else np.zeros(0, dtype=np.int64),
        ]
    )
    attendance = pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy()[pairs_event],
            "school": names[pairs_school],
            "staff_id": pd.array([None] * len(pairs_event), dtype="string"),
            "attendees": rng.binomial(sizes[pairs_school], 0.4),
        }
    )
    n_obs = schools * years * 20
    observations = pd.DataFrame(
        {
            "practice": rng.choice(
                ["Morning meeting", "Exit tickets", "Circles", "Check-ins", "Peer visits"], n_obs
            ),
            "school": names[rng.integers(0, schools, n_obs)],
            "date": _dates(rng, f"{FIRST_YEAR}-07-01", span_days, n_obs),
            "using": rng.random(n_obs) < 0.6,
        }
    )
    n_requests = schools * years * 15
    sent = pd.Timestamp(f"{FIRST_YEAR}-07-01") + pd.to_timedelta(
        rng.integers(0, span_days * 24, n_requests), "h"
    )
    answered = sent + pd.to_timedelta(rng.exponential(40, n_requests), "h")
    requests = pd.DataFrame(
        {
            "request_id": np.arange(n_requests),
            "school": names[rng.integers(0, schools, n_requests)],
            "channel": rng.choice(["email", "call", "visit"], n_requests),
            "sent_at": sent,
            "answered_at": answered.where(rng.random(n_requests) > 0.1),
        }
    )
    per_school = 6 * years
    meeting_school = np.repeat(np.arange(schools), per_school)
    n_meetings = len(meeting_school)
    meeting_dates = _dates(rng, f"{FIRST_YEAR}-08-15", span_days - 60, n_meetings).to_numpy()
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    member = (starts[meeting_school][:, None] + np.arange(12)[None, :]).ravel()
    rows = len(member)
    present = rng.random(rows) < 0.9
    meetings = pd.DataFrame(
        {
            "meeting_id": np.repeat(np.arange(n_meetings), 12).astype(str),
            "date": np.repeat(meeting_dates, 12),
            "school": names[np.repeat(meeting_school, 12)],
            "staff_id": staff_ids[member],
            "present": present,
            "turns": np.where(present, rng.poisson(2, rows) * (rng.random(rows) < 0.8), 0),
        }
    )
    return {
        "roster": roster,
        "absences": absences,
        "exits": exits,
        "pl_events": events,
        "pl_attendance": attendance,
        "practice_observations": observations,
        "district_requests": requests,
        "meetings": meetings,
    }


def _best(runs: int, work: Callable[[], Any]) -> tuple[float, list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=8000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    started = time.perf_counter()
    files = district(args.schools, args.years, rng)
    generated = time.perf_counter() - started
    periods = school_years(FIRST_YEAR, FIRST_YEAR + args.years - 1)
    as_of = date(FIRST_YEAR + args.years, 6, 20)
    rows = {kind: len(frame) for kind, frame in files.items()}
    print(f"generated in {generated:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in rows.items()))

    def panel() -> pd.DataFrame:
        return indicator_panel(
            roster=files["roster"],
            periods=periods,
            absences=files["absences"],
            exits=files["exits"],
            pl_events=files["pl_events"],
            pl_attendance=files["pl_attendance"],
            practice_observations=files["practice_observations"],
            district_requests=files["district_requests"],
            meetings=files["meetings"],
            beyond_contract=["Family nights"],
            as_of=as_of,
        )

    best, times, result = _best(args.runs, panel)
    print(
        f"indicator_panel: best {best:.2f} s of {[round(t, 2) for t in times]}; "
        f"{len(result):,} rows, {int(result['suppressed'].sum()):,} hidden"
    )

    f = files
    parts: dict[str, Callable[[], Any]] = {
        "absence_rate": lambda: absence_rate(f["absences"], periods),
        "turnover": lambda: turnover(f["roster"], f["exits"], periods),
        "professional_learning_participation": lambda: professional_learning_participation(
            f["roster"], f["pl_events"], f["pl_attendance"], periods, exits=f["exits"]
        ),
        "practice_uptake": lambda: practice_uptake(f["practice_observations"], periods),
        "request_response": lambda: request_response(f["district_requests"], periods, as_of=as_of),
        "beyond_contract_share": lambda: beyond_contract_share(
            f["roster"], periods, beyond_contract=["Family nights"], as_of=as_of
        ),
        "meeting_voice": lambda: meeting_voice(f["meetings"], periods, roster=f["roster"]),
    }
    part_times = {}
    for name, work in parts.items():
        part_times[name] = _best(1, work)[0]
        print(f"  {name}: {part_times[name]:.2f} s (schools only)")

    started = time.perf_counter()
    people = person_measures(
        roster=f["roster"],
        periods=periods,
        absences=f["absences"],
        meetings=f["meetings"],
        beyond_contract=["Family nights"],
        as_of=as_of,
    )
    people_s = time.perf_counter() - started
    measures = ["absence_rate", "meeting_spoke_share", "beyond_contract"]
    started = time.perf_counter()
    patterns = group_patterns(people, measures=measures, attributes=GROUP_ATTRIBUTES)
    patterns_s = time.perf_counter() - started
    print(
        f"person_measures: {people_s:.2f} s ({len(people):,} rows); group_patterns "
        f"({len(measures)} measures x {len(GROUP_ATTRIBUTES)} attributes): {patterns_s:.2f} s, "
        f"{len(patterns):,} rows, {int(patterns['suppressed'].sum()):,} hidden"
    )

    if args.json:
        document = {
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "shared": True,
            },
            "schools": args.schools,
            "staff": rows["roster"],
            "periods": len(periods),
            "rows": rows,
            "generate_s": generated,
            "indicator_panel_best_s": best,
            "indicator_panel_runs_s": times,
            "panel_rows": len(result),
            "statistics_s": part_times,
            "person_measures_s": people_s,
            "group_patterns_s": patterns_s,
            "pattern_rows": len(patterns),
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()
