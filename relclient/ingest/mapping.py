"""Map: which column of the file feeds which column of the dataset, and how to read it.

A mapping is plain data (JSON in the database): per contract column, a source header or a
constant, a value map ("Téléphone" → phone) and a format (date order, decimal separator).
Suggestions are made in `suggest.py`.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime

import duckdb

from relclient.store import Store
from relclient.auth import User
from relclient.contract import DATASETS, Dataset
from relclient.ingest.errors import IngestError
from relclient.ingest.headers import twins

DATASETS_BY_NAME: dict[str, Dataset] = {d.name: d for d in DATASETS}

# Date orders a column can be read in; "auto" picks, per column, the one that reads most values.
DATE_FORMATS: dict[str, tuple[str, ...]] = {
    "iso": ("%Y-%m-%d",),
    "dmy": ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"),
    "dmy2": ("%d/%m/%y", "%d-%m-%y", "%d.%m.%y"),
    "mdy": ("%m/%d/%Y", "%m-%d-%Y"),
    "ymd": ("%Y/%m/%d",),
}
NUMBER_FORMATS: tuple[str, ...] = ("auto", "comma", "dot")  # decimal separator

def normalise(header: str) -> str:
    """A header compared the forgiving way: no case, accents, spaces or punctuation."""
    text = unicodedata.normalize("NFKD", header.casefold())
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())  # as typing_sql.mapped does in SQL


@dataclass(frozen=True)
class ColumnMap:
    """How one contract column is filled: from a file column or a constant, and how to read it."""

    target: str
    source: str | None = None  # the file's header
    constant: str | None = None  # the same value for every row
    values: tuple[tuple[str, str], ...] = ()  # file value → contract value, compared without case
    fmt: str = "auto"  # dates: a key of DATE_FORMATS; decimals: a NUMBER_FORMATS entry
    time_source: str | None = None  # dates: the file's column holding the time of day, when apart
    lookup: str | None = None  # the cell is a key of this dataset; the value is that row's `target`
    anonymous: bool = False  # customer_id: an empty cell (or no column) is the anonymous customer


@dataclass(frozen=True)
class Mapping:
    """The whole mapping of a file onto one dataset."""

    dataset: str
    columns: tuple[ColumnMap, ...] = field(default=())

    def column(self, target: str) -> ColumnMap:
        """The map of contract column `target` (an empty one when unmapped)."""
        return next((c for c in self.columns if c.target == target), ColumnMap(target))

    def to_json(self) -> str:
        """The mapping as JSON (stored with every load and every saved mapping)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> Mapping:
        """A mapping read back from its JSON."""
        data = json.loads(text)
        if not isinstance(data, dict) or not isinstance(data.get("columns", []), list):
            raise IngestError("bad_mapping_file")
        try:
            cols = tuple(ColumnMap(c["target"], c.get("source"), c.get("constant"),
                                   tuple(tuple(v) for v in c.get("values", ())), c.get("fmt", "auto"),
                                   c.get("time_source"), c.get("lookup"), bool(c.get("anonymous", False)))
                         for c in data.get("columns", ()))
        except (KeyError, TypeError, AttributeError):
            raise IngestError("bad_mapping_file") from None
        return Mapping(data["dataset"], cols)


def dataset(name: str) -> Dataset:
    """The contract dataset called `name`, or a clear error listing the known ones."""
    try:
        return DATASETS_BY_NAME[name]
    except KeyError:
        raise IngestError("unknown_dataset", dataset=name, known=", ".join(DATASETS_BY_NAME)) from None


def missing_required(mapping: Mapping) -> tuple[str, ...]:
    """Required contract columns the mapping leaves without a source (no file column, constant or
    anonymous customer), in contract order."""
    ds = dataset(mapping.dataset)
    mapped = {c.target for c in mapping.columns if c.source or (c.constant and c.constant.strip()) or c.anonymous}
    return tuple(c.name for c in ds.columns if c.required and c.default is None and c.name not in mapped)


