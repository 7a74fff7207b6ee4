"""Real exports load at the first try: bare CRs, dates as systems write them, a date and a time
apart, anonymous rows, lookups, blank cells, same-named columns, and reports in the reader's words."""

from __future__ import annotations

import csv
import sys
from datetime import datetime
from pathlib import Path

import pytest

from relclient.auth import User
from relclient.contract import ANONYMOUS_CUSTOMER
from relclient.engine import EngineSettingError, portal_timezone
from relclient.ingest import (
    ColumnMap, IngestError, LoadRequest, Mapping, ingest_file, inspect_file, suggest, suggest_for, undo_load,
)
from relclient.ingest.rejects import issue_page
from relclient.ingest.report import report_text
from relclient.ingest.suggest import Origin
from relclient.metrics import KpiFilter, compute_kpis
from relclient.periods import Period
from relclient.permissions import PermissionDenied
from tests.ingest_helpers import steward_user, table_checksums, upload, write

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
sys.path.insert(0, str(BAD.parent))
from bad_exports import REAL_DATES  # noqa: E402 - the generator's own list of forms and stored values


def _with(mapping: Mapping, **changes: ColumnMap) -> Mapping:
    return Mapping(mapping.dataset, tuple(changes.get(c.target, c) for c in mapping.columns))


def test_a_bare_carriage_return_is_read_as_a_space_and_its_lines_are_named(store):
    result = upload(store, "customers", BAD / "39_bare_cr_customers.csv")
    assert result.inserted == 6 and result.validation.rejected == 0
    assert dict(result.file.warnings)["bare_cr"] == {"n": 2, "lines": "4, 6"}
    names = {r[0] for r in store.fetch_all("SELECT name FROM customers")}
    assert {"Garage Dupré", "Maison Bérard; fils"} <= names


def test_a_bare_carriage_return_alone_in_a_file_of_four_lines_loads_the_rest(store, tmp_path):
    path = tmp_path / "cr.csv"
    path.write_bytes(b"customer_id,name,created_on\nC1,foo \rbar,2024-01-01\nC2,ok,2024-01-02\n")
    result = upload(store, "customers", path)
    assert (result.inserted, result.validation.rejected) == (2, 0)
    assert store.fetch_one("SELECT name FROM customers WHERE customer_id = 'C1'")[0] == "foo  bar"


def test_dates_as_real_systems_write_them_are_read_and_offsets_become_paris_time(store):
    result = upload(store, "tickets", BAD / "40_real_date_forms_tickets.csv")
    assert result.inserted == len(REAL_DATES)
    stored = dict(store.fetch_all("SELECT ticket_id, strftime(opened_at, '%Y-%m-%d %H:%M:%S') FROM tickets"))
    assert [stored[f"T-2025-{n:04d}"] for n in range(1, len(REAL_DATES) + 1)] == [s for _, s in REAL_DATES]
    rejected = result.issues[result.issues.is_error]
    assert list(rejected.code) == ["bad_timestamp"] and list(rejected.value) == ["31 fevrier 2025"]


def test_the_portal_time_zone_is_configurable_and_checked(store, monkeypatch):
    monkeypatch.setenv("RELCLIENT_TIMEZONE", "UTC")
    upload(store, "tickets", BAD / "40_real_date_forms_tickets.csv")
    twitter = store.fetch_one("SELECT strftime(opened_at, '%H:%M:%S') FROM tickets WHERE ticket_id = 'T-2025-0001'")
    assert twitter == ("22:10:47",)  # +0000 kept as it is in UTC
    with pytest.raises(EngineSettingError, match="Mars/Olympus"):
        portal_timezone("Mars/Olympus")


def test_a_date_and_a_time_in_two_columns_are_joined_by_the_suggested_mapping(store):
    info = inspect_file(BAD / "41_date_and_time_apart_tickets.csv")
    mapping = suggest_for("tickets", info).mapping
    assert (mapping.column("opened_at").source, mapping.column("opened_at").time_source) == ("Date", "Time")
    result = upload(store, "tickets", BAD / "41_date_and_time_apart_tickets.csv")
    assert result.inserted == 5
    stamps = [r[0] for r in store.fetch_all("SELECT strftime(opened_at, '%Y-%m-%d %H:%M:%S') FROM tickets"
                                            " ORDER BY ticket_id")]
    assert stamps == ["2025-04-22 15:53:50", "2025-04-23 10:22:56", "2025-04-24 12:05:00", "2025-04-25 21:15:30",
                      "2025-04-26 00:40:10"]
    assert {r[0] for r in store.fetch_all("SELECT channel FROM tickets")} == {"phone", "web", "email"}


