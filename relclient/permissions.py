"""Who may do what: one table of rules, checked by every mutating domain function.

The pages hide what a role cannot do; these checks are what actually stops it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from relclient.audit import record
from relclient.i18n import t
from relclient.problems import Problem, worded
from relclient.reference import departments
from relclient.users import User

if TYPE_CHECKING:
    from relclient.store import Store


class PermissionDenied(Problem):
    """An action the acting user's role does not allow; nothing was changed."""

    PREFIX = "perm"

    def __init__(self, action: str, user: User, **values: object):
        self.action = action
        self.user = user
        super().__init__(action, **values)

    def message(self, lang: str) -> str:
        """Why not, in `lang`: the rule (`perm.<action>`) and the role that does not meet it."""
        role = t(f"role.{self.user.role}", lang) if self.user.status == "active" else t(f"status.{self.user.status}", lang)
        return t("perm.denied", lang, why=t(f"perm.{self.action}", lang, **{k: worded(v, lang) for k, v in self.values.items()}), role=role)


@dataclass(frozen=True)
class Rule:
    """An action and who may take it: a minimum role, and a condition on the context."""

    min_role: str
    condition: Callable[..., bool] = lambda user, **ctx: True


def _own_dept(user: User, dept: str | None = None, **_: object) -> bool:
    return dept == user.dept


def _steward(user: User, steward: str | None = None, **_: object) -> bool:
    return steward == user.dept


def _may_undo(user: User, load_actor: str | None = None, steward: str | None = None, **_: object) -> bool:
    # Whoever made the load, the stewarding department's leads (for any load of its dataset), admins.
    return user.at_least("admin") or load_actor == user.email or (steward is not None and steward == user.dept)


def _involved(user: User, lead_dept: str | None = None, contributors: tuple[str, ...] = (),
              assignees: tuple[str, ...] = (), **_: object) -> bool:
    # An action belongs to the departments that work on it and to the people assigned to it.
    return user.at_least("leadership") or user.dept == lead_dept or user.dept in contributors or user.email in assignees


RULES: dict[str, Rule] = {
    "set_dept_targets": Rule("dept_lead", lambda user, **ctx: user.at_least("leadership") or _own_dept(user, **ctx)),
    "set_company_targets": Rule("leadership"),
    "upload": Rule("dept_lead", _steward),
    "undo_load": Rule("dept_lead", _may_undo),
    "save_mapping": Rule("dept_lead", lambda user, **ctx: user.at_least("admin") or _steward(user, **ctx)),
    "manage_users": Rule("admin"),
    "manage_stewards": Rule("admin"),
    "manage_departments": Rule("admin"),
    "manage_mappings": Rule("admin"),
    "create_action": Rule("member"),
    "edit_action": Rule("member", _involved),
    "comment_action": Rule("member"),
    "change_sponsor": Rule("leadership"),
    "set_wip_limits": Rule("leadership"),
    "manage_reviews": Rule("leadership"),
    "manage_themes": Rule("leadership"),
    # A call-back is its department's to close (leadership may close any).
    "close_callback": Rule("member", lambda user, **ctx: user.at_least("leadership") or _own_dept(user, **ctx)),
    "reopen_review": Rule("leadership", lambda user, chair=None, **_: user.email == chair),
}


def allowed(user: User, action: str, **context: object) -> bool:
    """Whether `user` may take `action` in this context (dept, steward, load_actor)."""
    rule = RULES[action]
    return user.at_least(rule.min_role) and rule.condition(user, **context)


def why_not(user: User, action: str, lang: str, *, store: Store | None = None, **context: object) -> str | None:
    """Why `user` may not take `action`, in `lang` (None when they may): what pages show instead;
    with `store`, the departments it names are named, not coded."""
    if allowed(user, action, **context):
        return None
    return PermissionDenied(action, user, **_named({k: v for k, v in context.items() if v is not None}, store)).message(lang)


# The context values that are department codes: a refusal names the department in the reader's language.
_DEPARTMENT_VALUES = ("dept", "steward", "lead_dept")


def _named(values: dict[str, object], store: Store | None) -> dict[str, object]:
    if store is None or not any(k in values for k in _DEPARTMENT_VALUES):
        return values
    known = {d.code: d for d in departments(store, include_retired=True)}
    return {k: known.get(v, v) if k in _DEPARTMENT_VALUES else v for k, v in values.items()}


def require(user: User, action: str, *, store: Store | None = None, **context: object) -> None:
    """Raise PermissionDenied unless `user` may take `action`; with `store`, the refusal is written to
    the audit log first (in its own transaction: the refused change's is rolled back)."""
    if allowed(user, action, **context):
        return
    shown = {k: v for k, v in context.items() if v is not None}
    if store is not None and not store.read_only:
        detail = ", ".join(f"{k}={v}" for k, v in shown.items()) or None
        store.transaction(lambda cur: record(cur, user.email, action, None, detail, "refused"))
    raise PermissionDenied(action, user, **_named(shown, store))
