"""What the action-page tests share: the app on its own copy of the demo (they write)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from relclient.store import open_store
from tests.app.conftest import DIRECTION, app_script


@pytest.fixture
def actions_app(own_demo):
    """open(page, user=..., **query) -> an AppTest run on that page; `.store` is the app's own store."""
    db = own_demo

    def _open(page: str, user: str = DIRECTION, **query: str) -> AppTest:
        at = app_script(user).run()
        at.switch_page(page)
        for key, value in query.items():
            at.query_params[key] = value
        return at.run()

    _open.db = db
    _open.store = lambda: open_store(db)  # the same connection as the app's (one process)
    return _open


def button(at: AppTest, label: str):
    """The button with this label (StopIteration names none: the test fails clearly)."""
    return next(b for b in at.button if b.label == label)

