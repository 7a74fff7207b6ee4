"""The minutes of a review, as PDF and HTML: the expected pages and text (read back from the PDF),
the charts drawn by kaleido, every text escaped, both languages; and the reviews command line."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from relclient.actions.views import people
from relclient.periods import Period
from relclient.reference import department_names
from relclient.reviews import add_decision, close_review, create_review, hold_review, review_content, set_comment
from relclient.reviews.minutes import build_minutes, to_html, to_pdf
from relclient.store import Store
from tests.action_helpers import PEOPLE
from tests.action_helpers import people as make_people
from tests.unit.test_cli import run_cli

JULY = Period(date(2025, 7, 1), date(2025, 7, 31))
BOSS = PEOPLE["boss"][0]


@pytest.fixture
def closed(kpi_store):
    crew = make_people(kpi_store)
    review_id = create_review(kpi_store, crew["boss"], "Revue <b>de</b> juillet", JULY, BOSS)
    hold_review(kpi_store, crew["boss"], review_id, date(2025, 8, 10))
    set_comment(kpi_store, crew["boss"], review_id, "satisfaction", "Le NPS tient & progresse.")
    add_decision(kpi_store, crew["boss"], review_id, "Rappeler chaque détracteur", "customer_service", BOSS,
                 date(2025, 9, 30), action_kpi="nps")
    close_review(kpi_store, crew["boss"], review_id)
    return kpi_store, review_id


def _minutes(store, review_id, lang, charts=False):
    return build_minutes(review_content(store, review_id), lang, department_names(store, lang), people(store),
                         charts=charts)


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    # Table cells wrap their text over lines: compare words, not line breaks.
    return len(reader.pages), " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_pdf_minutes_hold_the_header_every_input_the_comments_and_the_decisions(closed):
    store, review_id = closed
    pages, text = _pdf_text(to_pdf(_minutes(store, review_id, "fr"), "fr"))
    assert pages >= 2
    for expected in ("Revue <b>de</b> juillet", "Période revue", "Bea Boss", "Satisfaction et retours clients",
                     "ISO 9001 §9.3.2 c1", "Performance des processus", "Alignement interne",
                     "Le NPS tient & progresse.", "Rappeler chaque détracteur", "Service clients", "30/09/2025",
                     "Trop long.", "Compte rendu figé"):
        assert expected in text, expected
    # The page numbers are printed at the foot of each page.
    assert all(str(n) in text for n in range(1, pages + 1))


def test_the_minutes_of_a_period_closed_early_say_so_in_every_section(kpi_store):
    # The fixture's data stops on 1 August: a third quarter reviewed then covers 32 of its 92 days.
    crew = make_people(kpi_store)
    review_id = create_review(kpi_store, crew["boss"], "Revue T3", Period(date(2025, 7, 1), date(2025, 9, 30)), BOSS)
    hold_review(kpi_store, crew["boss"], review_id, date(2025, 8, 2))
    close_review(kpi_store, crew["boss"], review_id, confirm_partial=True)
    _, text = _pdf_text(to_pdf(_minutes(kpi_store, review_id, "fr"), "fr"))
    assert "01/07/2025 → 30/09/2025 (à date (32 j sur 92))" in text
    assert text.count("Période en cours : chiffres à date, jusqu'au 01/08/2025 (32 j sur 92)") == 7  # every section
    assert "Les 32 mêmes jours avant (30/05/2025 – 30/06/2025)" in text
    assert "Close avant la fin de sa période" in text and "Bea Boss" in text
    page = to_html(_minutes(kpi_store, review_id, "en"), "en")
    assert page.count("Period still running: figures to date, up to 1 Aug 2025 (32 of 92 days)") == 7


def test_the_minutes_come_in_english_too(closed):
    store, review_id = closed
    _, text = _pdf_text(to_pdf(_minutes(store, review_id, "en"), "en"))
    assert "Customer satisfaction and feedback" in text and "Decisions" in text and "Record frozen" in text


def test_the_html_minutes_escape_every_text(closed):
    store, review_id = closed
    page = to_html(_minutes(store, review_id, "fr"), "fr")
    assert "Revue &lt;b&gt;de&lt;/b&gt; juillet" in page and "<b>de</b>" not in page
    assert "Le NPS tient &amp; progresse." in page and page.startswith("<!doctype html>")


def test_the_charts_are_drawn_as_images_in_both_formats(closed):
    store, review_id = closed
    minutes = _minutes(store, review_id, "fr", charts=True)
    heading, note, tables, images, comment = next(s for s in minutes.sections if s[0].startswith("Satisfaction"))
    assert len(images) == 3 and all(png.startswith(b"\x89PNG") for png in images)
    assert to_html(minutes, "fr").count("data:image/png;base64,") == 3
    reader = PdfReader(io.BytesIO(to_pdf(minutes, "fr")))
    assert sum(len(page.images) for page in reader.pages) == 3


def test_reviews_list_and_export_from_the_command_line(demo_db, tmp_path):
    listed = json.loads(run_cli(["reviews", "list", "--format", "json"], demo_db).stdout)
    assert [r["status"] for r in listed] == ["draft", "closed", "closed", "closed"]
    out = tmp_path / "minutes.pdf"
    done = run_cli(["reviews", "export", str(listed[1]["review_id"]), "--format", "pdf", "--out", str(out),
                    "--no-charts", "--lang", "en"], demo_db)
    assert done.returncode == 0, done.stderr
    pages, text = _pdf_text(out.read_bytes())
    assert pages >= 2 and listed[1]["title"] in text
    html_out = tmp_path / "minutes.html"
    assert run_cli(["reviews", "export", str(listed[1]["review_id"]), "--format", "html", "--out", str(html_out),
                    "--no-charts"], demo_db).returncode == 0
    assert listed[1]["title"] in html_out.read_text(encoding="utf-8")
    missing = run_cli(["reviews", "export", "99", "--format", "pdf", "--out", str(tmp_path / "none.pdf"), "--lang", "en"],
                      demo_db)
    assert missing.returncode == 2 and "No review #99" in missing.stderr


def test_the_demo_has_three_closed_quarterly_reviews_and_a_draft_whose_decisions_became_actions(demo_db):
    from relclient.actions import get_action
    from relclient.reviews import decisions, list_reviews, records

    store = Store(demo_db, read_only=True)
    try:
        reviews = list_reviews(store)
        assert list(reviews["status"]) == ["draft", "closed", "closed", "closed"]
        closed_ids = list(reviews[reviews["status"] == "closed"]["review_id"])
        assert all(len(records(store, i)) == 1 for i in closed_ids)
        states = {get_action(store, d.action_id).status for i in closed_ids for d in decisions(store, i) if d.action_id}
        assert {"done", "in_progress", "todo", "blocked"} <= states
    finally:
        store.close()


def test_no_page_of_the_pdf_ends_on_a_heading_and_the_minutes_end_with_a_sign_off(closed):
    store, review_id = closed
    minutes = _minutes(store, review_id, "fr")
    headings = {heading for heading, *_ in minutes.sections} | {"Sorties de la revue", "Validation du compte rendu"}
    # The first section's comment grows line by line: every section's heading comes to a page's foot
    # in one of these layouts, where it must move to the next page with its section.
    for words in range(0, 400, 12):
        first, *rest = minutes.sections
        grown = replace(minutes, sections=[(*first[:4], "mot " * words), *rest])
        reader = PdfReader(io.BytesIO(to_pdf(grown, "fr")))
        for page in reader.pages[:-1]:
            body = [line.strip() for line in page.extract_text().splitlines() if line.strip() and not line.strip().isdigit()]
            assert body[-1] not in headings, f"with {words} words, a page ends on its heading {body[-1]!r}"
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Validation du compte rendu" in last and "Signature" in last
    assert "Pour la direction, la présidence de la revue Bea Boss" in last and "10/08/2025" in last
    html = to_html(_minutes(store, review_id, "en"), "en")
    assert "<h2>Sign-off</h2>" in html and "the review&#x27;s chair</th><td" in html


def test_a_form_proposes_a_leadership_member_as_sponsor_never_the_admin(kpi_store):
    from relclient.actions.views import default_sponsor, sponsors
    from relclient.auth import User, add_user

    crew = make_people(kpi_store)
    admin = add_user(kpi_store, User("root@x.fr", "R", "direction", "admin"), "aa@x.fr", "Aaron Admin", "direction",
                     "admin", None)
    assert list(sponsors(kpi_store))[0] == BOSS  # leadership first, "Aaron Admin" sorts first by name
    assert default_sponsor(kpi_store, admin) == BOSS
    assert default_sponsor(kpi_store, crew["chair"]) == crew["chair"].email
    assert default_sponsor(kpi_store, crew["cs"]) == BOSS


def test_without_a_browser_the_minutes_are_made_without_charts(closed, monkeypatch, tmp_path):
    from relclient.reviews.minutes import chart_browser

    store, review_id = closed
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium, no chromium-headless-shell
    assert chart_browser() is None
    minutes = _minutes(store, review_id, "en", charts=True)
    assert all(not images for _h, _n, _t, images, _c in minutes.sections)
    pages, text = _pdf_text(to_pdf(minutes, "en"))
    assert pages >= 1 and "Sign-off" in text


def test_debians_headless_shell_draws_the_charts_when_it_is_there(monkeypatch):
    import shutil

    import plotly.graph_objects as go

    from relclient.reviews.minutes import chart_browser, chart_images

    shell = shutil.which("chromium-headless-shell")
    if shell is None:
        pytest.skip("chromium-headless-shell is not installed here (make charts installs it)")
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert chart_browser() == shell
    [png] = chart_images([go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
