"""The instrument data model: what a survey asks and how its answers are scored."""

from __future__ import annotations

from dataclasses import dataclass, field

from staffroom.analysis.scales import ScaleSpec

__all__ = [
    "AnswerSet",
    "ChoiceOption",
    "Instrument",
    "Item",
    "Question",
    "Scale",
    "Text",
]

Text = dict[str, str]
"""Wording by language code, e.g. ``{"en": "...", "es": "..."}``."""


@dataclass(frozen=True)
class AnswerSet:
    """Answer options: whole numbers ``low`` to ``high``, with labels per language."""

    low: int
    high: int
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    prefer_not_to_answer: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """One scored question; ``id`` is its column name in a responses file."""

    id: str
    text: Text
    reverse: bool = False


@dataclass(frozen=True)
class Scale:
    """A set of items averaged into one score."""

    id: str
    title: Text
    answers: AnswerSet
    items: tuple[Item, ...]
    description: Text = field(default_factory=dict)
    construct: str = ""
    references: tuple[str, ...] = ()

    def spec(self) -> ScaleSpec:
        """What the analysis engine needs to score this scale."""
        return ScaleSpec(
            id=self.id,
            items=tuple(item.id for item in self.items),
            low=self.answers.low,
            high=self.answers.high,
            reverse=tuple(item.id for item in self.items if item.reverse),
        )


@dataclass(frozen=True)
class ChoiceOption:
    id: str
    label: Text


@dataclass(frozen=True)
class Question:
    """A question that is not scored: open text, or single or multiple choice."""

    id: str
    type: str
    text: Text
    help: Text = field(default_factory=dict)
    options: tuple[ChoiceOption, ...] = ()


@dataclass(frozen=True)
class Instrument:
    """A survey or self-assessment: its scales, other questions and references."""

    id: str
    title: Text
    scales: tuple[Scale, ...]
    version: int = 1
    description: Text = field(default_factory=dict)
    languages: tuple[str, ...] = ("en",)
    questions: tuple[Question, ...] = ()
    references: dict[str, str] = field(default_factory=dict)
    source: str = ""

    def scale_specs(self) -> list[ScaleSpec]:
        return [scale.spec() for scale in self.scales]

    def scale(self, scale_id: str) -> Scale:
        for scale in self.scales:
            if scale.id == scale_id:
                return scale
        raise KeyError(scale_id)

    @property
    def item_ids(self) -> list[str]:
        return [item.id for scale in self.scales for item in scale.items]
