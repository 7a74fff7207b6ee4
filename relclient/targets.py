"""KPI targets: what leadership wants each KPI to reach, company-wide or for one department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from relclient.metrics import Kpi, kpi
from relclient.audit import record
from relclient.departments import require_department
from relclient.permissions import require
from relclient.problems import Amount, Problem
from relclient.store import Store
from relclient.users import User

_COMPANY = ""  # the dept value of a company-wide target


class TargetError(Problem):
    """A target that cannot be set, with the reason in the reader's language."""

    PREFIX = "targets.error"


def _amount(value: float) -> Amount:
    # As many decimals as the number has (100 → "100", 4.25 → "4.25"), in the reader's way.
    decimals = f"{value:.6f}".rstrip("0").rstrip(".").partition(".")[2]
    return Amount(value, len(decimals))


@dataclass(frozen=True)
class Target:
    """A KPI's target for a scope, and who set it."""

    kpi_id: str
    dept: str | None
    value: float
    set_by: str


def check_target(k: Kpi, value: float) -> None:
    """Raise TargetError when `value` is outside what the KPI's unit allows."""
    if k.unit.allows(value):
        return
    if k.unit.high is None:
        raise TargetError("at_least", kpi=k, low=_amount(k.unit.low), value=_amount(value))
    raise TargetError("between", kpi=k, low=_amount(k.unit.low), high=_amount(k.unit.high), value=_amount(value))


def set_targets(store: Store, actor: User, dept: str | None, targets: dict[str, float | None]) -> int:
    """Set (or, with None, remove) several targets of one scope in one transaction; return how many changed.
    A department's targets: its department leads, or leadership; the company's: leadership."""
    if dept is None:
        require(actor, "set_company_targets", store=store)
    else:
        require(actor, "set_dept_targets", store=store, dept=dept)
    checked = {}
    for kpi_id, value in targets.items():
        k = kpi(kpi_id)
        if value is not None:
            check_target(k, float(value))
        checked[k.id] = None if value is None else float(value)

    def work(cur) -> int:
        if dept is not None:
            require_department(cur, dept)  # retired ones too: their targets stay readable and editable
        changed = 0
        for kpi_id, value in checked.items():
            before = cur.execute("SELECT target FROM kpi_targets WHERE kpi_id = ? AND dept = ?",
                                 [kpi_id, dept or _COMPANY]).fetchone()
            if value is None:
                if before is not None:
                    cur.execute("DELETE FROM kpi_targets WHERE kpi_id = ? AND dept = ?", [kpi_id, dept or _COMPANY])
                    changed += 1
            elif before is None or before[0] != value:
                # Replaced rather than upserted: DuckLake has no ON CONFLICT (relclient/lake.py).
                cur.execute("DELETE FROM kpi_targets WHERE kpi_id = ? AND dept = ?", [kpi_id, dept or _COMPANY])
                cur.execute("INSERT INTO kpi_targets (kpi_id, dept, target, set_by, set_at) VALUES (?, ?, ?, ?, ?)",
                            [kpi_id, dept or _COMPANY, value, actor.email, datetime.now()])
                changed += 1
        if changed:
            record(cur, actor.email, "targets", dept or "company", ", ".join(f"{k}={v}" for k, v in checked.items()))
        return changed

    return store.transaction(work)


def targets_for(store: Store, dept: str | None) -> dict[str, Target]:
    """The targets that apply to a scope: the department's own, else the company's."""
    rows = store.fetch_all(
        "SELECT kpi_id, dept, target, set_by FROM kpi_targets WHERE dept = '' OR dept = ? "
        "ORDER BY kpi_id, dept = ''",  # the department's own row first
        [dept or _COMPANY])
    found: dict[str, Target] = {}
    for kpi_id, row_dept, value, set_by in rows:
        found.setdefault(kpi_id, Target(kpi_id, row_dept or None, value, set_by))
    return found
