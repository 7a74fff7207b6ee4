"""Shared fixtures: real DuckDB files in temporary folders, never mocks."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from relclient.demo import build_demo
from relclient.lake import LakeAddress, is_lake
from relclient.store import Store
from tests.fixtures import load_kpi_fixture
from tests.postgres_cluster import Cluster, start_cluster

REPO = Path(__file__).resolve().parent.parent
# The app words an unexpected error for its visitors and logs it; under test it raises, so that a
# bug fails its test (tests/security checks the worded error with this unset).
os.environ.setdefault("RELCLIENT_RAISE_ERRORS", "1")
DEMO_END = date(2025, 12, 3)  # mid-quarter, as a real database is: Q4 2025 runs "to date" (64 of 92 days)


def pytest_configure(config: pytest.Config) -> None:
    """The markers of this suite."""
    config.addinivalue_line("markers", "both_stores: run the test on a DuckDB file and on a DuckLake on PostgreSQL")
    config.addinivalue_line("markers", "slow: left out of `make check` (PostgreSQL, a browser, other processes)")


# What `make check` (pytest -m "not slow") leaves to `make test`: every test outside tests/unit, a
# test that starts PostgreSQL or a browser, and the modules whose tests start other processes or
# threads (the CLI, kills, servers) or build whole demos, several seconds each (measured with
# --durations: README, "Tests").
SLOW_FIXTURES = frozenset({"postgres", "lake_template", "new_lake", "lake_demo", "browser"})
SLOW_MODULES = frozenset({
    "test_crash_safe_loads.py", "test_many_processes.py", "test_ducklake_processes.py", "test_ducklake.py",
    "test_backup_restore.py", "test_review_minutes.py", "test_cli.py", "test_cli_ingest.py", "test_cli_users.py",
    "test_cli_actions.py", "test_import_hygiene.py", "test_demo.py", "test_action_concurrency.py",
})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the slow tests (above) so that the fast tier can leave them out."""
    for item in items:
        on_lake = getattr(item, "callspec", None) is not None and item.callspec.params.get("store_kind") == "ducklake"
        if on_lake or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.name in SLOW_MODULES \
                or "unit" not in item.path.parts:
            item.add_marker(pytest.mark.slow)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked both_stores runs twice: its `store` a file, then a DuckLake."""
    if metafunc.definition.get_closest_marker("both_stores") and "store_kind" in metafunc.fixturenames:
        metafunc.parametrize("store_kind", ["file", "ducklake"], indirect=True)


@pytest.fixture
def store_kind(request) -> str:
    """Which store `store` is: a file, unless the test is marked both_stores."""
    return getattr(request, "param", "file")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated once for the run, which `store` copies (a copy opens in 0.04 s,
    migrating a new file takes 0.8 s: the unit tier's time is mostly this)."""
    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    Store(path).close()
    return path


def db_copy(source: Path, target: Path) -> Path:
    """`target`, a copy of the database file `source` (the file only: its lock and queue are per path)."""
    shutil.copyfile(source, target)
    return target


@pytest.fixture
def store(tmp_path: Path, store_kind: str, request) -> Store:
    """An empty, migrated database: a file (or, for a test marked both_stores, also a DuckLake)."""
    if store_kind == "file":
        target = db_copy(request.getfixturevalue("template_db"), tmp_path / "relclient.duckdb")
    else:
        target = request.getfixturevalue("new_lake")()
    s = Store(target)
    yield s
    s.close()


@pytest.fixture(scope="session")
def kpi_template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made company of tests/fixtures.py loaded once for the run, which kpi_store copies
    (loading it takes 0.26 s, and a hundred tests start from it)."""
    path = db_copy(template_db, tmp_path_factory.mktemp("kpi") / "kpi.duckdb")
    s = Store(path)
    load_kpi_fixture(s)
    s.close()
    return path


@pytest.fixture
def kpi_store(store_kind: str, tmp_path: Path, request) -> Store:
    """The hand-made company of tests/fixtures.py: a copy of kpi_template, or loaded into a DuckLake
    for a test marked both_stores."""
    if store_kind != "file":
        s = request.getfixturevalue("store")
        load_kpi_fixture(s)
        yield s
        return
    s = Store(db_copy(request.getfixturevalue("kpi_template"), tmp_path / "relclient.duckdb"))
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo company (scale 0.1) built once for the session; open it read-only."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    s = Store(path)
    build_demo(s, scale=0.1, seed=7, end_date=DEMO_END)
    s.close()
    return path


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the session's demo company that this test may write to (the file only)."""
    return db_copy(demo_db, tmp_path / "company.duckdb")


@pytest.fixture(scope="module")
def demo(demo_db) -> Store:
    """The session's demo company, opened read-only for one test module."""
    s = Store(demo_db, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="session")
def postgres() -> Cluster:
    """A real PostgreSQL (Debian's package) on a loopback port for the whole run, removed afterwards."""
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def lake_template(postgres: Cluster, tmp_path_factory: pytest.TempPathFactory) -> LakeAddress:
    """An empty, migrated DuckLake that new_lake copies (a copy takes 0.2 s, migrating 1.4 s)."""
    address = LakeAddress(postgres.create_database("lake_template"), str(tmp_path_factory.mktemp("lake_template")))
    Store(address).close()
    return address


@pytest.fixture
def new_lake(postgres: Cluster, lake_template: LakeAddress, tmp_path: Path) -> Callable[..., LakeAddress]:
    """Make an empty, migrated DuckLake: a PostgreSQL database for its catalog, a folder for its files
    (a copy of lake_template; `fresh=True` for one that no relclient opened yet)."""

    def make(fresh: bool = False) -> LakeAddress:
        name = f"lake_{uuid.uuid4().hex[:12]}"
        folder = tmp_path / name
        if fresh:
            return LakeAddress(postgres.create_database(name), str(folder))
        conninfo = postgres.copy_database("lake_template", name)
        shutil.copytree(lake_template.data_path, folder)
        # The catalog names its data folder; the copy's is its own (what ATTACH's OVERRIDE_DATA_PATH
        # would do for one session, written down).
        postgres.psql(name, f"UPDATE ducklake_metadata SET value = '{folder.resolve()}/' WHERE key = 'data_path'")
        return LakeAddress(conninfo, str(folder))

    return make


def target_env(target: Path | LakeAddress) -> dict[str, str]:
    """The environment that points a child process (the CLI, a server) at `target`."""
    if is_lake(target):
        return {"RELCLIENT_DB": "ducklake:postgres:" + target.catalog, "RELCLIENT_DATA_PATH": target.data_path}
    return {"RELCLIENT_DB": str(target)}


@pytest.fixture(scope="session")
def lake_demo(postgres: Cluster, tmp_path_factory: pytest.TempPathFactory) -> LakeAddress:
    """The session's demo company (the same scale, seed and end as demo_db) built on a DuckLake
    (about 80 s: a lake statement costs milliseconds of catalog reads, the demo's board thousands)."""
    address = LakeAddress(postgres.create_database("lake_demo"), str(tmp_path_factory.mktemp("lake") / "data"))
    s = Store(address)
    build_demo(s, scale=0.1, seed=7, end_date=DEMO_END)
    s.close()
    return address


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download).

    Defined here, once for the whole run: Playwright's sync API cannot start a second instance while
    one is open, so every tier that drives a browser (tests/browser, tests/security) shares this one.
    """
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
