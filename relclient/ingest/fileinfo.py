"""What a file is (`FileInfo`) and what the user says about reading it (`ReadOptions`).

Shared by every reader (text and Parquet in `sources`, workbooks in `excel`) and by the steps
after them, so that no reader imports another to learn these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from relclient.i18n import t
from relclient.ingest.errors import IngestError

DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")
ENCODINGS: tuple[str, ...] = ("utf-8", "cp1252", "latin-1")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every password-protected workbook
SAMPLE_ROWS = 200  # rows kept to suggest a mapping from the values


@dataclass(frozen=True)
class ReadOptions:
    """What the user says about the file; None means "detect it"."""

    encoding: str | None = None
    delimiter: str | None = None
    header_row: int | None = None  # 1-based line (text) or row (Excel) holding the column names
    sheet: str | None = None

    def __post_init__(self) -> None:
        if self.encoding is not None and self.encoding not in ENCODINGS:
            raise IngestError("bad_encoding_option", value=self.encoding, allowed=", ".join(ENCODINGS))
        if self.delimiter is not None and self.delimiter not in DELIMITERS:
            raise IngestError("bad_delimiter_option", value=self.delimiter)
        if self.header_row is not None and not 1 <= self.header_row <= 1000:
            raise IngestError("bad_header_row_option", value=self.header_row)


@dataclass(frozen=True)
class FileInfo:
    """What a file is: its identity, its format and its header row."""

    path: Path
    name: str
    size: int
    sha256: str
    kind: str  # csv | excel | parquet
    headers: tuple[str, ...]
    header_row: int  # 1-based; 0 for Parquet, whose names are not a row
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    read_path: Path | None = None  # what DuckDB reads
    newlines: int | None = None  # line ends counted in a text file
    transcode: bool = False  # read through a UTF-8 copy (bytes DuckDB's latin-1 reader refuses)
    bare_cr: bool = False  # read through a copy whose carriage returns inside lines are spaces
    warnings: tuple[tuple[str, dict], ...] = field(default=())
    samples: tuple[tuple[str, ...], ...] = ()  # the first rows' cells, to suggest a mapping from values

    @property
    def duplicated(self) -> dict[str, str]:
        """Headers the file gives several columns: name → their column numbers ("5, 9")."""
        return {v["header"]: v["columns"] for k, v in self.warnings if k == "duplicate_header"}

    def describe(self, lang: str = "en") -> str:
        """What the file was read as, in words: "text in cp1252, delimiter ';', headers on line 1"."""
        if self.kind == "csv":
            delim = {"\t": t("data.tab", lang)}.get(self.delimiter or "", self.delimiter)
            return t("data.read_csv", lang, encoding=self.encoding, delimiter=delim, row=self.header_row)
        if self.kind == "excel":
            return t("data.read_excel", lang, sheet=self.sheet, row=self.header_row)
        return t("data.read_parquet", lang)
