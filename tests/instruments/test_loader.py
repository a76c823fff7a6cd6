"""Loading instrument files: the minimal and full forms, and errors that say where."""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from staffroom.analysis import ScaleSpec
from staffroom.instruments import (
    InstrumentError,
    builtin_ids,
    instrument_from_mapping,
    load_builtin,
    load_instrument,
    resolve_instrument,
)

MINIMAL = """\
id: district-survey
scales:
  - id: trust
    points: [1, 5]
    items: [T1, T2, T3]
    reverse: [T3]
  - id: voice
    points: [1, 4]
    items: [V1, V2]
"""

FULL = """\
id: full-form
version: 3
title: {en: "Full form", es: "Forma completa"}
description: {en: "Every feature.", es: "Todas las funciones."}
languages: [en, es]
answer_sets:
  agree4:
    points: [1, 4]
    labels:
      en: [Disagree, Somewhat disagree, Somewhat agree, Agree]
      es: [En desacuerdo, Algo en desacuerdo, Algo de acuerdo, De acuerdo]
    prefer_not_to_answer: {en: "Prefer not to answer", es: "Prefiero no responder"}
references:
  smith-2001: "Smith, A. (2001). A study. Journal, 1(1), 1-2."
  jones-2005: "Jones, B. (2005). Another study. Journal, 2(1), 3-4."
scales:
  - id: trust
    title: {en: "Trust", es: "Confianza"}
    description: {en: "How much staff trust.", es: "Cuánto confía el personal."}
    construct: "Relational trust (Smith, 2001)"
    references: [smith-2001, jones-2005]
    answers: agree4
    items:
      - id: T1
        text: {en: "I trust my colleagues.", es: "Confío en mis colegas."}
      - id: T2
        text: {en: "Colleagues let me down.", es: "Mis colegas me decepcionan."}
        reverse: true
  - id: voice
    title: {en: "Voice", es: "Voz"}
    points: [0, 6]
    items:
      - id: V1
        text: {en: "I can speak up.", es: "Puedo expresarme."}
questions:
  - id: COMMENT
    type: text
    text: {en: "Anything else?", es: "¿Algo más?"}
    help: {en: "No names, please.", es: "Sin nombres, por favor."}
  - id: ROLE
    type: single_choice
    text: {en: "Your role", es: "Su función"}
    options:
      - id: teacher
        label: {en: "Teacher", es: "Docente"}
      - id: other
        label: {en: "Other", es: "Otra"}
"""