def test_anonymous_rows_load_count_in_the_ticket_kpis_and_are_never_a_customer(store):
    path = BAD / "42_anonymous_complaints_tickets.csv"
    mapping = suggest_for("tickets", inspect_file(path)).mapping
    anonymous = _with(mapping, customer_id=ColumnMap("customer_id", source="customer_id", anonymous=True))
    result = upload(store, "tickets", path, mapping=anonymous)
    assert (result.inserted, result.validation.rejected) == (6, 0)
    assert store.fetch_one("SELECT count(*) FROM tickets WHERE customer_id = ?", [ANONYMOUS_CUSTOMER])[0] == 2
    assert not any(r.code == "unknown_customer" and r.value == ANONYMOUS_CUSTOMER for r in result.issues.itertuples())
    # Every ticket counts: the handoff rate's n is the 6 tickets, anonymous ones included.
    opened = [r[0].date() for r in store.fetch_all("SELECT opened_at FROM tickets")]
    kpis = compute_kpis(store, KpiFilter(Period(min(opened), max(opened))), previous=False)
    assert kpis.values["handoff_rate"].n == 6
    # The anonymous customer is nobody's record, and a customers file cannot make it one.
    assert store.fetch_one("SELECT count(*) FROM customers")[0] == 0
    bad = write(store.path.parent, "c.csv", f"customer_id;created_on\n{ANONYMOUS_CUSTOMER};01/01/2024\nC1;02/01/2024\n")
    refused = upload(store, "customers", bad)
    assert list(refused.issues[refused.issues.is_error].code) == ["reserved_id"] and refused.inserted == 1


def test_a_customer_is_looked_up_through_the_order_a_review_names(store):
    upload(store, "orders", BAD / "36_tab_separated_orders.tsv")
    path = BAD / "43_reviews_by_order_survey_responses.csv"
    suggestion = suggest_for("survey_responses", inspect_file(path))
    cm = suggestion.mapping.column("customer_id")
    assert (cm.source, cm.lookup, suggestion.how["customer_id"]) == ("order_id", "orders", "lookup")
    assert suggestion.missing() == ("survey",)
    mapping = _with(suggestion.mapping, survey=ColumnMap("survey", constant="csat"))
    result = upload(store, "survey_responses", path, mapping=mapping)
    assert result.inserted == 5
    pairs = store.fetch_all("SELECT s.customer_id, o.customer_id FROM survey_responses s"
                            " JOIN orders o ON o.order_id = 'O-2025-' || lpad(substr(s.response_id, 3), 4, '0')")
    assert len(pairs) == 5 and all(a == b for a, b in pairs)
    missed = result.issues[result.issues.is_error]
    assert list(missed.code) == ["not_found"] and "O-2025-0099" in missed.reason.iloc[0]
    assert "orders" in missed.reason.iloc[0]


def test_a_lookup_in_a_dataset_without_that_column_is_refused_with_the_possible_ones(store, tmp_path):
    path = write(tmp_path, "r.csv", "response_id,order_id,answered_at,survey,score\nR1,O1,2025-01-01,nps,9\n")
    mapping = Mapping("survey_responses", (
        ColumnMap("response_id", "response_id"), ColumnMap("customer_id", "order_id", lookup="internal_ratings"),
        ColumnMap("answered_at", "answered_at"), ColumnMap("survey", "survey"), ColumnMap("score", "score")))
    with pytest.raises(IngestError) as raised:
        upload(store, "survey_responses", path, mapping=mapping)
    assert raised.value.key == "bad_lookup" and "orders" in raised.value.message("en")


