"""Read: recognise an export (CSV/TSV/TXT, Excel, Parquet) and what it is written in.

`inspect_file` looks at the bytes once (format, encoding, delimiter, header row, sheets, sha256)
without parsing the rows in Python; `staging.stage` then lets DuckDB (or calamine for Excel)
read the rows. Every guess can be overridden through `ReadOptions`.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from relclient.engine import MB, max_upload_mb
from relclient.ingest.errors import IngestError
from relclient.ingest.fileinfo import DELIMITERS, OLE_SIGNATURE, SAMPLE_ROWS, FileInfo, ReadOptions
from relclient.ingest.headers import clean_headers
from relclient.problems import Amount

CHUNK = 4 * 1024 * 1024
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_BINARY_MAGIC: dict[bytes, str] = {
    b"\x89PNG": "PNG", b"%PDF": "PDF", b"GIF8": "GIF", b"\xff\xd8\xff": "JPEG",
    b"\x1f\x8b": "gzip", b"7z\xbc\xaf": "7z", b"Rar!": "RAR", b"\x7fELF": "ELF",
}
# cp1252 leaves these five bytes undefined: a file holding them is latin-1.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")
_BARE_CR = re.compile(rb"\r(?!\n)")
_BARE_CR_TEXT = re.compile(r"\r(?!\n)")
MAX_LINES_NAMED = 10  # lines a warning names; the count says how many in all


def _utf8_path(path: Path) -> Path:
    # A name that is not UTF-8 (a file from an old system, given on the command line) cannot reach
    # DuckDB: it reads the file through a link of a plain name in a temporary folder instead.
    try:
        str(path).encode("utf-8")
        return path
    except UnicodeEncodeError:
        folder = Path(tempfile.gettempdir()) / "relclient-links"
        folder.mkdir(exist_ok=True)
        link = folder / f"{uuid.uuid4().hex}{Path(_shown_name(path.name)).suffix}"
        link.symlink_to(path.resolve())
        return link


def _shown_name(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def inspect_file(path: Path | str, options: ReadOptions = ReadOptions(), name: str | None = None) -> FileInfo:
    """Recognise the file at `path`: format, encoding, delimiter, header row and column names."""
    path = Path(path)
    name = _shown_name(name or path.name)
    path = _utf8_path(path)
    if not path.is_file():
        raise IngestError("no_file", name=name)
    size = path.stat().st_size
    if size == 0:
        raise IngestError("empty", name=name)
    if size > (limit := max_upload_mb()) * MB:  # before a byte is read
        raise IngestError("too_large", name=name, size=Amount(size / MB, 1), limit=Amount(limit))
    with path.open("rb") as f:
        head = f.read(65536)
    suffix = Path(name).suffix.lower()
    if head.startswith(b"PK\x03\x04") or head.startswith(OLE_SIGNATURE) or suffix in EXCEL_SUFFIXES:
        from relclient.ingest.excel import inspect_workbook  # calamine only when needed

        return inspect_workbook(path, name, size, _sha256(path), head, options)
    if head.startswith(b"PAR1"):
        return _inspect_parquet(path, name, size)
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise IngestError("binary", name=name, what=what)
    if head.count(b"\x00") > max(8, len(head) // 100):
        raise IngestError("binary", name=name, what="?")
    return _inspect_text(path, name, size, head, options)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Scan:
    """What one pass over a text file's bytes learns."""

    sha256: str
    utf8_ok: bool  # every byte decodes as UTF-8
    utf8_multibyte: bool  # some accented letter is written the UTF-8 way
    has_c1: bool  # bytes 0x80-0x9F: cp1252's € ’ œ … (latin-1 control characters)
    cp1252_holes: bool
    newlines: int  # line ends in the file: more than its records means fields with line breaks
    bare_cr_lines: list[int] = field(default_factory=list)  # lines holding a CR that ends no line
    bare_crs: int = 0


