"""The permission matrix: every mutating domain function, run as every role; exactly the allowed
ones succeed, the others raise a clear PermissionDenied and change nothing at all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from relclient.actions import ActionChange, ActionDraft, add_comment, create_action, set_wip_limits, update_action
from relclient.admin_data import delete_mapping, save_department
from relclient.periods import Period
from relclient.reviews import create_review
from relclient.auth import ROLES, User, add_user, set_role, set_status
from relclient.ingest import ColumnMap, LoadRequest, Mapping, ingest_file, save_mapping, undo_load
from relclient.permissions import PermissionDenied
from relclient.stewards import set_steward
from relclient.store import Store
from relclient.targets import set_targets
from tests.conftest import db_copy
from tests.ingest_helpers import table_checksums, write

DEPT = "customer_service"  # stewards tickets in the seeded table
TICKETS = ("ticket_id;customer_id;opened_at;channel;is_complaint;owner_dept\n"
           "T1;C1;03/02/2025 09:15;phone;oui;logistics\n")
MAPPING = Mapping("tickets", tuple(ColumnMap(c, c) for c in
                                   ("ticket_id", "customer_id", "opened_at", "channel", "is_complaint", "owner_dept")))


def _as(role: str) -> User:
    return User(f"{role}@example.fr", role, DEPT, role)


def _setup(store, tmp_path, role):
    """A load made by this role's email (so that 'undo your own load' can be tried by every role)."""
    own = User(f"{role}@example.fr", role, DEPT, "dept_lead")
    result = ingest_file(store, own, write(tmp_path, "t.csv", TICKETS), LoadRequest(MAPPING))
    add_user(store, User("root@example.fr", "R", "direction", "admin"), "someone@example.fr", "S", "sales",
             "member", "long enough pw")
    store.transaction(lambda cur: save_mapping(cur, "kept", MAPPING, ("ticket_id",), own))
    # Two actions: one led by this role's department, one by logistics alone (action ids 1 and 2).
    add_user(store, User("root@example.fr", "R", "direction", "admin"), "boss@example.fr", "B", "direction",
             "leadership", None)
    add_user(store, User("root@example.fr", "R", "direction", "admin"), "boss2@example.fr", "B2", "direction",
             "leadership", None)
    for lead in (DEPT, "logistics"):
        create_action(store, own, ActionDraft("A", "nps", lead, "boss@example.fr"))
    return result.load_id


ACTIONS = {
    "set own department's targets": lambda s, u, p, load: set_targets(s, u, DEPT, {"nps": 20}),
    "set another department's targets": lambda s, u, p, load: set_targets(s, u, "logistics", {"nps": 20}),
    "set company targets": lambda s, u, p, load: set_targets(s, u, None, {"nps": 20}),
    "upload a stewarded dataset": lambda s, u, p, load: ingest_file(
        s, u, write(p, "t2.csv", TICKETS.replace("T1", "T2")), LoadRequest(MAPPING)),
    "upload another department's dataset": lambda s, u, p, load: ingest_file(
        s, u, write(p, "c.csv", "customer_id;created_on\nC9;01/01/2024\n"),
        LoadRequest(Mapping("customers", (ColumnMap("customer_id", "customer_id"),
                                          ColumnMap("created_on", "created_on"))))),
    "undo one's own load": lambda s, u, p, load: undo_load(s, u, load),
    "save a mapping of a stewarded dataset": lambda s, u, p, load: s.transaction(
        lambda cur: save_mapping(cur, "m", MAPPING, ("ticket_id",), u, store=s)),
    "add an account": lambda s, u, p, load: add_user(s, u, "new@example.fr", "N", "sales", "viewer", "long enough pw"),
    "change a role": lambda s, u, p, load: set_role(s, u, "someone@example.fr", "dept_lead"),
    "disable an account": lambda s, u, p, load: set_status(s, u, "someone@example.fr", "disabled"),
    "change a dataset's steward": lambda s, u, p, load: set_steward(s, u, "orders", "sales"),
    "add a department": lambda s, u, p, load: save_department(s, u, "quality", "Qualité", "Quality"),
    "retire a department": lambda s, u, p, load: save_department(s, u, "rnd", "R&D", "R&D", active=False),
    "delete a saved mapping": lambda s, u, p, load: delete_mapping(s, u, "kept"),
    "create an action": lambda s, u, p, load: create_action(s, u, ActionDraft("New", "nps", "sales", "boss@example.fr")),
    "edit an action of one's department": lambda s, u, p, load: update_action(s, u, 1, 1, ActionChange(priority="high")),
    "edit another department's action": lambda s, u, p, load: update_action(s, u, 2, 1, ActionChange(priority="high")),
    "comment on any action": lambda s, u, p, load: add_comment(s, u, 2, "A word from another department."),
    "change an action's sponsor": lambda s, u, p, load: update_action(s, u, 1, 1, ActionChange(sponsor="boss2@example.fr")),
    "set the board's WIP limits": lambda s, u, p, load: set_wip_limits(s, u, {"todo": 3}),
    "prepare a management review": lambda s, u, p, load: create_review(
        s, u, "Revue", Period(date(2025, 7, 1), date(2025, 9, 30)), "boss@example.fr"),
}
MEMBER = {"create an action", "edit an action of one's department", "comment on any action"}
LEADERSHIP = MEMBER | {"edit another department's action", "change an action's sponsor", "set the board's WIP limits",
                       "prepare a management review"}
