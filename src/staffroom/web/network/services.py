"""Writes of the network app: importing a file of ties.

All or nothing: ``staffroom.io.tables.read_table`` checks every cell against the ties
spec (``staffroom.io.sources.SOURCES["ties"]``); ``ties_check`` then matches every
``source`` and ``target`` to a person on the district's roster (by staff id, else by
email, without regard to case) and lists every person it cannot find, each naming the
file, row and column. Only a file with no problem at all reaches ``ties_import``, which
writes it in one transaction. A tie already recorded (same two people, type and date)
is not written twice.

A coach's file may name only people on the rosters of the schools they coach; a
district admin's may name anyone in the district, district-office staff included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

import pandas as pd
from django.db import transaction
from django.db.models import Q

from staffroom.io.errors import InputFileError
from staffroom.io.sources import SOURCES
from staffroom.io.tables import TableSpec, read_table, template_csv
from staffroom.web.accounts.models import RosterEntry, User
from staffroom.web.network.models import Tie
from staffroom.web.orgs.models import District

__all__ = ["TieImport", "ties_check", "ties_import", "ties_read", "ties_spec", "ties_template_csv"]

_TYPE_WORDS: dict[str, str] = {}
for _value, _label in Tie.TYPES:
    _TYPE_WORDS[_value] = _value
    _TYPE_WORDS[_value.replace("_", " ")] = _value
    _TYPE_WORDS[str(_label).lower()] = _value


@dataclass(frozen=True)
class TieImport:
    """What an import wrote."""

    created: int
    already_recorded: int


def ties_spec() -> TableSpec:
    """The ties file spec (from ``staffroom.io.sources``)."""
    return SOURCES["ties"]


def ties_template_csv() -> str:
    """The template people download: the spec's header and example rows."""
    return template_csv(ties_spec())


def ties_read(upload: BinaryIO, name: str) -> pd.DataFrame:
    """Read and check an uploaded ties file (raises ``InputFileError``)."""
    return read_table(upload, ties_spec(), name=name)


def _people(district: District, user: User) -> tuple[dict[str, int], dict[str, int]]:
    """(staff id -> pk, email -> pk), lower-cased, of the people ``user`` may name."""
    entries = RosterEntry.objects.filter(district=district)
    if user.role != User.DISTRICT_ADMIN:
        entries = entries.filter(school__in=user.coached_schools.all())
    by_id: dict[str, int] = {}
    by_email: dict[str, int] = {}
    for pk, staff_id, email in entries.values_list("pk", "staff_id", "email"):
        if staff_id:
            by_id[staff_id.strip().lower()] = pk
        if email:
            by_email[email.strip().lower()] = pk
    return by_id, by_email


def _type_of(value: object) -> str | None:
    return _TYPE_WORDS.get(str(value).strip().lower().replace("-", " ").replace("_", " ")) or (
        _TYPE_WORDS.get(str(value).strip().lower())
    )


def ties_check(
    frame: pd.DataFrame, *, name: str, district: District, user: User
) -> tuple[list[Tie], list[InputFileError]]:
    """Match every row's people and build the ties; every problem found is listed."""
    by_id, by_email = _people(district, user)
    scope = "the district's roster" if user.role == User.DISTRICT_ADMIN else "your schools' rosters"
    matched: dict[str, pd.Series] = {}
    errors: list[InputFileError] = []
    for column in ("source", "target"):
        key = frame[column].astype("string").str.strip().str.lower()
        found = key.map(by_id).fillna(key.map(by_email))
        matched[column] = found
        for row in found.index[found.isna()]:
            errors.append(
                InputFileError(
                    name,
                    f"no one with the staff id or email {frame.at[row, column]!r} on {scope}",
                    row=int(row),
                    column=column,
                )
            )
    kinds = frame["type"].map(_type_of)
    for row in kinds.index[kinds.isna()]:
        errors.append(
            InputFileError(
                name,
                f"{frame.at[row, 'type']!r} is not a tie type; use one of: "
                + ", ".join(value for value, _label in Tie.TYPES),
                row=int(row),
                column="type",
            )
        )
    same = matched["source"].notna() & (matched["source"] == matched["target"])
    for row in same.index[same]:
        errors.append(
            InputFileError(name, "names the same person as source", row=int(row), column="target")
        )
    if errors:
        return [], sorted(errors, key=lambda e: (e.row or 0, e.column or ""))
    directed = frame["directed"] if "directed" in frame else pd.Series(pd.NA, index=frame.index)
    weight = frame["weight"] if "weight" in frame else pd.Series(pd.NA, index=frame.index)
    observed = (
        frame["observed_on"] if "observed_on" in frame else pd.Series(pd.NaT, index=frame.index)
    )
    ties = [
        Tie(
            district=district,
            source_id=int(s),
            target_id=int(t),
            type=kind,
            directed=bool(d) if not pd.isna(d) else False,
            weight=float(w) if not pd.isna(w) else 1.0,
            observed_on=None if pd.isna(o) else pd.Timestamp(o).date(),
        )
        for s, t, kind, d, w, o in zip(
            matched["source"], matched["target"], kinds, directed, weight, observed, strict=True
        )
    ]
    return ties, []


def _key(tie: Tie) -> tuple[int, int, str, object]:
    return (tie.source_id, tie.target_id, tie.type, tie.observed_on)


@transaction.atomic
def ties_import(*, district: District, ties: Iterable[Tie]) -> TieImport:
    """Write checked ties (one transaction); ties already recorded are skipped."""
    ties = list(ties)
    pks = {t.source_id for t in ties} | {t.target_id for t in ties}
    existing = {
        (s, t, kind, day)
        for s, t, kind, day in Tie.objects.filter(district=district)
        .filter(Q(source_id__in=pks) | Q(target_id__in=pks))
        .values_list("source_id", "target_id", "type", "observed_on")
    }
    fresh: list[Tie] = []
    for tie in ties:
        if _key(tie) not in existing:
            existing.add(_key(tie))
            fresh.append(tie)
    Tie.objects.bulk_create(fresh, batch_size=1000)
    return TieImport(created=len(fresh), already_recorded=len(ties) - len(fresh))
