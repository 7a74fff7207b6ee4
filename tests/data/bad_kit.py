"""What the bad-file generators share: the registry, the contract's columns, rows and file builders."""

from __future__ import annotations

import csv
import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

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