LEAD = {"set own department's targets", "upload a stewarded dataset", "undo one's own load",
        "save a mapping of a stewarded dataset"}
ALLOWED = {
    "viewer": set(),
    "member": MEMBER,
    "dept_lead": LEAD | MEMBER,
    "leadership": LEAD | LEADERSHIP | {"set another department's targets", "set company targets"},
    "admin": LEAD | LEADERSHIP | {"set another department's targets", "set company targets", "add an account",
                                  "change a role",
                     "disable an account", "change a dataset's steward", "add a department", "retire a department",
                     "delete a saved mapping"},
}


@pytest.fixture(scope="module")
def role_states(tmp_path_factory, template_db):
    """role -> (a database as `_setup` leaves it for that role, its load's id), made once per role
    and copied by each test (three passwords hashed with argon2 and a load: 0.4 s a test otherwise)."""
    made: dict[str, tuple[Path, int]] = {}

    def state(role: str) -> tuple[Path, int]:
        if role not in made:
            folder = tmp_path_factory.mktemp(f"perm-{role}")
            s = Store(db_copy(template_db, folder / "state.duckdb"))
            made[role] = (folder / "state.duckdb", _setup(s, folder, role))
            s.close()
        return made[role]

    return state


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_exactly_what_the_table_allows_and_a_refusal_changes_nothing(role_states, tmp_path, role,
                                                                                      action):
    made, load = role_states(role)
    store = Store(db_copy(made, tmp_path / "relclient.duckdb"))
    try:
        _check(store, tmp_path, role, action, load)
    finally:
        store.close()


def _check(store, tmp_path, role, action, load) -> None:
    before = table_checksums(store)
    if action in ALLOWED[role]:
        ACTIONS[action](store, _as(role), tmp_path, load)
        assert table_checksums(store) != before
    else:
        with pytest.raises(PermissionDenied) as refused:
            ACTIONS[action](store, _as(role), tmp_path, load)
        assert "Nothing was changed" in refused.value.message("en")
        assert "Rien n'a été modifié" in refused.value.message("fr")
        after = table_checksums(store)
        # Nothing changed but the audit log, which now holds the refused attempt (and only it).
        assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}
        assert after["audit_log"][0] == before["audit_log"][0] + 1
        last = store.fetch_one("SELECT actor, action, outcome FROM audit_log ORDER BY audit_id DESC LIMIT 1")
        assert (last[0], last[1], last[2]) == (_as(role).email, refused.value.action, "refused")


def test_a_pending_account_reads_only_whatever_role_it_was_given(store):
    pending = User("p@example.fr", "P", DEPT, "admin", "pending")
    with pytest.raises(PermissionDenied) as refused:
        set_targets(store, pending, DEPT, {"nps": 1})
    assert "pending approval" in refused.value.message("en")
