"""The glossary: every KPI in both languages; dataset freshness counted in DuckDB."""

from __future__ import annotations

from datetime import date

from relclient.contract import DATASETS
from relclient.glossary import dataset_freshness, kpi_glossary
from relclient.metrics import KPIS


def test_the_glossary_lists_every_kpi_with_both_definitions():
    df = kpi_glossary("en")
    assert list(df["Id"]) == [k.id for k in KPIS]
    assert list(df["Definition (French)"]) == [k.definition_fr for k in KPIS]
    assert list(df["Definition (English)"]) == [k.definition_en for k in KPIS]
    assert df.loc[df["Id"] == "complaints", "Direction"].item() == "lower is better"
    assert df.loc[df["Id"] == "on_time_delivery", "Owner"].item() == "Logistics"


def test_the_glossary_speaks_french_too():
    df = kpi_glossary("fr")
    assert "Indicateur" in df.columns
    assert df.loc[df["Code"] == "nps", "Sens"].item() == "plus haut = mieux"


def test_freshness_counts_rows_and_finds_the_newest_day(kpi_store):
    df = dataset_freshness(kpi_store, "en")
    assert list(df["Dataset"]) == [d.label("en") for d in DATASETS]  # named, in the contract's order
    df["Table"] = [d.name for d in DATASETS]
    rows = dict(zip(df["Table"], df["Rows"]))
    assert rows == {"customers": 6, "tickets": 7, "ticket_transfers": 7, "survey_responses": 13,
                    "orders": 5, "internal_ratings": 5}
    latest = dict(zip(df["Table"], df["Newest data"]))
    assert latest["tickets"] == date(2025, 8, 1)
    assert latest["internal_ratings"] == date(2025, 8, 1)


def test_freshness_names_each_dataset_last_load_that_stands(store, tmp_path):
    from relclient.ingest import undo_load
    from tests.ingest_helpers import steward_user, upload, write

    first = upload(store, "customers", write(tmp_path, "a.csv", "customer_id;created_on\nC1;01/01/2024\n"))
    second = upload(store, "customers", write(tmp_path, "b.csv", "customer_id;created_on\nC2;01/01/2024\n"))
    last = dict(zip([d.name for d in DATASETS], dataset_freshness(store, "en")["Last upload"]))
    assert "b.csv" in last["customers"] and "tester" in last["customers"]
    assert last["orders"] == "no upload yet (demo or initial data)"
    undo_load(store, steward_user(store), second.load_id)
    last = dict(zip([d.name for d in DATASETS], dataset_freshness(store, "en")["Last upload"]))
    assert "a.csv" in last["customers"] and first.load_id
