"""Every page opens on an empty database without an error (a new company before its first upload)."""

from __future__ import annotations

import pytest

from relclient.store import Store
from tests.app.conftest import REPO, app_script

PAGES = ["pages/dashboards/overview.py", "pages/dashboards/department.py", "pages/dashboards/silo_map.py",
         "pages/dashboards/customer_distance.py", "pages/dashboards/internal_customers.py",
         "pages/dashboards/details.py", "pages/dashboards/customer.py", "pages/dashboards/glossary.py",
         "pages/data/uploads.py", "pages/admin/admin.py", "pages/actions/board.py", "pages/actions/action.py",
         "pages/actions/new.py", "pages/reviews/reviews.py", "pages/reviews/review.py"]


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    Store(path).close()  # `python -m relclient init`
    return path


@pytest.mark.parametrize("page", PAGES)
def test_the_page_opens_on_an_empty_database(empty_db, monkeypatch, page, accounts_off):
    monkeypatch.setenv("RELCLIENT_DB", str(empty_db))  # a new company has no account yet: accounts off
    monkeypatch.chdir(REPO)
    at = app_script().run()
    at.switch_page(page).run()
    if page.endswith("department.py"):
        next(s for s in at.sidebar.selectbox if s.label == "Service").set_value("logistics").run()
    if page.endswith("customer.py"):
        at.text_input[0].set_value("CL0000001").run()
    assert not at.exception, at.exception
    assert at.title
