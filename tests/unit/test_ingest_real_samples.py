"""The real exports of shared/samples/real/ load with the mappings of data/mappings/.

Expected counts come from reading the same files with Python's csv module, not from the pipeline.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from relclient.ingest import ColumnMap, Mapping, inspect_file, suggest_for
from relclient.ingest.mapping import dataset
from tests.ingest_helpers import upload

REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "samples" / "real"
pytestmark = pytest.mark.skipif(not REAL.exists(), reason="shared/ is not beside this checkout")


def _mapping(name: str) -> Mapping:
    return Mapping.from_json((REPO / "data" / "mappings" / f"{name}.json").read_text("utf-8"))


def _records(path: Path, delimiter: str = ",") -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def test_the_telco_customers_load_whole_with_blank_charges_as_no_value(store):
    rows = _records(REAL / "Telco-Customer-Churn.csv")
    result = upload(store, "customers", REAL / "Telco-Customer-Churn.csv", mapping=_mapping("telco_customers"))
    assert (result.validation.rows_read, result.inserted, result.validation.rejected) == (len(rows), len(rows), 0)
    blanks = sum(1 for r in rows if not r["TotalCharges"].strip())
    assert store.fetch_one("SELECT count(*) FROM customers WHERE annual_value IS NULL")[0] == blanks == 11


@pytest.mark.parametrize("path, mapping, zip_col", [
    ("Consumer_Complaints.csv", "cfpb_tickets", "ZIP_code"),
    ("cfpb-original-export/Consumer_Complaints.csv", "cfpb_original_tickets", "ZIP code"),
])
def test_the_cfpb_complaints_load_except_those_without_a_zip_code(store, path, mapping, zip_col):
    rows = _records(REAL / path)
    result = upload(store, "tickets", REAL / path, mapping=_mapping(mapping))
    no_zip = sum(1 for r in rows if not r[zip_col].strip())
    assert result.validation.rows_read == len(rows)
    assert result.validation.rejected == no_zip and result.inserted == len(rows) - no_zip
    assert store.fetch_one("SELECT count(*) FROM tickets WHERE NOT is_complaint")[0] == 0
    web = sum(1 for r in rows if r[zip_col].strip() and r.get("Submitted_via", r.get("Submitted via")) in
              ("Web", "Web Referral", "Referral"))
    assert store.fetch_one("SELECT count(*) FROM tickets WHERE channel = 'web'")[0] == web


def test_the_french_directory_loads_and_rejects_missing_and_repeated_siret(store):
    rows = _records(REAL / "CartoLavage_2023_Koumoul_VF_enrichi-v3.csv", ";")
    result = upload(store, "customers", REAL / "CartoLavage_2023_Koumoul_VF_enrichi-v3.csv",
                    mapping=_mapping("cartolavage_customers"))
    sirets = [r["SIRET"].strip() for r in rows]
    clashing = {s for s in sirets if s and sirets.count(s) > 1}
    expected_rejects = sum(1 for s in sirets if not s or s in clashing)
    assert result.file.encoding == "utf-8" and result.file.delimiter == ";"
    assert result.validation.rejected == expected_rejects
    assert result.inserted == len(rows) - expected_rejects
    assert store.fetch_one("SELECT count(*) FROM customers WHERE region = 'Île-de-France' OR region LIKE '%é%'")[0] > 0


# Per real file: the dataset, and the file column the suggestion must give each required contract
# column the file has a source for (the others cannot be suggested: no column holds them).
SUGGESTED = {
    "Telco-Customer-Churn.csv": ("customers", {"customer_id": "customerID"}),
    "Consumer_Complaints.csv": ("tickets", {"ticket_id": "Complaint_ID", "opened_at": "Date_received",
                                            "channel": "Submitted_via"}),
    "cfpb-original-export/Consumer_Complaints.csv": ("tickets", {"ticket_id": "Complaint ID",
                                                                 "opened_at": "Date received",
                                                                 "channel": "Submitted via"}),
    "CartoLavage_2023_Koumoul_VF_enrichi-v3.csv": ("customers", {"customer_id": "ID"}),
}


@pytest.mark.parametrize("name", sorted(SUGGESTED))
def test_the_suggestion_maps_every_required_column_a_real_file_has_a_source_for(name):
    dataset_name, wanted = SUGGESTED[name]
    suggestion = suggest_for(dataset_name, inspect_file(REAL / name))
    required = {c.name for c in dataset(dataset_name).columns if c.required and c.default is None}
    found = {c.target: c.source for c in suggestion.mapping.columns if c.source and c.target in required}
    assert found == wanted
    assert set(suggestion.missing()) == required - set(wanted)  # what the file has no column for


def test_the_cfpb_complaints_load_whole_with_the_suggestion_anonymous_customers_and_two_constants(store):
    path = REAL / "cfpb-original-export/Consumer_Complaints.csv"
    suggested = suggest_for("tickets", inspect_file(path)).mapping
    given = {"customer_id": ColumnMap("customer_id", anonymous=True),
             "is_complaint": ColumnMap("is_complaint", constant="yes"),
             "owner_dept": ColumnMap("owner_dept", constant="customer_service")}
    mapping = Mapping("tickets", tuple(given.get(c.target, c) for c in suggested.columns))
    result = upload(store, "tickets", path, mapping=mapping)
    rows = _records(path)
    assert (result.validation.rows_read, result.inserted, result.validation.rejected) == (len(rows), len(rows), 0)
    received = {r["Complaint ID"]: r["Date received"] for r in rows}
    stored = dict(store.fetch_all("SELECT ticket_id, strftime(opened_at, '%m/%d/%Y') FROM tickets"))
    assert stored == received  # month first, as the US export writes it: read without a hand-set format