def _scan_text(path: Path) -> _Scan:
    # One pass in big chunks, cut at line ends so that no UTF-8 sequence is split: C-speed
    # decoding, never a Python object per row.
    digest = hashlib.sha256()
    utf8_ok, multibyte, c1, holes, newlines = True, False, False, False, 0
    bare_lines: list[int] = []
    bare, done_lines = 0, 0  # done_lines: line ends before the bytes being looked at
    c1_only = bytes(range(0x80)) + bytes(range(0xA0, 0x100))  # delete all but 0x80-0x9F
    holes_only = bytes(b for b in range(256) if b not in _CP1252_HOLES)
    carry = b""
    with path.open("rb") as f:
        while True:
            chunk = f.read(CHUNK)
            digest.update(chunk)
            newlines += chunk.count(b"\n")
            data, carry = carry + chunk, b""
            if chunk:
                cut = data.rfind(b"\n") + 1  # 0: no line end yet, keep reading
                if cut == 0 and len(data) >= 4 * CHUNK:
                    cut = len(data)  # a giant line: decode it as it is
                data, carry = data[:cut], data[cut:]
            if data and data.count(b"\r") != data.count(b"\r\n"):
                # A CR that ends no line (old Mac tools, pasted text): DuckDB takes it for a line
                # end and refuses the whole file, so it is read as a space; the lines are named.
                for found in _BARE_CR.finditer(data):
                    bare += 1
                    if len(bare_lines) < MAX_LINES_NAMED:
                        bare_lines.append(done_lines + data.count(b"\n", 0, found.start()) + 1)
            if data and not data.isascii():
                try:
                    data.decode("utf-8")
                    multibyte = True
                except UnicodeDecodeError:
                    utf8_ok = False
                    decoded = data.decode("utf-8", errors="replace").replace("\ufffd", "")
                    multibyte = multibyte or not decoded.isascii()
                c1 = c1 or bool(data.translate(None, c1_only))
                holes = holes or bool(data.translate(None, holes_only))
            done_lines += data.count(b"\n")
            if not chunk:
                break
    return _Scan(digest.hexdigest(), utf8_ok, multibyte, c1, holes, newlines, bare_lines, bare)


def _pick_encoding(scan: _Scan, bom: bool) -> str:
    if bom or scan.utf8_ok or scan.utf8_multibyte:
        # A mostly-UTF-8 file with a few broken bytes stays UTF-8: DuckDB rejects just those lines.
        return "utf-8"
    return "latin-1" if scan.cp1252_holes else "cp1252"


def _inspect_text(path: Path, name: str, size: int, head: bytes, options: ReadOptions) -> FileInfo:
    scan = _scan_text(path)
    bom = head.startswith(codecs.BOM_UTF8)
    encoding = options.encoding or _pick_encoding(scan, bom)
    warnings: list[tuple[str, dict]] = []
    if encoding == "utf-8" and not scan.utf8_ok:
        warnings.append(("invalid_utf8", {}))
    # Carriage returns are line ends only in a file without line feeds (old Mac exports).
    bare_cr = scan.bare_crs > 0 and scan.newlines > 0
    if bare_cr:
        warnings.append(("bare_cr", {"n": scan.bare_crs, "lines": _listed(scan.bare_cr_lines, scan.bare_crs)}))
    sample = head.decode(encoding if encoding != "utf-8" else "utf-8-sig", errors="replace")
    if bare_cr:
        sample = _BARE_CR_TEXT.sub(" ", sample)
    lines = sample.splitlines()
    if len(head) == 65536 and len(lines) > 1:
        lines = lines[:-1]  # the last line of the sample may be cut
    delimiter = options.delimiter or _guess_delimiter(lines[:20])
    header_row = options.header_row or _guess_header_row(lines[:20], delimiter)
    if header_row > len(lines):
        raise IngestError("no_header_row", name=name, row=header_row)
    headers = next(csv.reader(io.StringIO(lines[header_row - 1]), delimiter=delimiter), [])
    headers, dup_warnings = clean_headers(headers)
    warnings += dup_warnings
    if len(headers) == 1 and not options.delimiter:
        warnings.append(("one_column", {"header": headers[0][:60]}))
    rows = csv.reader(io.StringIO("\n".join(lines[header_row:])), delimiter=delimiter)
    samples = tuple(tuple(r) for r, _ in zip(rows, range(SAMPLE_ROWS)) if any(c.strip() for c in r))
    # DuckDB reads latin-1 natively but refuses its bytes 0x80-0x9F (cp1252's € ’ œ …): such a
    # file is read from a UTF-8 copy, made when the rows are read.
    return FileInfo(path, name, size, scan.sha256, "csv", tuple(headers), header_row, encoding=encoding,
                    delimiter=delimiter, read_path=path, newlines=scan.newlines,
                    transcode=encoding != "utf-8" and scan.has_c1, bare_cr=bare_cr, warnings=tuple(warnings),
                    samples=samples)


