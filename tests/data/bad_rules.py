"""Bad files, part 2: workbooks and the contract's rules (24-38)."""

from __future__ import annotations

import random
from unittest import mock

from bad_kit import *  # noqa: F403 - the generators' shared vocabulary

# ---------------------------------------------------------------------------------------------
# Workbooks


@bad("24_multi_sheet_customers.xlsx", "customers",
     "VALID once the right sheet is chosen. Sheet 1 `Notes` holds 4 lines of text; sheet 2 "
     "`Clients` holds the customers header and 6 rows (real Excel dates and numbers).",
     "6 rows loaded from sheet `Clients` (picked because its header matches, or chosen by the user "
     "after being asked); the load's format says `xlsx sheet Clients`. Never \"no customer_id "
     "column\" from reading `Notes` silently.")
def multi_sheet_workbook():
    notes = [["Export clients — ne pas modifier la structure"], ["Source : CRM, extraction du 06/01/2025"],
             ["Contact : service.clients@example.fr"], ["Les montants sont en euros HT."]]
    return workbook([("Notes", notes), ("Clients", [CUSTOMERS] + [customer_cells(n) for n in range(1, 7)])])


@bad("25_encrypted_customers.xlsx", "customers",
     "A valid customers workbook encrypted with the password `secret` (msoffcrypto-tool, agile "
     "encryption): an OLE compound file, not a zip.",
     "Whole file refused: \"this Excel file is password-protected: remove the password and upload "
     "it again\". Not \"corrupt file\" / \"not a zip file\", no password prompt required.")
def encrypted_workbook():
    import msoffcrypto.method.container.ecma376_encrypted as container
    import msoffcrypto.method.ecma376_agile as agile
    from msoffcrypto.format.ooxml import OOXMLFile

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return cls.combine(FIXED_NOW.date(), FIXED_NOW.time(), tz)

    seeded = random.Random(20250106)
    out = io.BytesIO()
    with mock.patch.object(agile, "_random_buffer", seeded.randbytes), \
            mock.patch.object(container, "datetime", Clock):
        OOXMLFile(io.BytesIO(customers_workbook())).encrypt("secret", out)
    return out.getvalue()


@bad("26_corrupt_truncated_customers.xlsx", "customers",
     "A valid customers workbook cut to its first half ({size} of {full} bytes): the zip's central "
     "directory is gone.",
     "Whole file refused: \"the Excel file is damaged or incomplete and cannot be opened; save it "
     "again\". No BadZipFile traceback.")
