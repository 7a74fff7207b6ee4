"""Content a member or a file wrote never phishes the others: the same hostile text in every field
(an action's title, problem, checklist, reason and comment; a review's title, comments,
opportunities, outputs and decision; a person's and a department's name; customers' names,
segments and regions, ticket categories, verbatims, internal comments, an upload's file name and a
saved mapping's name), then every page in Chromium: no link, image or HTML of it, and no request
to its server."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from relclient.actions import ActionChange, ActionDraft, ChecklistItem, add_comment, create_action, get_action, update_action
from relclient.admin_data import save_department
from relclient.auth import add_user, get_user
from relclient.reviews import add_decision, create_review, set_comment, set_opportunities, update_review
from relclient import derived
from relclient.periods import Period
from relclient.voice.catalogue import Theme, save_theme
from relclient.store import Store
from tests.browser.conftest import goto, screenshot, serve, settle
from tests.ingest_helpers import upload, write
from tests.security.hostile import EVIL, HOSTILE

BOSS = "direction@demo.relclient.fr"


def _seed(store: Store, folder) -> dict[str, str]:
    admin, boss = get_user(store, "admin@demo.relclient.fr"), get_user(store, BOSS)
    save_department(store, admin, "logistics", HOSTILE, HOSTILE)
    add_user(store, admin, "hostile@demo.relclient.fr", HOSTILE, "sales", "member", None)
    action = create_action(store, boss, ActionDraft(
        title=HOSTILE, problem=HOSTILE, kpi_id="nps", lead_dept="customer_service", sponsor=BOSS,
        contributors=("logistics",), assignees=("hostile@demo.relclient.fr", "admin@demo.relclient.fr"),
        due_date=date.today(), checklist=(ChecklistItem(HOSTILE),)))  # due: in the admin's For me
    add_comment(store, boss, action.action_id, HOSTILE, mentions=("logistics",))
    moved = update_action(store, boss, action.action_id, action.version, ActionChange(status="todo"))
    moved = update_action(store, boss, action.action_id, moved.version, ActionChange(status="in_progress"))
    update_action(store, boss, action.action_id, moved.version, ActionChange(status="blocked", status_reason=HOSTILE))
    review = create_review(store, boss, HOSTILE, Period(date(2025, 10, 1), date(2025, 12, 31)), BOSS)
    update_review(store, boss, review, resource_needs=HOSTILE, target_changes=HOSTILE,
                  people=("hostile@demo.relclient.fr",), departments=("logistics",))
    for section in ("actions", "satisfaction", "opportunities"):
        set_comment(store, boss, review, section, HOSTILE)
    set_opportunities(store, boss, review, [HOSTILE])
    add_decision(store, boss, review, HOSTILE, "logistics", BOSS, action_kpi="nps")
    # What files wrote: the lowest answers' verbatims, the first customers, complaint categories,
    # internal comments, an upload's file name and a mapping's name.
    customer = store.fetch_one("SELECT customer_id FROM survey_responses WHERE survey = 'nps' AND comment IS NOT NULL"
                               " AND dept = 'logistics' ORDER BY answered_at DESC LIMIT 1")[0]
    response = store.fetch_one("SELECT response_id FROM survey_responses WHERE customer_id = ? AND comment IS NOT NULL"
                               " ORDER BY answered_at DESC LIMIT 1", [customer])[0]
    store.transaction(lambda cur: [cur.execute(sql, params) for sql, params in (
        ("UPDATE customers SET name = $h, segment = $h, region = $h WHERE customer_id = $c", {"h": HOSTILE, "c": customer}),
        ("UPDATE survey_responses SET comment = $h WHERE customer_id = $c OR (comment IS NOT NULL AND score <= 2)",
         {"h": HOSTILE, "c": customer}),
        ("UPDATE tickets SET category = $h WHERE customer_id = $c OR (is_complaint AND opened_at >= '2025-11-01')",
         {"h": HOSTILE, "c": customer}),
        ("UPDATE internal_ratings SET comment = $h WHERE month = '2025-11-01'", {"h": HOSTILE}),
        ("INSERT INTO saved_mappings VALUES ($h, 'customers', 'x', '{}', 'admin@demo.relclient.fr', now())",
         {"h": HOSTILE}),
    )])
    # A theme named and worded by leadership, the verbatims derived again (written by hand above):
    # the voice of the customer shows the hostile name, verbatims and repeated phrases.
    save_theme(store, boss, Theme("", HOSTILE[:80], HOSTILE[:80], "logistics", ("reconnectez",), ("evil",)), new=True)
    store.transaction(derived.rebuild)
    # An upload whose file is named like a phishing link (a file name holds no '/').
    upload(store, "customers", write(folder, "[Reconnectez-vous](https:evil.example) www.evil.example x@evil.example.csv",
                                     f"customer_id;name;created_on\nCH1;{HOSTILE};01/01/2024\n"))
    theme = store.fetch_one("SELECT code FROM themes WHERE dept = 'logistics' AND name_en LIKE '[Reconnectez%'")[0]
    return {"action": str(action.action_id), "review": str(review), "customer": customer, "response": response,
            "theme": theme}


@pytest.fixture(scope="module")
def hostile_app(demo_db, tmp_path_factory):
    """The demo company with the hostile text everywhere, served."""
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "hostile.duckdb"
    shutil.copy(demo_db, db)
    store = Store(db)
    ids = _seed(store, folder)
    store.close()
    with serve(db, folder / "streamlit.log") as url:
        yield url, ids


def _pages(ids: dict[str, str]) -> list[str]:
    q = "from=2025-10-01&to=2025-12-31"
    return [f"/?{q}", f"/department?{q}", f"/department?{q}&dept=logistics", f"/silo-map?{q}", f"/customer-distance?{q}",
            "/internal-customers?from=2025-11-01&to=2025-11-30", f"/details?{q}&kpi=nps",
            f"/details?{q}&kpi=complaints", f"/customer?customer={ids['customer']}", "/glossary", "/actions",
            f"/action?id={ids['action']}", f"/new-action?from=response:{ids['response']}",
            "/new-action?from=pair:logistics>it", "/new-action?from=kpi:nps:2025-10-01:2025-12-03",
            f"/voice?{q}", f"/voice?{q}&dept=logistics", f"/new-action?from=theme:{ids['theme']}:2025-10-01:2025-12-03",
            "/reviews", f"/review?id={ids['review']}", "/data", "/admin", "/for-me"]


# The steps of the review page the meeting goes through (French labels: the browser speaks French).
REVIEW_STEPS = ("Actions décidées lors des revues précédentes", "Satisfaction et retours clients",
                "Alignement interne", "Opportunités d'amélioration", "Décisions et sorties", "Comparer à la précédente",
                "Séance")


# Every attribute that makes a link or loads something, SVG's xlink:href (Plotly's links) included.
_LIVE_ATTRIBUTES = """([evil]) => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
    .filter(a => /^(href|src|srcset|xlink:href|action|formaction|data|poster|style)$/i.test(a.name)
                 && (a.value.includes(evil) || /^\\s*javascript:/i.test(a.value)))
    .map(a => `<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`))"""


def _assert_inert(page, where: str) -> None:
    assert page.evaluate(_LIVE_ATTRIBUTES, [EVIL]) == [], f"a live link or image from the data on {where}"
    assert page.locator("#pwned").count() == 0, f"HTML from the data on {where}"


def test_no_page_turns_what_a_member_or_a_file_wrote_into_a_link_an_image_or_html(hostile_app, open_page):
    url, ids = hostile_app
    requested: list[str] = []
    page = open_page(url, "fr-FR", user="admin@demo.relclient.fr")
    page.on("request", lambda request: requested.append(request.url) if EVIL in request.url else None)
    shown = 0
    for path in _pages(ids):
        goto(page, url + path, "admin@demo.relclient.fr")  # a new tab signs in again
        settle(page)  # the page's run is over and its charts drawn
        _assert_inert(page, path)
        shown += page.get_by_text(re.compile(re.escape("evil.example"))).count()
        if path.startswith("/review?"):
            for step in REVIEW_STEPS:
                page.get_by_role("radio", name=step, exact=True).click()
                settle(page)
                _assert_inert(page, f"{path} · {step}")
            screenshot(page, "hostile-review.png")
        if path.startswith("/action?"):
            screenshot(page, "hostile-action.png")
        if path.startswith("/voice"):  # every tab: the search finds the hostile verbatims too
            page.get_by_role("tab", name="Verbatims").click()
            page.get_by_label("Rechercher dans les verbatims").fill("reconnectez")
            page.get_by_label("Rechercher dans les verbatims").press("Enter")
            settle(page)
            _assert_inert(page, f"{path} · verbatims")
            screenshot(page, "hostile-voice.png")
        if path == "/actions":  # the drag-and-drop view draws the titles too
            page.get_by_role("radio", name="Glisser-déposer").click()
            settle(page)
            _assert_inert(page, "/actions · glisser-déposer")
            frame = page.frame_locator('iframe[title*="sortable"]')
            assert frame.locator("#pwned").count() == 0
            assert frame.locator(".sortable-item", has_text="evil.example").count() >= 1  # shown, as text
    assert requested == []  # no tracking pixel ever asked for
    assert shown > 10  # the hostile text is on the pages, as text
