"""Write tests/data/bad/: one upload file per defect, and the README that says what each must give.

Run with `.venv/bin/python tests/data/make_bad_files.py`: every file is rewritten, byte for byte the
same each time (no clock, no unseeded randomness). Standard library and xlsxwriter only, plus
msoffcrypto-tool for the one encrypted workbook (a test-data tool, not a project dependency:
`.venv/bin/pip install msoffcrypto-tool==5.4.2`).

Each generator is registered with `@bad(file name, dataset, what is wrong, expected outcome)` and
returns the file's bytes, or the bytes and a dict of facts (line numbers, sizes) that the expected
outcome quotes with `{name}`. Line numbers are physical lines of the file, the header being line 1.
"""

from __future__ import annotations

import csv
import io
import random
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from unittest import mock

import xlsxwriter

OUT = Path(__file__).resolve().parent / "bad"

CUSTOMERS = ["customer_id", "name", "segment", "region", "created_on", "churned_on", "annual_value"]
TICKETS = ["ticket_id", "customer_id", "opened_at", "channel", "category", "is_complaint",
           "owner_dept", "first_response_at", "resolved_at", "reopened_count"]
SURVEYS = ["response_id", "customer_id", "answered_at", "survey", "score", "dept", "ticket_id", "comment"]
ORDERS = ["order_id", "customer_id", "ordered_at", "promised_on", "delivered_on", "amount", "returned"]
RATINGS = ["month", "rater_dept", "rated_dept", "score", "comment"]

DEPTS = ["direction", "marketing", "communication", "sales", "it", "customer_service", "logistics",
         "rnd", "purchasing", "production"]
CHANNELS = ["phone", "email", "web", "chat", "store", "mail", "social"]
CATEGORIES = ["billing", "delivery", "product", "retour"]
NAMES = ["Boulangerie Lefèvre", "Hélène Martin", "Garage Dupré", "Café des Arts", "François Nœl",
         "Société d’Équipement du Rhône", "Maison Bérard", "Librairie L’Écume", "Jérôme Faure",
         "Pâtisserie Müller", "Agnès Lebœuf", "Ferronnerie Gaëtan"]
SEGMENTS = ["Particulier", "PME", "Grand compte"]
REGIONS = ["Bretagne", "Île-de-France", "Occitanie", "Auvergne-Rhône-Alpes", "Hauts-de-France",
           "Provence-Alpes-Côte d’Azur", "Grand Est", "Normandie"]
COMMENTS = ["Très bon accueil, merci.", "Livraison en retard de trois jours.",
            "Le conseiller ne connaissait pas mon dossier.", "Rien à redire",
            "Facture incompréhensible ; j’ai dû rappeler deux fois.",
            "Produit conforme, emballage abîmé."]
FORMULAS = ['=HYPERLINK("http://evil","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
CENT = Decimal("0.01")
FIXED_NOW = datetime(2025, 1, 6, 9, 0)  # stands in for "now" in workbook metadata


# ---------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True)
class BadFile:
    name: str
    dataset: str
    wrong: str
    expected: str
    make: Callable[[], bytes | tuple[bytes, dict]]


CORPUS: list[BadFile] = []


def bad(name: str, dataset: str, wrong: str, expected: str):
    """Register the decorated generator as the maker of tests/data/bad/`name`."""
    def register(make):
        CORPUS.append(BadFile(name, dataset, wrong, expected, make))
        return make
    return register


# ---------------------------------------------------------------------------------------------
# Rows and formats


def fmt(value: object, iso: bool) -> str:
    """A value as a French export writes it (dd/mm/yyyy, 12,50, oui) or in plain ISO style."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return ("true" if value else "false") if iso else ("oui" if value else "non")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if iso else "%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.isoformat() if iso else value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return str(value) if iso else str(value).replace(".", ",")
    return str(value)


def _row(columns: list[str], values: dict, kw: dict, iso: bool) -> list[str]:
    values.update(kw)
    return [fmt(values[c], iso) for c in columns]


def customer(n: int, iso: bool = False, **kw) -> list[str]:
    """Customer C0000n, valid unless a keyword overrides a column (strings are written as is)."""
    return _row(CUSTOMERS, {
        "customer_id": f"C{n:05d}", "name": NAMES[(n - 1) % len(NAMES)], "segment": SEGMENTS[n % 3],
        "region": REGIONS[n % len(REGIONS)], "created_on": date(2023, 1, 2) + timedelta(days=23 * n),
        "churned_on": None, "annual_value": (Decimal(n * 12345) / 100).quantize(CENT),
    }, kw, iso)


def ticket(n: int, iso: bool = False, **kw) -> list[str]:
    """Ticket T-2025-000n, valid unless a keyword overrides a column."""
    opened = datetime(2025, 3, 3, 8, 5) + timedelta(minutes=997 * n)
    return _row(TICKETS, {
        "ticket_id": f"T-2025-{n:04d}", "customer_id": f"C{(n - 1) % 50 + 1:05d}", "opened_at": opened,
        "channel": CHANNELS[n % 7], "category": CATEGORIES[n % 4], "is_complaint": n % 3 == 0,
        "owner_dept": DEPTS[n % 10], "first_response_at": opened + timedelta(minutes=25 + 17 * (n % 5)),
        "resolved_at": opened + timedelta(hours=4 + 9 * (n % 4)) if n % 5 else None,
        "reopened_count": n % 3,
    }, kw, iso)


def survey(n: int, iso: bool = False, **kw) -> list[str]:
    """Survey response R-2025-000n, valid unless a keyword overrides a column."""
    kind = ["nps", "csat", "ces"][n % 3]
    score = {"nps": (n * 3) % 11, "csat": 1 + n % 5, "ces": 1 + n % 7}[kind]
    return _row(SURVEYS, {
        "response_id": f"R-2025-{n:04d}", "customer_id": f"C{(n - 1) % 50 + 1:05d}",
        "answered_at": datetime(2025, 3, 4, 9, 12) + timedelta(minutes=1301 * n), "survey": kind,
        "score": score, "dept": DEPTS[n % 10], "ticket_id": f"T-2025-{n:04d}" if n % 2 else None,
        "comment": COMMENTS[n % len(COMMENTS)],
    }, kw, iso)


def order(n: int, iso: bool = False, **kw) -> list[str]:
    """Order O-2025-000n, valid unless a keyword overrides a column."""
    ordered = datetime(2025, 2, 3, 10, 30) + timedelta(minutes=1733 * n)
    promised = ordered.date() + timedelta(days=7)
    return _row(ORDERS, {
        "order_id": f"O-2025-{n:04d}", "customer_id": f"C{(n - 1) % 50 + 1:05d}", "ordered_at": ordered,
        "promised_on": promised, "delivered_on": promised + timedelta(days=n % 4 - 2),
        "amount": (Decimal(n * 4321 % 50000) / 100).quantize(CENT), "returned": n % 6 == 0,
    }, kw, iso)


def rating(month: date | str, rater: str, rated: str, score: int, comment: str = "") -> list[str]:
    return [fmt(month, False), rater, rated, str(score), comment]


def csv_text(header: list[str], rows: list[list[str]], delimiter: str = ";", newline: str = "\n") -> str:
    """Header and rows as an Excel-like CSV would hold them: quoted only where needed."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def csv_bytes(header: list[str], rows: list[list[str]], delimiter: str = ";", newline: str = "\n",
              encoding: str = "utf-8") -> bytes:
    return csv_text(header, rows, delimiter, newline).encode(encoding)