def _write(folder: Path, text: str, name: str = "survey.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _base() -> dict[str, Any]:
    return yaml.safe_load(FULL)


def _error(document: object, source: str = "mine.yaml") -> InstrumentError:
    with pytest.raises(InstrumentError) as caught:
        instrument_from_mapping(document, source)
    return caught.value


# --------------------------------------------------------------------------- minimal form


def test_it_loads_the_minimal_form(tmp_path):
    instrument = load_instrument(_write(tmp_path, MINIMAL))

    assert instrument.id == "district-survey"
    assert [s.id for s in instrument.scales] == ["trust", "voice"]
    assert instrument.item_ids == ["T1", "T2", "T3", "V1", "V2"]
    trust, voice = instrument.scales
    assert (trust.answers.low, trust.answers.high) == (1, 5)
    assert (voice.answers.low, voice.answers.high) == (1, 4)
    assert [item.reverse for item in trust.items] == [False, False, True]
    assert not any(item.reverse for item in voice.items)


def test_the_minimal_form_gets_defaults_for_what_it_leaves_out(tmp_path):
    instrument = load_instrument(_write(tmp_path, MINIMAL))

    assert instrument.title == {"en": "district-survey"}
    assert instrument.languages == ("en",)
    assert instrument.version == 1
    assert instrument.questions == ()
    assert instrument.references == {}
    assert instrument.source == str(tmp_path / "survey.yaml")


def test_it_gives_the_analysis_engine_each_scale_with_its_reverse_keys(tmp_path):
    instrument = load_instrument(_write(tmp_path, MINIMAL))

    assert instrument.scale("trust").spec() == ScaleSpec(
        id="trust", items=("T1", "T2", "T3"), low=1, high=5, reverse=("T3",)
    )
    assert instrument.scale_specs() == [
        ScaleSpec("trust", ("T1", "T2", "T3"), 1, 5, reverse=("T3",)),
        ScaleSpec("voice", ("V1", "V2"), 1, 4, reverse=()),
    ]


def test_it_takes_reverse_keys_from_the_item_or_from_the_scale_list():
    document = _base()
    document["scales"][0]["reverse"] = ["T1"]  # T2 is reverse-keyed on the item itself

    instrument = instrument_from_mapping(document)

    assert instrument.scale("trust").spec().reverse == ("T1", "T2")


def test_looking_up_an_unknown_scale_raises_key_error(tmp_path):
    instrument = load_instrument(_write(tmp_path, MINIMAL))

    with pytest.raises(KeyError, match="nope"):
        instrument.scale("nope")


# --------------------------------------------------------------------------- full form


def test_it_loads_the_full_form(tmp_path):
    instrument = load_instrument(_write(tmp_path, FULL))

    assert instrument.id == "full-form"
    assert instrument.version == 3
    assert instrument.languages == ("en", "es")
    assert instrument.title == {"en": "Full form", "es": "Forma completa"}
    assert instrument.description["es"] == "Todas las funciones."
    assert set(instrument.references) == {"smith-2001", "jones-2005"}
    assert instrument.references["jones-2005"].startswith("Jones, B. (2005)")


def test_a_scale_in_the_full_form_carries_its_answer_set_wording_and_sources(tmp_path):
    trust = load_instrument(_write(tmp_path, FULL)).scale("trust")

    assert (trust.answers.low, trust.answers.high) == (1, 4)
    assert trust.answers.labels["es"] == (
        "En desacuerdo",
        "Algo en desacuerdo",
        "Algo de acuerdo",
        "De acuerdo",
    )
    assert trust.answers.prefer_not_to_answer == {
        "en": "Prefer not to answer",
        "es": "Prefiero no responder",
    }
    assert trust.title == {"en": "Trust", "es": "Confianza"}
    assert trust.construct == "Relational trust (Smith, 2001)"
    assert trust.references == ("smith-2001", "jones-2005")
    assert trust.items[1].text == {
        "en": "Colleagues let me down.",
        "es": "Mis colegas me decepcionan.",
    }
    assert [item.reverse for item in trust.items] == [False, True]


def test_a_scale_may_give_its_own_points_beside_named_answer_sets(tmp_path):
    voice = load_instrument(_write(tmp_path, FULL)).scale("voice")

    assert (voice.answers.low, voice.answers.high) == (0, 6)
    assert voice.answers.labels == {}


def test_it_loads_text_and_choice_questions(tmp_path):
    comment, role = load_instrument(_write(tmp_path, FULL)).questions

    assert comment.id == "COMMENT"
    assert comment.type == "text"
    assert comment.help == {"en": "No names, please.", "es": "Sin nombres, por favor."}
    assert comment.options == ()
    assert role.type == "single_choice"
    assert [o.id for o in role.options] == ["teacher", "other"]
    assert role.options[0].label == {"en": "Teacher", "es": "Docente"}


def test_questions_are_not_scored_items(tmp_path):
    instrument = load_instrument(_write(tmp_path, FULL))

    assert instrument.item_ids == ["T1", "T2", "V1"]


def test_a_utf8_file_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + FULL.encode("utf-8"))

    assert load_instrument(path).scale("trust").title["es"] == "Confianza"


# --------------------------------------------------------------------------- errors


def _scale_named(document: dict[str, Any], scale_id: str) -> dict[str, Any]:
    return next(s for s in document["scales"] if s["id"] == scale_id)


def _reverse_unknown(d):
    _scale_named(d, "trust")["reverse"] = ["T9"]


def _item_in_two_scales(d):
    _scale_named(d, "voice")["items"].append({"id": "T1", "text": {"en": "x", "es": "y"}})


