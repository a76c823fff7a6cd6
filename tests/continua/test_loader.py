"""Loading continuum files: the built-in one, districts' own rubrics, errors that say where."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from staffroom.cli import app
from staffroom.continua import (
    ContinuumError,
    builtin_continua,
    continuum_from_mapping,
    load_builtin_continuum,
    load_continuum,
    resolve_continuum,
)
from staffroom.instruments import InstrumentError

MINIMAL = """\
id: district-rubric
title: Our rubric
levels:
  - {id: beginning, title: Beginning}
  - {id: leading, title: Leading}
dimensions:
  - id: trust
    title: Trust
    why: Because trust matters.
    descriptors:
      beginning: Some trust.
      leading: Much trust.
"""


def _builtin_document() -> dict[str, Any]:
    from importlib import resources

    text = (
        resources.files("staffroom.continua.builtin")
        .joinpath("staff-relationships.yaml")
        .read_text(encoding="utf-8")
    )
    return yaml.safe_load(text)


BUILTIN = _builtin_document()


def _with(change: Any) -> dict[str, Any]:
    document = copy.deepcopy(BUILTIN)
    change(document)
    return document


def _error(document: Any) -> str:
    with pytest.raises(ContinuumError) as caught:
        continuum_from_mapping(document, "rubric.yaml")
    return str(caught.value)


def test_the_builtin_continuum_is_listed_and_loads():
    assert builtin_continua() == ["staff-relationships"]
    continuum = load_builtin_continuum("staff-relationships")

    assert continuum.id == "staff-relationships"
    assert continuum.languages == ("en", "es")
    assert continuum.level_ids == ["emerging", "developing", "advanced"]
    assert [continuum.rank(level) for level in continuum.level_ids] == [1, 2, 3]
    assert continuum.dimension_ids == [
        "relationships",
        "agreements",
        "collaboration_time",
        "staff_perception_data",
        "shared_influence",
        "improvement_orientation",
    ]


def test_every_builtin_dimension_is_complete_in_both_languages():
    continuum = load_builtin_continuum("staff-relationships")
    for dimension in continuum.dimensions:
        assert set(dimension.descriptors) == set(continuum.level_ids)
        texts = [dimension.title, dimension.why, *dimension.descriptors.values()]
        texts += list(dimension.evidence)
        for text in texts:
            assert set(text) == {"en", "es"}
            assert all(value.strip() for value in text.values())
        assert 2 <= len(dimension.evidence) <= 3, dimension.id
        assert dimension.references, dimension.id
        assert dimension.construct, dimension.id


def test_every_builtin_dimension_cites_its_construct_in_why_it_matters():
    continuum = load_builtin_continuum("staff-relationships")
    for dimension in continuum.dimensions:
        for ref in dimension.references:
            author = continuum.references[ref].split(",")[0]
            assert author in dimension.why["en"], (dimension.id, author)
            assert author in dimension.why["es"], (dimension.id, author)


def test_the_builtin_descriptors_are_all_different():
    continuum = load_builtin_continuum("staff-relationships")
    texts = [t[lang] for d in continuum.dimensions for t in d.descriptors.values() for lang in t]
    assert len(texts) == len(set(texts))


def test_a_one_language_rubric_may_use_plain_strings_and_its_own_levels(tmp_path: Path):
    path = tmp_path / "rubric.yaml"
    path.write_text(MINIMAL, encoding="utf-8")

    continuum = load_continuum(path)

    assert continuum.level_ids == ["beginning", "leading"]
    assert continuum.rank("leading") == 2
    assert continuum.dimension("trust").descriptors["leading"] == {"en": "Much trust."}
    assert continuum.version == 1
    assert continuum.source == str(path)
    assert resolve_continuum(str(path)) == continuum


def test_resolve_takes_a_builtin_id():
    assert resolve_continuum("staff-relationships").id == "staff-relationships"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["dimensions"][1]["descriptors"]["advanced"].pop("es"),
            "rubric.yaml: dimension 'agreements': level 'advanced': text in language 'es' "
            "is missing or empty",
        ),
        (
            lambda d: d["dimensions"][0]["descriptors"].pop("developing"),
            "rubric.yaml: dimension 'relationships': level 'developing': no descriptor for "
            "this level",
        ),
        (
            lambda d: d["dimensions"][0]["descriptors"].update(expert={"en": "x", "es": "y"}),
            "rubric.yaml: dimension 'relationships': level 'expert': not one of the "
            "continuum's levels (emerging, developing, advanced)",
        ),
        (
            lambda d: d["dimensions"][2].update(evidense=[]),
            "rubric.yaml: dimension 'collaboration_time': unknown key 'evidense'",
        ),
        (
            lambda d: d["dimensions"][3].pop("why"),
            "rubric.yaml: dimension 'staff_perception_data': missing required key 'why'",
        ),
        (
            lambda d: d["levels"][1].update(colour="blue"),
            "rubric.yaml: level 'developing': unknown key 'colour'",
        ),
        (lambda d: d.update(owner="me"), "rubric.yaml: unknown key 'owner'"),
        (
            lambda d: d["levels"].pop(),
            "rubric.yaml: dimension 'relationships': level 'advanced': not one of the "
            "continuum's levels (emerging, developing)",
        ),
        (
            lambda d: d.update(levels=d["levels"][:1]),
            "rubric.yaml: levels: must be a list of 2 to 5 levels, lowest first",
        ),
        (
            lambda d: d.update(levels=d["levels"] * 2),
            "rubric.yaml: levels: must be a list of 2 to 5 levels, lowest first",
        ),
        (
            lambda d: d["levels"].append(copy.deepcopy(d["levels"][0])),
            "rubric.yaml: level 'emerging': level id used twice",
        ),
        (
            lambda d: d["dimensions"].append(copy.deepcopy(d["dimensions"][0])),
            "rubric.yaml: dimension 'relationships': dimension id used twice",
        ),
        (
            lambda d: d["dimensions"][4].update(references=["nobody-2020"]),
            "rubric.yaml: dimension 'shared_influence': references: 'nobody-2020' is not "
            "one of the references",
        ),
        (
            lambda d: d["dimensions"][5]["evidence"].append({"en": "only English"}),
            "rubric.yaml: dimension 'improvement_orientation': evidence 4: text in language "
            "'es' is missing or empty",
        ),
        (
            lambda d: d["dimensions"][5].update(evidence="look around"),
            "rubric.yaml: dimension 'improvement_orientation': evidence: must be a list",
        ),
        (
            lambda d: d["dimensions"][0].update(id="9lives"),
            "rubric.yaml: dimension 1: id '9lives' must match",
        ),
        (
            lambda d: d["dimensions"][0].update(construct=["a"]),
            "rubric.yaml: dimension 'relationships': construct: construct must be text",
        ),
        (lambda d: d.update(dimensions=[]), "rubric.yaml: dimensions: must be a non-empty list"),
        (lambda d: d.update(languages="en"), "rubric.yaml: languages: must be a list"),
        (lambda d: d.update(version="one"), "rubric.yaml: version: 'one' is not a whole number"),
        (
            lambda d: d["references"].update({"x-2000": ""}),
            "rubric.yaml: references: 'x-2000': citation must be non-empty text",
        ),
        (
            lambda d: d["levels"][0]["title"].update(fr="Émergent"),
            "rubric.yaml: level 'emerging': title: text in undeclared language 'fr'",
        ),
    ],
)
def test_errors_name_the_file_the_dimension_and_the_level(change, expected):
    assert _error(_with(change)).startswith(expected)


def test_a_continuum_error_is_an_instrument_error():
    assert issubclass(ContinuumError, InstrumentError)


def test_a_two_language_file_needs_mappings():
    document = yaml.safe_load(MINIMAL) | {"languages": ["en", "es"]}
    assert _error(document).startswith(
        "rubric.yaml: level 'beginning': title: give the text in every language (en, es) as a mapping"
    )


def test_invalid_yaml_gives_the_line(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nlevels: [\n", encoding="utf-8")
    with pytest.raises(ContinuumError, match=r"broken\.yaml: line \d+, column \d+: not valid"):
        load_continuum(path)


def test_a_missing_file_says_so(tmp_path: Path):
    with pytest.raises(ContinuumError, match="cannot be read"):
        load_continuum(tmp_path / "absent.yaml")


def test_an_unknown_builtin_id_lists_the_known_ones():
    with pytest.raises(ContinuumError, match="staff-relationships"):
        load_builtin_continuum("nope")


def test_cli_check_accepts_a_valid_file_and_the_builtin(tmp_path: Path):
    path = tmp_path / "rubric.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    runner = CliRunner()

    for target in (str(path), "staff-relationships"):
        result = runner.invoke(app, ["continuum", "check", target])
        assert result.exit_code == 0, result.output
        assert "valid" in result.output

    assert "6 dimensions at 3 levels" in result.output


def test_cli_check_exits_2_naming_the_dimension_and_level(tmp_path: Path):
    path = tmp_path / "rubric.yaml"
    path.write_text(MINIMAL.replace("      leading: Much trust.\n", ""), encoding="utf-8")

    result = CliRunner().invoke(app, ["continuum", "check", str(path)])

    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "dimension 'trust': level 'leading': no descriptor for this level" in message
    assert "rubric.yaml" in message
