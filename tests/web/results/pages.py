"""Reading numbers back out of the results pages' HTML (tables carry data- attributes)."""

from __future__ import annotations

import html
import re

_ROW = r'<tr[^>]*\b{attr}="(?P<key>[^"]*)"[^>]*>(?P<body>.*?)</tr>'
_CELL = re.compile(
    r'<t[dh][^>]*\bdata-(?:scale|column)="(?P<key>[^"]*)"[^>]*>(?P<body>.*?)</t[dh]>', re.S
)
_TAG = re.compile(r"<[^>]+>")


def text(fragment: str) -> str:
    """Visible text of an HTML fragment, tags removed, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def rows(page: str, attr: str = "data-school", within: str | None = None) -> dict[str, str]:
    """Rows by their ``attr`` value (the first table that has them, or the table whose
    class is ``within``)."""
    if within is not None:
        match = re.search(rf'<table class="{within}".*?</table>', page, re.S)
        assert match, f"no table of class {within}"
        page = match.group(0)
    return {
        m.group("key"): m.group("body")
        for m in re.finditer(_ROW.format(attr=re.escape(attr)), page, re.S)
    }


def cells(row: str) -> dict[str, str]:
    """A row's cells by their data-scale or data-column, as visible text."""
    return {m.group("key"): text(m.group("body")) for m in _CELL.finditer(row)}


def without_svg(page: str) -> str:
    """The page with inline charts removed (their coordinates are numbers too)."""
    return re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