def check_mapping(mapping: Mapping, headers: tuple[str, ...]) -> None:
    """Refuse a mapping that names unknown columns, headers or formats (before reading rows)."""
    ds = dataset(mapping.dataset)
    for cm in mapping.columns:
        if cm.target not in ds.column_names:
            raise IngestError("unknown_target", column=cm.target, dataset=ds.name)
        for source in (cm.source, cm.time_source):
            if source is not None and source not in headers:
                same = twins(source, headers)
                if same:  # a header the file gives several columns: which one?
                    raise IngestError("ambiguous_source", header=source, columns=", ".join(same))
                raise IngestError("unknown_source", header=source, headers=", ".join(headers[:30]))
        kind = ds.column(cm.target).type
        if cm.time_source is not None and kind != "timestamp":
            raise IngestError("time_source_not_timestamp", column=cm.target)
        if cm.lookup is not None:
            lookup_target(ds, cm)
        if cm.anonymous and cm.target != "customer_id":
            raise IngestError("anonymous_not_customer", column=cm.target)
        allowed = ("auto", *DATE_FORMATS) if kind in ("date", "timestamp") else NUMBER_FORMATS
        if cm.fmt not in allowed:
            raise IngestError("unknown_format", fmt=cm.fmt, column=cm.target, allowed=", ".join(allowed))


def lookup_target(ds: Dataset, cm: ColumnMap) -> Dataset:
    """The dataset a lookup reads: one with a single key and a column named as the target
    (reviews' order_id → orders.customer_id); identifiers come from the contract only."""
    other = DATASETS_BY_NAME.get(cm.lookup or "")
    if other is None or len(other.key) != 1 or cm.target not in other.column_names or other.name == ds.name:
        choices = [d.name for d in DATASETS if len(d.key) == 1 and cm.target in d.column_names and d.name != ds.name]
        raise IngestError("bad_lookup", dataset=cm.lookup or "", column=cm.target,
                          allowed=", ".join(choices) or "—")
    if cm.source is None:
        raise IngestError("lookup_without_source", column=cm.target)
    return other


def header_key(headers: tuple[str, ...]) -> str:
    """The fingerprint that finds a saved mapping again for a file with the same headers."""
    return hashlib.sha256("\x1f".join(normalise(h) for h in headers).encode()).hexdigest()


def save_mapping(cur: duckdb.DuckDBPyConnection, name: str, mapping: Mapping, headers: tuple[str, ...],
                 actor: User, *, store: Store | None = None) -> None:
    """Save (or replace) `mapping` under `name` for files with these headers, inside the caller's
    transaction: the dataset's stewards may, admins may for any dataset (a refusal is audited
    through `store`, outside the transaction it rolls back)."""
    from relclient.permissions import require
    from relclient.stewards import steward_of

    require(actor, "save_mapping", store=store, steward=steward_of(cur, mapping.dataset))
    if not name.strip():
        raise IngestError("mapping_name_empty")
    cur.execute("DELETE FROM saved_mappings WHERE name = ?", [name.strip()])  # no upsert on a lake
    cur.execute(
        "INSERT INTO saved_mappings (name, dataset, header_key, mapping, saved_by, saved_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [name.strip(), mapping.dataset, header_key(headers), mapping.to_json(), actor.email, datetime.now()])


def find_mapping(cur: duckdb.DuckDBPyConnection, dataset_name: str, headers: tuple[str, ...]) -> tuple[str, Mapping] | None:
    """The newest saved mapping for this dataset and these headers, with its name."""
    row = cur.execute(
        "SELECT name, mapping FROM saved_mappings WHERE dataset = ? AND header_key = ?"
        " ORDER BY saved_at DESC LIMIT 1", [dataset_name, header_key(headers)]).fetchone()
    return (row[0], Mapping.from_json(row[1])) if row else None


def named_mapping(cur: duckdb.DuckDBPyConnection, name: str) -> Mapping:
    """The saved mapping called `name`."""
    row = cur.execute("SELECT mapping FROM saved_mappings WHERE name = ?", [name]).fetchone()
    if row is None:
        raise IngestError("no_mapping", name=name)
    return Mapping.from_json(row[0])
