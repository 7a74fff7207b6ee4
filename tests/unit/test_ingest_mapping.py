"""Mapping suggestions from French and English headers, and the Data page's mapping grid."""

from __future__ import annotations

from relclient.contract import DATASETS
from relclient.ingest import ColumnMap, Mapping, suggest_mapping
from relclient.ingest.describe import contract_table, mapping_from_rows, mapping_rows


def _sources(mapping: Mapping) -> dict[str, str | None]:
    return {c.target: c.source for c in mapping.columns}


def test_french_and_english_headers_are_suggested_for_their_contract_columns():
    fr = _sources(suggest_mapping("tickets", ("N° ticket", "N° client", "Ouvert le", "Canal", "Réclamation",
                                              "Service", "Résolu le", "Divers")))
    assert fr == {"ticket_id": "N° ticket", "customer_id": "N° client", "opened_at": "Ouvert le", "channel": "Canal",
                  "category": None, "is_complaint": "Réclamation", "owner_dept": "Service",
                  "first_response_at": None, "resolved_at": "Résolu le", "reopened_count": None}
    telco = _sources(suggest_mapping("customers", ("customerID", "gender", "tenure", "Contract", "TotalCharges")))
    assert telco["customer_id"] == "customerID" and telco["annual_value"] == "TotalCharges"
    cfpb = _sources(suggest_mapping("tickets", ("Date received", "Product", "Submitted via", "Complaint ID")))
    assert (cfpb["ticket_id"], cfpb["opened_at"], cfpb["channel"]) == ("Complaint ID", "Date received", "Submitted via")


def test_a_header_feeds_one_column_only_and_an_exact_name_wins_over_a_synonym():
    mapping = _sources(suggest_mapping("survey_responses", ("service", "dept", "Note")))
    assert mapping["dept"] == "dept" and mapping["score"] == "Note"


def test_the_mapping_grid_round_trips_sources_constants_formats_and_value_maps():
    mapping = Mapping("tickets", (ColumnMap("ticket_id", "id"), ColumnMap("owner_dept", constant="it"),
                                  ColumnMap("opened_at", "date", fmt="mdy"),
                                  ColumnMap("channel", "via", values=(("Tél", "phone"), ("Yes = oui", "web")))))
    rows = mapping_rows(mapping)
    assert [r["target"] for r in rows] == list(next(d for d in DATASETS if d.name == "tickets").column_names)
    back = mapping_from_rows("tickets", rows)
    assert {c.target: c for c in back.columns if c.source or c.constant} == {c.target: c for c in mapping.columns}
    assert Mapping.from_json(mapping.to_json()) == mapping


def test_the_contract_table_lists_every_column_with_an_example_in_both_languages():
    for ds in DATASETS:
        fr, en = contract_table(ds.name, "fr"), contract_table(ds.name, "en")
        assert list(fr["Colonne"]) == list(ds.column_names) == list(en["Column"])
        assert fr["Exemple"].str.len().min() > 0
