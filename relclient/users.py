"""Who acts: a person's identity, department and role, and the order of roles.

Its own module so that the permission rules (permissions.py) and the accounts that check them
(auth.py) both read it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES: tuple[str, ...] = ("viewer", "member", "dept_lead", "leadership", "admin")  # each may what the previous may, and more
STATUSES: tuple[str, ...] = ("active", "pending", "disabled")


@dataclass(frozen=True)
class User:
    """Who acts: an account's identity, department and role."""

    email: str
    name: str
    dept: str
    role: str
    status: str = "active"
    must_change_password: bool = False  # created by an admin with a password: chooses its own first
    lang: str | None = None  # the interface language the person chose; None: the browser's
    start_page: str | None = None  # the page the person starts on; None: their role's (START_PAGES)

    @property
    def rank(self) -> int:
        """The role's place in ROLES; a pending account (single sign-on, not yet approved) and a
        disabled one may nothing."""
        return ROLES.index(self.role) if self.status == "active" else -1

    def at_least(self, role: str) -> bool:
        """Whether this user's role includes `role`'s rights."""
        return self.rank >= ROLES.index(role)
