"""Two app processes serve one database at once, a DuckDB file or a DuckLake on PostgreSQL: a
comment posted on one shows on the other."""

from __future__ import annotations

import shutil

import pytest

from relclient.store import Store
from tests.browser.conftest import goto, screenshot, serve, settle


@pytest.mark.parametrize("kind", ["file", "ducklake"])
def test_two_app_processes_serve_the_same_database_and_each_sees_the_others_change(kind, demo_db, tmp_path,
                                                                                   open_page, request):
    if kind == "file":
        db = tmp_path / "shared.duckdb"
        shutil.copy(demo_db, db)
    else:
        db = request.getfixturevalue("lake_demo")
    store = Store(db)
    action_id = store.fetch_one("SELECT min(action_id) FROM actions")[0]
    store.close()
    with serve(db, tmp_path / "a.log") as first, serve(db, tmp_path / "b.log") as second:
        page_a = open_page(f"{first}/action?id={action_id}", "fr-FR")
        settle(page_a)
        page_b = open_page(f"{second}/action?id={action_id}", "en-US")  # read once: its caches hold the action
        settle(page_b)
        page_b.get_by_role("tab").filter(has_text="Comments").click()
        assert page_b.get_by_text("Posted from the first server").count() == 0

        page_a.get_by_role("tab").filter(has_text="Commentaires").click()
        page_a.get_by_label("Votre commentaire").fill("Posted from the first server")
        page_a.get_by_role("button", name="Publier").click()
        page_a.get_by_text("Commentaire publié").wait_for()  # the page runs again, on its first tab
        settle(page_a)  # on a lake the run takes longer: a tab chosen before its end is reset
        page_a.get_by_role("tab").filter(has_text="Commentaires").click()
        page_a.get_by_text("Posted from the first server").wait_for()
        screenshot(page_a, f"two-servers-{kind}-first-fr.png")

        goto(page_b, f"{second}/action?id={action_id}")  # the second server, opened again
        settle(page_b)
        page_b.get_by_role("tab").filter(has_text="Comments").click()
        page_b.get_by_text("Posted from the first server").wait_for()
        screenshot(page_b, f"two-servers-{kind}-second-en.png")