def corrupt_workbook():
    full = customers_workbook()
    return full[:len(full) // 2], {"size": len(full) // 2, "full": len(full)}


@bad("27_text_renamed_customers.xlsx", "customers",
     "A `;` CSV of 6 customers (UTF-8 text) saved with the `.xlsx` extension.",
     "Whole file refused: \"not an Excel file: it contains text (a CSV renamed .xlsx?); upload it as "
     ".csv\". (Reading it as CSV with a warning is acceptable.) Never \"corrupt zip\" with no hint.")
def text_renamed_workbook():
    return csv_bytes(CUSTOMERS, [customer(n) for n in range(1, 7)])


@bad("28_header_on_row3_customers.xlsx", "customers",
     "Sheet `Clients`: row 1 `Export clients relclient`, row 2 `Généré le 06/01/2025`, header on "
     "row 3, 5 customers on rows 4–8.",
     "The header is found on row 3 (first row naming contract columns) or the user is asked for it; "
     "the 5 rows load and any report cites Excel rows 4–8. Never \"unknown column `Export clients "
     "relclient`\" / 7 columns missing.")
def header_on_row_three():
    rows = [["Export clients relclient"], ["Généré le 06/01/2025"], CUSTOMERS]
    return workbook([("Clients", rows + [customer_cells(n) for n in range(1, 6)])])


# ---------------------------------------------------------------------------------------------
# Values the contract forbids (continued)


@bad("29_required_missing_tickets.csv", "tickets",
     "Empty customer_id (line {l1}), empty opened_at (line {l2}), empty channel (line {l3}), "
     "customer_id of three spaces (line {l4}).",
     "Lines {l1}–{l4} rejected: \"required value missing: customer_id\" (resp. opened_at, channel, "
     "customer_id — blank counts as empty); the 3 other rows load. An empty customer_id is an error, "
     "not the unknown-customer warning.")
def required_values_missing():
    rows = [ticket(1), ticket(2, customer_id=""), ticket(3, opened_at=""), ticket(4, channel=""),
            ticket(5, customer_id="   "), ticket(6), ticket(7)]
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0002;", "T-2025-0003;", "T-2025-0004;", "T-2025-0005;")


@bad("30_impossible_dates_customers.csv", "customers",
     "created_on `31/02/2025` (line {l1}), `2025-13-01` (line {l2}), `29/02/2025` (line {l3}, 2025 is "
     "not a leap year); line {l4} holds `29/02/2024` (valid).",
     "Lines {l1}, {l2}, {l3} rejected: \"created_on `31/02/2025` is not a real date\"; the other 3 rows "
     "load. Never rolled over (31/02 → 03/03) nor swapped (2025-13-01 → 13 January).")
def impossible_dates():
    rows = [customer(n) for n in range(1, 7)]
    rows[1] = customer(2, created_on="31/02/2025")
    rows[2] = customer(3, created_on="2025-13-01")
    rows[3] = customer(4, created_on="29/02/2025")
    rows[4] = customer(5, created_on="29/02/2024")
    data = csv_bytes(CUSTOMERS, rows)
    return data, lines_of(data, "C00002;", "C00003;", "C00004;", "C00005;")


@bad("31_resolved_before_opened_tickets.csv", "tickets",
     "Line {l1}: resolved_at 03/03/2025 09:00 before opened_at 04/03/2025 10:00. Line {l2}: "
     "resolved_at equal to opened_at (valid bound).",
     "Line {l1} rejected: \"resolved_at 03/03/2025 09:00 is before opened_at 04/03/2025 10:00\"; the "
     "other 5 rows load, line {l2} included.")
def resolved_before_opened():
    rows = [ticket(n) for n in range(1, 7)]
    rows[2] = ticket(3, opened_at="04/03/2025 10:00", first_response_at="", resolved_at="03/03/2025 09:00")
    rows[4] = ticket(5, opened_at="06/03/2025 14:00", first_response_at="06/03/2025 14:00",
                     resolved_at="06/03/2025 14:00")
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0003;", "T-2025-0005;")


@bad("32_bad_month_and_self_rating_internal_ratings.csv", "internal_ratings",
     "Line {l1}: month `15/03/2025` (not the first day of a month). Line {l2}: rater_dept = "
     "rated_dept = `sales`.",
     "Lines {l1} and {l2} rejected: \"month must be the first day of a month\" (never moved to "
     "01/03/2025 silently) and \"rated_dept must differ from rater_dept\"; the 4 other rows load.")
def bad_month_and_self_rating():
    rows = [rating(date(2025, 3, 1), "logistics", "sales", 3, "Prévisions de vente trop tardives"),
            rating(date(2025, 3, 1), "sales", "logistics", 2, "Délais annoncés non tenus"),
            rating("15/03/2025", "it", "purchasing", 4, "Bonne réactivité"),
            rating(date(2025, 3, 1), "sales", "sales", 5, "Nous sommes les meilleurs"),
            rating(date(2025, 4, 1), "customer_service", "rnd", 2, "Défauts signalés restés sans réponse"),
            rating(date(2025, 4, 1), "production", "purchasing", 4, "")]
    data = csv_bytes(RATINGS, rows)
    return data, lines_of(data, "15/03/2025;", "01/03/2025;sales;sales;")


@bad("33_unknown_booleans_tickets.csv", "tickets",
     "is_complaint `peut-être` on line {l1}; the other rows use oui/non.",
     "Line {l1} rejected: \"is_complaint `peut-être` is not a yes/no value (oui/non, true/false, "
     "1/0)\"; the 5 other rows load. Never read as false (nor true) by default.")
def unknown_booleans():
    rows = [ticket(n) for n in range(1, 7)]
    rows[3] = ticket(4, is_complaint="peut-être")
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0004;")


@bad("34_bad_reopened_count_tickets.csv", "tickets",
     "reopened_count `-1` (line {l1}) and `deux` (line {l2}); line {l3} leaves it empty (valid: "
     "default 0).",
     "Lines {l1} and {l2} rejected: \"reopened_count -1 must be ≥ 0\", \"reopened_count `deux` is not "
     "a whole number\"; the other 4 rows load, line {l3} with 0.")
def bad_reopened_count():
    rows = [ticket(n) for n in range(1, 7)]
    rows[1] = ticket(2, reopened_count="-1")
    rows[2] = ticket(3, reopened_count="deux")
    rows[3] = ticket(4, reopened_count="")
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0002;", "T-2025-0003;", "T-2025-0004;")


@bad("35_churned_before_created_customers.csv", "customers",
     "Line {l1}: churned_on 01/01/2024 before created_on 15/06/2024. Line {l2}: churned_on = "
     "created_on (valid bound).",
     "Line {l1} rejected: \"churned_on 01/01/2024 is before created_on 15/06/2024\"; the other 5 rows "
     "load, line {l2} included.")
def churned_before_created():
    rows = [customer(n) for n in range(1, 7)]
    rows[1] = customer(2, created_on="15/06/2024", churned_on="01/01/2024")
    rows[3] = customer(4, created_on="10/09/2024", churned_on="10/09/2024")
    data = csv_bytes(CUSTOMERS, rows)
    return data, lines_of(data, "C00002;", "C00004;")


# ---------------------------------------------------------------------------------------------
# Valid files in less common shapes


@bad("36_tab_separated_orders.tsv", "orders",
     "VALID. Tab-separated, plain ISO style (`2025-02-04 15:23:00`, `43.21`, `true`/`false`).",
     "Tab detected as the separator; all 6 rows load with exact values (amount 43.21 for "
     "O-2025-0001).")
def tab_separated():
    return csv_bytes(ORDERS, [order(n, iso=True) for n in range(1, 7)], delimiter="\t")


@bad("37_thousands_separators_orders.csv", "orders",
     "VALID. `;` file with French amounts: `1\\u00a0234,50` (no-break space, line 2), "
     "`1\\u202f234,50` (narrow no-break space, line 3), `1.234,50` (line 4), `2 500,00` (plain "
     "space, line 5), `12\\u00a0345\\u00a0678,90` (line 6), `980,00` (line 7).",
     "All 6 rows load with amounts exactly 1234.50, 1234.50, 1234.50, 2500.00, 12345678.90, "
     "980.00. Not rejected as non-numeric, not read as 1.2345 or 1234 (decimals lost).")
def thousands_separators():
    amounts = ["1\u00a0234,50", "1\u202f234,50", "1.234,50", "2 500,00", "12\u00a0345\u00a0678,90", "980,00"]
    return csv_bytes(ORDERS, [order(n, amount=a) for n, a in enumerate(amounts, 1)])


@bad("38_crlf_blank_lines_customers.csv", "customers",
     "VALID. CRLF line endings, an empty line between C00003 and C00004 (line {blank}), and the file "
     "ends with `\\r\\n\\r\\n` (an empty last line).",
     "All 6 rows load; blank lines are skipped, not rejected as \"1 field, 7 expected\". Line "
     "numbers stay physical: C00004 is line {l1}, C00006 line {l2}. No `\\r` left in any value. "
     "(Python's csv.Sniffer gives up on this file because of the blank lines: it must not be "
     "refused for that.)")
def crlf_blank_lines():
    head = csv_text(CUSTOMERS, [customer(n) for n in range(1, 4)], newline="\r\n")
    tail = csv_text(CUSTOMERS, [customer(n) for n in range(4, 7)], newline="\r\n").split("\r\n", 1)[1]
    data = (head + "\r\n" + tail + "\r\n").encode("utf-8")
    return data, {"blank": 5, **lines_of(data, "C00004;", "C00006;")}
