"""Customer distance, figure details and customer record pages, rendered by AppTest."""

from __future__ import annotations

from relclient.customer360 import rows_behind
from relclient.metrics import KpiFilter
from relclient.periods import Period
from relclient.store import open_store


def test_customer_distance_shows_channels_complaints_detractors_and_silence(app):
    app.run()
    app.switch_page("pages/dashboards/customer_distance.py").run()
    assert not app.exception
    assert app.title[0].value == "Distance client"
    assert len(app.dataframe) == 4
    detractors = app.dataframe[2].value
    assert detractors.iloc[0, 1].startswith("/customer?customer=")


def test_figure_details_lists_the_rows_behind_the_chosen_kpi(app, app_db):
    from datetime import date

    app.run()
    app.switch_page("pages/dashboards/details.py").run()
    app.selectbox(key="details_kpi").set_value("complaints").run()
    assert not app.exception
    total, _ = rows_behind(open_store(app_db), "complaints", KpiFilter(Period(date(2025, 10, 1), date(2025, 12, 31))))
    assert f"{total:,}".replace(",", "\u202f") in app.markdown[1].value
    assert app.query_params["kpi"] == "complaints"


def test_a_customer_record_opens_from_its_id(app):
    app.run()
    app.switch_page("pages/dashboards/customer.py").run()
    assert app.info[0].value.startswith("Saisissez")
    app.text_input[0].set_value("CL0000001").run()
    assert not app.exception
    assert "CL0000001" in app.subheader[0].value
    assert len(app.dataframe[0].value) > 0


def test_an_unknown_customer_is_said_so(app):
    app.run()
    app.switch_page("pages/dashboards/customer.py").run()
    app.text_input[0].set_value("NOPE").run()
    assert "NOPE" in app.warning[0].value


def test_a_customer_is_found_by_part_of_their_name_accents_aside(app, app_db):
    from relclient.store import open_store

    name, customer_id = open_store(app_db).fetch_one(
        "SELECT name, customer_id FROM customers WHERE name LIKE '%é%' ORDER BY customer_id LIMIT 1")
    first = name.split()[0]
    app.run()
    app.switch_page("pages/dashboards/customer.py").run()
    app.text_input[0].set_value(first.replace("é", "e").lower()).run()  # "chloe" finds "Chloé …"
    pick = app.selectbox(key=f"customer_pick_{first.replace('é', 'e').lower()}")
    assert customer_id in pick.options[0] or any(customer_id in o for o in pick.options)
    pick.set_value(customer_id).run()
    assert not app.exception and customer_id in app.subheader[0].value


def test_text_from_the_data_is_shown_as_text_not_markdown(app):
    app.run()
    app.switch_page("pages/dashboards/customer.py").run()
    hostile = "[click](http://evil.example) ![x](http://evil.example/x.png) <script>alert(1)</script>"
    app.text_input[0].set_value(hostile).run()
    assert not app.exception
    shown = app.warning[0].value
    assert "\\[click\\]\\(http\\:\u200b//evil\\.example\\)" in shown  # no link, not even an autolink
    assert "\\<script\\>" in shown
