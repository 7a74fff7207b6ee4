"""AppTest runs the real app on a real demo database chosen through RELCLIENT_DB."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from relclient.store import close_all

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def app_db(demo_db, tmp_path_factory) -> Path:
    """A copy of the demo database for the app: the app keeps its file open read-write, which
    would lock other processes (the CLI tests) out of the shared demo file."""
    path = tmp_path_factory.mktemp("app") / "app.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture(scope="module", autouse=True)
def _close_app_stores():
    yield
    st.cache_resource.clear()
    st.cache_data.clear()
    close_all()


ADMIN = "admin@demo.relclient.fr"
DIRECTION = "direction@demo.relclient.fr"


def signed_in(at: AppTest, email: str) -> AppTest:
    """The AppTest with `email` signed in (as the sign-in form leaves the session: a live session
    in the database, its id in the session's state)."""
    from relclient.auth import get_user
    from relclient.sessions import start_session
    from relclient.store import open_store

    store = open_store()  # RELCLIENT_DB, as the app opens it
    at.session_state["auth_session"] = start_session(store, get_user(store, email)).id
    at.session_state["auth_landed"] = True  # the test chose its page: no start-page redirect
    return at


def app_script(user: str | None = None, *, timeout: int = 60) -> AppTest:
    """The app's entry script on the database RELCLIENT_DB names, `user` signed in when given, not
    yet run: the one way every AppTest of the suite starts the app."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=timeout)
    return signed_in(at, user) if user else at


def new_app(monkeypatch, db: Path, user: str | None = None, *, timeout: int = 60) -> AppTest:
    """`app_script` on the database `db`, run from the repository as `make run` does."""
    monkeypatch.setenv("RELCLIENT_DB", str(db))
    monkeypatch.chdir(REPO)
    return app_script(user, timeout=timeout)


@pytest.fixture
def own_demo(demo_copy, monkeypatch) -> Path:
    """A copy of the demo company this test may write to, which the app opens (RELCLIENT_DB, run
    from the repository, no cache of an earlier test's file); closed and forgotten afterwards."""
    db = demo_copy
    monkeypatch.setenv("RELCLIENT_DB", str(db))
    monkeypatch.chdir(REPO)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield db
    st.cache_resource.clear()
    st.cache_data.clear()
    close_all()


@pytest.fixture
def app(app_db, monkeypatch):
    """The app's entry script on the demo company, leadership signed in, not yet run."""
    return new_app(monkeypatch, app_db, DIRECTION)


def seen(markdown: str) -> str:
    """What a reader sees of a Markdown text the app escaped: without the escapes and the
    zero-width spaces that break autolinks."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")


@pytest.fixture
def accounts_off(monkeypatch):
    """RELCLIENT_AUTH=off, on a server that listens to this machine only (as serve.py makes it)."""
    from streamlit import config

    monkeypatch.setenv("RELCLIENT_AUTH", "off")
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)
