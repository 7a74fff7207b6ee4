"""Every `--format json` of the CLI parses with a strict parser: no NaN, no Infinity, whatever the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relclient.cli import main
from tests.ingest_helpers import write


def _strict(text: str) -> object:
    """JSON as a strict parser reads it: NaN, Infinity and -Infinity are refused."""
    def refuse(name: str) -> None:
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def cli_demo(demo_copy: Path, monkeypatch) -> Path:
    """A writable copy of the session's demo, as the database of the CLI."""
    path = demo_copy
    monkeypatch.setenv("RELCLIENT_DB", str(path))
    monkeypatch.setenv("RELCLIENT_INBOX", "off")
    return path


def _run(capsys, *args: str) -> object:
    assert main(list(args)) in (0, 1)
    return _strict(capsys.readouterr().out)


def test_every_json_output_of_the_cli_parses_strictly(cli_demo, capsys, monkeypatch, tmp_path):
    steward = _run(capsys, "users", "list", "--format", "json")
    lead = next(u["email"] for u in steward if u["role"] == "dept_lead" and u["dept"] == "customer_service")
    monkeypatch.setenv("RELCLIENT_USER", lead)
    assert _run(capsys, "kpis", "--from", "2025-07-01", "--to", "2025-09-30", "--format", "json")["kpis"]
    assert _run(capsys, "kpis", "--from", "2025-07-01", "--to", "2025-09-30", "--dept", "rnd", "--channel", "mail",
                "--format", "json")  # a thin slice: KPIs with no value must be null, not NaN
    assert _run(capsys, "actions", "list", "--format", "json")
    assert isinstance(_run(capsys, "reviews", "list", "--format", "json"), list)
    # A file with a line refused while reading (no column, no value): the report printed NaN there.
    bad = write(tmp_path, "t.csv", "ticket_id;customer_id;opened_at;channel;is_complaint;owner_dept\n"
                                   "X1;C00001;01/02/2025 10:00;phone;oui;sales\nX2;C00001;01/02/2025;phone;oui;sales;x\n"
                                   "X3;C00001;31/02/2025;phone;oui;sales\n")
    report = _run(capsys, "ingest", "tickets", str(bad), "--format", "json")
    assert report["status"] == "loaded" and report["issue_count"] == len(report["issues"]) == 3
    assert {i["code"] for i in report["issues"]} == {"too_many_fields", "bad_timestamp", "unknown_customer"}
    refused = next(i for i in report["issues"] if i["code"] == "too_many_fields")
    assert refused["column"] is None and refused["reason"]
    assert _run(capsys, "ingest", "tickets", str(bad), "--dry-run", "--format", "json")["status"] == "dry_run"
    assert _run(capsys, "loads", "--format", "json")[0]["dataset"] == "tickets"
    written = _run(capsys, "ingest", "tickets", str(bad), "--write-mapping", str(tmp_path / "m.json"),
                   "--format", "json")
    assert written["missing"] == [] and _strict((tmp_path / "m.json").read_text("utf-8"))["dataset"] == "tickets"
