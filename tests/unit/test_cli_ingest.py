"""The upload commands: ingest's exit codes and report, the inbox, loads and undo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ingest_helpers import write

REPO = Path(__file__).resolve().parent.parent.parent
GOOD = "customer_id;name;created_on\nC1;Dupont;01/01/2024\nC2;Durand;02/01/2024\n"


LEAD = "lead@example.fr"  # a department lead of sales, the customers' steward


def _cli(db: Path, *args: str, user: str | None = LEAD, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RELCLIENT_DB": str(db)}
    env.pop("RELCLIENT_USER", None)
    if not db.exists():  # a new company: an empty database, then (below) its first account
        subprocess.run([sys.executable, "-m", "relclient", "init"], cwd=REPO, env=env, check=True,
                       capture_output=True, timeout=120)
        if user:
            made = subprocess.run([sys.executable, "-m", "relclient", "users", "add", user, "--name", "Lead",
                                   "--dept", "sales", "--role", "dept_lead"], cwd=REPO, env=env, input="lead-password-1\n",
                                  capture_output=True, text=True, timeout=120)
            assert made.returncode == 0, made.stderr
    if user:
        env["RELCLIENT_USER"] = user
    return subprocess.run([sys.executable, "-m", "relclient", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120, input=stdin)


def test_ingest_exits_zero_when_loaded_and_prints_a_json_report(tmp_path):
    db = tmp_path / "db.duckdb"
    done = _cli(db, "ingest", "customers", str(write(tmp_path, "c.csv", GOOD)), "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["status"], report["inserted"], report["rejected"], report["load_id"]) == ("loaded", 2, 0, 1)
    again = json.loads(_cli(db, "ingest", "customers", str(tmp_path / "c.csv"), "--format", "json").stdout)
    assert (again["inserted"], again["unchanged"]) == (0, 2)


def test_ingest_all_or_nothing_exits_one_with_the_report_and_loads_nothing(tmp_path):
    db = tmp_path / "db.duckdb"
    bad = write(tmp_path, "c.csv", GOOD + "C3;X;31/02/2024\n")
    refused = _cli(db, "ingest", "customers", str(bad), "--all-or-nothing", "--lang", "fr")
    assert refused.returncode == 1
    # Worded in French all the way: the status, the line prefix, the mapping's origin.
    assert refused.stdout.startswith("REFUSÉ") and "ligne 4 [bad_date]" in refused.stdout
    assert "31/02/2024" in refused.stdout and "line" not in refused.stdout
    listed = _cli(db, "loads", "--format", "json")
    assert json.loads(listed.stdout) == []


def test_ingest_needs_an_account_whose_role_allows_the_upload(tmp_path):
    db = tmp_path / "db.duckdb"
    nobody = _cli(db, "ingest", "customers", str(write(tmp_path, "c.csv", GOOD)), user=None)
    assert nobody.returncode == 2 and "--user EMAIL" in nobody.stderr
    _cli(db, "users", "add", "viewer@example.fr", "--name", "V", "--dept", "sales", "--role", "viewer",
         stdin="viewer-password\n")
    refused = _cli(db, "ingest", "customers", str(tmp_path / "c.csv"), user="viewer@example.fr")
    assert refused.returncode == 2 and "Not allowed" in refused.stderr and "leads of Sales" in refused.stderr


def test_a_bad_file_or_argument_exits_two_with_one_clear_line(tmp_path):
    db = tmp_path / "db.duckdb"
    empty = _cli(db, "ingest", "customers", str(write(tmp_path, "e.csv", "")))
    assert empty.returncode == 2 and empty.stderr.strip() == "error: The file e.csv is empty: export the data again."
    assert _cli(db, "ingest", "customers", str(tmp_path / "c.csv"), "--mapping", "nope").returncode == 2


def test_the_inbox_loads_each_file_and_files_it_with_its_report(tmp_path):
    db = tmp_path / "db.duckdb"
    inbox = tmp_path / "inbox"
    (inbox / "customers").mkdir(parents=True)
    write(inbox / "customers", "good.csv", GOOD)
    write(inbox / "customers", "bad.csv", "")
    ran = _cli(db, "inbox", str(inbox))
    assert ran.returncode == 1, ran.stdout + ran.stderr
    done = list((inbox / "customers" / "done").iterdir())
    rejected = list((inbox / "customers" / "rejected").iterdir())
    assert sorted(p.suffix for p in done) == [".csv", ".txt"] and sorted(p.suffix for p in rejected) == [".csv", ".txt"]
    report = next(p for p in rejected if p.suffix == ".txt").read_text("utf-8")
    assert "empty" in report
    assert not [p for p in (inbox / "customers").iterdir() if p.is_file()]


def test_undo_from_the_command_line_puts_the_rows_back(tmp_path):
    db = tmp_path / "db.duckdb"
    _cli(db, "ingest", "customers", str(write(tmp_path, "c.csv", GOOD)))
    undone = _cli(db, "undo", "1")
    assert undone.returncode == 0 and "2 rows removed" in undone.stdout
    loads = json.loads(_cli(db, "loads", "--format", "json").stdout)
    assert loads[0]["undone_by"] == LEAD


def test_write_mapping_says_what_was_matched_and_missing_and_the_edited_file_loads(tmp_path):
    db = tmp_path / "db.duckdb"
    complaints = write(tmp_path, "complaints.csv", "Ticket #,Date,Time,Received Via,Status\n"
                                                   "250635,22-04-15,3:53:50 PM,Internet,Closed\n"
                                                   "223441,04-08-15,10:22:56 AM,Customer Care Call,Open\n")
    mapping_file = tmp_path / "m.json"
    shown = _cli(db, "ingest", "tickets", str(complaints), "--write-mapping", str(mapping_file), "--lang", "fr",
                 user="lead@example.fr")
    assert shown.returncode == 0, shown.stderr
    assert "ticket_id ← Ticket # (par le nom)" in shown.stdout and "opened_at ← Date + Time" in shown.stdout
    assert "sans source : customer_id, is_complaint, owner_dept" in shown.stdout
    assert _cli(db, "loads", "--format", "json").stdout.strip() == "[]"  # nothing loaded
    env_user = "cs@example.fr"
    made = subprocess.run([sys.executable, "-m", "relclient", "users", "add", env_user, "--name", "CS", "--dept",
                           "customer_service", "--role", "dept_lead"], cwd=REPO, input="cs-password-01\n", text=True,
                          env={**os.environ, "RELCLIENT_DB": str(db)}, capture_output=True, timeout=120)
    assert made.returncode == 0, made.stderr
    refused = _cli(db, "ingest", "tickets", str(complaints), user=env_user)
    assert refused.returncode == 2 and "channel ← Received Via (by name)" in refused.stderr
    edited = json.loads(mapping_file.read_text("utf-8"))
    for column in edited["columns"]:
        if column["target"] == "customer_id":
            column["anonymous"] = True
        if column["target"] in ("is_complaint", "owner_dept"):
            column["constant"] = {"is_complaint": "yes", "owner_dept": "customer_service"}[column["target"]]
    mapping_file.write_text(json.dumps(edited), "utf-8")
    loaded = _cli(db, "ingest", "tickets", str(complaints), "--mapping", str(mapping_file), "--format", "json",
                  user=env_user)
    report = json.loads(loaded.stdout)
    assert (report["status"], report["inserted"], report["rejected"]) == ("loaded", 2, 0), loaded.stderr


def test_the_inbox_offers_no_replace_mode(tmp_path):
    done = _cli(tmp_path / "db.duckdb", "inbox", str(tmp_path / "in"), "--mode", "replace")
    assert done.returncode == 2 and "invalid choice: 'replace'" in done.stderr


def _saved_mappings(db: Path) -> list[tuple]:
    from relclient.store import Store

    store = Store(db, read_only=True)
    try:
        return store.fetch_all("SELECT name, dataset FROM saved_mappings")
    finally:
        store.close()


def test_save_mapping_is_done_by_the_load_so_a_refused_load_saves_none(tmp_path):
    db = tmp_path / "db.duckdb"
    bad = write(tmp_path, "bad.csv", GOOD + "C3;X;31/02/2024\n")
    refused = _cli(db, "ingest", "customers", str(bad), "--all-or-nothing", "--save-mapping", "crm")
    assert refused.returncode == 1 and _saved_mappings(db) == []
    unnamed = _cli(db, "ingest", "customers", str(write(tmp_path, "c.csv", GOOD)), "--save-mapping", " ")
    assert unnamed.returncode == 2 and "Give the mapping a name" in unnamed.stderr  # before loading, not after
    assert json.loads(_cli(db, "loads", "--format", "json").stdout) == []
    loaded = _cli(db, "ingest", "customers", str(tmp_path / "c.csv"), "--save-mapping", "crm", "--mode", "append")
    assert loaded.returncode == 0, loaded.stderr
    assert _saved_mappings(db) == [("crm", "customers")]
    assert [row["mode"] for row in json.loads(_cli(db, "loads", "--format", "json").stdout)] == ["append"]