def _duplicate_item(d):
    _scale_named(d, "trust")["items"].append({"id": "T2", "text": {"en": "x", "es": "y"}})


def _misspelt_reverse_on_item(d):
    _scale_named(d, "trust")["items"][0]["reversed"] = True


def _misspelt_reverse_on_scale(d):
    _scale_named(d, "trust")["reversed"] = ["T1"]


def _points_backwards(d):
    _scale_named(d, "voice")["points"] = [5, 1]


def _points_equal(d):
    _scale_named(d, "voice")["points"] = [3, 3]


def _points_not_whole(d):
    _scale_named(d, "voice")["points"] = [1, 4.5]


def _item_text_without_spanish(d):
    _scale_named(d, "trust")["items"][1]["text"] = {"en": "Only English."}


def _item_text_blank_in_spanish(d):
    _scale_named(d, "trust")["items"][1]["text"] = {"en": "English.", "es": "  "}


def _scale_title_as_plain_string(d):
    _scale_named(d, "trust")["title"] = "Trust"


def _unknown_answer_set(d):
    _scale_named(d, "trust")["answers"] = "agree5"


def _answers_given_as_points(d):
    _scale_named(d, "trust")["answers"] = [1, 5]


def _both_points_and_answers(d):
    _scale_named(d, "trust")["points"] = [1, 4]


def _unknown_reference(d):
    _scale_named(d, "trust")["references"] = ["smith-2001", "smith-2010"]


def _reference_not_an_id(d):
    _scale_named(d, "trust")["references"] = [{"smith-2001": "p. 4"}]


def _choice_with_one_option(d):
    d["questions"][1]["options"] = d["questions"][1]["options"][:1]


def _choice_option_twice(d):
    d["questions"][1]["options"][1]["id"] = "teacher"


def _text_question_with_options(d):
    d["questions"][0]["options"] = [{"id": "a", "label": {"en": "A", "es": "A"}}]


def _unknown_question_type(d):
    d["questions"][0]["type"] = "essay"


def _question_reusing_an_item_id(d):
    d["questions"][0]["id"] = "T1"


def _scale_id_twice(d):
    _scale_named(d, "voice")["id"] = "trust"


def _labels_count_wrong(d):
    d["answer_sets"]["agree4"]["labels"]["es"] = ["Sí", "No"]


def _reverse_not_boolean(d):
    _scale_named(d, "trust")["items"][0]["reverse"] = "yes"


@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        (_reverse_unknown, "scale 'trust': item 'T9'", "listed in reverse but not one of"),
        (_item_in_two_scales, "scale 'voice': item 'T1'", "already belongs to scale 'trust'"),
        (_duplicate_item, "scale 'trust': item 'T2'", "listed twice"),
        (_misspelt_reverse_on_item, "scale 'trust': item 'T1'", "unknown key 'reversed'"),
        (_misspelt_reverse_on_scale, "scale 'trust'", "unknown key 'reversed'"),
        (_points_backwards, "scale 'voice': points", "highest point 1 must exceed lowest point 5"),
        (_points_equal, "scale 'voice': points", "highest point 3 must exceed lowest point 3"),
        (_points_not_whole, "scale 'voice': points", "4.5 is not a whole number"),
        (
            _item_text_without_spanish,
            "scale 'trust': item 'T2': text",
            "text in language 'es' is missing",
        ),
        (
            _item_text_blank_in_spanish,
            "scale 'trust': item 'T2': text",
            "text in language 'es' is missing or empty",
        ),
        (_scale_title_as_plain_string, "scale 'trust': title", "give the text in every language"),
        (_unknown_answer_set, "scale 'trust'", "answers 'agree5' is not one of the answer_sets"),
        (_answers_given_as_points, "scale 'trust'", "is not one of the answer_sets"),
        (_both_points_and_answers, "scale 'trust'", "give exactly one of 'points' or 'answers'"),
        (_unknown_reference, "scale 'trust': references", "'smith-2010' is not one of"),
        (_reference_not_an_id, "scale 'trust': references", "is not one of the references"),
        (_choice_with_one_option, "question 'ROLE'", "needs at least two options"),
        (_choice_option_twice, "question 'ROLE': option 'teacher'", "listed twice"),
        (_text_question_with_options, "question 'COMMENT'", "a text question has no options"),
        (_unknown_question_type, "question 'COMMENT'", "type 'essay' must be one of"),
        (_question_reusing_an_item_id, "question 'T1'", "id is already used"),
        (_scale_id_twice, "scale 'trust'", "scale id used twice"),
        (_labels_count_wrong, "answer set 'agree4': labels", "2 labels in language 'es' for 4"),
        (_reverse_not_boolean, "scale 'trust': item 'T1'", "reverse must be true or false"),
    ],
)
def test_it_names_the_file_scale_and_item_of_each_validation_error(
    tmp_path, change, where, problem
):
    document = _base()
    change(document)
    path = _write(tmp_path, yaml.safe_dump(document, allow_unicode=True, sort_keys=False))

    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)

    error = caught.value
    assert error.source == str(path)
    assert error.where == where
    assert problem in error.problem
    assert str(error).startswith(f"{path}: {where}: ")


