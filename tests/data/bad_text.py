"""Bad files, part 1: bytes, encodings, delimiters, quoting, headers and sizes (01-23)."""

from __future__ import annotations

from bad_kit import *  # noqa: F403 - the generators' shared vocabulary

# ---------------------------------------------------------------------------------------------
# Files that cannot be read at all


@bad("01_empty.csv", "customers",
     "0 bytes: no header, no rows.",
     "Whole file refused: \"the file is empty\". Not \"column customer_id missing\", no load recorded "
     "as a success, nothing changed (a *replace* load must not empty the table).")
def empty_file():
    return b""


@bad("02_header_only_tickets.csv", "tickets",
     "The tickets header row and nothing else (0 data rows).",
     "Whole file refused (or a no-op): \"header found but no data rows\". Nothing changed; above all a "
     "*replace* load must not wipe the tickets table because the file has 0 rows.")
def header_only():
    return csv_bytes(TICKETS, [])


@bad("03_binary_png_renamed.csv", "customers",
     "A real PNG image (16×16, {size} bytes, NUL bytes from byte 8 on) renamed `.csv`.",
     "Whole file refused: \"not a text (CSV) file: binary content, looks like a PNG image\". No "
     "mojibake preview, no decoding error traceback, no rows.")
def binary_png_renamed():
    data = png_image()
    return data, {"size": len(data)}


@bad("04_pipe_delimiter_tickets.csv", "tickets",
     "Fields separated by `|`; no `;`, `,` or tab anywhere, so a sniffer limited to `;` `,` tab "
     "(as this pipeline expects) sees ONE column named `ticket_id|customer_id|…|reopened_count`.",
     "Whole file refused: \"only 1 column found, none matches the tickets columns; the separator "
     "looks like `|`, expected `;` or `,`\". Not 6 rows each rejected for missing ticket_id. "
     "(DuckDB's own CSV sniffer *would* pick `|`; if the pipeline accepts `|` the 6 rows load.)")
def pipe_delimiter():
    return csv_bytes(TICKETS, [ticket(n) for n in range(1, 7)], delimiter="|")


@bad("05_ragged_rows_tickets.csv", "tickets",
     "Line {l1} has 12 fields (2 extra), line {l2} has 7 (3 missing, values would shift), "
     "line {l3} has 9 (last one missing); the header has 10.",
     "Lines {l1}, {l2} and {l3} rejected: \"12 fields, 10 expected\" / \"7 fields, 10 expected\" / "
     "\"9 fields, 10 expected\"; the other 5 rows load. Values are never shifted into neighbouring "
     "columns, rows never padded or cut silently.")
def ragged_rows():
    rows = [ticket(n) for n in range(1, 9)]
    rows[2] = ticket(3) + ["en trop", "encore"]
    rows[4] = ticket(5)[:2] + ticket(5)[5:]
    rows[6] = ticket(7)[:9]
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0003;", "T-2025-0005;", "T-2025-0007;")


@bad("06_multiline_comments_survey_responses.csv", "survey_responses",
     "VALID layout: comments of R-2025-0002 and R-2025-0004 are quoted fields holding line breaks "
     "(and `;`, `\"\"`), so the file has {records} records on {lines} physical lines. One real error: "
     "R-2025-0006 (record {record}) has nps score 11; it starts on physical line {bad_line}.",
     "{ok} rows load, comments keep their line breaks exactly. Only R-2025-0006 rejected: \"line "
     "{bad_line}: score 11 out of range for nps (0–10)\". The line quoted must be {bad_line} "
     "(physical line), not {record} (record number).")
def multiline_quoted_field():
    rows = [survey(n) for n in range(1, 9)]
    rows[1][-1] = ("Premier appel : personne.\nDeuxième appel ; on m’a dit \"rappelez demain\".\n"
                   "Troisième : enfin résolu.")
    rows[3][-1] = "Très satisfait.\n\nMerci à l’équipe logistique !"
    rows[5] = survey(6, survey="nps", score="11")
    data = csv_bytes(SURVEYS, rows)
    facts = {"records": len(rows), "lines": data.count(b"\n"), "bad_line": line_of(data, "R-2025-0006;"),
             "record": 6, "ok": len(rows) - 1}
    return data, facts


@bad("07_truncated_last_line_tickets.csv", "tickets",
     "The file stops in the middle of line {l1}: `T-2025-0006;C00006;…;\"Colis reçu abîm` — an "
     "opening quote never closed, 5 of 10 fields, no final newline (an interrupted export).",
     "Line {l1} rejected: \"row incomplete: the file ends inside a quoted field (truncated file?)\", "
     "with a file-level warning that the file looks cut off; lines 2–6 load. No csv.Error "
     "traceback, no row built from the half value.")
