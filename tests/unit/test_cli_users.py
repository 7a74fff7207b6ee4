"""`python -m relclient users`: the server operator creates, lists, promotes and disables accounts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _cli(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    if not db.exists():  # a new company's database comes from `init`
        subprocess.run([sys.executable, "-m", "relclient", "init"], cwd=REPO, env={**os.environ, "RELCLIENT_DB": str(db)},
                       check=True, capture_output=True, timeout=120)
    env = {**os.environ, "RELCLIENT_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "relclient", "users", *args], cwd=REPO, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_an_account_is_added_with_a_password_from_stdin_listed_promoted_and_disabled(tmp_path):
    db = tmp_path / "db.duckdb"
    added = _cli(db, "add", "Chef@Example.fr", "--name", "Chef", "--dept", "logistics", "--role", "dept_lead",
                 stdin="un mot de passe solide\n")
    assert added.returncode == 0 and "chef@example.fr created" in added.stdout
    listed = json.loads(_cli(db, "list", "--format", "json").stdout)
    assert [(u["email"], u["role"], u["status"]) for u in listed] == [("chef@example.fr", "dept_lead", "active")]
    assert "password" not in json.dumps(listed)  # the hash never leaves the database
    assert _cli(db, "set-role", "chef@example.fr", "leadership").returncode == 0
    assert _cli(db, "disable", "chef@example.fr").returncode == 0
    listed = json.loads(_cli(db, "list", "--format", "json").stdout)
    assert (listed[0]["role"], listed[0]["status"]) == ("leadership", "disabled")


def test_a_short_password_or_an_unknown_department_is_refused_in_one_line(tmp_path):
    db = tmp_path / "db.duckdb"
    short = _cli(db, "add", "a@example.fr", "--name", "A", "--dept", "sales", "--role", "viewer", stdin="short\n")
    assert short.returncode == 2 and short.stderr.strip() == "error: The password must be at least 10 characters long."
    dept = _cli(db, "add", "a@example.fr", "--name", "A", "--dept", "finance", "--role", "viewer",
                stdin="long enough password\n")
    assert dept.returncode == 2 and "finance" in dept.stderr
    assert json.loads(_cli(db, "list", "--format", "json").stdout) == []
