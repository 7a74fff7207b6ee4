"""Loading: one transaction, idempotent, traceable, undoable; modes, mappings and formats."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from relclient.ingest import ColumnMap, IngestError, Mapping, ReadOptions, find_mapping, save_mapping, undo_load
from relclient.ingest.rejects import stored_rejects
from tests.ingest_helpers import steward_user, table_checksums, upload, write


FRENCH_TICKETS = (
    "N° ticket;Client;Ouvert le;Canal;Motif;Réclamation;Service;Première réponse;Résolu le;Réouvertures\n"
    "T1;C1;03/02/2025 09:15;Téléphone;livraison;oui;Logistique;03/02/2025 10:00;04/02/2025 08:00;0\n"
    "T2;C1;04/02/2025 14:00;E-mail;facture;non;customer_service;;;\n"
    "T3;C2;05/02/2025 08:00;fax;produit;vrai;it;05/02/2025 07:00;;1\n"
)


def _customers(tmp_path, rows: str, name: str = "c.csv"):
    return write(tmp_path, name, "customer_id;name;created_on;annual_value\n" + rows)


def test_a_french_cp1252_export_is_typed_mapped_and_validated(store, tmp_path):
    path = write(tmp_path, "tickets.csv", FRENCH_TICKETS, "cp1252")
    result = upload(store, "tickets", path)
    assert result.file.encoding == "cp1252" and result.file.delimiter == ";"
    assert result.inserted == 1 + 1  # T3: 'fax' is mail by alias, but it was answered before it was opened
    row = store.fetch_one("SELECT channel, is_complaint, owner_dept, reopened_count, opened_at::VARCHAR"
                          " FROM tickets WHERE ticket_id = 'T1'")
    assert row == ("phone", True, "logistics", 0, "2025-02-03 09:15:00")
    assert store.fetch_one("SELECT reopened_count FROM tickets WHERE ticket_id = 'T2'")[0] == 0  # the default
    errors = result.issues[result.issues.is_error]
    assert list(errors.line) == [4] and list(errors.column_name) == ["first_response_at"]


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_loading_the_same_file_twice_changes_nothing_the_second_time(store, tmp_path):
    path = _customers(tmp_path, "C1;Dupont;01/01/2024;1 000,50\nC2;Durand;02/01/2024;\n")
    first = upload(store, "customers", path)
    datasets = {k: v for k, v in table_checksums(store).items() if not k.startswith(("load", "audit"))}
    second = upload(store, "customers", path)
    assert (first.inserted, second.inserted, second.updated, second.unchanged) == (2, 0, 0, 2)
    assert {k: v for k, v in table_checksums(store).items() if not k.startswith(("load", "audit"))} == datasets
    assert store.fetch_one("SELECT annual_value FROM customers WHERE customer_id = 'C1'")[0] == Decimal("1000.50")


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_an_upsert_updates_changed_rows_and_undo_restores_them_exactly(store, tmp_path):
    first = upload(store, "customers", _customers(tmp_path, "C1;Dupont;01/01/2024;10\nC2;Durand;02/01/2024;20\n"))
    before = table_checksums(store)["customers"]
    second = upload(store, "customers", _customers(tmp_path, "C1;Dupont SA;01/01/2024;10\nC3;Neuf;03/01/2024;5\n",
                                                   "c2.csv"))
    assert (second.inserted, second.updated, second.unchanged) == (1, 1, 0)
    assert store.fetch_one("SELECT load_id FROM customers WHERE customer_id = 'C1'")[0] == second.load_id
    assert undo_load(store, steward_user(store), second.load_id) == {"removed": 2, "restored": 1}
    assert table_checksums(store)["customers"] == before
    assert store.fetch_one("SELECT load_id FROM customers WHERE customer_id = 'C1'")[0] == first.load_id
    with pytest.raises(IngestError) as again:
        undo_load(store, steward_user(store), second.load_id)
    assert again.value.key == "already_undone"


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_an_undo_is_refused_while_a_later_load_changed_the_same_rows(store, tmp_path):
    first = upload(store, "customers", _customers(tmp_path, "C1;Dupont;01/01/2024;10\n"))
    second = upload(store, "customers", _customers(tmp_path, "C1;Dupont SA;01/01/2024;10\n", "c2.csv"))
    before = table_checksums(store)
    with pytest.raises(IngestError) as blocked:
        undo_load(store, steward_user(store), first.load_id)
    assert blocked.value.key == "undo_blocked" and f"#{second.load_id}" in blocked.value.message("en")
    assert table_checksums(store) == before
    undo_load(store, steward_user(store), second.load_id)
    undo_load(store, steward_user(store), first.load_id)
    assert store.fetch_one("SELECT count(*) FROM customers")[0] == 0


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_append_refuses_keys_already_stored_and_replace_needs_confirmation(store, tmp_path):
    upload(store, "customers", _customers(tmp_path, "C1;Dupont;01/01/2024;10\nC2;Durand;01/01/2024;10\n"))
    appended = upload(store, "customers", _customers(tmp_path, "C1;X;01/01/2024;1\nC9;Y;01/01/2024;1\n", "a.csv"),
                      mode="append")
    assert appended.inserted == 1
    assert list(appended.issues[appended.issues.is_error].reason) == [
        "customer_id: the key 'C1' already exists (append mode)"]
    path = _customers(tmp_path, "C2;Durand;01/01/2024;10\n", "r.csv")
    with pytest.raises(IngestError) as unconfirmed:
        upload(store, "customers", path, mode="replace")
    assert unconfirmed.value.key == "replace_unconfirmed"
    replaced = upload(store, "customers", path, mode="replace", confirm_replace=True)
    assert (replaced.deleted, replaced.unchanged) == (2, 1)
    assert [r[0] for r in store.fetch_all("SELECT customer_id FROM customers")] == ["C2"]
    undo_load(store, steward_user(store), replaced.load_id)
    assert store.fetch_one("SELECT count(*) FROM customers")[0] == 3


def test_a_dry_run_reports_the_counts_and_changes_nothing(store, tmp_path):
    before = table_checksums(store)
    result = upload(store, "customers", _customers(tmp_path, "C1;Dupont;01/01/2024;10\nC2;;bad;\n"), dry_run=True)
    assert (result.status, result.inserted, result.validation.rejected, result.load_id) == ("dry_run", 1, 1, None)
    assert table_checksums(store) == before


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_a_load_is_recorded_with_its_file_and_its_rejects_can_be_downloaded(store, tmp_path):
    result = upload(store, "customers", _customers(tmp_path, "C1;Dupont;01/01/2024;10\nC2;Durand;31/02/2024;-3\n"))
    row = store.fetch_one("SELECT actor, file_name, sha256, mode, rows_read, inserted, rejected FROM loads")
    assert row == ("tester", "c.csv", result.file.sha256, "upsert", 2, 1, 1)
    with store.cursor() as cur:
        path = stored_rejects(cur, result.load_id, "fr")
    text = path.read_text("utf-8-sig").splitlines()
    assert text[0].startswith('"ligne";"motifs du rejet";"codes";"customer_id"')
    assert text[1].startswith("3;") and "31/02/2024" in text[1] and "minimum 0" in text[1]
    assert "below_min | bad_date" in text[1]  # the stable codes beside the worded reasons


def test_value_maps_constants_and_formats_in_the_mapping_are_applied(store, tmp_path):
    path = write(tmp_path, "t.csv", "id;client;date;via\nA;C1;03/04/25;Tél\nB;C1;04/04/25;Site\n")
    mapping = Mapping("tickets", (
        ColumnMap("ticket_id", "id"), ColumnMap("customer_id", "client"), ColumnMap("opened_at", "date", fmt="dmy2"),
        ColumnMap("channel", "via", values=(("Tél", "phone"), ("Site", "web"))),
        ColumnMap("is_complaint", constant="non"), ColumnMap("owner_dept", constant="Service clients")))
    result = upload(store, "tickets", path, mapping=mapping)
    assert result.inserted == 2
    assert store.fetch_all("SELECT ticket_id, channel, owner_dept, opened_at::DATE::VARCHAR FROM tickets ORDER BY 1") == [
        ("A", "phone", "customer_service", "2025-04-03"), ("B", "web", "customer_service", "2025-04-04")]


@pytest.mark.both_stores  # what the store keeps: also on a DuckLake
def test_a_saved_mapping_is_found_again_for_a_file_with_the_same_headers(store):
    mapping = Mapping("customers", (ColumnMap("customer_id", "Réf"),))
    store.transaction(lambda cur: save_mapping(cur, "crm export", mapping, ("Réf", "Nom"), steward_user(store, "customers")))
    with store.cursor() as cur:
        assert find_mapping(cur, "customers", ("réf", " Nom ")) == ("crm export", mapping)
        assert find_mapping(cur, "customers", ("Réf",)) is None


def test_an_unmapped_required_column_refuses_the_file_before_reading_rows(store, tmp_path):
    with pytest.raises(IngestError) as refused:
        upload(store, "tickets", write(tmp_path, "x.csv", "a;b\n1;2\n"))
    assert refused.value.key == "required_unmapped" and "opened_at" in refused.value.message("en")


def test_an_excel_sheet_can_be_chosen_and_parquet_is_read(store, tmp_path):
    import duckdb

    from tests.unit.test_ingest_bad_files import BAD

    with pytest.raises(IngestError) as no_sheet:
        upload(store, "customers", BAD / "24_multi_sheet_customers.xlsx", options=ReadOptions(sheet="Nope"))
    assert "Notes, Clients" in no_sheet.value.message("en")
    parquet = tmp_path / "c.parquet"
    duckdb.execute(f"COPY (SELECT 'P1' AS customer_id, DATE '2024-05-01' AS created_on) TO '{parquet}'")
    assert upload(store, "customers", parquet).inserted == 1
    assert store.fetch_one("SELECT created_on::VARCHAR FROM customers")[0] == "2024-05-01"


def test_a_latin1_file_with_control_bytes_is_read_through_a_copy_and_the_copy_is_removed(store, tmp_path):
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("relclient-*.csv"))
    # 0x81 is undefined in cp1252, so the file is latin-1; DuckDB's own latin-1 reader refuses 0x80-0x9F.
    path = tmp_path / "l1.csv"
    path.write_bytes(b"customer_id;name;created_on\nC1;Caf\xe9 \x81\x85;01/01/2024\n")
    result = upload(store, "customers", path)
    assert result.file.encoding == "latin-1" and result.inserted == 1
    assert store.fetch_one("SELECT name FROM customers")[0] == "Café \x81\x85"
    assert set(Path(tempfile.gettempdir()).glob("relclient-*.csv")) == before
