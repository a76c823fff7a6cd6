"""Reading and validating instrument files (YAML).

Validation is strict and specific: an error names the file, the scale (or question)
and the item, so a district can fix a file it wrote by hand. Unknown keys are errors,
because a misspelt ``reverse`` would otherwise silently score an item the wrong way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from staffroom.instruments.model import (
    AnswerSet,
    ChoiceOption,
    Instrument,
    Item,
    Question,
    Scale,
    Text,
)

__all__ = [
    "ALLOWED_KEYS",
    "InstrumentError",
    "builtin_ids",
    "instrument_from_mapping",
    "load_builtin",
    "load_instrument",
    "resolve_instrument",
]

_INSTRUMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SCALE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_QUESTION_TYPES = ("text", "single_choice", "multiple_choice")

ALLOWED_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "instrument": (
        ("id", "scales"),
        ("title", "version", "description", "languages", "answer_sets", "references", "questions"),
    ),
    "answer_set": (("points",), ("labels", "prefer_not_to_answer")),
    "scale": (
        ("id", "items"),
        ("title", "description", "construct", "references", "answers", "points", "reverse"),
    ),
    "item": (("id",), ("text", "reverse")),
    "question": (("id", "type", "text"), ("help", "options")),
    "option": (("id", "label"), ()),
}
"""Required and optional keys at each level of an instrument file (docs/instruments.md)."""
_BUILTIN_PACKAGE = "staffroom.instruments.builtin"


class InstrumentError(ValueError):
    """An instrument file is unreadable or invalid; the message says where."""

    def __init__(self, source: str, where: str, problem: str) -> None:
        self.source = source
        self.where = where
        self.problem = problem
        location = f"{source}: {where}: " if where else f"{source}: "
        super().__init__(location + problem)


class _Context:
    """Where we are in the file, for error messages."""

    def __init__(self, source: str, languages: tuple[str, ...]) -> None:
        self.source = source
        self.languages = languages

    def fail(self, where: str, problem: str) -> InstrumentError:
        return InstrumentError(self.source, where, problem)

    def mapping(self, value: object, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, f"expected a mapping, found {type(value).__name__}")
        return value

    def keys(self, value: Mapping[str, Any], where: str, level: str) -> None:
        required, optional = ALLOWED_KEYS[level]
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                raise self.fail(
                    where, f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
                )
        for key in required:
            if key not in value:
                raise self.fail(where, f"missing required key {key!r}")

    def text(self, value: object, where: str) -> Text:
        """A plain string (the first language) or a mapping with every language."""
        if isinstance(value, str):
            if not value.strip():
                raise self.fail(where, "text is empty")
            return {self.languages[0]: value} if len(self.languages) == 1 else self._missing(where)
        mapping = self.mapping(value, where)
        for lang in self.languages:
            entry = mapping.get(lang)
            if not isinstance(entry, str) or not entry.strip():
                raise self.fail(where, f"text in language {lang!r} is missing or empty")
        extra = set(mapping) - set(self.languages)
        if extra:
            raise self.fail(where, f"text in undeclared language {sorted(extra)[0]!r}")
        return {lang: str(mapping[lang]) for lang in self.languages}

    def _missing(self, where: str) -> Text:
        raise self.fail(
            where, f"give the text in every language ({', '.join(self.languages)}) as a mapping"
        )

    def identifier(self, value: object, where: str, pattern: re.Pattern[str]) -> str:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise self.fail(where, f"id {value!r} must match {pattern.pattern}")
        return value

    def whole(self, value: object, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"{value!r} is not a whole number")
        return value


def _points(ctx: _Context, value: object, where: str) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2:
        raise ctx.fail(where, "points must be [lowest, highest]")
    low, high = ctx.whole(value[0], where), ctx.whole(value[1], where)
    if high <= low:
        raise ctx.fail(where, f"highest point {high} must exceed lowest point {low}")
    return low, high


def _answer_set(ctx: _Context, value: object, where: str) -> AnswerSet:
    spec = ctx.mapping(value, where)
    ctx.keys(spec, where, "answer_set")
    low, high = _points(ctx, spec["points"], where)
    labels: dict[str, tuple[str, ...]] = {}
    if "labels" in spec:
        given = ctx.mapping(spec["labels"], f"{where}: labels")
        for lang in ctx.languages:
            entries = given.get(lang)
            if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
                raise ctx.fail(f"{where}: labels", f"labels in language {lang!r} must be a list")
            if len(entries) != high - low + 1:
                raise ctx.fail(
                    f"{where}: labels",
                    f"{len(entries)} labels in language {lang!r} for {high - low + 1} points",
                )
            labels[lang] = tuple(entries)
    prefer_not: Text = {}
    if "prefer_not_to_answer" in spec:
        prefer_not = ctx.text(spec["prefer_not_to_answer"], f"{where}: prefer_not_to_answer")
    return AnswerSet(low=low, high=high, labels=labels, prefer_not_to_answer=prefer_not)


def _entry_id(ctx: _Context, spec: Mapping[str, Any], where: str, kind: str) -> str:
    """The ``id`` of an item or question, which must be non-empty text."""
    value = spec.get("id")
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(where, f"missing {kind} id")
    return value


def _items(ctx: _Context, value: object, where: str) -> list[Item]:
    if not isinstance(value, list) or not value:
        raise ctx.fail(where, "items must be a non-empty list")
    items = []
    for position, entry in enumerate(value, start=1):
        if isinstance(entry, str):
            if not entry.strip():
                raise ctx.fail(where, f"item {position} has an empty id")
            items.append(Item(id=entry, text={}))
            continue
        spec = ctx.mapping(entry, f"{where}: item {position}")
        item_id = _entry_id(ctx, spec, f"{where}: item {position}", "item")
        item_where = f"{where}: item {item_id!r}"
        ctx.keys(spec, item_where, "item")
        reverse = spec.get("reverse", False)
        if not isinstance(reverse, bool):
            raise ctx.fail(item_where, "reverse must be true or false")
        text = ctx.text(spec["text"], f"{item_where}: text") if "text" in spec else {}
        items.append(Item(id=item_id, text=text, reverse=reverse))
    return items


def _scale(
    ctx: _Context,
    value: object,
    position: int,
    answer_sets: Mapping[str, AnswerSet],
    references: Mapping[str, str],
) -> Scale:
    spec = ctx.mapping(value, f"scale {position}")
    scale_id = ctx.identifier(spec.get("id"), f"scale {position}", _SCALE_ID)
    where = f"scale {scale_id!r}"
    ctx.keys(spec, where, "scale")
    if ("answers" in spec) == ("points" in spec):
        raise ctx.fail(where, "give exactly one of 'points' or 'answers'")
    if "answers" in spec:
        name = spec["answers"]
        if not isinstance(name, str) or name not in answer_sets:
            raise ctx.fail(where, f"answers {name!r} is not one of the answer_sets")
        answers = answer_sets[name]
    else:
        low, high = _points(ctx, spec["points"], f"{where}: points")
        answers = AnswerSet(low=low, high=high)
    items = _items(ctx, spec["items"], where)
    ids = [item.id for item in items]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate is not None:
        raise ctx.fail(f"{where}: item {duplicate!r}", "listed twice")
    reverse_list = spec.get("reverse", [])
    if not isinstance(reverse_list, list):
        raise ctx.fail(where, "reverse must be a list of item ids")
    for item_id in reverse_list:
        if item_id not in ids:
            raise ctx.fail(
                f"{where}: item {item_id!r}", "listed in reverse but not one of the scale's items"
            )
    items = [Item(id=i.id, text=i.text, reverse=i.reverse or i.id in reverse_list) for i in items]
    scale_refs = spec.get("references", [])
    if not isinstance(scale_refs, list):
        raise ctx.fail(where, "references must be a list of reference ids")
    for ref in scale_refs:
        if not isinstance(ref, str) or ref not in references:
            raise ctx.fail(f"{where}: references", f"{ref!r} is not one of the references")
    construct = spec.get("construct", "")
    if not isinstance(construct, str):
        raise ctx.fail(where, "construct must be text")
    return Scale(
        id=scale_id,
        title=ctx.text(spec["title"], f"{where}: title") if "title" in spec else {},
        answers=answers,
        items=tuple(items),
        description=(
            ctx.text(spec["description"], f"{where}: description") if "description" in spec else {}
        ),
        construct=construct,
        references=tuple(scale_refs),
    )


def _question(ctx: _Context, value: object, position: int) -> Question:
    spec = ctx.mapping(value, f"question {position}")
    question_id = _entry_id(ctx, spec, f"question {position}", "question")
    where = f"question {question_id!r}"
    ctx.keys(spec, where, "question")
    kind = spec["type"]
    if kind not in _QUESTION_TYPES:
        raise ctx.fail(where, f"type {kind!r} must be one of {', '.join(_QUESTION_TYPES)}")
    options: list[ChoiceOption] = []
    if kind == "text":
        if "options" in spec:
            raise ctx.fail(where, "a text question has no options")
    else:
        raw = spec.get("options")
        if not isinstance(raw, list) or len(raw) < 2:
            raise ctx.fail(where, "a choice question needs at least two options")
        for number, entry in enumerate(raw, start=1):
            option = ctx.mapping(entry, f"{where}: option {number}")
            ctx.keys(option, f"{where}: option {number}", "option")
            option_id = ctx.identifier(option["id"], f"{where}: option {number}", _SCALE_ID)
            options.append(
                ChoiceOption(
                    id=option_id,
                    label=ctx.text(option["label"], f"{where}: option {option_id!r}"),
                )
            )
        option_ids = [o.id for o in options]
        repeated = next((o for o in option_ids if option_ids.count(o) > 1), None)
        if repeated is not None:
            raise ctx.fail(f"{where}: option {repeated!r}", "listed twice")
    return Question(
        id=question_id,
        type=kind,
        text=ctx.text(spec["text"], f"{where}: text"),
        help=ctx.text(spec["help"], f"{where}: help") if "help" in spec else {},
        options=tuple(options),
    )


def instrument_from_mapping(data: object, source: str = "<instrument>") -> Instrument:
    """Validate a parsed instrument document and build the ``Instrument``."""
    ctx = _Context(source, ("en",))
    top = ctx.mapping(data, "")
    ctx.keys(top, "", "instrument")
    instrument_id = ctx.identifier(top["id"], "", _INSTRUMENT_ID)
    languages = top.get("languages", ["en"])
    if (
        not isinstance(languages, list)
        or not languages
        or not all(isinstance(lang, str) and re.fullmatch(r"[a-z]{2}", lang) for lang in languages)
    ):
        raise ctx.fail("languages", "must be a list of two-letter language codes")
    ctx.languages = tuple(languages)
    version = ctx.whole(top.get("version", 1), "version")
    references_raw = ctx.mapping(top.get("references", {}), "references")
    references = {}
    for key, citation in references_raw.items():
        if not isinstance(citation, str) or not citation.strip():
            raise ctx.fail(f"references: {key!r}", "citation must be non-empty text")
        references[str(key)] = citation
    answer_sets = {
        str(name): _answer_set(ctx, spec, f"answer set {name!r}")
        for name, spec in ctx.mapping(top.get("answer_sets", {}), "answer_sets").items()
    }
    raw_scales = top["scales"]
    if not isinstance(raw_scales, list) or not raw_scales:
        raise ctx.fail("scales", "must be a non-empty list")
    scales = [
        _scale(ctx, spec, position, answer_sets, references)
        for position, spec in enumerate(raw_scales, start=1)
    ]
    seen_scales: set[str] = set()
    seen_items: dict[str, str] = {}
    for scale in scales:
        if scale.id in seen_scales:
            raise ctx.fail(f"scale {scale.id!r}", "scale id used twice")
        seen_scales.add(scale.id)
        for item in scale.items:
            if item.id in seen_items:
                raise ctx.fail(
                    f"scale {scale.id!r}: item {item.id!r}",
                    f"already belongs to scale {seen_items[item.id]!r}",
                )
            seen_items[item.id] = scale.id
    raw_questions = top.get("questions", [])
    if not isinstance(raw_questions, list):
        raise ctx.fail("questions", "must be a list")
    questions = [_question(ctx, spec, n) for n, spec in enumerate(raw_questions, start=1)]
    for question in questions:
        if question.id in seen_items or sum(q.id == question.id for q in questions) > 1:
            raise ctx.fail(f"question {question.id!r}", "id is already used in this instrument")
    return Instrument(
        id=instrument_id,
        title=ctx.text(top["title"], "title")
        if "title" in top
        else {ctx.languages[0]: instrument_id},
        scales=tuple(scales),
        version=version,
        description=ctx.text(top["description"], "description") if "description" in top else {},
        languages=ctx.languages,
        questions=tuple(questions),
        references=references,
        source=source,
    )


def _parse(text: str, source: str) -> Instrument:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise InstrumentError(
            source, where, f"not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from exc
    return instrument_from_mapping(data, source)


def load_instrument(path: str | Path) -> Instrument:
    """Load and validate an instrument file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InstrumentError(str(path), "", f"cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise InstrumentError(str(path), "", "is not UTF-8 text") from exc
    return _parse(text, str(path))


def builtin_ids() -> list[str]:
    """Ids of the instruments shipped with Staffroom."""
    folder = resources.files(_BUILTIN_PACKAGE)
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


def load_builtin(instrument_id: str) -> Instrument:
    """Load one of the built-in instruments by id (see ``builtin_ids``)."""
    if instrument_id not in builtin_ids():
        raise InstrumentError(
            instrument_id, "", f"no built-in instrument of that id ({', '.join(builtin_ids())})"
        )
    resource = resources.files(_BUILTIN_PACKAGE).joinpath(f"{instrument_id}.yaml")
    return _parse(resource.read_text(encoding="utf-8"), f"builtin:{instrument_id}")


def resolve_instrument(name_or_path: str | Path) -> Instrument:
    """A built-in instrument id or a path to an instrument file."""
    if isinstance(name_or_path, str) and name_or_path in builtin_ids():
        return load_builtin(name_or_path)
    return load_instrument(name_or_path)