def test_line_breaks_and_blanks_at_a_cells_ends_are_trimmed_and_a_cell_of_blanks_is_empty(store):
    result = upload(store, "customers", BAD / "44_line_breaks_and_blank_cells_customers.csv")
    assert result.inserted == 5 and list(result.issues[result.issues.is_error].code) == ["required"]
    row = store.fetch_one("SELECT name FROM customers WHERE customer_id = 'C00002'")
    assert row == ("Hélène Martin",)
    assert store.fetch_one("SELECT region FROM customers WHERE customer_id = 'C00003'") == (None,)
    assert store.fetch_one("SELECT churned_on FROM customers WHERE customer_id = 'C00004'") == (None,)


def test_a_header_given_to_two_columns_is_never_chosen_silently(store):
    path = BAD / "12_duplicate_headers_survey_responses.csv"
    info = inspect_file(path)
    assert info.duplicated == {"score": "5, 9"}
    assert "score (column 5)" in info.headers and "score (column 9)" in info.headers
    mapping = suggest_for("survey_responses", info).mapping
    assert mapping.column("score").source is None
    with pytest.raises(IngestError) as raised:
        upload(store, "survey_responses", path, mapping=mapping)
    assert raised.value.key == "ambiguous_header" and "5, 9" in raised.value.message("fr")
    named = _with(mapping, score=ColumnMap("score", source="score"))
    with pytest.raises(IngestError) as raised:
        upload(store, "survey_responses", path, mapping=named)
    assert raised.value.key == "ambiguous_source" and "score (column 9)" in raised.value.message("en")
    picked = _with(mapping, score=ColumnMap("score", source="score (column 9)"))
    loaded = upload(store, "survey_responses", path, mapping=picked)
    with path.open(encoding="utf-8", newline="") as f:
        ninth = {r[0]: int(r[8]) for r in list(csv.reader(f))[1:]}
    stored = dict(store.fetch_all("SELECT response_id, score FROM survey_responses"))
    assert len(stored) == loaded.inserted >= 4 and all(ninth[k] == v for k, v in stored.items())


def test_a_line_refused_while_reading_is_split_into_the_files_columns_in_the_rejects(store, tmp_path):
    path = write(tmp_path, "c.csv", 'customer_id;name;created_on\nC1;A;01/01/2024\nC2;B;02/01/2024;extra;more\n'
                                    'C3;"C\n')
    result = upload(store, "customers", path)
    rows = list(csv.reader(result.rejects_path.open(encoding="utf-8-sig"), delimiter=";"))
    assert rows[0][:4] == ["line", "reasons", "codes", "customer_id"]
    split = {r[0]: r[3:] for r in rows[1:]}
    assert split["3"] == ["C2", "B", "02/01/2024;extra;more"]  # the extra fields kept in the last cell
    assert split["4"][0] == "C3"


def test_the_report_pages_every_issue_and_the_json_lists_them_all(store, tmp_path):
    lines = "".join(f"C{n};N;31/02/2024\n" for n in range(450))
    result = upload(store, "customers", write(tmp_path, "c.csv", "customer_id;name;created_on\n" + lines))
    assert result.issue_total == 450 and result.validation.rejected == 450
    pages = [issue_page(result.issues_path, p, 200) for p in range(3)]
    assert [len(p) for p in pages] == [200, 200, 50]
    assert sorted(x for p in pages for x in p.line) == list(range(2, 452))
    assert set(pages[0].columns) == {"line", "column_name", "value", "code", "reason", "severity"}


def test_the_text_report_is_worded_in_french_with_no_english_word(store, tmp_path):
    path = write(tmp_path, "t.csv", "ticket_id;customer_id;opened_at;channel;is_complaint;owner_dept\n"
                                    "T1;C9;01/02/2025 10:00;phone;oui;sales\nT2;C9;31/02/2025;phone;oui;sales\n")
    suggestion = suggest_for("tickets", inspect_file(path))
    result = ingest_file(store, steward_user(store, "tickets"), path, LoadRequest(suggestion.mapping, dry_run=True),
                         lang="fr")
    origin = Origin("suggested", suggestion=suggestion)
    text = report_text(result, origin, "fr")
    assert text.startswith("VÉRIFIÉ") and "ligne 3 [bad_timestamp]" in text
    for english in ("line ", "rows read", "loaded anyway", "suggested", "note:", "would"):
        assert english not in text
    assert "avertissement : la ligne est gardée" in text  # the unknown customer: no "chargé" in a check
    assert "ticket_id ← ticket_id (par le nom)" in text


