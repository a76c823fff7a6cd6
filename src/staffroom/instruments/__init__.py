"""Survey instruments: YAML files describing scales, items, wording and references."""

from staffroom.instruments.loader import (
    InstrumentError,
    builtin_ids,
    instrument_from_mapping,
    load_builtin,
    load_instrument,
    resolve_instrument,
)
from staffroom.instruments.model import (
    AnswerSet,
    ChoiceOption,
    Instrument,
    Item,
    Question,
    Scale,
)

__all__ = [
    "AnswerSet",
    "ChoiceOption",
    "Instrument",
    "InstrumentError",
    "Item",
    "Question",
    "Scale",
    "builtin_ids",
    "instrument_from_mapping",
    "load_builtin",
    "load_instrument",
    "resolve_instrument",
]
