"""Reading and writing files: responses in, reports out. No statistics here."""

from staffroom.io.errors import InputFileError
from staffroom.io.json_file import write_bytes_atomic, write_json_atomic
from staffroom.io.responses import MISSING_TOKENS, SUFFIXES, ResponsesFile, read_responses

__all__ = [
    "MISSING_TOKENS",
    "SUFFIXES",
    "InputFileError",
    "ResponsesFile",
    "read_responses",
    "write_bytes_atomic",
    "write_json_atomic",
]

# District data files (roster, absences, exits, ...): their specs and the reader.
from staffroom.io.sources import SOURCES
from staffroom.io.tables import Column, TableSpec, read_table, template_csv

__all__ += ["SOURCES", "Column", "TableSpec", "read_table", "template_csv"]