HEADERS_OF_REAL_EXPORTS = {
    # A telecom operator's complaints (Comcast): ticket, date, time apart, channel.
    ("tickets", ("Ticket #", "Customer Complaint", "Date", "Date_month_year", "Time", "Received Via", "City",
                 "State", "Zip code", "Status", "Filing on Behalf of Someone"),
     (("250635", "Comcast Cable Internet Speeds", "22-04-15", "22-Apr-15", "3:53:50 PM", "Customer Care Call",
       "Abingdon", "Maryland", "21009", "Closed", "No"),)):
        {"ticket_id": "Ticket #", "opened_at": "Date", "channel": "Received Via"},
    # An e-commerce platform's orders (Olist).
    ("orders", ("order_id", "customer_id", "order_status", "order_purchase_timestamp", "order_approved_at",
                "order_delivered_carrier_date", "order_delivered_customer_date", "order_estimated_delivery_date"),
     (("e481f5", "9ef432", "delivered", "2017-10-02 10:56:33", "2017-10-02 11:07:15", "2017-10-04 19:55:00",
       "2017-10-10 21:25:13", "2017-10-18 00:00:00"),)):
        {"order_id": "order_id", "customer_id": "customer_id", "ordered_at": "order_purchase_timestamp",
         "promised_on": "order_estimated_delivery_date", "delivered_on": "order_delivered_customer_date"},
    # Its reviews: the score, the date, the customer through the order.
    ("survey_responses", ("review_id", "order_id", "review_score", "review_comment_title", "review_comment_message",
                          "review_creation_date", "review_answer_timestamp"),
     (("7bc240", "73fc7a", "4", "", "", "2018-01-18 00:00:00", "2018-01-18 21:46:59"),)):
        {"response_id": "review_id", "customer_id": "order_id", "answered_at": "review_creation_date",
         "score": "review_score"},
    # A customer-support tweets dump.
    ("tickets", ("tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
                 "in_response_to_tweet_id"),
     (("1", "sprintcare", "False", "Tue Oct 31 22:10:47 +0000 2017", "@115712 I understand.", "2", "3"),)):
        {"ticket_id": "tweet_id", "customer_id": "author_id", "opened_at": "created_at"},
    # A French consumer-reports open-data file (SignalConso).
    ("tickets", ("id", "category", "subcategories", "creationdate", "contactagreement", "status"),
     (("a1", "AchatMagasin", "x", "2020-07-06T15:33:13.2Z", "false", "Promesse d'action prise"),)):
        {"ticket_id": "id", "opened_at": "creationdate", "category": "category"},
    # A French export with nothing named as the contract does, matched by close names and values.
    ("tickets", ("N° de dossier", "Client", "Reçu le", "Heure", "Canal de contact", "Service", "Réclamation ?"),
     (("D1", "C1", "3 mars 2026", "14:30", "Téléphone", "Logistique", "oui"),
      ("D2", "C2", "4 mars 2026", "09:10", "Courriel", "Informatique", "non"))):
        {"ticket_id": "N° de dossier", "customer_id": "Client", "opened_at": "Reçu le", "channel": "Canal de contact",
         "owner_dept": "Service", "is_complaint": "Réclamation ?"},
}


@pytest.mark.parametrize("key", list(HEADERS_OF_REAL_EXPORTS), ids=lambda k: f"{k[0]}-{k[1][0]}")
def test_the_suggestion_maps_the_headers_real_exports_give(key):
    dataset, headers, rows = key
    mapping = suggest(dataset, headers, rows).mapping
    found = {c.target: c.source for c in mapping.columns if c.source}
    assert {k: found.get(k) for k in HEADERS_OF_REAL_EXPORTS[key]} == HEADERS_OF_REAL_EXPORTS[key]


def test_values_alone_find_a_column_of_dates_of_channels_of_departments_and_of_scores():
    headers = ("A", "B", "C", "D", "E")
    rows = tuple(("R%d" % n, "2025-03-0%d 10:00" % n, "Téléphone" if n % 2 else "Web", "Logistique",
                  str(n % 11)) for n in range(1, 8))
    found = {c.target: c.source for c in suggest("survey_responses", headers, rows).mapping.columns if c.source}
    assert found == {"answered_at": "B", "score": "E"}  # dept is not required: values do not guess it
    tickets = {c.target: c.source for c in suggest("tickets", headers, rows).mapping.columns if c.source}
    assert tickets == {"opened_at": "B", "channel": "C", "owner_dept": "D"}


