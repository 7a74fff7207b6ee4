"""Is this a department? One check for every writer: domain functions, the CLI, the pages."""

from __future__ import annotations

import duckdb

from relclient.problems import Problem


class UnknownDepartment(Problem):
    """A department code the `departments` table does not hold (or holds retired, when only active ones may be chosen)."""

    def __init__(self, code: object, known: list[str]):
        super().__init__("unknown_department", code=code, known=", ".join(known))
        self.code = code


def department_codes(cur: duckdb.DuckDBPyConnection, *, active_only: bool = False) -> list[str]:
    """The departments' codes in display order, read through the caller's cursor (retired ones unless `active_only`)."""
    return [r[0] for r in cur.execute(
        "SELECT code FROM departments WHERE active OR NOT ? ORDER BY sort_order, code", [active_only]).fetchall()]


def require_department(cur: duckdb.DuckDBPyConnection, code: object, *, active_only: bool = False) -> str:
    """`code` when it names a department (an active one if `active_only`: new work goes only to those); else UnknownDepartment."""
    known = department_codes(cur, active_only=active_only)
    if code not in known:
        raise UnknownDepartment(code, known)
    return str(code)