def line_of(data: bytes, start: str) -> int:
    """The physical line (1-based) on which the first line starting with `start` begins."""
    return data[:data.index(b"\n" + start.encode("utf-8")) + 1].count(b"\n") + 1


def all_lines_of(data: bytes, start: str) -> list[int]:
    """Every physical line (1-based) starting with `start`."""
    return [i for i, line in enumerate(data.split(b"\n"), 1) if line.startswith(start.encode("utf-8"))]


def lines_of(data: bytes, *starts: str) -> dict:
    """Facts {"l1": line, "l2": line, ...} for the rows starting with each of `starts`."""
    return {f"l{i}": line_of(data, s) for i, s in enumerate(starts, 1)}


def workbook(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    """An .xlsx with these sheets (name, rows); dates and numbers stay real Excel values."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "default_date_format": "dd/mm/yyyy"})
    book.set_properties({"created": FIXED_NOW, "author": "relclient tests"})
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return buf.getvalue()


def customer_cells(n: int) -> list[object]:
    """Customer C0000n as workbook cells: real dates, numbers, empty cells."""
    return [f"C{n:05d}", NAMES[(n - 1) % len(NAMES)], SEGMENTS[n % 3], REGIONS[n % len(REGIONS)],
            date(2023, 1, 2) + timedelta(days=23 * n), None, n * 123.45]


def customers_workbook() -> bytes:
    return workbook([("Clients", [CUSTOMERS] + [customer_cells(n) for n in range(1, 7)])])


def png_image() -> bytes:
    """A real 16×16 grey-gradient PNG (stored, not compressed, so the bytes never vary)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    pixels = b"".join(b"\x00" + bytes(16 * y + x for x in range(16)) for y in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels, 0)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------------------------------------
# Files that cannot be read at all


@bad("01_empty.csv", "customers",
     "0 bytes: no header, no rows.",
     "Whole file refused: \"the file is empty\". Not \"column customer_id missing\", no load recorded "
     "as a success, nothing changed (a *replace* load must not empty the table).")
def empty_file():
    return b""


@bad("02_header_only_tickets.csv", "tickets",
     "The tickets header row and nothing else (0 data rows).",
     "Whole file refused (or a no-op): \"header found but no data rows\". Nothing changed; above all a "
     "*replace* load must not wipe the tickets table because the file has 0 rows.")
def header_only():
    return csv_bytes(TICKETS, [])


@bad("03_binary_png_renamed.csv", "customers",
     "A real PNG image (16×16, {size} bytes, NUL bytes from byte 8 on) renamed `.csv`.",
     "Whole file refused: \"not a text (CSV) file: binary content, looks like a PNG image\". No "
     "mojibake preview, no decoding error traceback, no rows.")
def binary_png_renamed():
    data = png_image()
    return data, {"size": len(data)}


@bad("04_pipe_delimiter_tickets.csv", "tickets",
     "Fields separated by `|`; no `;`, `,` or tab anywhere, so a sniffer limited to `;` `,` tab "
     "(as this pipeline expects) sees ONE column named `ticket_id|customer_id|…|reopened_count`.",
     "Whole file refused: \"only 1 column found, none matches the tickets columns; the separator "
     "looks like `|`, expected `;` or `,`\". Not 6 rows each rejected for missing ticket_id. "
     "(DuckDB's own CSV sniffer *would* pick `|`; if the pipeline accepts `|` the 6 rows load.)")
def pipe_delimiter():
    return csv_bytes(TICKETS, [ticket(n) for n in range(1, 7)], delimiter="|")


@bad("05_ragged_rows_tickets.csv", "tickets",
     "Line {l1} has 12 fields (2 extra), line {l2} has 7 (3 missing, values would shift), "
     "line {l3} has 9 (last one missing); the header has 10.",
     "Lines {l1}, {l2} and {l3} rejected: \"12 fields, 10 expected\" / \"7 fields, 10 expected\" / "
     "\"9 fields, 10 expected\"; the other 5 rows load. Values are never shifted into neighbouring "
     "columns, rows never padded or cut silently.")
def ragged_rows():
    rows = [ticket(n) for n in range(1, 9)]
    rows[2] = ticket(3) + ["en trop", "encore"]
    rows[4] = ticket(5)[:2] + ticket(5)[5:]
    rows[6] = ticket(7)[:9]
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0003;", "T-2025-0005;", "T-2025-0007;")


@bad("06_multiline_comments_survey_responses.csv", "survey_responses",
     "VALID layout: comments of R-2025-0002 and R-2025-0004 are quoted fields holding line breaks "
     "(and `;`, `\"\"`), so the file has {records} records on {lines} physical lines. One real error: "
     "R-2025-0006 (record {record}) has nps score 11; it starts on physical line {bad_line}.",
     "{ok} rows load, comments keep their line breaks exactly. Only R-2025-0006 rejected: \"line "
     "{bad_line}: score 11 out of range for nps (0–10)\". The line quoted must be {bad_line} "
     "(physical line), not {record} (record number).")
def multiline_quoted_field():
    rows = [survey(n) for n in range(1, 9)]
    rows[1][-1] = ("Premier appel : personne.\nDeuxième appel ; on m’a dit \"rappelez demain\".\n"
                   "Troisième : enfin résolu.")
    rows[3][-1] = "Très satisfait.\n\nMerci à l’équipe logistique !"
    rows[5] = survey(6, survey="nps", score="11")
    data = csv_bytes(SURVEYS, rows)
    facts = {"records": len(rows), "lines": data.count(b"\n"), "bad_line": line_of(data, "R-2025-0006;"),
             "record": 6, "ok": len(rows) - 1}
    return data, facts


@bad("07_truncated_last_line_tickets.csv", "tickets",
     "The file stops in the middle of line {l1}: `T-2025-0006;C00006;…;\"Colis reçu abîm` — an "
     "opening quote never closed, 5 of 10 fields, no final newline (an interrupted export).",
     "Line {l1} rejected: \"row incomplete: the file ends inside a quoted field (truncated file?)\", "
     "with a file-level warning that the file looks cut off; lines 2–6 load. No csv.Error "
     "traceback, no row built from the half value.")
def truncated_last_line():
    full = csv_bytes(TICKETS, [ticket(n) for n in range(1, 6)])
    tail = ";".join(ticket(6)[:4]) + ';"Colis reçu abîm'
    data = full + tail.encode("utf-8")
    return data, lines_of(data, "T-2025-0006;")


# ---------------------------------------------------------------------------------------------
# Encodings, line endings, separators


@bad("08_invalid_utf8_customers.csv", "customers",
     "UTF-8 with accents everywhere, but line {l1} holds the bytes `\\xff\\xfe` inside a name "
     "(`Garage Du\\xff\\xfepré`, 0-based byte offset {offset}). Decoded as cp1252 the whole file turns into "
     "`HÃ©lÃ¨ne`-style mojibake.",
     "Whole file refused: \"not valid UTF-8: byte 0xFF on line {l1} (byte {offset}); save the file "
     "as UTF-8\" (acceptable: only line {l1} rejected for that reason). Never a silent fallback to "
     "cp1252/latin-1 for the whole file.")
def invalid_utf8():
    data = csv_bytes(CUSTOMERS, [customer(n) for n in range(1, 7)])
    data = data.replace("Garage Dupré".encode(), b"Garage Du\xff\xfepr\xc3\xa9")
    return data, {**lines_of(data, "C00003;"), "offset": data.index(b"\xff")}


@bad("09_utf8_bom_customers.csv", "customers",
     "VALID. Excel \"CSV UTF-8\" export: starts with the BOM `EF BB BF`, `;` separator.",
     "All 6 rows load. The first column is recognised as `customer_id` (BOM stripped, not "
     "`\\ufeffcustomer_id` / \"column customer_id missing\"); accented names stored exactly.")
def utf8_bom():
    return b"\xef\xbb\xbf" + csv_bytes(CUSTOMERS, [customer(n) for n in range(1, 7)])


@bad("10_cp1252_customers.csv", "customers",
     "VALID. Windows-1252 (\"CSV (séparateur : point-virgule)\") export: `é` = 0xE9, `’` = 0x92, "
     "`€` = 0x80, `œ` = 0x9C.",
     "All 6 rows load; the encoding is detected as cp1252 (shown in the load's file format). Values "
     "exact: `L’Atelier de Renée` with U+2019, `Grand compte (> 1 M€)` with U+20AC. Not latin-1 "
     "(which yields control characters U+0092/U+0080), not refused as invalid UTF-8.")
def cp1252_encoding():
    rows = [customer(n) for n in range(1, 7)]
    rows[0][1], rows[1][1] = "L’Atelier de Renée", "Cœur d’Émeraude"
    rows[2][2] = "Grand compte (> 1 M€)"
    rows[3][1] = "Pâtisserie Noël – « Les Délices »"
    return csv_bytes(CUSTOMERS, rows, encoding="cp1252")


@bad("11_mixed_date_formats_tickets.csv", "tickets",
     "opened_at mixes `dd/mm/yyyy hh:mm` (lines 2–4), ISO `2025-03-04T10:00:00` (lines {l1}, {l2}) and "
     "US `mm/dd/yyyy hh:mm` whose month would be 25 and 31 read as dd/mm (lines {l3}, {l4}).",
     "Lines 2–4 and the ISO lines {l1}, {l2} load (ISO 8601 is unambiguous: 4 March and 5 March). "
     "Lines {l3} and {l4} rejected: \"opened_at `03/25/2025 10:00` is not a valid date (dd/mm/yyyy)\". "
     "Never guess mm/dd for them, never re-read the other rows as mm/dd; a warning about mixed "
     "formats is welcome.")
def mixed_date_formats():
    rows = [ticket(n) for n in range(1, 4)]
    rows += [ticket(4, opened_at="2025-03-04T10:00:00", first_response_at="04/03/2025 10:30", resolved_at=""),
             ticket(5, opened_at="2025-03-05T08:15:00", first_response_at="05/03/2025 09:00", resolved_at=""),
             ticket(6, opened_at="03/25/2025 10:00", first_response_at="", resolved_at=""),
             ticket(7, opened_at="12/31/2025 09:30", first_response_at="", resolved_at="")]
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0004;", "T-2025-0005;", "T-2025-0006;", "T-2025-0007;")


@bad("12_duplicate_headers_survey_responses.csv", "survey_responses",
     "Plain comma/ISO style. The header has `score` twice (columns 5 and 9) with different values "
     "in them.",
     "Whole file refused: \"column `score` appears twice (columns 5 and 9): keep one\" (or the "
     "mapping step makes the user pick one). Never take the first or last silently.")
def duplicate_headers():
    rows = [survey(n, iso=True) + [str((n * 7) % 11)] for n in range(1, 7)]
    return csv_bytes(SURVEYS + ["score"], rows, delimiter=",")


@bad("13_2000_columns_customers.csv", "customers",
     "2,000 columns: the 7 customers columns then x0001…x1993, 3 rows.",
     "The 3 rows load from the 7 known columns; the 1,993 unknown columns are reported ONCE as "
     "ignored/unmapped (\"1 993 columns ignored: x0001, x0002, … x1993\"), not one message each, "
     "and the page stays usable. A pipeline with a column cap may instead refuse the file "
     "saying the count and the cap. (csv.Sniffer fails on a sample cut inside a row: sniff whole "
     "lines.)")
def two_thousand_columns():
    extra = [f"x{i:04d}" for i in range(1, 1994)]
    rows = [customer(n) + [str((n * i) % 10) for i in range(1, 1994)] for n in range(1, 4)]
    return csv_bytes(CUSTOMERS + extra, rows)


@bad("14_1mb_field_survey_responses.csv", "survey_responses",
     "Line {l1} (R-2025-0003) has a comment of 1,100,000 characters (ASCII), over Python csv's "
     "default field limit of 131,072.",
     "Line {l1} rejected: \"comment too long: 1 100 000 characters (max N)\"; lines 2, 3, 5 load. No "
     "`field larger than field limit` traceback, no silent truncation, the report/rejects page does "
     "not print the megabyte. (If the pipeline sets no length cap, storing it whole is acceptable.)")
def one_megabyte_field():
    rows = [survey(n) for n in range(1, 5)]
    rows[2][-1] = ("Commentaire interminable. " * 42400)[:1_100_000]
    data = csv_bytes(SURVEYS, rows)
    return data, lines_of(data, "R-2025-0003;")


@bad("15_nul_bytes_customers.csv", "customers",
     "Line {l1}: the name holds two NUL bytes (`Dupont\\x00\\x00SA`).",
     "Line {l1} rejected: \"name contains a NUL character (0x00)\"; the 5 other rows load. No "
     "`line contains NUL` crash, NUL never stored, not stripped silently.")
def nul_bytes_in_field():
    rows = [customer(n) for n in range(1, 7)]
    rows[2][1] = "Dupont\x00\x00SA"
    data = csv_bytes(CUSTOMERS, rows)
    return data, lines_of(data, "C00003;")


@bad("16_formula_cells_customers.csv", "customers",
     "VALID. Names that spreadsheets run as formulas: `=HYPERLINK(\"http://evil\",\"click\")` "
     "(line 2), `+cmd|' /C calc'!A0`, `-2+3`, `@SUM(A1)` (lines 3–5).",
     "All 6 rows load; names stored exactly as typed (not evaluated, no `'` added in the database). "
     "Every CSV/Excel export of them (tables, rejects downloads) prefixes them with `'` "
     "(exports.neutralise_formulas).")
def formula_cells_names():
    rows = [customer(n) for n in range(1, 7)]
    for row, formula in zip(rows, FORMULAS):
        row[1] = formula
    return csv_bytes(CUSTOMERS, rows)


@bad("17_formula_cells_survey_responses.csv", "survey_responses",
     "VALID. The same four formula-looking strings as verbatim comments (lines 2–5).",
     "All 6 rows load, comments stored exactly; shown as plain text in the portal (never as a "
     "link), neutralised with a leading `'` in every CSV/Excel export.")
def formula_cells_comments():
    rows = [survey(n) for n in range(1, 7)]
    for row, formula in zip(rows, FORMULAS):
        row[-1] = formula
    return csv_bytes(SURVEYS, rows)


@bad("18_sql_header_customers.csv", "customers",
     "All 7 customers columns plus an 8th column whose header is `customer_id\"; DROP TABLE "
     "customers; --` (quoted in the file as `\"customer_id\"\"; DROP TABLE customers; --\"`).",
     "The 6 rows load from the 7 real columns; the 8th column is reported as unknown/ignored with its "
     "name shown verbatim (as text, not markdown/HTML), and is NOT auto-mapped to customer_id. The "
     "customers table still exists with these rows; the header is kept as is in the load's headers.")
def sql_header():
    rows = [customer(n) + ["x"] for n in range(1, 7)]
    return csv_bytes(CUSTOMERS + ['customer_id"; DROP TABLE customers; --'], rows)


@bad("19_sql_values_tickets.csv", "tickets",
     "Plain comma/ISO style. Line {l1}: category `'); DROP TABLE tickets; --`; line {l2}: "
     "customer_id `1 OR 1=1`.",
     "All 5 rows load, values stored verbatim. Line {l2} gets the contract's unknown-customer "
     "WARNING (not an error). The tickets table is intact and holds exactly these 5 tickets "
     "plus what was there before.")
def sql_values():
    rows = [ticket(n, iso=True) for n in range(1, 6)]
    rows[1] = ticket(2, iso=True, category="'); DROP TABLE tickets; --")
    rows[3] = ticket(4, iso=True, customer_id="1 OR 1=1")
    data = csv_bytes(TICKETS, rows, delimiter=",")
    return data, lines_of(data, "T-2025-0002,", "T-2025-0004,")


# ---------------------------------------------------------------------------------------------
# Values the contract forbids


@bad("20_unknown_departments_tickets.csv", "tickets",
     "owner_dept `sav` on line {l1} and `finance` on line {l2} (not department codes).",
     "Lines {l1} and {l2} rejected: \"owner_dept `sav` is not a department code (direction, "
     "marketing, …, production)\"; the 4 other rows load. No department created on the fly.")
def unknown_departments():
    rows = [ticket(n) for n in range(1, 7)]
    rows[1] = ticket(2, owner_dept="sav")
    rows[4] = ticket(5, owner_dept="finance")
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0002;", "T-2025-0005;")


@bad("21_out_of_range_scores_survey_responses.csv", "survey_responses",
     "Plain comma/ISO style. nps 11 (line {l1}), csat 0 (line {l2}), ces 8 (line {l3}), nps -1 "
     "(line {l4}); lines {l5}–{l10} hold the valid bounds nps 0/10, csat 1/5, ces 1/7.",
     "Lines {l1}, {l2}, {l3}, {l4} rejected, each quoting its scale (\"score 11 out of range for "
     "nps (0–10)\", csat 1–5, ces 1–7); the 6 boundary rows load. Scores never clamped.")
def out_of_range_scores():
    cases = [("nps", "11"), ("csat", "0"), ("ces", "8"), ("nps", "-1"), ("nps", "0"), ("nps", "10"),
             ("csat", "1"), ("csat", "5"), ("ces", "1"), ("ces", "7")]
    rows = [survey(n, iso=True, survey=kind, score=score) for n, (kind, score) in enumerate(cases, 1)]
    data = csv_bytes(SURVEYS, rows, delimiter=",")
    return data, lines_of(data, *(f"R-2025-{n:04d}," for n in range(1, 11)))


@bad("22_negative_amounts_orders.csv", "orders",
     "amount `-12,50` on line {l1} and `-0,01` on line {l2}; line {l3} holds `0,00` (valid bound).",
     "Lines {l1} and {l2} rejected: \"amount -12.50 must be ≥ 0\"; the 4 other rows (including "
     "0,00) load. Never stored as the absolute value.")
def negative_amounts():
    rows = [order(n) for n in range(1, 7)]
    rows[1] = order(2, amount="-12,50")
    rows[3] = order(4, amount="-0,01")
    rows[4] = order(5, amount="0,00")
    data = csv_bytes(ORDERS, rows)
    return data, lines_of(data, "O-2025-0002;", "O-2025-0004;", "O-2025-0005;")


@bad("23_duplicate_keys_tickets.csv", "tickets",
     "T-2025-0003 twice with different contents (lines {l1} and {l2}: other channel and owner); "
     "T-2025-0005 on lines {l3} and {l4} byte-for-byte identical.",
     "Both T-2025-0003 rows rejected: \"ticket_id T-2025-0003 appears twice with different values "
     "(lines {l1} and {l2})\" — never last-one-wins. T-2025-0005 loaded once, with a warning that "
     "line {l4} repeats line {l3}. Result: 4 tickets (0001, 0002, 0004, 0005).")
def duplicate_keys():
    rows = [ticket(n) for n in range(1, 6)]
    rows += [ticket(3, channel="email", owner_dept="logistics", category="delivery"), ticket(5)]
    data = csv_bytes(TICKETS, rows)
    (l1, l2), (l3, l4) = all_lines_of(data, "T-2025-0003;"), all_lines_of(data, "T-2025-0005;")
    return data, {"l1": l1, "l2": l2, "l3": l3, "l4": l4}


# ---------------------------------------------------------------------------------------------
# Workbooks


@bad("24_multi_sheet_customers.xlsx", "customers",
     "VALID once the right sheet is chosen. Sheet 1 `Notes` holds 4 lines of text; sheet 2 "
     "`Clients` holds the customers header and 6 rows (real Excel dates and numbers).",
     "6 rows loaded from sheet `Clients` (picked because its header matches, or chosen by the user "
     "after being asked); the load's format says `xlsx sheet Clients`. Never \"no customer_id "
     "column\" from reading `Notes` silently.")
def multi_sheet_workbook():
    notes = [["Export clients — ne pas modifier la structure"], ["Source : CRM, extraction du 06/01/2025"],
             ["Contact : service.clients@example.fr"], ["Les montants sont en euros HT."]]
    return workbook([("Notes", notes), ("Clients", [CUSTOMERS] + [customer_cells(n) for n in range(1, 7)])])


@bad("25_encrypted_customers.xlsx", "customers",
     "A valid customers workbook encrypted with the password `secret` (msoffcrypto-tool, agile "
     "encryption): an OLE compound file, not a zip.",
     "Whole file refused: \"this Excel file is password-protected: remove the password and upload "
     "it again\". Not \"corrupt file\" / \"not a zip file\", no password prompt required.")
def encrypted_workbook():
    import msoffcrypto.method.container.ecma376_encrypted as container
    import msoffcrypto.method.ecma376_agile as agile
    from msoffcrypto.format.ooxml import OOXMLFile

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return cls.combine(FIXED_NOW.date(), FIXED_NOW.time(), tz)

    seeded = random.Random(20250106)
    out = io.BytesIO()
    with mock.patch.object(agile, "_random_buffer", seeded.randbytes), \
            mock.patch.object(container, "datetime", Clock):
        OOXMLFile(io.BytesIO(customers_workbook())).encrypt("secret", out)
    return out.getvalue()


@bad("26_corrupt_truncated_customers.xlsx", "customers",
     "A valid customers workbook cut to its first half ({size} of {full} bytes): the zip's central "
     "directory is gone.",
     "Whole file refused: \"the Excel file is damaged or incomplete and cannot be opened; save it "
     "again\". No BadZipFile traceback.")
def corrupt_workbook():
    full = customers_workbook()
    return full[:len(full) // 2], {"size": len(full) // 2, "full": len(full)}


@bad("27_text_renamed_customers.xlsx", "customers",
     "A `;` CSV of 6 customers (UTF-8 text) saved with the `.xlsx` extension.",
     "Whole file refused: \"not an Excel file: it contains text (a CSV renamed .xlsx?); upload it as "
     ".csv\". (Reading it as CSV with a warning is acceptable.) Never \"corrupt zip\" with no hint.")
def text_renamed_workbook():
    return csv_bytes(CUSTOMERS, [customer(n) for n in range(1, 7)])


@bad("28_header_on_row3_customers.xlsx", "customers",
     "Sheet `Clients`: row 1 `Export clients relclient`, row 2 `Généré le 06/01/2025`, header on "
     "row 3, 5 customers on rows 4–8.",
     "The header is found on row 3 (first row naming contract columns) or the user is asked for it; "
     "the 5 rows load and any report cites Excel rows 4–8. Never \"unknown column `Export clients "
     "relclient`\" / 7 columns missing.")
def header_on_row_three():
    rows = [["Export clients relclient"], ["Généré le 06/01/2025"], CUSTOMERS]
    return workbook([("Clients", rows + [customer_cells(n) for n in range(1, 6)])])


# ---------------------------------------------------------------------------------------------
# Values the contract forbids (continued)


@bad("29_required_missing_tickets.csv", "tickets",
     "Empty customer_id (line {l1}), empty opened_at (line {l2}), empty channel (line {l3}), "
     "customer_id of three spaces (line {l4}).",
     "Lines {l1}–{l4} rejected: \"required value missing: customer_id\" (resp. opened_at, channel, "
     "customer_id — blank counts as empty); the 3 other rows load. An empty customer_id is an error, "
     "not the unknown-customer warning.")
def required_values_missing():
    rows = [ticket(1), ticket(2, customer_id=""), ticket(3, opened_at=""), ticket(4, channel=""),
            ticket(5, customer_id="   "), ticket(6), ticket(7)]
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0002;", "T-2025-0003;", "T-2025-0004;", "T-2025-0005;")


@bad("30_impossible_dates_customers.csv", "customers",
     "created_on `31/02/2025` (line {l1}), `2025-13-01` (line {l2}), `29/02/2025` (line {l3}, 2025 is "
     "not a leap year); line {l4} holds `29/02/2024` (valid).",
     "Lines {l1}, {l2}, {l3} rejected: \"created_on `31/02/2025` is not a real date\"; the other 3 rows "
     "load. Never rolled over (31/02 → 03/03) nor swapped (2025-13-01 → 13 January).")
def impossible_dates():
    rows = [customer(n) for n in range(1, 7)]
    rows[1] = customer(2, created_on="31/02/2025")
    rows[2] = customer(3, created_on="2025-13-01")
    rows[3] = customer(4, created_on="29/02/2025")
    rows[4] = customer(5, created_on="29/02/2024")
    data = csv_bytes(CUSTOMERS, rows)
    return data, lines_of(data, "C00002;", "C00003;", "C00004;", "C00005;")


@bad("31_resolved_before_opened_tickets.csv", "tickets",
     "Line {l1}: resolved_at 03/03/2025 09:00 before opened_at 04/03/2025 10:00. Line {l2}: "
     "resolved_at equal to opened_at (valid bound).",
     "Line {l1} rejected: \"resolved_at 03/03/2025 09:00 is before opened_at 04/03/2025 10:00\"; the "
     "other 5 rows load, line {l2} included.")
def resolved_before_opened():
    rows = [ticket(n) for n in range(1, 7)]
    rows[2] = ticket(3, opened_at="04/03/2025 10:00", first_response_at="", resolved_at="03/03/2025 09:00")
    rows[4] = ticket(5, opened_at="06/03/2025 14:00", first_response_at="06/03/2025 14:00",
                     resolved_at="06/03/2025 14:00")
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0003;", "T-2025-0005;")


@bad("32_bad_month_and_self_rating_internal_ratings.csv", "internal_ratings",
     "Line {l1}: month `15/03/2025` (not the first day of a month). Line {l2}: rater_dept = "
     "rated_dept = `sales`.",
     "Lines {l1} and {l2} rejected: \"month must be the first day of a month\" (never moved to "
     "01/03/2025 silently) and \"rated_dept must differ from rater_dept\"; the 4 other rows load.")
def bad_month_and_self_rating():
    rows = [rating(date(2025, 3, 1), "logistics", "sales", 3, "Prévisions de vente trop tardives"),
            rating(date(2025, 3, 1), "sales", "logistics", 2, "Délais annoncés non tenus"),
            rating("15/03/2025", "it", "purchasing", 4, "Bonne réactivité"),
            rating(date(2025, 3, 1), "sales", "sales", 5, "Nous sommes les meilleurs"),
            rating(date(2025, 4, 1), "customer_service", "rnd", 2, "Défauts signalés restés sans réponse"),
            rating(date(2025, 4, 1), "production", "purchasing", 4, "")]
    data = csv_bytes(RATINGS, rows)
    return data, lines_of(data, "15/03/2025;", "01/03/2025;sales;sales;")


@bad("33_unknown_booleans_tickets.csv", "tickets",
     "is_complaint `peut-être` on line {l1}; the other rows use oui/non.",
     "Line {l1} rejected: \"is_complaint `peut-être` is not a yes/no value (oui/non, true/false, "
     "1/0)\"; the 5 other rows load. Never read as false (nor true) by default.")
def unknown_booleans():
    rows = [ticket(n) for n in range(1, 7)]
    rows[3] = ticket(4, is_complaint="peut-être")
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0004;")


@bad("34_bad_reopened_count_tickets.csv", "tickets",
     "reopened_count `-1` (line {l1}) and `deux` (line {l2}); line {l3} leaves it empty (valid: "
     "default 0).",
     "Lines {l1} and {l2} rejected: \"reopened_count -1 must be ≥ 0\", \"reopened_count `deux` is not "
     "a whole number\"; the other 4 rows load, line {l3} with 0.")
def bad_reopened_count():
    rows = [ticket(n) for n in range(1, 7)]
    rows[1] = ticket(2, reopened_count="-1")
    rows[2] = ticket(3, reopened_count="deux")
    rows[3] = ticket(4, reopened_count="")
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0002;", "T-2025-0003;", "T-2025-0004;")


@bad("35_churned_before_created_customers.csv", "customers",
     "Line {l1}: churned_on 01/01/2024 before created_on 15/06/2024. Line {l2}: churned_on = "
     "created_on (valid bound).",
     "Line {l1} rejected: \"churned_on 01/01/2024 is before created_on 15/06/2024\"; the other 5 rows "
     "load, line {l2} included.")
def churned_before_created():
    rows = [customer(n) for n in range(1, 7)]
    rows[1] = customer(2, created_on="15/06/2024", churned_on="01/01/2024")
    rows[3] = customer(4, created_on="10/09/2024", churned_on="10/09/2024")
    data = csv_bytes(CUSTOMERS, rows)
    return data, lines_of(data, "C00002;", "C00004;")


# ---------------------------------------------------------------------------------------------
# Valid files in less common shapes


@bad("36_tab_separated_orders.tsv", "orders",
     "VALID. Tab-separated, plain ISO style (`2025-02-04 15:23:00`, `43.21`, `true`/`false`).",
     "Tab detected as the separator; all 6 rows load with exact values (amount 43.21 for "
     "O-2025-0001).")
def tab_separated():
    return csv_bytes(ORDERS, [order(n, iso=True) for n in range(1, 7)], delimiter="\t")


@bad("37_thousands_separators_orders.csv", "orders",
     "VALID. `;` file with French amounts: `1\\u00a0234,50` (no-break space, line 2), "
     "`1\\u202f234,50` (narrow no-break space, line 3), `1.234,50` (line 4), `2 500,00` (plain "
     "space, line 5), `12\\u00a0345\\u00a0678,90` (line 6), `980,00` (line 7).",
     "All 6 rows load with amounts exactly 1234.50, 1234.50, 1234.50, 2500.00, 12345678.90, "
     "980.00. Not rejected as non-numeric, not read as 1.2345 or 1234 (decimals lost).")
def thousands_separators():
    amounts = ["1\u00a0234,50", "1\u202f234,50", "1.234,50", "2 500,00", "12\u00a0345\u00a0678,90", "980,00"]
    return csv_bytes(ORDERS, [order(n, amount=a) for n, a in enumerate(amounts, 1)])


@bad("38_crlf_blank_lines_customers.csv", "customers",
     "VALID. CRLF line endings, an empty line between C00003 and C00004 (line {blank}), and the file "
     "ends with `\\r\\n\\r\\n` (an empty last line).",
     "All 6 rows load; blank lines are skipped, not rejected as \"1 field, 7 expected\". Line "
     "numbers stay physical: C00004 is line {l1}, C00006 line {l2}. No `\\r` left in any value. "
     "(Python's csv.Sniffer gives up on this file because of the blank lines: it must not be "
     "refused for that.)")
def crlf_blank_lines():
    head = csv_text(CUSTOMERS, [customer(n) for n in range(1, 4)], newline="\r\n")
    tail = csv_text(CUSTOMERS, [customer(n) for n in range(4, 7)], newline="\r\n").split("\r\n", 1)[1]
    data = (head + "\r\n" + tail + "\r\n").encode("utf-8")
    return data, {"blank": 5, **lines_of(data, "C00004;", "C00006;")}


# ---------------------------------------------------------------------------------------------
# Writing


README_HEAD = """# Bad upload files

Generated by `tests/data/make_bad_files.py` (`.venv/bin/python tests/data/make_bad_files.py`):
do not edit by hand, change the generator and run it again. One defect per file. Target data
contract: `/shared/design/data-contract.md` (`relclient/contract.py`).

Conventions used below:
- **line N** is the physical line of the file on which the record starts, the header being
  line 1 (a quoted field holding line breaks spans several lines). Workbooks cite Excel rows.
- **rejected**: the row goes to the load's rejects with its reasons, the other rows load (with
  *all or nothing* chosen, the whole load is refused instead and the same reasons are listed).
- **refused**: nothing is loaded or changed; one translated message says what is wrong and what
  to do. Never a Python traceback.
- **VALID**: the file is correct; a good pipeline loads every row.
- French style unless said: `;`, `12,50`, `dd/mm/yyyy`, `dd/mm/yyyy hh:mm`, `oui`/`non`, UTF-8.

| file | target dataset | what is wrong | what a good upload pipeline must say |
|---|---|---|---|
"""


GITATTRIBUTES = """# The files must stay byte for byte as generated (CRLF, NUL, invalid UTF-8, binaries).
* -text
README.md text
.gitattributes text
"""


def readme_row(f: BadFile, facts: dict) -> str:
    cells = [f"`{f.name}`", f.dataset, f.wrong.format(**facts), f.expected.format(**facts)]
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |\n"


def write_all() -> int:
    """Rewrite every file and the README; the number of files that could not be made."""
    OUT.mkdir(parents=True, exist_ok=True)
    known = {f.name for f in CORPUS}
    for stale in OUT.iterdir():
        if stale.name[:2].isdigit() and stale.name not in known:
            stale.unlink()
    lines, failed = [README_HEAD], 0
    for f in sorted(CORPUS, key=lambda f: f.name):
        try:
            made = f.make()
        except ImportError as exc:  # msoffcrypto-tool missing: keep the old file, say so
            print(f"{f.name} not rewritten: {exc} (pip install msoffcrypto-tool==5.4.2)", file=sys.stderr)
            failed += 1
            lines.append(readme_row(f, {}))
            continue
        data, facts = made if isinstance(made, tuple) else (made, {})
        (OUT / f.name).write_bytes(data)
        lines.append(readme_row(f, facts))
    (OUT / "README.md").write_text("".join(lines), encoding="utf-8")
    (OUT / ".gitattributes").write_text(GITATTRIBUTES, encoding="utf-8")
    return failed


if __name__ == "__main__":
    sys.exit(1 if write_all() else 0)
