"""The numbered SQL migrations shipped with the code, and what fills the derived tables they create.

Below the store and the lake (both read it), so neither imports the other for the schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources

import duckdb

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

SCHEMA_VERSION_DDL = ("CREATE TABLE IF NOT EXISTS schema_version ("
                      " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                      " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")

Fill = Callable[[duckdb.DuckDBPyConnection], None]

# The migrations that create derived tables and need them filled from the data already there, in
# the migration's own transaction: 11 (the tickets' facts, the KPI days) and 13 (the voice of the
# customer). The fills live above the store (they read the KPI layer), so they register themselves
# here (relclient/derived.py) instead of the store importing them.
FILLED: tuple[int, ...] = (11, 13)
FILLS: dict[int, tuple[Fill, ...]] = {}


class MigrationError(Exception):
    """The shipped migrations are inconsistent (a packaging mistake, never a person's)."""


@dataclass(frozen=True)
class Migration:
    """One numbered SQL migration file."""

    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """Every migration shipped with the code, in version order."""
    found = []
    for entry in resources.files(__name__).iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise MigrationError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


def fills(versions: Iterable[int]) -> list[Fill]:
    """What fills the derived tables these migrations create, in order; MigrationError when a fill
    was never registered (a process that opened a store without importing relclient.derived)."""
    wanted = [v for v in versions if v in FILLED]
    missing = [v for v in wanted if v not in FILLS]
    if missing:
        raise MigrationError(f"migrations {missing} need their fills: import relclient.derived before opening a store")
    return [f for v in wanted for f in FILLS[v]]
