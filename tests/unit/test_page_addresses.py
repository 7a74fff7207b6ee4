"""Page addresses live in one registry (relclient.addresses): its scripts exist, its addresses are
unique, app.py's menu is built from it, and no other module writes a page's script by hand."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from relclient.addresses import PAGES, link, page, script, url_path
from relclient.auth import START_PAGES
from relclient.i18n import CATALOG, t
from relclient.store import Store, close_all

REPO = Path(__file__).resolve().parents[2]
SCRIPT = re.compile(r"pages/[\w/]+\.py")


def test_every_registered_script_exists():
    assert [p.script for p in PAGES if not (REPO / p.script).is_file()] == []


def test_keys_scripts_and_url_paths_are_each_unique():
    for field in ("key", "script", "url_path"):
        values = [getattr(p, field) for p in PAGES]
        assert len(values) == len(set(values)), field


def test_only_the_default_page_lives_at_the_root():
    assert [p.key for p in PAGES if p.default] == ["overview"]
    assert [p.key for p in PAGES if p.url_path == ""] == ["overview"]


def test_every_page_script_under_pages_is_registered():
    on_disk = {str(path.relative_to(REPO)) for path in (REPO / "pages").rglob("*.py")}
    assert on_disk == {p.script for p in PAGES}


def test_the_pages_a_person_may_start_on_are_the_ones_the_accounts_accept():
    assert {p.key for p in PAGES if p.start} == set(START_PAGES)


def test_every_title_and_section_has_french_and_english_text():
    keys = {k for p in PAGES for k in (p.title_key, p.section_key, p.count_title_key) if k}
    assert [k for k in sorted(keys) if not (k in CATALOG["fr"] and k in CATALOG["en"])] == []


def test_lookups_answer_from_the_registry_and_refuse_an_unknown_page():
    assert script("action") == "pages/actions/action.py" and url_path("new_action") == "new-action"
    assert page("admin").min_role == "admin" and not page("review").in_menu
    with pytest.raises(KeyError):
        script("no-such-page")


def test_a_link_carries_its_base_its_address_and_its_parameters():
    assert link("action", {"id": 4}, "https://portal.example") == "https://portal.example/action?id=4"
    assert link("department", {"dept": "sales & co"}) == "/department?dept=sales+%26+co"
    assert link("overview") == "/" and link("for_me", {}, "https://p") == "https://p/for-me"


def _script_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(REPO)}:{node.lineno}: {node.value}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SCRIPT.fullmatch(node.value)]


def test_no_module_but_the_registry_writes_a_page_script_by_hand():
    sources = [REPO / "app.py", *(REPO / "relclient").rglob("*.py"), *(REPO / "pages").rglob("*.py")]
    skipped = {REPO / "relclient" / "addresses.py"}
    found = [hit for path in sources if path not in skipped for hit in _script_literals(path)]
    assert found == []


def test_the_scan_would_see_a_script_written_by_hand():
    sample = REPO / "relclient" / "addresses.py"  # the registry itself writes every script
    assert len(_script_literals(sample)) == len(PAGES)


@pytest.fixture
def navigation(tmp_path, monkeypatch):
    """The sections and pages app.py hands to st.navigation, signed out (every page declared)."""
    db = tmp_path / "nav.duckdb"
    Store(db).close()
    monkeypatch.setenv("RELCLIENT_DB", str(db))
    monkeypatch.chdir(REPO)
    seen: list[dict] = []
    real = st.navigation

    def recording(pages, **kwargs):
        seen.append(pages)
        return real(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", recording)
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    yield at, seen[-1]
    st.cache_resource.clear()
    close_all()


def test_app_declares_exactly_the_registry_pages_in_its_sections(navigation):
    at, declared = navigation
    assert not at.exception
    expected: dict[str, list[tuple]] = {}
    for p in PAGES:
        expected.setdefault(t(p.section_key, "fr"), []).append(
            (t(p.title_key, "fr"), p.icon, p.url_path, "visible" if p.in_menu else "hidden"))
    assert {section: [(q.title, q.icon, q.url_path, q.visibility) for q in pages]
            for section, pages in declared.items()} == expected
    assert list(declared) == list(expected)  # the sections in the registry's order
    for p in PAGES:  # each registered under its own script
        at.switch_page(p.script)
