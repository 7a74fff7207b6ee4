"""`python -m relclient`: the demo and kpis commands, their JSON form and their errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from relclient.cli import main
from relclient.metrics import KPIS, KpiFilter, compute_kpis
from relclient.periods import Period
from relclient.store import Store
from relclient.targets import targets_for

REPO = Path(__file__).resolve().parents[2]


def run_cli(args: list[str], db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "RELCLIENT_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "relclient", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_kpis_json_prints_every_kpi_with_its_value_and_previous_value(demo_db):
    done = run_cli(["kpis", "--from", "2025-07-01", "--to", "2025-09-30", "--format", "json"], demo_db)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert list(printed) == ["from", "to", "through", "previous_from", "previous_to", "filters", "kpis"]
    assert printed["from"] == "2025-07-01" and printed["to"] == "2025-09-30" and printed["through"] == "2025-09-30"
    assert (printed["previous_from"], printed["previous_to"]) == ("2025-03-31", "2025-06-30")
    assert printed["filters"] == {}
    assert list(printed["kpis"]) == [k.id for k in KPIS]
    store = Store(demo_db, read_only=True)
    from datetime import date
    expected = compute_kpis(store, KpiFilter(Period(date(2025, 7, 1), date(2025, 9, 30))))
    store.close()
    targets = targets_for(Store(demo_db, read_only=True), None)
    for kpi_id, figures in printed["kpis"].items():
        v = expected.values[kpi_id]
        assert figures == {"value": v.value, "previous": v.previous, "n": v.n, "previous_n": v.previous_n,  # unrounded
                           "significant": v.significant,
                           "target": targets[kpi_id].value if kpi_id in targets else None}
    assert printed["kpis"]["complaints"]["significant"] in (True, False)  # a count is always judged
    assert printed["kpis"]["resolution_hours"]["significant"] is None  # a median never is


def test_kpis_json_lists_the_filters_given(demo_db):
    done = run_cli(["kpis", "--from", "2025-07-01", "--to", "2025-09-30", "--dept", "logistics",
                    "--channel", "phone", "--format", "json"], demo_db)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["filters"] == {"dept": "logistics", "channel": "phone"}


def test_kpis_table_prints_one_line_per_kpi(demo_db, capsys, monkeypatch):
    monkeypatch.setenv("RELCLIENT_DB", str(demo_db))
    assert main(["kpis", "--from", "2025-07-01", "--to", "2025-09-30"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 + len(KPIS)  # the periods, the column names, a line per KPI
    assert lines[2].startswith("nps") and "against 2025-03-31 → 2025-06-30" in lines[0]
    assert "median: not judged" in lines[2 + 6]  # resolution_hours


@pytest.mark.parametrize("args, message", [
    (["kpis", "--from", "2025-07-01", "--to", "2025-09-30", "--dept", "finance"],
     "'finance' is not a department of the reference list"),
    (["kpis", "--from", "2025-13-01", "--to", "2025-09-30"], "not a date of the form YYYY-MM-DD"),
    (["kpis", "--from", "2025-09-30", "--to", "2025-07-01"], "is before --from"),
])
def test_kpis_errors_exit_non_zero_with_one_clear_line(demo_db, args, message):
    done = run_cli(args, demo_db)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_kpis_on_a_missing_database_says_how_to_build_one(tmp_path):
    done = run_cli(["kpis", "--from", "2025-07-01", "--to", "2025-09-30"], tmp_path / "none.duckdb")
    assert done.returncode != 0
    assert "relclient demo" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "none.duckdb").exists()


def test_demo_builds_into_relclient_db_and_refuses_to_build_twice(tmp_path):
    db = tmp_path / "demo.duckdb"
    done = run_cli(["demo", "--scale", "0.01", "--seed", "3", "--end-date", "2025-12-31"], db)
    assert done.returncode == 0, done.stderr
    assert "tickets 500" in done.stdout
    again = run_cli(["demo", "--scale", "0.01"], db)
    assert again.returncode != 0
    assert "--replace" in again.stderr


def test_demo_rejects_a_scale_of_zero(tmp_path):
    done = run_cli(["demo", "--scale", "0"], tmp_path / "x.duckdb")
    assert done.returncode != 0
    assert "greater than 0" in done.stderr