def _user(role: str, dept: str, email: str) -> User:
    return User(email, email, dept, role)


def test_the_dataset_department_lead_and_admins_may_undo_any_load_and_others_only_their_own(store, tmp_path):
    lead = steward_user(store, "customers")
    loads = []
    for n in range(3):
        result = upload(store, "customers", write(tmp_path, f"c{n}.csv", f"customer_id;created_on\nC{n};01/01/2024\n"))
        loads.append(result.load_id)
    other_lead = _user("dept_lead", "it" if lead.dept != "it" else "sales", "other@example.fr")
    with pytest.raises(PermissionDenied) as refused:
        undo_load(store, other_lead, loads[2])
    assert "admin" in refused.value.message("en")
    colleague = _user("dept_lead", lead.dept, "colleague@example.fr")  # same department, not the uploader
    assert undo_load(store, colleague, loads[2])["removed"] == 1
    admin = _user("admin", "direction", "admin@example.fr")
    assert undo_load(store, admin, loads[1])["removed"] == 1


def test_undoing_customers_that_tickets_point_to_warns_with_the_counts_and_asks_to_confirm(store, tmp_path):
    loaded = upload(store, "customers", write(tmp_path, "c.csv", "customer_id;created_on\nC1;01/01/2024\n"
                                                                 "C2;01/01/2024\n"))
    upload(store, "tickets", write(tmp_path, "t.csv", "ticket_id;customer_id;opened_at;channel;is_complaint;owner_dept\n"
                                                      "T1;C1;01/02/2025 10:00;phone;oui;sales\n"
                                                      "T2;C1;02/02/2025 10:00;web;non;sales\n"))
    before = table_checksums(store)
    with pytest.raises(IngestError) as warned:
        undo_load(store, steward_user(store, "customers"), loaded.load_id)
    assert warned.value.key == "undo_orphans" and "2 tickets" in warned.value.message("en")
    assert "0 commandes" in warned.value.message("fr")
    assert table_checksums(store) == before
    done = undo_load(store, steward_user(store, "customers"), loaded.load_id, confirm_orphans=True)
    assert done["removed"] == 2 and store.fetch_one("SELECT count(*) FROM tickets")[0] == 2


def test_every_stamp_form_of_the_corpus_is_a_real_datetime():
    # The generator's expected values are themselves dates (guards a typo in the table above).
    assert all(datetime.strptime(s, "%Y-%m-%d %H:%M:%S") for _, s in REAL_DATES)


def test_an_anonymous_detractor_counts_in_the_nps_but_is_nobody_to_call_back(store, tmp_path):
    from relclient.customer_distance import detractor_counts

    answers = write(tmp_path, "s.csv", "response_id;customer_id;answered_at;survey;score\n"
                                       "R1;;01/03/2025 10:00;nps;2\nR2;C1;02/03/2025 10:00;nps;3\n")
    mapping = suggest_for("survey_responses", inspect_file(answers)).mapping
    mapping = _with(mapping, customer_id=ColumnMap("customer_id", source="customer_id", anonymous=True))
    assert upload(store, "survey_responses", answers, mapping=mapping).inserted == 2
    flt = KpiFilter(Period(datetime(2025, 3, 1).date(), datetime(2025, 3, 31).date()))
    assert compute_kpis(store, flt, previous=False).values["nps"].n == 2
    assert detractor_counts(store, flt) == (1, 1)


def test_every_issue_downloads_as_a_csv_with_its_code(store, tmp_path):
    from relclient.ingest.rejects import issues_csv

    lines = "".join(f"C{n};=cmd;31/02/2024\n" for n in range(250))
    result = upload(store, "customers", write(tmp_path, "c.csv", "customer_id;name;created_on\n" + lines))
    rows = list(csv.reader(issues_csv(result.issues_path, "en").open(encoding="utf-8-sig"), delimiter=";"))
    assert rows[0] == ["line", "Column", "Value", "codes", "Reason", "Severity"]
    assert len(rows) == 251 and {r[3] for r in rows[1:]} == {"bad_date"}
    assert rows[1][2] == "31/02/2024" and rows[1][5] == "error"
