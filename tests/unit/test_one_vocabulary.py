"""One vocabulary: one check for "is this a department", one Department, one translated error type
(Problem) the pages and the CLI catch, and accounts and permissions that do not import each other."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import FrozenInstanceError, replace
from datetime import date

import grimp
import pytest

import relclient
from relclient.admin_data import AdminError, delete_mapping, save_department
from relclient.auth import add_user
from relclient.cli import main
from relclient.contract import DEPARTMENTS, Department
from relclient.department_view import build_department_view
from relclient.departments import UnknownDepartment, department_codes
from relclient.metrics import KpiFilter
from relclient.periods import Period
from relclient.permissions import PermissionDenied, require
from relclient.problems import Problem
from relclient.reference import departments
from relclient.stewards import set_steward
from relclient.targets import TargetError, check_target, set_targets
from relclient.metrics import kpi
from relclient.users import User
from tests.conftest import db_copy

ADMIN = User("admin@example.fr", "Admin", "direction", "admin")
CODES = ", ".join(d.code for d in DEPARTMENTS)  # the seeded reference list, in its display order
FRENCH = f"« finance » n'est pas un service du référentiel (services : {CODES})."
ENGLISH = f"'finance' is not a department of the reference list (departments: {CODES})."

# Every domain function that takes a department code from a person, called with one that is none.
CHECKERS = {
    "targets": lambda store: set_targets(store, ADMIN, "finance", {"nps": 30}),
    "department view": lambda store: build_department_view(
        store, KpiFilter(Period(date(2025, 7, 1), date(2025, 7, 31)), dept="finance"), "en"),
    "new account": lambda store: add_user(store, ADMIN, "new@example.fr", "New", "finance", "member", None),
    "dataset steward": lambda store: set_steward(store, ADMIN, "orders", "finance"),
}

# The exceptions defined in relclient that are not a Problem, and why: none of them is a person's
# mistake a page words for them.
NOT_PROBLEMS: dict[str, str] = {
    "relclient.cli.CliError": "the command line's own argument mistakes, in its one language (English)",
    "relclient.demo.DemoRefused": "the operator's `demo` command refusing to build twice (command line only)",
    "relclient.engine.EngineSettingError": "a wrong RELCLIENT_* engine setting, for the operator at start-up",
    "relclient.lake.LakeError": "the DuckLake store failing (infrastructure; pages say error.database)",
    "relclient.lake.RuleBroken": "the lake's stand-in for a DuckDB constraint error (infrastructure)",
    "relclient.lease.LeaseTimeout": "the database file busy; the store turns it into a StoreError",
    "relclient.store.StoreError": "the database unavailable (infrastructure; app.py says error.database)",
    "relclient.store.NoDatabase": "no database where RELCLIENT_DB points (app.py says error.no_database)",
    "relclient.store.SchemaTooNewError": "a database newer than this code (infrastructure)",
    "relclient.migrations.MigrationError": "the shipped migrations inconsistent: a packaging mistake, never a person's",
    "relclient.ingest.load._Undo": "private control flow that rolls a load back; never leaves its module",
}


@pytest.mark.parametrize("checker", CHECKERS)
def test_every_checker_refuses_an_unknown_department_with_the_same_words_in_french_and_english(store, checker):
    with pytest.raises(UnknownDepartment) as refused:
        CHECKERS[checker](store)
    assert refused.value.code == "finance"
    assert (refused.value.message("fr"), refused.value.message("en")) == (FRENCH, ENGLISH)


def test_a_retired_department_still_passes_the_checks_history_needs(store):
    save_department(store, ADMIN, "rnd", "R&D", "R&D", active=False)
    set_steward(store, ADMIN, "orders", "rnd")
    assert set_targets(store, ADMIN, "rnd", {"nps": 30}) == 1
    with store.cursor() as cur:
        assert "rnd" in department_codes(cur) and "rnd" not in department_codes(cur, active_only=True)


@pytest.mark.parametrize("args", [
    ["kpis", "--from", "2025-07-01", "--to", "2025-09-30", "--dept", "finance"],
    ["actions", "list", "--dept", "finance"],
    ["users", "add", "new@example.fr", "--name", "New", "--dept", "finance", "--role", "member", "--sso-only"],
])
def test_the_command_line_says_the_same_unknown_department_and_exits_with_2(template_db, tmp_path, monkeypatch,
                                                                             capsys, args):
    monkeypatch.setenv("RELCLIENT_DB", str(db_copy(template_db, tmp_path / "cli.duckdb")))
    assert main(args) == 2
    assert capsys.readouterr().err == f"error: {ENGLISH}\n"


def test_the_command_line_words_a_problem_in_its_lang_option(template_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RELCLIENT_DB", str(db_copy(template_db, tmp_path / "cli.duckdb")))
    assert main(["ingest", "tickets", str(tmp_path / "t.csv"), "--delimiter", "#", "--lang", "fr"]) == 2
    assert capsys.readouterr().err == "error: Séparateur « # » non pris en charge ; utiliser ; , tabulation ou |.\n"


def test_the_table_and_the_catalogue_are_one_frozen_department(store):
    held = departments(store, include_retired=True)
    assert held == list(DEPARTMENTS)  # as seeded: same codes, names, and active
    assert all(type(d) is Department for d in held)
    with pytest.raises(FrozenInstanceError):
        held[0].active = False  # type: ignore[misc]
    save_department(store, ADMIN, "rnd", "R&D", "R&D", active=False)
    assert replace(DEPARTMENTS[7], active=False) in departments(store, include_retired=True)
    assert DEPARTMENTS[7] not in departments(store)


def _relclient_exceptions() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for module in pkgutil.walk_packages(relclient.__path__, "relclient."):
        if module.name == "relclient.__main__":  # running it runs the command line
            continue
        for name, obj in vars(importlib.import_module(module.name)).items():
            if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__ == module.name:
                found[f"{module.name}.{name}"] = obj
    return found


def test_every_error_a_person_can_hit_is_a_problem_and_the_exceptions_are_listed_with_why():
    found = _relclient_exceptions()
    assert {"relclient.permissions.PermissionDenied", "relclient.auth.AuthError"} <= set(found)  # the walk works
    not_problems = {name for name, cls in found.items() if not issubclass(cls, Problem)}
    assert not_problems == set(NOT_PROBLEMS)


@pytest.mark.parametrize("raise_it, fr, en", [
    (lambda store: save_department(store, ADMIN, "R D!", "R&D", "R&D"),
     "un code de service compte 2 à 32 lettres minuscules, chiffres ou _, pas « r d! »",
     "a department code is 2-32 lower-case letters, digits or _, not 'r d!'"),
    (lambda store: save_department(store, ADMIN, "quality", "Qualité", " "),
     "un service a besoin d'un nom en français et d'un nom en anglais",
     "a department needs a French and an English name"),
    (lambda store: delete_mapping(store, ADMIN, "gone"),
     "aucune correspondance enregistrée ne s'appelle « gone »", "no saved mapping is called 'gone'"),
    (lambda store: set_steward(store, ADMIN, "horoscopes", "sales"),
     "jeu de données « horoscopes » inconnu", "unknown dataset 'horoscopes'"),
])
def test_admin_refusals_are_problems_worded_in_both_languages(store, raise_it, fr, en):
    with pytest.raises(AdminError) as refused:
        raise_it(store)
    assert (refused.value.message("fr"), refused.value.message("en"), str(refused.value)) == (fr, en, en)


def test_a_target_out_of_range_is_a_problem_naming_the_kpi_in_both_languages():
    with pytest.raises(TargetError) as refused:
        check_target(kpi("csat"), 750)
    assert refused.value.message("en") == "a target for Satisfaction (CSAT) must be between 0 and 100, not 750"
    assert refused.value.message("fr") == "une cible de Satisfaction (CSAT) doit être comprise entre 0 et 100, pas 750"
    with pytest.raises(TargetError) as refused:
        check_target(kpi("complaints"), -1.5)
    assert refused.value.message("fr") == "une cible de Réclamations doit valoir au moins 0, pas -1,5"


def test_a_refusal_is_a_problem_that_keeps_its_action_user_and_wording(store):
    viewer = User("v@example.fr", "V", "sales", "viewer")
    with pytest.raises(Problem) as refused:
        require(viewer, "manage_users")
    assert isinstance(refused.value, PermissionDenied)
    assert (refused.value.action, refused.value.user) == ("manage_users", viewer)
    assert refused.value.message("en") == "Not allowed: accounts are managed by admins (your role: viewer). Nothing was changed."
    assert str(refused.value) == refused.value.message("en")


def test_accounts_and_permissions_do_not_import_each_other():
    graph = grimp.build_graph("relclient")
    assert graph.find_shortest_chain("relclient.permissions", "relclient.auth") is None
    assert graph.find_shortest_chain("relclient.auth", "relclient.permissions") is not None  # accounts check rights


def test_a_refusal_names_the_department_in_the_readers_language_never_its_code(store):
    member = User("m@example.fr", "M", "sales", "member")
    with pytest.raises(PermissionDenied) as refused:
        set_targets(store, member, "customer_service", {"nps": 20})
    assert "service Service clients" in refused.value.message("fr")
    assert "department Customer service's targets" in refused.value.message("en")
    assert "customer_service" not in refused.value.message("fr") + refused.value.message("en")
    # The audit log keeps the code: it is read by people who search it.
    assert "dept=customer_service" in store.fetch_one(
        "SELECT detail FROM audit_log WHERE outcome = 'refused' ORDER BY audit_id DESC LIMIT 1")[0]
    from relclient.permissions import why_not

    assert "Service clients" in why_not(member, "set_dept_targets", "fr", store=store, dept="customer_service")
