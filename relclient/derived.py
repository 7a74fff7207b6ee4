"""The tables derived from the customer datasets, kept exact by every write to them: the
per-ticket facts (relclient/flow.py), what each verbatim says and the call-backs
(relclient/voice/derive.py), and every additive KPI's stored days (relclient/metrics/daily.py).

A load, an undo and a crash recovery note what they touch and refresh it inside their own
transaction; the demo and a migration rebuild everything. Pages only read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from relclient import flow
from relclient.metrics import daily
from relclient.metrics.registry import Kpi
from relclient.metrics.sources import SOURCES
from relclient.migrations import FILLS
from relclient.voice import derive as voice
from relclient.voice.catalogue import seed_starter


@dataclass(frozen=True)
class Touched:
    """What a load changes in the derived tables: its dataset and the first and last day whose counts move
    (the tickets it touched are noted in the temporary table flow_touched)."""

    dataset: str
    first: date | None
    last: date | None


def note(cur: duckdb.DuckDBPyConnection, dataset: str, load_id: int) -> Touched:
    """What a load touched (call it after the load's writes) or what an undo will take back
    (before its writes)."""
    flow.touched_tickets(cur, dataset, load_id)
    first, last = daily.span_of_load(cur, dataset, load_id)
    return Touched(dataset, first, last)


def refresh(cur: duckdb.DuckDBPyConnection, touched: Touched) -> None:
    """Derive again what `touched` names, in the caller's transaction: the tickets' facts and the
    call-backs first (the days read them)."""
    flow.refresh(cur)
    # Answers bring verbatims and detractors; tickets complaints; and any of the three can move the
    # latest data day, by which a complaint's 7 days without follow-up are judged.
    if touched.dataset == "survey_responses":
        voice.sync(cur, touched.first, touched.last)  # the days of the answers it wrote or took back
    elif touched.dataset in ("tickets", "orders"):
        voice.sync(cur, date.min, date.min)  # no answer changed: the complaints alone
    daily.store_days(cur, daily.kpis_reading(touched.dataset), touched.first, touched.last)


def _reads_callbacks(k: Kpi) -> bool:
    return SOURCES[k.source].table == "callbacks"


def rebuild_before_voice(cur: duckdb.DuckDBPyConnection) -> None:
    """What migration 11 derives: the tickets' facts and the days of the KPIs that do not read the
    call-backs (their table comes with migration 13)."""
    flow.rebuild(cur)
    daily.rebuild_days(cur, [k for k in daily.ADDITIVE if not _reads_callbacks(k)])


def rebuild_voice(cur: duckdb.DuckDBPyConnection) -> None:
    """What migration 13 derives: the verbatims, their themes and the call-backs, and the days of
    the KPIs that read them (stored whole: they have none yet); the tickets' facts stay as they are."""
    voice.rebuild(cur)
    today = date.today()  # a KPI not stored yet is stored over all the data, whatever the days given
    daily.store_days(cur, [k for k in daily.ADDITIVE if _reads_callbacks(k)], today, today)


def rebuild(cur: duckdb.DuckDBPyConnection) -> None:
    """Derive every table again from all the data (the demo, a migration, rows written by hand)."""
    flow.rebuild(cur)
    voice.rebuild(cur)
    daily.rebuild_days(cur)


# The store applies the migrations but sits below the KPI layer: the fills of the derived tables
# that migrations 11 and 13 create are handed to it here (relclient/migrations/__init__.py).
FILLS.update({11: (rebuild_before_voice,), 13: (seed_starter, rebuild_voice)})