def truncated_last_line():
    full = csv_bytes(TICKETS, [ticket(n) for n in range(1, 6)])
    tail = ";".join(ticket(6)[:4]) + ';"Colis reçu abîm'
    data = full + tail.encode("utf-8")
    return data, lines_of(data, "T-2025-0006;")


# ---------------------------------------------------------------------------------------------
# Encodings, line endings, separators


@bad("08_invalid_utf8_customers.csv", "customers",
     "UTF-8 with accents everywhere, but line {l1} holds the bytes `\\xff\\xfe` inside a name "
     "(`Garage Du\\xff\\xfepré`, 0-based byte offset {offset}). Decoded as cp1252 the whole file turns into "
     "`HÃ©lÃ¨ne`-style mojibake.",
     "Whole file refused: \"not valid UTF-8: byte 0xFF on line {l1} (byte {offset}); save the file "
     "as UTF-8\" (acceptable: only line {l1} rejected for that reason). Never a silent fallback to "
     "cp1252/latin-1 for the whole file.")
def invalid_utf8():
    data = csv_bytes(CUSTOMERS, [customer(n) for n in range(1, 7)])
    data = data.replace("Garage Dupré".encode(), b"Garage Du\xff\xfepr\xc3\xa9")
    return data, {**lines_of(data, "C00003;"), "offset": data.index(b"\xff")}


@bad("09_utf8_bom_customers.csv", "customers",
     "VALID. Excel \"CSV UTF-8\" export: starts with the BOM `EF BB BF`, `;` separator.",
     "All 6 rows load. The first column is recognised as `customer_id` (BOM stripped, not "
     "`\\ufeffcustomer_id` / \"column customer_id missing\"); accented names stored exactly.")
def utf8_bom():
    return b"\xef\xbb\xbf" + csv_bytes(CUSTOMERS, [customer(n) for n in range(1, 7)])


@bad("10_cp1252_customers.csv", "customers",
     "VALID. Windows-1252 (\"CSV (séparateur : point-virgule)\") export: `é` = 0xE9, `’` = 0x92, "
     "`€` = 0x80, `œ` = 0x9C.",
     "All 6 rows load; the encoding is detected as cp1252 (shown in the load's file format). Values "
     "exact: `L’Atelier de Renée` with U+2019, `Grand compte (> 1 M€)` with U+20AC. Not latin-1 "
     "(which yields control characters U+0092/U+0080), not refused as invalid UTF-8.")
def cp1252_encoding():
    rows = [customer(n) for n in range(1, 7)]
    rows[0][1], rows[1][1] = "L’Atelier de Renée", "Cœur d’Émeraude"
    rows[2][2] = "Grand compte (> 1 M€)"
    rows[3][1] = "Pâtisserie Noël – « Les Délices »"
    return csv_bytes(CUSTOMERS, rows, encoding="cp1252")


@bad("11_mixed_date_formats_tickets.csv", "tickets",
     "opened_at mixes `dd/mm/yyyy hh:mm` (lines 2–4), ISO `2025-03-04T10:00:00` (lines {l1}, {l2}) and "
     "US `mm/dd/yyyy hh:mm` whose month would be 25 and 31 read as dd/mm (lines {l3}, {l4}).",
     "Lines 2–4 and the ISO lines {l1}, {l2} load (ISO 8601 is unambiguous: 4 March and 5 March). "
     "Lines {l3} and {l4} rejected: \"opened_at `03/25/2025 10:00` is not a valid date (dd/mm/yyyy)\". "
     "Never guess mm/dd for them, never re-read the other rows as mm/dd; a warning about mixed "
     "formats is welcome.")
def mixed_date_formats():
    rows = [ticket(n) for n in range(1, 4)]
    rows += [ticket(4, opened_at="2025-03-04T10:00:00", first_response_at="04/03/2025 10:30", resolved_at=""),
             ticket(5, opened_at="2025-03-05T08:15:00", first_response_at="05/03/2025 09:00", resolved_at=""),
             ticket(6, opened_at="03/25/2025 10:00", first_response_at="", resolved_at=""),
             ticket(7, opened_at="12/31/2025 09:30", first_response_at="", resolved_at="")]
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0004;", "T-2025-0005;", "T-2025-0006;", "T-2025-0007;")