def test_it_names_the_file_scale_and_item_of_a_bad_reverse_key(tmp_path):
    path = _write(tmp_path, MINIMAL.replace("reverse: [T3]", "reverse: [T4]"))

    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)

    message = str(caught.value)
    assert str(path) in message
    assert "scale 'trust'" in message
    assert "item 'T4'" in message


@pytest.mark.parametrize(
    ("top", "where", "problem"),
    [
        ({"scales": []}, "", "missing required key 'id'"),
        ({"id": "x"}, "", "missing required key 'scales'"),
        ({"id": "x", "scales": []}, "scales", "must be a non-empty list"),
        ({"id": "Has Spaces", "scales": [{}]}, "", "must match"),
        ({"id": "x\n", "scales": [{}]}, "", "must match"),
        ({"id": "x", "scales": [{}], "colour": "red"}, "", "unknown key 'colour'"),
        ({"id": "x", "scales": [{}], "languages": ["english"]}, "languages", "two-letter"),
        ({"id": "x", "scales": [{}], "languages": []}, "languages", "two-letter"),
        ({"id": "x", "scales": [{}], "version": "2"}, "version", "not a whole number"),
        ({"id": "x", "scales": [{"id": "s"}]}, "scale 's'", "missing required key 'items'"),
        ({"id": "x", "scales": [{"id": "1s", "items": ["A"]}]}, "scale 1", "must match"),
        (
            {"id": "x", "scales": [{"id": "s", "points": [1, 5], "items": []}]},
            "scale 's'",
            "items must be a non-empty list",
        ),
        (
            {"id": "x", "scales": [{"id": "s", "points": [1, 5], "items": ["A"], "reverse": "A"}]},
            "scale 's'",
            "reverse must be a list",
        ),
        (
            {"id": "x", "scales": [{"id": "s", "points": [1, 2, 3], "items": ["A"]}]},
            "scale 's': points",
            "points must be [lowest, highest]",
        ),
    ],
)
def test_it_rejects_a_malformed_document_and_says_where(top, where, problem):
    error = _error(top)

    assert error.source == "mine.yaml"
    assert error.where == where
    assert problem in error.problem


def test_it_rejects_a_document_that_is_not_a_mapping(tmp_path):
    path = _write(tmp_path, "- just\n- a list\n")

    with pytest.raises(InstrumentError, match=r"expected a mapping, found list"):
        load_instrument(path)


def test_an_empty_file_is_an_error_not_a_crash(tmp_path):
    path = _write(tmp_path, "")

    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)

    assert caught.value.source == str(path)
    assert "expected a mapping" in caught.value.problem


