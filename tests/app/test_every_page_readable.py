"""Every page, as an admin, in French then English: no raw code, None, nan or ISO timestamp in a
table's columns or cells, nor in any text the page writes (the tables are drawn on a canvas, which
the browser walk cannot read: AppTest reads their data)."""

from __future__ import annotations

import pandas as pd
import pytest

from relclient.actions import PRIORITIES, STATUSES
from relclient.contract import CHANNELS, DEPARTMENTS, SURVEYS
from relclient.i18n import CATALOG
from tests.app.conftest import ADMIN, REPO, app_script
from tests.browser.language import raw_tokens

PAGES = [("pages/dashboards/overview.py", {}), ("pages/me/for_me.py", {}),
         ("pages/dashboards/department.py", {"dept": "logistics"}), ("pages/dashboards/silo_map.py", {}),
         ("pages/dashboards/customer_distance.py", {}), ("pages/dashboards/voice.py", {}),
         ("pages/dashboards/internal_customers.py", {}),
         ("pages/dashboards/details.py", {"kpi": "callback_rate"}),
         ("pages/dashboards/details.py", {"kpi": "complaints"}), ("pages/dashboards/customer.py", {"customer": "CL0000001"}),
         ("pages/dashboards/glossary.py", {}), ("pages/actions/board.py", {}), ("pages/actions/action.py", {"id": "4"}),
         ("pages/actions/new.py", {}), ("pages/reviews/reviews.py", {}), ("pages/reviews/review.py", {"id": "2"}),
         ("pages/data/uploads.py", {}), ("pages/admin/admin.py", {})]


# Shown as written, on purpose: the headers a file must carry and the contract's rules that name
# them (Data page), the department codes an admin types (Admin), the audit's own record of events.
AS_WRITTEN = {("pages/data/uploads.py", "Colonne"), ("pages/data/uploads.py", "Règle"),
              ("pages/data/uploads.py", "Column"), ("pages/data/uploads.py", "Rule"),
              ("pages/admin/admin.py", "Code"), ("pages/admin/admin.py", "Détail"), ("pages/admin/admin.py", "Detail")}


# Codes of the registries: a cell holding one exactly shows a code instead of its words.
CODES = ({d.code for d in DEPARTMENTS} | set(CHANNELS) | set(SURVEYS) | {s.id for s in STATUSES} | set(PRIORITIES)
         | {"return", "account", "product", "delivery", "technical", "billing"})  # the demo's categories


def _cell_text(value) -> str:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()  # what the grid would show unless the column is formatted
    return str(value)


def table_findings(df: pd.DataFrame, formatted: set[str], codes: frozenset = frozenset()) -> list[str]:
    """Raw tokens in a table's column names and in its cells (formatted date columns aside)."""
    found = [f"column {c!r}: {f}" for c in df.columns for f in raw_tokens(str(c))]
    for column in df.columns:
        if column in formatted:
            continue
        for value in df[column].head(50):
            if value is None or (isinstance(value, float) and pd.isna(value)):
                found.append(f"column {column!r}: an empty cell shown as None/nan")
                break
            hits = raw_tokens(_cell_text(value)) + ([f"the code {value!r}"] if value in codes else [])
            if hits:
                found.append(f"column {column!r}: {hits[0]}")
                break
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_shows_a_raw_code_none_or_iso_timestamp(app_db, monkeypatch, lang):
    monkeypatch.setenv("RELCLIENT_DB", str(app_db))
    monkeypatch.chdir(REPO)
    findings = []
    for script, query in PAGES:
        at = app_script(ADMIN, timeout=90)
        at.session_state["lang"] = lang
        at.run()
        at.switch_page(script)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, script
        texts = [e.value for kind in ("markdown", "caption", "title", "subheader", "header", "info", "warning",
                                      "success", "error", "text") for e in at.get(kind)]
        findings += [f"{script}: {f}" for text in texts for f in raw_tokens(str(text))]
        for frame in at.dataframe:
            # A date column with no empty cell reaches the grid as dates, formatted there the reader's
            # way by widgets.table (tests/unit/test_readable_tables.py checks the formats).
            df = frame.value
            formatted = {c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c]) and not df[c].isna().any()}
            formatted |= {c for c in df.columns if (script, c) in AS_WRITTEN}
            # A code that is also a word of the catalogue ("direction", the role) is that word.
            codes = frozenset(CODES - set(CATALOG[lang].values()))
            findings += [f"{script}: {f}" for f in table_findings(df, formatted, codes)]
    assert findings == [], "\n".join(findings)
