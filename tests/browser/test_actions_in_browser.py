"""The closed loop in Chromium: a detractor's answer becomes an action, the action moves across
the board (by button and by drag and drop), and its history says so."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, settle

# The grid draws on a canvas: a row's selection box sits in its first column, below the header.
HEADER_HEIGHT, ROW_HEIGHT, MARKER_X = 36, 35, 18


def test_an_action_opened_from_a_detractor_moves_across_the_board_and_its_history_says_so(app_url, open_page):
    page = open_page(f"{app_url}/department?from=2025-10-01&to=2025-12-31&dept=logistics", "en-US")
    page.get_by_text("Tick a row to open an action pre-filled from it.").first.wait_for()
    grid = page.locator('[data-stale="false"] [data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the grid paints its rows after the frame appears
    box = grid.bounding_box()
    page.mouse.click(box["x"] + MARKER_X, box["y"] + HEADER_HEIGHT + ROW_HEIGHT / 2)

    # Streamlit changes the address with the history API: poll it.
    expect(page).to_have_url(re.compile(r"/new-action\?from=response"), timeout=15_000)
    page.get_by_role("heading", name="New action").wait_for()
    title = page.get_by_label("Title")
    expect(title).to_have_value(re.compile(r"^(NPS|CSAT|CES) \d+/\d+"))
    screenshot(page, "action-new-from-detractor.png")
    page.get_by_role("button", name="Create the action").click()

    heading = page.get_by_role("heading", name=re.compile(r"^#\d+ · "))
    heading.wait_for()
    action_id = re.match(r"#(\d+)", heading.inner_text()).group(1)
    expect(page).to_have_url(re.compile(rf"/action\?id={action_id}"))
    page.get_by_text(f"Action #{action_id} created.").wait_for()

    page.locator('[data-testid="stSidebarNav"] a[href$="/actions"]').click()
    page.get_by_role("heading", name="Cross-team action board").wait_for()
    move = page.locator(f".st-key-move-{action_id}-todo button")
    move.first.wait_for()
    page.wait_for_timeout(1500)  # the board's filters settle in a second run; click on the final one
    move.first.click()
    page.get_by_text(f"Action #{action_id} moved to 'To do'.").wait_for()
    screenshot(page, "action-board-after-move.png")

    # The "To do" column shows its five most urgent cards: open the action by its address (the
    # session survives a pasted link).
    page.goto(f"{app_url}/action?id={action_id}")
    page.get_by_role("heading", name=re.compile(rf"^#{action_id} · ")).wait_for()
    page.get_by_role("tab", name=re.compile(r"^History")).click()
    page.get_by_text("Status: Proposed → To do").wait_for()
    screenshot(page, "action-history.png")


def _main_height(page) -> int:
    return page.evaluate("""() => { const e = [...document.querySelectorAll('[data-testid="stExpander"]')].pop();
        return Math.round(e.getBoundingClientRect().bottom + document.querySelector('[data-testid="stMain"]').scrollTop); }""")


def test_the_board_fits_two_screens_and_a_card_dragged_to_the_next_column_moves(fresh_app_url, open_page):
    page = open_page(f"{fresh_app_url}/actions", "fr-FR")
    page.get_by_role("heading", name="Tableau des actions transverses").wait_for()
    settle(page)
    # The demo's 40 actions: the kanban ends (its last expander) within two screens of 1000 px.
    assert _main_height(page) <= 2000
    screenshot(page, "board-kanban-fr.png")

    page.get_by_role("radio", name="Glisser-déposer").click()
    settle(page)
    frame = page.frame_locator('iframe[title*="sortable"]')
    first = frame.locator(".sortable-container").nth(0).locator(".sortable-item").first  # "Proposée"
    first.wait_for()
    number = first.inner_text().split(" · ")[0]
    box, target = first.bounding_box(), frame.locator(".sortable-container").nth(1).bounding_box()  # "À faire"
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()  # as a person drags: press, move a little, carry it over, let go
    page.mouse.move(box["x"] + 40, box["y"] + 40, steps=5)
    page.mouse.move(target["x"] + 60, target["y"] + target["height"] - 10, steps=15)
    page.mouse.up()
    settle(page)
    page.get_by_text(f"Action n°{number.lstrip('#')} passée à « À faire ».").wait_for()
    # Drawn again from the database: the card is in "À faire" now.
    # A new key draws a new list: Streamlit keeps the old frame (where the card was dragged) until
    # the run ends, and a rerun may follow, so both are checked at one instant: one frame left, and
    # the card in its "À faire" list.
    page.wait_for_function(
        """([n]) => { const frames = document.querySelectorAll('iframe[title*="sortable"]');
            if (frames.length !== 1 || !frames[0].contentDocument) return false;
            const lists = frames[0].contentDocument.querySelectorAll('.sortable-container');
            return lists.length > 1 && [...lists[1].querySelectorAll('.sortable-item')]
                .some(i => i.innerText.startsWith(n + ' ·')); }""", arg=[number], timeout=30_000)
    screenshot(page, "board-drag-fr.png")