def test_plain_string_text_is_fine_for_a_single_language_instrument():
    document = {
        "id": "one-language",
        "title": "One language",
        "scales": [{"id": "s", "title": "Scale", "points": [1, 5], "items": ["A", "B"]}],
    }

    instrument = instrument_from_mapping(document)

    assert instrument.title == {"en": "One language"}
    assert instrument.scale("s").title == {"en": "Scale"}


def test_text_in_an_undeclared_language_is_an_error():
    document = _base()
    _scale_named(document, "trust")["title"]["fr"] = "Confiance"

    error = _error(document)

    assert error.where == "scale 'trust': title"
    assert "undeclared language 'fr'" in error.problem


def test_it_reports_the_line_and_column_of_bad_yaml(tmp_path):
    text = textwrap.dedent(
        """\
        id: broken
        scales:
          - id: trust
            points: [1, 5
            items: [T1]
        """
    )
    path = _write(tmp_path, text)

    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)

    error = caught.value
    assert error.source == str(path)
    assert error.where == "line 5, column 10"  # where the parser found the list unclosed
    assert error.problem.startswith("not valid YAML (expected ',' or ']'")


def test_it_reports_the_line_and_column_of_a_badly_indented_key(tmp_path):
    path = _write(tmp_path, "id: x\nscales:\n  - id: trust\n    points: [1, 5]\n   items: [T1]\n")

    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)

    assert str(caught.value).startswith(f"{path}: line 5, column 4: not valid YAML")


def test_it_reports_the_line_of_a_tab_indentation_error(tmp_path):
    path = _write(tmp_path, "id: tabs\nscales:\n\t- id: trust\n")

    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)

    assert caught.value.where.startswith("line 3, column ")


def test_it_says_a_non_utf8_file_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(FULL.encode("latin-1"))  # the Spanish accents are not UTF-8 here

    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)

    assert caught.value.source == str(path)
    assert caught.value.problem == "is not UTF-8 text"


def test_it_says_a_missing_file_cannot_be_read(tmp_path):
    path = tmp_path / "absent.yaml"

    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)

    assert caught.value.source == str(path)
    assert caught.value.problem.startswith("cannot be read")
    assert "No such file" in caught.value.problem


def test_it_says_a_folder_cannot_be_read_as_an_instrument(tmp_path):
    with pytest.raises(InstrumentError, match="cannot be read"):
        load_instrument(tmp_path)


def test_instrument_error_is_a_value_error_with_its_parts():
    error = InstrumentError("f.yaml", "scale 'a'", "broken")

    assert isinstance(error, ValueError)
    assert str(error) == "f.yaml: scale 'a': broken"
    assert str(InstrumentError("f.yaml", "", "broken")) == "f.yaml: broken"


def test_validation_does_not_change_the_document_it_is_given():
    document = _base()
    before = copy.deepcopy(document)

    instrument_from_mapping(document)

    assert document == before


# --------------------------------------------------------------------------- built-ins, lookup


def test_builtin_ids_lists_the_five_builtins():
    assert builtin_ids() == [
        "agreements-check",
        "collective-leadership",
        "exit",
        "pulse",
        "staff-climate",
    ]


def test_load_builtin_names_the_choices_for_an_unknown_id():
    with pytest.raises(InstrumentError) as caught:
        load_builtin("staff-climat")

    assert caught.value.source == "staff-climat"
    assert "staff-climate" in caught.value.problem


def test_a_builtin_records_where_it_came_from():
    assert load_builtin("pulse").source == "builtin:pulse"


def test_resolve_instrument_accepts_a_builtin_id():
    assert resolve_instrument("pulse").id == "pulse"


@pytest.mark.parametrize("as_text", [True, False])
def test_resolve_instrument_accepts_a_path(tmp_path, as_text):
    path = _write(tmp_path, MINIMAL)

    instrument = resolve_instrument(str(path) if as_text else path)

    assert instrument.id == "district-survey"
    assert instrument.source == str(path)


def test_resolve_instrument_reports_a_name_that_is_neither(tmp_path):
    missing = tmp_path / "nothing-here.yaml"

    with pytest.raises(InstrumentError, match="cannot be read"):
        resolve_instrument(str(missing))