@bad("12_duplicate_headers_survey_responses.csv", "survey_responses",
     "Plain comma/ISO style. The header has `score` twice (columns 5 and 9) with different values "
     "in them.",
     "Whole file refused: \"column `score` appears twice (columns 5 and 9): keep one\" (or the "
     "mapping step makes the user pick one). Never take the first or last silently.")
def duplicate_headers():
    rows = [survey(n, iso=True) + [str((n * 7) % 11)] for n in range(1, 7)]
    return csv_bytes(SURVEYS + ["score"], rows, delimiter=",")


@bad("13_2000_columns_customers.csv", "customers",
     "2,000 columns: the 7 customers columns then x0001…x1993, 3 rows.",
     "The 3 rows load from the 7 known columns; the 1,993 unknown columns are reported ONCE as "
     "ignored/unmapped (\"1 993 columns ignored: x0001, x0002, … x1993\"), not one message each, "
     "and the page stays usable. A pipeline with a column cap may instead refuse the file "
     "saying the count and the cap. (csv.Sniffer fails on a sample cut inside a row: sniff whole "
     "lines.)")
def two_thousand_columns():
    extra = [f"x{i:04d}" for i in range(1, 1994)]
    rows = [customer(n) + [str((n * i) % 10) for i in range(1, 1994)] for n in range(1, 4)]
    return csv_bytes(CUSTOMERS + extra, rows)


@bad("14_1mb_field_survey_responses.csv", "survey_responses",
     "Line {l1} (R-2025-0003) has a comment of 1,100,000 characters (ASCII), over Python csv's "
     "default field limit of 131,072.",
     "Line {l1} rejected: \"comment too long: 1 100 000 characters (max N)\"; lines 2, 3, 5 load. No "
     "`field larger than field limit` traceback, no silent truncation, the report/rejects page does "
     "not print the megabyte. (If the pipeline sets no length cap, storing it whole is acceptable.)")
def one_megabyte_field():
    rows = [survey(n) for n in range(1, 5)]
    rows[2][-1] = ("Commentaire interminable. " * 42400)[:1_100_000]
    data = csv_bytes(SURVEYS, rows)
    return data, lines_of(data, "R-2025-0003;")


@bad("15_nul_bytes_customers.csv", "customers",
     "Line {l1}: the name holds two NUL bytes (`Dupont\\x00\\x00SA`).",
     "Line {l1} rejected: \"name contains a NUL character (0x00)\"; the 5 other rows load. No "
     "`line contains NUL` crash, NUL never stored, not stripped silently.")
def nul_bytes_in_field():
    rows = [customer(n) for n in range(1, 7)]
    rows[2][1] = "Dupont\x00\x00SA"
    data = csv_bytes(CUSTOMERS, rows)
    return data, lines_of(data, "C00003;")


@bad("16_formula_cells_customers.csv", "customers",
     "VALID. Names that spreadsheets run as formulas: `=HYPERLINK(\"http://evil\",\"click\")` "
     "(line 2), `+cmd|' /C calc'!A0`, `-2+3`, `@SUM(A1)` (lines 3–5).",
     "All 6 rows load; names stored exactly as typed (not evaluated, no `'` added in the database). "
     "Every CSV/Excel export of them (tables, rejects downloads) prefixes them with `'` "
     "(exports.neutralise_formulas).")
def formula_cells_names():
    rows = [customer(n) for n in range(1, 7)]
    for row, formula in zip(rows, FORMULAS):
        row[1] = formula
    return csv_bytes(CUSTOMERS, rows)


@bad("17_formula_cells_survey_responses.csv", "survey_responses",
     "VALID. The same four formula-looking strings as verbatim comments (lines 2–5).",
     "All 6 rows load, comments stored exactly; shown as plain text in the portal (never as a "
     "link), neutralised with a leading `'` in every CSV/Excel export.")
def formula_cells_comments():
    rows = [survey(n) for n in range(1, 7)]
    for row, formula in zip(rows, FORMULAS):
        row[-1] = formula
    return csv_bytes(SURVEYS, rows)


@bad("18_sql_header_customers.csv", "customers",
     "All 7 customers columns plus an 8th column whose header is `customer_id\"; DROP TABLE "
     "customers; --` (quoted in the file as `\"customer_id\"\"; DROP TABLE customers; --\"`).",
     "The 6 rows load from the 7 real columns; the 8th column is reported as unknown/ignored with its "
     "name shown verbatim (as text, not markdown/HTML), and is NOT auto-mapped to customer_id. The "
     "customers table still exists with these rows; the header is kept as is in the load's headers.")
