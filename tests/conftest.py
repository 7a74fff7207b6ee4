"""Shared fixtures: real DuckDB files in temporary folders, never mocks."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from relclient.demo import build_demo
from relclient.store import Store
from tests.fixtures import load_kpi_fixture

REPO = Path(__file__).resolve().parent.parent
# The app words an unexpected error for its visitors and logs it; under test it raises, so that a
# bug fails its test (tests/security checks the worded error with this unset).
os.environ.setdefault("RELCLIENT_RAISE_ERRORS", "1")
DEMO_END = date(2025, 12, 3)  # mid-quarter, as a real database is: Q4 2025 runs "to date" (64 of 92 days)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty, migrated database file."""
    s = Store(tmp_path / "relclient.duckdb")
    yield s
    s.close()


@pytest.fixture
def kpi_store(store: Store) -> Store:
    """The hand-made company of tests/fixtures.py."""
    load_kpi_fixture(store)
    return store


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo company (scale 0.1) built once for the session; open it read-only."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    s = Store(path)
    build_demo(s, scale=0.1, seed=7, end_date=DEMO_END)
    s.close()
    return path


@pytest.fixture(scope="module")
def demo(demo_db) -> Store:
    """The session's demo company, opened read-only for one test module."""
    s = Store(demo_db, read_only=True)
    yield s
    s.close()


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
