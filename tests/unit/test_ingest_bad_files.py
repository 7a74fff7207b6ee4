"""Every file of tests/data/bad/ gets a clear outcome, and a refused file changes no table at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from relclient.ingest import ColumnMap, IngestError, Mapping, inspect_file, suggest_for
from tests.ingest_helpers import table_checksums, upload

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"

# file: (dataset, error key when the whole file is refused, else the lines rejected and rows loaded)
EXPECTED: dict[str, tuple] = {
    "01_empty.csv": ("customers", "empty"),
    "02_header_only_tickets.csv": ("tickets", "no_rows"),
    "03_binary_png_renamed.csv": ("customers", "binary"),
    "04_pipe_delimiter_tickets.csv": ("tickets", set(), 6),
    "05_ragged_rows_tickets.csv": ("tickets", {4, 6, 8}, 5),
    "06_multiline_comments_survey_responses.csv": ("survey_responses", {11}, 7),
    "07_truncated_last_line_tickets.csv": ("tickets", {7}, 5),
    "08_invalid_utf8_customers.csv": ("customers", {4}, 5),
    "09_utf8_bom_customers.csv": ("customers", set(), 6),
    "10_cp1252_customers.csv": ("customers", set(), 6),
    "11_mixed_date_formats_tickets.csv": ("tickets", {7, 8}, 5),
    "12_duplicate_headers_survey_responses.csv": ("survey_responses", "ambiguous_header"),
    "13_2000_columns_customers.csv": ("customers", set(), 3),
    "14_1mb_field_survey_responses.csv": ("survey_responses", {4}, 3),
    "15_nul_bytes_customers.csv": ("customers", {4}, 5),
    "16_formula_cells_customers.csv": ("customers", set(), 6),
    "17_formula_cells_survey_responses.csv": ("survey_responses", set(), 6),
    "18_sql_header_customers.csv": ("customers", set(), 6),
    "19_sql_values_tickets.csv": ("tickets", set(), 5),
    "20_unknown_departments_tickets.csv": ("tickets", {3, 6}, 4),
    "21_out_of_range_scores_survey_responses.csv": ("survey_responses", {2, 3, 4, 5}, 6),
    "22_negative_amounts_orders.csv": ("orders", {3, 5}, 4),
    "23_duplicate_keys_tickets.csv": ("tickets", {4, 7}, 4),
    "24_multi_sheet_customers.xlsx": ("customers", set(), 6),
    "25_encrypted_customers.xlsx": ("customers", "encrypted"),
    "26_corrupt_truncated_customers.xlsx": ("customers", "bad_excel"),
    "27_text_renamed_customers.xlsx": ("customers", "not_excel"),
    "28_header_on_row3_customers.xlsx": ("customers", set(), 5),
    "29_required_missing_tickets.csv": ("tickets", {3, 4, 5, 6}, 3),
    "30_impossible_dates_customers.csv": ("customers", {3, 4, 5}, 3),
    "31_resolved_before_opened_tickets.csv": ("tickets", {4}, 5),
    "32_bad_month_and_self_rating_internal_ratings.csv": ("internal_ratings", {4, 5}, 4),
    "33_unknown_booleans_tickets.csv": ("tickets", {5}, 5),
    "34_bad_reopened_count_tickets.csv": ("tickets", {3, 4}, 4),
    "35_churned_before_created_customers.csv": ("customers", {3}, 5),
    "36_tab_separated_orders.tsv": ("orders", set(), 6),
    "37_thousands_separators_orders.csv": ("orders", set(), 6),
    "38_crlf_blank_lines_customers.csv": ("customers", set(), 6),
    "39_bare_cr_customers.csv": ("customers", set(), 6),
    "40_real_date_forms_tickets.csv": ("tickets", {13}, 11),
    "41_date_and_time_apart_tickets.csv": ("tickets", set(), 5),
    "42_anonymous_complaints_tickets.csv": ("tickets", {3, 6}, 4),
    "43_reviews_by_order_survey_responses.csv": ("survey_responses", {4}, 5),
    "44_line_breaks_and_blank_cells_customers.csv": ("customers", {8}, 5),
}
# Loaded first (the reviews find their customers through these orders), and the mapping's
# additions to the suggestion (what the file cannot say: the reviews' survey kind).
SETUP: dict[str, tuple[str, str]] = {"43_reviews_by_order_survey_responses.csv": ("orders", "36_tab_separated_orders.tsv")}
CONSTANTS: dict[str, dict[str, str]] = {"43_reviews_by_order_survey_responses.csv": {"survey": "csat"}}


def _mapping(name: str, dataset: str) -> Mapping:
    """The suggested mapping, with the constants the file cannot give."""
    info = inspect_file(BAD / name)
    mapping = suggest_for(dataset, info).mapping
    extra = CONSTANTS.get(name, {})
    return Mapping(mapping.dataset, tuple(ColumnMap(c.target, constant=extra[c.target]) if c.target in extra else c
                                          for c in mapping.columns))


def test_the_corpus_holds_at_least_thirty_files_and_each_has_an_expected_outcome():
    files = sorted(p.name for p in BAD.iterdir() if p.name[0].isdigit())
    assert len(files) >= 30
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_file_gets_a_clear_outcome_and_a_refusal_changes_nothing(store, name):
    dataset, *outcome = EXPECTED[name]
    if name in SETUP:
        upload(store, SETUP[name][0], BAD / SETUP[name][1])
    before = table_checksums(store)
    if isinstance(outcome[0], str):
        with pytest.raises(IngestError) as raised:
            upload(store, dataset, BAD / name, all_or_nothing=True)
        assert raised.value.key == outcome[0]
        assert raised.value.message("fr") != raised.value.message("en")  # worded in both languages
        assert table_checksums(store) == before
        return
    rejected_lines, loaded = outcome
    mapping = _mapping(name, dataset)
    if rejected_lines:  # all-or-nothing: refused, and not one table changed
        refused = upload(store, dataset, BAD / name, all_or_nothing=True, mapping=mapping)
        assert refused.status == "refused"
        assert table_checksums(store) == before
    result = upload(store, dataset, BAD / name, mapping=mapping)
    errors = result.issues[result.issues.is_error]
    assert set(errors.line) == rejected_lines
    assert errors.reason.str.len().min() > 10 if len(errors) else True
    assert result.status == "loaded" and result.inserted == loaded
    assert store.fetch_one(f"SELECT count(*) FROM {dataset}")[0] == loaded


def test_exact_values_survive_cp1252_thousands_separators_and_formula_cells(store):
    upload(store, "customers", BAD / "10_cp1252_customers.csv")
    names = {r[0] for r in store.fetch_all("SELECT name FROM customers")} | \
        {r[0] for r in store.fetch_all("SELECT segment FROM customers")}
    assert any("\u2019" in n for n in names if n) and any("\u20ac" in n for n in names if n)
    upload(store, "orders", BAD / "37_thousands_separators_orders.csv")
    amounts = sorted(float(r[0]) for r in store.fetch_all("SELECT amount FROM orders"))
    assert amounts == [980.0, 1234.5, 1234.5, 1234.5, 2500.0, 12345678.9]
    upload(store, "customers", BAD / "16_formula_cells_customers.csv")
    assert store.fetch_one("SELECT count(*) FROM customers WHERE name LIKE '=HYPERLINK%'")[0] == 1


def test_a_multiline_comment_keeps_its_line_breaks(store):
    upload(store, "survey_responses", BAD / "06_multiline_comments_survey_responses.csv")
    assert store.fetch_one("SELECT count(*) FROM survey_responses WHERE comment LIKE '%' || chr(10) || '%'")[0] == 2
