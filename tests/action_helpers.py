"""What action tests share: the people of a small company, and a one-call action."""

from __future__ import annotations

from datetime import datetime

from relclient.actions import Action, ActionDraft, create_action
from relclient.auth import User, add_user
from relclient.store import Store

ROOT = User("root@example.fr", "Root", "direction", "admin")
# name: (email, display name, department, role)
PEOPLE = {
    "boss": ("boss@example.fr", "Bea Boss", "direction", "leadership"),
    "chair": ("chair@example.fr", "Chad Chair", "direction", "leadership"),
    "cs": ("cs@example.fr", "Carl Service", "customer_service", "member"),
    "cs2": ("cs2@example.fr", "Cleo Service", "customer_service", "member"),
    "log": ("log@example.fr", "Lou Logistique", "logistics", "member"),
    "sales": ("sales@example.fr", "Sam Sales", "sales", "member"),
    "viewer": ("viewer@example.fr", "Val Viewer", "customer_service", "viewer"),
}


def people(store: Store) -> dict[str, User]:
    """Create the accounts of PEOPLE and return them by short name."""
    for email, name, dept, role in PEOPLE.values():
        add_user(store, ROOT, email, name, dept, role, None)  # single sign-on: no slow password hashing
    return {key: User(*value) for key, value in PEOPLE.items()}


def new_action(store: Store, actor: User, *, now: datetime | None = None, **values: object) -> Action:
    """An action led by customer service with logistics, sponsored by the boss, with `values` on top."""
    draft = {"title": "Call every detractor back", "kpi_id": "nps", "lead_dept": "customer_service",
             "sponsor": PEOPLE["boss"][0], "contributors": ("logistics",)} | values
    return create_action(store, actor, ActionDraft(**draft), now=now)


def checklist_saver(action_id: int, n: int, saves: int, email: str) -> str:
    """Python for a child process (RELCLIENT_DB in its environment) that adds `saves` checklist items
    to the action as `email`, reading again and redoing its change after each refusal, as a person does."""
    return f"""
        from relclient.actions import ActionChange, ActionConflict, ChecklistItem, get_action, update_action
        from relclient.auth import get_user
        from relclient.store import Store, db_path_from_env
        store = Store(db_path_from_env())
        me = get_user(store, {email!r})
        for step in range({saves}):
            while True:
                seen = get_action(store, {action_id})
                try:
                    update_action(store, me, {action_id}, seen.version,
                                  ActionChange(checklist=(*seen.checklist, ChecklistItem("process {n} step %d" % step))))
                    break
                except ActionConflict:
                    continue
        store.close()
    """
