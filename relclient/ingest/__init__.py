"""Uploads: read → map → validate → load, each step plain Python over DuckDB (no Streamlit)."""

from relclient.ingest.errors import IngestError
from relclient.ingest.history import last_loads, recent_loads
from relclient.ingest.load import LoadRequest, LoadResult, ingest_file, undo_load
from relclient.ingest.mapping import (
    DATE_FORMATS, NUMBER_FORMATS, ColumnMap, Mapping, find_mapping, named_mapping, save_mapping,
)
from relclient.ingest.suggest import Suggestion, starting_mapping, suggest, suggest_for, suggest_mapping
from relclient.ingest.modes import LoadMode
from relclient.ingest.fileinfo import DELIMITERS, ENCODINGS, FileInfo, ReadOptions
from relclient.ingest.sources import inspect_file

__all__ = [
    "DATE_FORMATS", "DELIMITERS", "ENCODINGS", "NUMBER_FORMATS", "ColumnMap", "FileInfo", "IngestError",
    "LoadMode", "LoadRequest", "LoadResult", "Mapping", "ReadOptions", "find_mapping", "ingest_file", "inspect_file",
    "last_loads", "named_mapping", "recent_loads", "save_mapping", "starting_mapping", "suggest", "suggest_for", "suggest_mapping",
    "Suggestion", "undo_load",
]
