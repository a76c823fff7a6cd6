"""Reading and validating continuum files (YAML).

A continuum file is validated as strictly as an instrument file
(``staffroom.instruments.loader``): an error names the file, the dimension and the
level, and an unknown key is an error, so a district can fix a rubric it wrote by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from staffroom.continua.model import Continuum, Dimension, Level
from staffroom.instruments.loader import InstrumentError
from staffroom.instruments.loader import _Context as _InstrumentContext
from staffroom.instruments.model import Text

__all__ = [
    "ALLOWED_KEYS",
    "MAX_LEVELS",
    "MIN_LEVELS",
    "ContinuumError",
    "builtin_continua",
    "continuum_from_mapping",
    "load_builtin_continuum",
    "load_continuum",
    "resolve_continuum",
]

_CONTINUUM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PART_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_BUILTIN_PACKAGE = "staffroom.continua.builtin"

MIN_LEVELS = 2
MAX_LEVELS = 5

ALLOWED_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "continuum": (
        ("id", "title", "levels", "dimensions"),
        ("version", "description", "languages", "references"),
    ),
    "level": (("id", "title"), ("description",)),
    "dimension": (
        ("id", "title", "why", "descriptors"),
        ("construct", "references", "evidence"),
    ),
}
"""Required and optional keys at each level of a continuum file (docs/continuum.md).

The keys of a dimension's ``descriptors`` are the continuum's level ids."""


class ContinuumError(InstrumentError):
    """A continuum file is unreadable or invalid; the message names the file, the
    dimension and the level. A continuum is a self-assessment instrument, so code that
    catches ``InstrumentError`` catches this too."""


class _Context(_InstrumentContext):
    """The instrument loader's checks (mappings, texts in every language, ids), with
    this module's keys and error type."""

    def fail(self, where: str, problem: str) -> ContinuumError:
        return ContinuumError(self.source, where, problem)

    def keys(self, value: Mapping[str, Any], where: str, level: str) -> None:
        required, optional = ALLOWED_KEYS[level]
        allowed = set(required) | set(optional)
        unknown = next((key for key in value if key not in allowed), None)
        if unknown is not None:
            raise self.fail(
                where, f"unknown key {unknown!r} (allowed: {', '.join(sorted(allowed))})"
            )
        missing = next((key for key in required if key not in value), None)
        if missing is not None:
            raise self.fail(where, f"missing required key {missing!r}")

    def optional_text(self, spec: Mapping[str, Any], key: str, where: str) -> Text:
        return self.text(spec[key], f"{where}: {key}" if where else key) if key in spec else {}

    def reference_ids(
        self, value: object, where: str, references: Mapping[str, str]
    ) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(where, "references must be a list of reference ids")
        for ref in value:
            if not isinstance(ref, str) or ref not in references:
                raise self.fail(f"{where}: references", f"{ref!r} is not one of the references")
        return tuple(value)


def _unique(ctx: _Context, ids: list[str], kind: str) -> None:
    repeated = next((i for i in ids if ids.count(i) > 1), None)
    if repeated is not None:
        raise ctx.fail(f"{kind} {repeated!r}", f"{kind} id used twice")


def _levels(ctx: _Context, value: object) -> tuple[Level, ...]:
    if not isinstance(value, list) or not MIN_LEVELS <= len(value) <= MAX_LEVELS:
        raise ctx.fail(
            "levels", f"must be a list of {MIN_LEVELS} to {MAX_LEVELS} levels, lowest first"
        )
    levels = []
    for rank, entry in enumerate(value, start=1):
        spec = ctx.mapping(entry, f"level {rank}")
        level_id = ctx.identifier(spec.get("id"), f"level {rank}", _PART_ID)
        where = f"level {level_id!r}"
        ctx.keys(spec, where, "level")
        levels.append(
            Level(
                id=level_id,
                title=ctx.text(spec["title"], f"{where}: title"),
                rank=rank,
                description=ctx.optional_text(spec, "description", where),
            )
        )
    _unique(ctx, [level.id for level in levels], "level")
    return tuple(levels)


