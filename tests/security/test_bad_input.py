"""Bad input never shows a traceback: crafted addresses get a worded message, the command line
refuses what it cannot do in one line, a mistyped database path is not created, the inbox takes
files only, and an unexpected error reaches the visitor as a sentence (the log keeps the rest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import DIRECTION, REPO, seen, signed_in

CRAFTED = [
    ("pages/dashboards/overview.py", {"from": "0001-01-01", "to": "9999-12-31"}, "ne sont pas lisibles"),
    ("pages/dashboards/overview.py", {"from": "2025-01-01", "to": "9999-12-31"}, "ne sont pas lisibles"),
    ("pages/dashboards/overview.py", {"from": "2025-12-31", "to": "2025-01-01"}, "ne sont pas lisibles"),
    ("pages/dashboards/department.py", {"from": "1899-12-31", "to": "2025-01-01", "dept": "x'; DROP"},
     "ne sont pas lisibles"),
    ("pages/actions/action.py", {"id": "1e9"}, "Ouvrez une action"),
    ("pages/actions/action.py", {"id": "99999999999999999999"}, "Ouvrez une action"),
    ("pages/actions/action.py", {"id": "-1"}, "Ouvrez une action"),
    ("pages/reviews/review.py", {"id": "[x](https://evil.example)"}, "Aucune revue"),
    ("pages/reviews/review.py", {"id": "0"}, "Aucune revue"),
    ("pages/dashboards/details.py", {"kpi": "../../etc/passwd", "from": "2025-10-01", "to": "2025-12-31"}, None),
    ("pages/dashboards/customer.py", {"customer": "x" * 5000}, "Aucun client"),
    ("pages/actions/new.py", {"from": "kpi:nps:0001-01-01:9999-12-31"}, "illisible"),
    ("pages/actions/new.py", {"from": "detractors:2025-13-01:2025-12-01"}, "illisible"),
    ("pages/actions/new.py", {"from": "channel:<script>:2025-01-01:2025-02-01"}, "introuvable"),
    ("pages/actions/board.py", {"kpi": "nope", "dept": "nope"}, None),
]


@pytest.mark.parametrize("page, params, said", CRAFTED)
def test_a_crafted_address_gets_a_worded_answer_not_a_traceback(app, page, params, said):
    app.run()
    app.switch_page(page)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception  # RELCLIENT_RAISE_ERRORS=1: even the safety net would not hide one
    messages = [seen(m.value) for m in [*app.warning, *app.info, *app.error]]
    if said:
        assert any(said in m for m in messages), messages


def test_an_unexpected_error_is_a_sentence_for_the_visitor_and_a_traceback_in_the_log(app_db, monkeypatch, caplog):
    import relclient.ui.data as data

    monkeypatch.setenv("RELCLIENT_DB", str(app_db))
    monkeypatch.setenv("RELCLIENT_RAISE_ERRORS", "0")
    monkeypatch.chdir(REPO)

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret detail: /srv/relclient/data")

    monkeypatch.setattr(data, "load_overview", broken)
    at = signed_in(AppTest.from_file(str(REPO / "app.py"), default_timeout=60), DIRECTION).run()
    assert not at.exception
    assert "n'a pas pu s'afficher" in seen(at.error[0].value) and "secret" not in at.error[0].value
    assert "secret detail" in caplog.text  # the operator's log keeps it


def test_the_shipped_config_shows_no_error_details():
    config = (REPO / ".streamlit" / "config.toml").read_text()
    assert 'showErrorDetails = "none"' in config


def _cli(db: Path, *args: str, user: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RELCLIENT_DB": str(db)}
    env.pop("RELCLIENT_USER", None)
    if user:
        env["RELCLIENT_USER"] = user
    return subprocess.run([sys.executable, "-m", "relclient", *args], cwd=REPO, env=env, capture_output=True,
                          timeout=120)


def test_a_mistyped_database_path_is_refused_not_created(tmp_path):
    typo = tmp_path / "relclinet.duckdb"
    for args in (["users", "list"], ["loads"], ["kpis", "--from", "2025-01-01", "--to", "2025-01-31"]):
        done = _cli(typo, *args)
        assert done.returncode == 2 and b"relclient init" in done.stderr and b"Traceback" not in done.stderr, args
    assert not typo.exists()
    assert _cli(typo, "init").returncode == 0 and typo.exists()
    again = _cli(typo, "init")
    assert again.returncode == 2 and b"exists already" in again.stderr


def test_the_minutes_are_not_written_into_a_missing_folder_nor_over_a_file_without_force(demo_db, tmp_path):
    missing = _cli(demo_db, "reviews", "export", "1", "--format", "html", "--out", str(tmp_path / "no" / "x.html"),
                   "--no-charts")
    assert missing.returncode == 2 and b"create it first" in missing.stderr and b"Traceback" not in missing.stderr
    kept = tmp_path / "kept.html"
    kept.write_text("mine")
    refused = _cli(demo_db, "reviews", "export", "1", "--format", "html", "--out", str(kept), "--no-charts")
    assert refused.returncode == 2 and b"--force" in refused.stderr and kept.read_text() == "mine"
    forced = _cli(demo_db, "reviews", "export", "1", "--format", "html", "--out", str(kept), "--no-charts", "--force")
    assert forced.returncode == 0 and kept.read_text() != "mine"


@pytest.fixture
def company(tmp_path):
    """An empty company with a department lead of sales (the customers' steward)."""
    db = tmp_path / "db.duckdb"
    assert _cli(db, "init").returncode == 0
    from relclient.auth import LOCAL_USER, add_user
    from relclient.store import Store

    store = Store(db)
    add_user(store, LOCAL_USER, "lead@example.fr", "Lead", "sales", "dept_lead", None)
    store.close()
    return db


def test_a_file_whose_name_is_not_utf8_is_loaded_and_named_without_a_traceback(company, tmp_path):
    name = os.fsdecode(b"clients-\xe9t\xe9.csv")  # Latin-1 bytes, as an old system writes them
    path = tmp_path / name
    path.write_text("customer_id;created_on\nC1;01/01/2024\n")
    done = _cli(company, "ingest", "customers", str(path), user="lead@example.fr")
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr and b"clients-" in done.stdout


def test_the_inbox_takes_files_and_skips_links(company, tmp_path):
    inbox = tmp_path / "inbox" / "customers"
    inbox.mkdir(parents=True)
    secret = tmp_path / "secret.csv"
    secret.write_text("customer_id;created_on\nSECRET;01/01/2024\n")
    (inbox / "link.csv").symlink_to(secret)
    (inbox / "real.csv").write_text("customer_id;created_on\nC1;01/01/2024\n")
    done = _cli(company, "inbox", str(tmp_path / "inbox"), user="lead@example.fr")
    assert done.returncode == 0, done.stderr
    assert b"link.csv: skipped" in done.stdout
    assert (inbox / "link.csv").is_symlink() and secret.exists()  # left where it was, unread
    from relclient.store import Store

    store = Store(company, read_only=True)
    assert [r[0] for r in store.fetch_all("SELECT customer_id FROM customers")] == ["C1"]
    store.close()
