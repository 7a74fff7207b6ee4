"""What the action-page tests share: the app on its own copy of the demo (they write)."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from relclient.store import close_all, open_store
from tests.app.conftest import DIRECTION, REPO, app_script


@pytest.fixture
def actions_app(demo_db, tmp_path, monkeypatch):
    """open(page, user=..., **query) -> an AppTest run on that page; `.store` is the app's own store."""
    db = tmp_path / "actions.duckdb"
    shutil.copy(demo_db, db)
    monkeypatch.setenv("RELCLIENT_DB", str(db))
    monkeypatch.chdir(REPO)
    st.cache_resource.clear()
    st.cache_data.clear()

    def _open(page: str, user: str = DIRECTION, **query: str) -> AppTest:
        at = app_script(user).run()
        at.switch_page(page)
        for key, value in query.items():
            at.query_params[key] = value
        return at.run()

    _open.db = db
    _open.store = lambda: open_store(db)  # the same connection as the app's (one process)
    yield _open
    st.cache_resource.clear()
    st.cache_data.clear()
    close_all()


def button(at: AppTest, label: str):
    """The button with this label (StopIteration names none: the test fails clearly)."""
    return next(b for b in at.button if b.label == label)

