"""Where each portal page lives: its script, its address, its menu title, icon and section, and who
sees it. One registry for app.py's navigation, the links between pages and the digest's links."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class Page:
    """One portal page: how code names it, its script and address, and its place in the menu."""

    key: str  # how code names the page (a start page's key is also what the users table stores)
    script: str  # from the repository's root: what st.Page, st.page_link and st.switch_page take
    url_path: str  # the address after the portal's root; "" for the default page, served at "/"
    title_key: str  # catalogue key of its title in the menu
    icon: str
    section_key: str  # catalogue key of the menu section it sits in
    in_menu: bool = True  # False: opened from a link only (it needs a number to show anything)
    default: bool = False  # the page at the portal's root
    start: bool = False  # a person may choose it as the page they start on
    min_role: str | None = None  # declared only for this role and above (and signed out, see app.py)
    count_title_key: str | None = None  # its title when things wait for the person, with their count


PAGES: tuple[Page, ...] = (
    # "For me" first, with what needs the person counted in its menu entry.
    Page("for_me", "pages/me/for_me.py", "for-me", "page.for_me", ":material/notifications:", "page.for_me",
         start=True, count_title_key="page.for_me_count"),
    Page("overview", "pages/dashboards/overview.py", "", "page.overview", ":material/dashboard:", "nav.dashboards",
         default=True, start=True),
    Page("department", "pages/dashboards/department.py", "department", "page.department", ":material/groups:",
         "nav.dashboards", start=True),
    Page("silo_map", "pages/dashboards/silo_map.py", "silo-map", "page.silo", ":material/account_tree:",
         "nav.dashboards"),
    Page("customer_distance", "pages/dashboards/customer_distance.py", "customer-distance", "page.distance",
         ":material/social_distance:", "nav.dashboards"),
    Page("voice", "pages/dashboards/voice.py", "voice", "page.voice", ":material/record_voice_over:",
         "nav.dashboards"),
    Page("internal_customers", "pages/dashboards/internal_customers.py", "internal-customers", "page.internal",
         ":material/handshake:", "nav.dashboards"),
    Page("details", "pages/dashboards/details.py", "details", "page.details", ":material/table_rows:",
         "nav.dashboards"),
    Page("customer", "pages/dashboards/customer.py", "customer", "page.customer", ":material/person:",
         "nav.dashboards"),
    Page("glossary", "pages/dashboards/glossary.py", "glossary", "page.glossary", ":material/menu_book:",
         "nav.dashboards"),
    Page("actions", "pages/actions/board.py", "actions", "page.board", ":material/view_kanban:", "nav.actions",
         start=True),
    Page("action", "pages/actions/action.py", "action", "page.action", ":material/task_alt:", "nav.actions",
         in_menu=False),
    Page("new_action", "pages/actions/new.py", "new-action", "page.new_action", ":material/add_task:",
         "nav.actions"),
    Page("reviews", "pages/reviews/reviews.py", "reviews", "page.reviews", ":material/event_note:", "nav.reviews",
         start=True),
    Page("review", "pages/reviews/review.py", "review", "page.review", ":material/event_available:", "nav.reviews",
         in_menu=False),
    Page("data", "pages/data/uploads.py", "data", "page.data", ":material/upload_file:", "nav.data", start=True),
    Page("admin", "pages/admin/admin.py", "admin", "page.admin", ":material/admin_panel_settings:", "nav.admin",
         min_role="admin"),
)
PAGES_BY_KEY: dict[str, Page] = {p.key: p for p in PAGES}


def page(key: str) -> Page:
    """The page named `key` (a KeyError names a page the registry does not hold)."""
    return PAGES_BY_KEY[key]


def script(key: str) -> str:
    """The script of the page named `key`, for st.page_link and st.switch_page."""
    return PAGES_BY_KEY[key].script


def url_path(key: str) -> str:
    """The address of the page named `key` after the portal's root ("" for the default page)."""
    return PAGES_BY_KEY[key].url_path


def link(key: str, params: Mapping[str, object] | None = None, base: str = "") -> str:
    """The page's address under `base` (e.g. "https://portal.example"; "" for a link within the
    portal), with `params` as its query string."""
    return f"{base}/{url_path(key)}" + (f"?{urlencode(params)}" if params else "")
