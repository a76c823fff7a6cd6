"""Docs that cannot drift: every public statistic, report field, instrument key and CLI
option is documented."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

import staffroom.analysis as analysis
from staffroom.cli import app
from staffroom.reports import report_schema

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", analysis.__all__)
def test_every_public_analysis_name_is_in_docs_analysis(name):
    assert f"`{name}`" in _text("analysis.md"), f"{name} is not documented in docs/analysis.md"


def _analysis_modules() -> list[Any]:
    """Engine modules with their own ``__all__`` (network, indicators, run charts, ...)."""
    import importlib
    import pkgutil

    found = []
    for info in pkgutil.iter_modules(analysis.__path__):
        module = importlib.import_module(f"staffroom.analysis.{info.name}")
        if hasattr(module, "__all__") and not set(module.__all__) <= set(analysis.__all__):
            found.append(module)
    return found


def _engine_docs() -> str:
    """docs/analysis.md and the engine pages beside it in docs/analysis/."""
    pages = [DOCS / "analysis.md", *sorted((DOCS / "analysis").glob("*.md"))]
    return "\n".join(page.read_text(encoding="utf-8") for page in pages)


@pytest.mark.parametrize("module", _analysis_modules(), ids=lambda m: m.__name__)
def test_every_public_engine_name_is_documented(module):
    documented = _engine_docs()
    missing = [name for name in module.__all__ if f"`{name}`" not in documented]
    assert not missing, f"{module.__name__}: not in docs/analysis.md or docs/analysis/: {missing}"


@pytest.mark.parametrize("module", _analysis_modules(), ids=lambda m: m.__name__)
def test_every_engine_statistic_states_its_formula_and_reference(module):
    """A module lists its statistics in ``STATISTICS``; each docstring gives the formula
    (a Notes section) and what it follows (a References section)."""
    for function in getattr(module, "STATISTICS", ()):
        doc = inspect.getdoc(function) or ""
        assert "Notes" in doc, f"{function.__name__} has no Notes (formula) section"
        assert "References" in doc, f"{function.__name__} has no References section"


STATISTICS = [
    analysis.cronbach_alpha,
    analysis.icc,
    analysis.within_group_agreement,
    analysis.complementary_suppression,
    analysis.scale_scores,
    analysis.analyze_survey,
]


@pytest.mark.parametrize("function", STATISTICS, ids=lambda f: f.__name__)
def test_every_statistic_states_its_formula_and_reference(function):
    doc = inspect.getdoc(function) or ""
    assert "Notes" in doc, f"{function.__name__} has no Notes (formula) section"
    if function is not analysis.analyze_survey:
        assert re.search(r"References|\(\w[^)]*\d{4}\)", doc), f"{function.__name__} cites nothing"


def _schema_fields(node: Any) -> set[str]:
    fields: set[str] = set()
    if isinstance(node, dict):
        fields |= set(node.get("properties", {}))
        for value in node.values():
            fields |= _schema_fields(value)
    elif isinstance(node, list):
        for value in node:
            fields |= _schema_fields(value)
    return fields


def test_every_report_field_is_in_docs_report_schema():
    documented = _text("report-schema.md")
    missing = sorted(f for f in _schema_fields(report_schema()) if f"`{f}`" not in documented)
    assert not missing, f"undocumented report fields: {missing}"


def test_every_instrument_key_is_in_docs_instruments():
    from staffroom.instruments import loader

    documented = _text("instruments.md")
    keys = {key for levels in loader.ALLOWED_KEYS.values() for group in levels for key in group}
    missing = sorted(key for key in keys if f"`{key}`" not in documented)
    assert not missing, f"undocumented instrument keys: {missing}"


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for name, command in getattr(group, "commands", {}).items():
        found.append((f"{prefix}{name}", command))
        found.extend(_commands(command, f"{prefix}{name} "))
    return found


def test_every_cli_command_and_option_is_in_docs_cli():
    documented = _text("cli.md")
    for name, command in _commands(get_command(app)):
        assert f"staffroom {name}" in documented, f"command {name!r} is not in docs/cli.md"
        for parameter in command.params:
            for option in parameter.opts:
                if option.startswith("--") and option != "--help":
                    assert option in documented, f"{name} {option} is not in docs/cli.md"
