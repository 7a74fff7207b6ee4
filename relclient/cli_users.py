"""`python -m relclient users …`: accounts, from the server's shell (whoever has it is trusted as admin)."""

from __future__ import annotations

import argparse
import getpass
import sys

from relclient.auth import ROLES, User, add_user, list_users, set_role, set_status
from relclient.sign_in import unlock
from relclient.store import Store, db_path_from_env


def operator() -> User:
    """The shell's user, acting as an admin: the one way to create the first admin account."""
    try:
        name = getpass.getuser()
    except Exception:  # no user name in some containers
        name = "operator"
    return User(f"cli:{name}", name, "direction", "admin")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The `users` command and its sub-commands."""
    users = sub.add_parser("users", help="accounts: add, list, set-role, disable, enable, unlock")
    cmd = users.add_subparsers(dest="users_command", required=True)
    add = cmd.add_parser("add", help="create an account (asks for the password, or reads it from stdin)")
    add.add_argument("email")
    add.add_argument("--name", required=True)
    add.add_argument("--dept", required=True, help="department code")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--sso-only", action="store_true", help="no password: single sign-on only")
    listing = cmd.add_parser("list", help="every account")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    role = cmd.add_parser("set-role", help="give an account another role (approves a pending one)")
    role.add_argument("email")
    role.add_argument("role", choices=ROLES)
    for name, helptext in (("disable", "disable an account"), ("enable", "enable an account again"),
                           ("unlock", "lift an account's sign-in wait after failed attempts")):
        cmd.add_parser(name, help=helptext).add_argument("email")


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if first != getpass.getpass("again: "):
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def run(args: argparse.Namespace) -> int:
    """Run one `users` sub-command."""
    store = Store(db_path_from_env(), create=False)  # only init and demo create one
    try:
        who = operator()
        if args.users_command == "add":
            user = add_user(store, who, args.email, args.name, args.dept, args.role,
                            None if args.sso_only else _password())
            print(f"account {user.email} created ({user.role}, {user.dept})")
        elif args.users_command == "list":
            frame = list_users(store)
            print(frame.to_json(orient="records", date_format="iso") if args.format == "json"
                  else (frame.to_string(index=False) if len(frame) else "no account yet"))
        elif args.users_command == "unlock":
            found = unlock(store, who, args.email)
            print(f"{args.email}: " + ("sign-in wait lifted" if found else "no failed sign-in to forget"))
        elif args.users_command == "set-role":
            set_role(store, who, args.email, args.role)
            print(f"{args.email} is now {args.role}")
        else:
            status = "disabled" if args.users_command == "disable" else "active"
            set_status(store, who, args.email, status)
            print(f"{args.email} is now {status}")
        return 0
    finally:
        store.close()