def _dimension(
    ctx: _Context,
    value: object,
    position: int,
    levels: tuple[Level, ...],
    references: Mapping[str, str],
) -> Dimension:
    spec = ctx.mapping(value, f"dimension {position}")
    dimension_id = ctx.identifier(spec.get("id"), f"dimension {position}", _PART_ID)
    where = f"dimension {dimension_id!r}"
    ctx.keys(spec, where, "dimension")
    given = ctx.mapping(spec["descriptors"], f"{where}: descriptors")
    level_ids = [level.id for level in levels]
    extra = next((key for key in given if key not in level_ids), None)
    if extra is not None:
        raise ctx.fail(
            f"{where}: level {extra!r}",
            f"not one of the continuum's levels ({', '.join(level_ids)})",
        )
    descriptors = {}
    for level_id in level_ids:
        if level_id not in given:
            raise ctx.fail(f"{where}: level {level_id!r}", "no descriptor for this level")
        descriptors[level_id] = ctx.text(given[level_id], f"{where}: level {level_id!r}")
    evidence_raw = spec.get("evidence", [])
    if not isinstance(evidence_raw, list):
        raise ctx.fail(f"{where}: evidence", "must be a list of texts")
    evidence = tuple(
        ctx.text(entry, f"{where}: evidence {number}")
        for number, entry in enumerate(evidence_raw, start=1)
    )
    construct = spec.get("construct", "")
    if not isinstance(construct, str):
        raise ctx.fail(f"{where}: construct", "construct must be text")
    return Dimension(
        id=dimension_id,
        title=ctx.text(spec["title"], f"{where}: title"),
        why=ctx.text(spec["why"], f"{where}: why"),
        descriptors=descriptors,
        evidence=evidence,
        construct=construct,
        references=ctx.reference_ids(spec.get("references", []), where, references),
    )


def _languages(ctx: _Context, value: object) -> tuple[str, ...]:
    """The declared languages: a non-empty list of two-letter codes."""
    codes = value if isinstance(value, list) else []
    valid = bool(codes) and all(isinstance(c, str) and re.fullmatch(r"[a-z]{2}", c) for c in codes)
    if not valid:
        raise ctx.fail("languages", "must be a list of two-letter language codes")
    return tuple(codes)


def _citations(ctx: _Context, value: object) -> dict[str, str]:
    """Reference id -> full citation (non-empty text)."""
    citations = {str(key): text for key, text in ctx.mapping(value, "references").items()}
    empty = next((k for k, t in citations.items() if not isinstance(t, str) or not t.strip()), None)
    if empty is not None:
        raise ctx.fail(f"references: {empty!r}", "citation must be non-empty text")
    return citations


def continuum_from_mapping(data: object, source: str = "<continuum>") -> Continuum:
    """Validate a parsed continuum document and build the ``Continuum``."""
    ctx = _Context(source, ("en",))
    top = ctx.mapping(data, "")
    ctx.keys(top, "", "continuum")
    continuum_id = ctx.identifier(top["id"], "", _CONTINUUM_ID)
    ctx.languages = _languages(ctx, top.get("languages", ["en"]))
    version = ctx.whole(top.get("version", 1), "version")
    references = _citations(ctx, top.get("references", {}))
    levels = _levels(ctx, top["levels"])
    raw_dimensions = top["dimensions"]
    if not isinstance(raw_dimensions, list) or not raw_dimensions:
        raise ctx.fail("dimensions", "must be a non-empty list")
    dimensions = tuple(
        _dimension(ctx, spec, position, levels, references)
        for position, spec in enumerate(raw_dimensions, start=1)
    )
    _unique(ctx, [dimension.id for dimension in dimensions], "dimension")
    return Continuum(
        id=continuum_id,
        title=ctx.text(top["title"], "title"),
        levels=levels,
        dimensions=dimensions,
        version=version,
        description=ctx.optional_text(top, "description", ""),
        languages=ctx.languages,
        references=references,
        source=source,
    )


def _from_yaml(read: Callable[[], str], source: str) -> Continuum:
    """Read, parse and validate; every failure is a ``ContinuumError`` naming ``source``."""
    try:
        data = yaml.safe_load(read())
    except OSError as exc:
        raise ContinuumError(source, "", f"cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise ContinuumError(source, "", "is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = "" if mark is None else f"line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or exc
        raise ContinuumError(source, where, f"not valid YAML ({problem})") from exc
    return continuum_from_mapping(data, source)


def load_continuum(path: str | Path) -> Continuum:
    """Load and validate a continuum file."""
    return _from_yaml(lambda: Path(path).read_text(encoding="utf-8"), str(path))


def builtin_continua() -> list[str]:
    """Ids of the continua shipped with Staffroom (the YAML files in ``builtin/``)."""
    names = (entry.name for entry in resources.files(_BUILTIN_PACKAGE).iterdir())
    return sorted(name[: -len(".yaml")] for name in names if name.endswith(".yaml"))


def load_builtin_continuum(continuum_id: str) -> Continuum:
    """Load one of the built-in continua by id (see ``builtin_continua``)."""
    known = builtin_continua()
    if continuum_id not in known:
        problem = f"no built-in continuum of that id ({', '.join(known)})"
        raise ContinuumError(continuum_id, "", problem)
    resource = resources.files(_BUILTIN_PACKAGE) / f"{continuum_id}.yaml"
    return _from_yaml(lambda: resource.read_text(encoding="utf-8"), f"builtin:{continuum_id}")


def resolve_continuum(name_or_path: str | Path) -> Continuum:
    """A built-in continuum id, or else a path to a continuum file."""
    is_builtin = isinstance(name_or_path, str) and name_or_path in builtin_continua()
    return load_builtin_continuum(str(name_or_path)) if is_builtin else load_continuum(name_or_path)