def _listed(lines: list[int], total: int) -> str:
    """Line numbers as a warning names them: "2, 7, 9" or "2, 7, 9, … (25 in all)"."""
    shown = ", ".join(str(n) for n in dict.fromkeys(lines))
    return shown if total <= len(lines) else f"{shown}, …"


def _widths(lines: list[str], delimiter: str) -> list[int]:
    """Fields per record of the sample, parsed as CSV (quoted delimiters do not count)."""
    return [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter) if r]


def _table_width(widths: list[int]) -> int:
    """The most common number of fields: the table's width (title lines and ragged rows differ)."""
    return Counter(widths).most_common(1)[0][0] if widths else 1


def _guess_delimiter(lines: list[str]) -> str:
    # The delimiter gives the most records of one same width, over one column; ties go to the
    # order of DELIMITERS (';' first: French exports).
    best, best_score = ",", (0.0, 0)
    for delim in DELIMITERS:
        widths = _widths(lines, delim)
        width = _table_width(widths)
        if width < 2:
            continue
        score = (widths.count(width) / len(widths), width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _guess_header_row(lines: list[str], delimiter: str) -> int:
    # Title lines above the header hold fewer fields than the table below them.
    rows = [r for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]
    widths = [len(r) for r in rows]
    width = _table_width([w for w in widths if w])
    return next((n for n, w in enumerate(widths, start=1) if w >= width), 1)


def readable_copy(path: Path, encoding: str | None, bare_cr: bool) -> Path:
    """A copy DuckDB can read: transcoded to UTF-8 from `encoding` when given (in big chunks), and
    with every carriage return that ends no line made a space when `bare_cr`."""
    out = Path(tempfile.mkstemp(prefix="relclient-", suffix=".csv")[1])
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace") if encoding else None
    carry = b""
    with path.open("rb") as src, out.open("wb") as dst:
        while True:
            chunk = src.read(CHUNK)
            data = decoder.decode(chunk, final=not chunk).encode("utf-8") if decoder else chunk
            data, carry = carry + data, b""
            if bare_cr:
                if chunk and data.endswith(b"\r"):
                    data, carry = data[:-1], b"\r"  # its line feed may open the next chunk
                data = _BARE_CR.sub(b" ", data)
            dst.write(data)
            if not chunk:
                break
    return out


def _inspect_parquet(path: Path, name: str, size: int) -> FileInfo:
    import duckdb

    try:
        cols = duckdb.execute("SELECT name FROM parquet_schema($p) WHERE num_children IS NULL OR num_children = 0",
                              {"p": str(path)}).fetchall()
    except duckdb.Error as exc:
        raise IngestError("bad_parquet", name=name, detail=str(exc).splitlines()[0]) from exc
    headers, warnings = clean_headers([c[0] for c in cols])
    width = len(headers)
    casts = ", ".join(f"CAST(#{i + 1} AS VARCHAR)" for i in range(width))  # positions, never names
    rows = duckdb.execute(f"SELECT {casts} FROM read_parquet($p) LIMIT {SAMPLE_ROWS}", {"p": str(path)}).fetchall() \
        if width else []
    samples = tuple(tuple("" if c is None else c for c in r) for r in rows)
    return FileInfo(path, name, size, _sha256(path), "parquet", tuple(headers), 0, read_path=path,
                    warnings=tuple(warnings), samples=samples)
