"""Both languages, complete: every key in French and English, every registry label in both."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from relclient.contract import DATASETS, DEPARTMENTS
from relclient.i18n import CATALOG, CHANNEL_LABELS, format_number, pick_language, t
from relclient.metrics import KPIS

REPO = Path(__file__).resolve().parents[2]


def test_french_and_english_catalogues_have_the_same_keys_and_no_empty_text():
    assert set(CATALOG["fr"]) == set(CATALOG["en"])
    for lang in ("fr", "en"):
        # unit.count is deliberately empty: a count needs no unit.
        assert all(text.strip() for key, text in CATALOG[lang].items() if key != "unit.count")
        assert set(CHANNEL_LABELS[lang]) == set(CHANNEL_LABELS["en"])


def test_placeholders_match_between_languages():
    for key in CATALOG["fr"]:
        fr = set(re.findall(r"{(\w+)}", CATALOG["fr"][key]))
        en = set(re.findall(r"{(\w+)}", CATALOG["en"][key]))
        assert fr == en, key


def test_every_key_the_code_asks_for_exists():
    used = set()
    for path in [*REPO.glob("pages/**/*.py"), REPO / "app.py", *REPO.glob("relclient/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                used.add(node.args[0].value)
    assert used, "no t() call found: the scan is broken"
    assert used <= set(CATALOG["en"])


def test_registries_name_everything_in_both_languages():
    for d in DEPARTMENTS:
        assert d.name_fr and d.name_en
    for ds in DATASETS:
        assert ds.label_fr and ds.label_en
    for k in KPIS:
        assert k.label("fr") and k.label("en") and k.definition("fr") != k.definition("en")


@pytest.mark.parametrize("locale, expected", [
    ("fr-FR", "fr"), ("fr", "fr"), ("en-GB", "en"), ("en_US", "en"), ("de-DE", "fr"), (None, "fr"),
])
def test_the_language_follows_the_browser_when_french_or_english(locale, expected):
    assert pick_language(locale) == expected


def test_numbers_are_written_the_french_or_english_way():
    assert format_number(1234.56, "fr", 1) == "1\u202f234,6"
    assert format_number(1234.56, "en", 1) == "1,234.6"


def test_text_values_are_filled_in():
    assert t("sidebar.database", "en", path="x.duckdb") == "Database: x.duckdb"


def test_a_date_reads_as_its_day_in_each_language_even_from_a_timestamp():
    from datetime import date, datetime

    import pandas as pd

    from relclient.i18n import format_date

    assert format_date(date(2025, 12, 3), "fr") == "03/12/2025"
    assert format_date(datetime(2025, 12, 3, 10, 30), "en") == "3 Dec 2025"
    assert format_date(pd.Timestamp("2025-12-03 00:00:00"), "en") == "3 Dec 2025"