def sql_header():
    rows = [customer(n) + ["x"] for n in range(1, 7)]
    return csv_bytes(CUSTOMERS + ['customer_id"; DROP TABLE customers; --'], rows)


@bad("19_sql_values_tickets.csv", "tickets",
     "Plain comma/ISO style. Line {l1}: category `'); DROP TABLE tickets; --`; line {l2}: "
     "customer_id `1 OR 1=1`.",
     "All 5 rows load, values stored verbatim. Line {l2} gets the contract's unknown-customer "
     "WARNING (not an error). The tickets table is intact and holds exactly these 5 tickets "
     "plus what was there before.")
def sql_values():
    rows = [ticket(n, iso=True) for n in range(1, 6)]
    rows[1] = ticket(2, iso=True, category="'); DROP TABLE tickets; --")
    rows[3] = ticket(4, iso=True, customer_id="1 OR 1=1")
    data = csv_bytes(TICKETS, rows, delimiter=",")
    return data, lines_of(data, "T-2025-0002,", "T-2025-0004,")


# ---------------------------------------------------------------------------------------------
# Values the contract forbids


@bad("20_unknown_departments_tickets.csv", "tickets",
     "owner_dept `sav` on line {l1} and `finance` on line {l2} (not department codes).",
     "Lines {l1} and {l2} rejected: \"owner_dept `sav` is not a department code (direction, "
     "marketing, …, production)\"; the 4 other rows load. No department created on the fly.")
def unknown_departments():
    rows = [ticket(n) for n in range(1, 7)]
    rows[1] = ticket(2, owner_dept="sav")
    rows[4] = ticket(5, owner_dept="finance")
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0002;", "T-2025-0005;")


@bad("21_out_of_range_scores_survey_responses.csv", "survey_responses",
     "Plain comma/ISO style. nps 11 (line {l1}), csat 0 (line {l2}), ces 8 (line {l3}), nps -1 "
     "(line {l4}); lines {l5}–{l10} hold the valid bounds nps 0/10, csat 1/5, ces 1/7.",
     "Lines {l1}, {l2}, {l3}, {l4} rejected, each quoting its scale (\"score 11 out of range for "
     "nps (0–10)\", csat 1–5, ces 1–7); the 6 boundary rows load. Scores never clamped.")
def out_of_range_scores():
    cases = [("nps", "11"), ("csat", "0"), ("ces", "8"), ("nps", "-1"), ("nps", "0"), ("nps", "10"),
             ("csat", "1"), ("csat", "5"), ("ces", "1"), ("ces", "7")]
    rows = [survey(n, iso=True, survey=kind, score=score) for n, (kind, score) in enumerate(cases, 1)]
    data = csv_bytes(SURVEYS, rows, delimiter=",")
    return data, lines_of(data, *(f"R-2025-{n:04d}," for n in range(1, 11)))


@bad("22_negative_amounts_orders.csv", "orders",
     "amount `-12,50` on line {l1} and `-0,01` on line {l2}; line {l3} holds `0,00` (valid bound).",
     "Lines {l1} and {l2} rejected: \"amount -12.50 must be ≥ 0\"; the 4 other rows (including "
     "0,00) load. Never stored as the absolute value.")
def negative_amounts():
    rows = [order(n) for n in range(1, 7)]
    rows[1] = order(2, amount="-12,50")
    rows[3] = order(4, amount="-0,01")
    rows[4] = order(5, amount="0,00")
    data = csv_bytes(ORDERS, rows)
    return data, lines_of(data, "O-2025-0002;", "O-2025-0004;", "O-2025-0005;")


@bad("23_duplicate_keys_tickets.csv", "tickets",
     "T-2025-0003 twice with different contents (lines {l1} and {l2}: other channel and owner); "
     "T-2025-0005 on lines {l3} and {l4} byte-for-byte identical.",
     "Both T-2025-0003 rows rejected: \"ticket_id T-2025-0003 appears twice with different values "
     "(lines {l1} and {l2})\" — never last-one-wins. T-2025-0005 loaded once, with a warning that "
     "line {l4} repeats line {l3}. Result: 4 tickets (0001, 0002, 0004, 0005).")
def duplicate_keys():
    rows = [ticket(n) for n in range(1, 6)]
    rows += [ticket(3, channel="email", owner_dept="logistics", category="delivery"), ticket(5)]
    data = csv_bytes(TICKETS, rows)
    (l1, l2), (l3, l4) = all_lines_of(data, "T-2025-0003;"), all_lines_of(data, "T-2025-0005;")
    return data, {"l1": l1, "l2": l2, "l3": l3, "l4": l4}
