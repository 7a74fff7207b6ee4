"""Bad files, part 3: what real exports do (39-45): bare carriage returns, dates as systems write
them, a date and a time apart, anonymous rows, a customer given through an order, blank cells."""

from __future__ import annotations

from bad_kit import *  # noqa: F403 - the generators' shared vocabulary


@bad("39_bare_cr_customers.csv", "customers",
     "`;` file whose line {l1} has a bare carriage return (CR, no LF) inside the unquoted name "
     "`Garage\\rDupré`, and line {l2} one inside a quoted name: what old Mac tools and pasted text leave.",
     "All 6 rows load; each CR is read as a space (`Garage Dupré`) and a note names lines {l1}, {l2}. "
     "Never the whole file refused with a message about the delimiter or the encoding.")
def bare_carriage_return():
    rows = [customer(n) for n in range(1, 7)]
    rows[2][1] = "Garage\rDupré"
    rows[4][1] = "Maison\rBérard; fils"  # the delimiter makes the writer quote this one
    data = csv_bytes(CUSTOMERS, rows)
    return data, lines_of(data, "C00003;", "C00005;")


REAL_DATES = [
    ("Tue Mar 04 22:10:47 +0000 2025", "2025-03-04 23:10:47"),  # Twitter's export, UTC → Paris (UTC+1)
    ("Tue, 04 Mar 2025 22:10:47 +0000", "2025-03-04 23:10:47"),  # RFC 2822 (e-mail)
    ("22-Apr-25", "2025-04-22 00:00:00"),  # Oracle / Excel
    ("22-Apr-25 3:53:50 PM", "2025-04-22 15:53:50"),  # with a 12-hour time
    ("3 mars 2025", "2025-03-03 00:00:00"),  # French month name
    ("mardi 4 mars 2025 à 14h30", "2025-03-04 14:30:00"),  # French long form
    ("1er févr. 2025", "2025-02-01 00:00:00"),  # French abbreviation
    ("March 5, 2025 9:05 AM", "2025-03-05 09:05:00"),  # English long form
    ("2025-07-03T08:05:00Z", "2025-07-03 10:05:00"),  # ISO in UTC → Paris summer time (UTC+2)
    ("2025-03-03 08:05:00+01:00", "2025-03-03 08:05:00"),  # ISO with Paris' own winter offset
    ("2025-03-03T08:05:00-05:00", "2025-03-03 14:05:00"),  # New York
]


@bad("40_real_date_forms_tickets.csv", "tickets",
     "Plain ISO style except `opened_at`, written {n} ways real systems write dates: RFC 2822 and "
     "Twitter (`Tue Mar 04 22:10:47 +0000 2025`), `22-Apr-25`, 12-hour clock (`3:53:50 PM`), month names "
     "in French and English, abbreviated or not (`3 mars 2025`, `mardi 4 mars 2025 à 14h30`, `1er févr. "
     "2025`, `March 5, 2025 9:05 AM`), ISO with `Z`, `+01:00`, `-05:00`. Line {bad} holds `31 fevrier "
     "2025`, which is no date.",
     "Every row but line {bad} loads; stamps with an offset are converted to the portal's time zone "
     "(Europe/Paris): `2025-07-03T08:05:00Z` is stored 10:05. Line {bad} rejected as not a date.")
def real_date_forms():
    rows = []
    for n, (text, _stored) in enumerate(REAL_DATES, 1):
        # Other stamps empty: they would have to follow the opening, whatever its zone.
        rows.append(ticket(n, iso=True, opened_at=text, first_response_at="", resolved_at=""))
    rows.append(ticket(len(REAL_DATES) + 1, iso=True, opened_at="31 fevrier 2025", first_response_at="",
                       resolved_at=""))
    data = csv_bytes(TICKETS, rows, delimiter=",")
    return data, {"n": len(REAL_DATES), "bad": len(REAL_DATES) + 2}


@bad("41_date_and_time_apart_tickets.csv", "tickets",
     "The opening's date and time of day in two columns, as a telecom's complaint export gives them: "
     "`Date` (`22-04-25`) and `Time` (`3:53:50 PM`), beside `Ticket #`, `Received Via` and the others.",
     "The suggested mapping joins `Date` and `Time` into opened_at; all 5 rows load with their times "
     "(`22-04-25` + `3:53:50 PM` → 2025-04-22 15:53:50).")
def date_and_time_apart():
    header = ["Ticket #", "customer_id", "Date", "Time", "Received Via", "category", "is_complaint", "owner_dept"]
    times = ["3:53:50 PM", "10:22:56 AM", "12:05:00 PM", "9:15:30 PM", "12:40:10 AM"]
    rows = [[f"T-{n:04d}", f"C{n:05d}", f"{21 + n:02d}-04-25", times[n - 1], ["Customer Care Call", "Internet",
             "Email", "Customer Care Call", "Internet"][n - 1], "billing", "yes", "customer_service"]
            for n in range(1, 6)]
    return csv_bytes(header, rows, delimiter=",")


@bad("42_anonymous_complaints_tickets.csv", "tickets",
     "Complaints from a public form: lines {l1} and {l2} have no customer_id (anonymous).",
     "With the suggested mapping, lines {l1} and {l2} are rejected (customer_id required) and the 4 "
     "others load. With customer_id marked *anonymous when empty*, all 6 load and count in every "
     "ticket KPI, and no customer record is made.")
def anonymous_complaints():
    rows = [ticket(n, is_complaint=True) for n in range(1, 7)]
    rows[1][1] = ""
    rows[4][1] = "   "  # a cell of blanks is empty too
    data = csv_bytes(TICKETS, rows)
    return data, lines_of(data, "T-2025-0002;", "T-2025-0005;")


@bad("43_reviews_by_order_survey_responses.csv", "survey_responses",
     "Reviews as an e-commerce platform exports them: `review_id`, `order_id` (no customer), "
     "`review_score` 1–5, `review_comment_message`, `review_creation_date`; line {l1} names an order "
     "that was never loaded. Loaded after `36_tab_separated_orders.tsv`.",
     "The suggested mapping finds the customer through the order (`order_id` → orders.customer_id) and "
     "survey must be given (constant `csat`): the 5 reviews of known orders load with their orders' "
     "customers; line {l1} is rejected: its order is not found in orders.")
def reviews_by_order():
    header = ["review_id", "order_id", "review_score", "review_comment_message", "review_creation_date"]
    rows = [[f"RV{n}", f"O-2025-{n:04d}", str(1 + n % 5), COMMENTS[n % len(COMMENTS)], f"2025-03-{10 + n} 00:00:00"]
            for n in range(1, 6)]
    rows.insert(2, ["RV99", "O-2025-0099", "4", "Jamais reçu", "2025-03-20 00:00:00"])
    data = csv_bytes(header, rows, delimiter=",")
    return data, lines_of(data, "RV99,")


@bad("44_line_breaks_and_blank_cells_customers.csv", "customers",
     "Names that end with a line break inside their quotes (`\"Hélène Martin\\n\"`, line {l1}), a "
     "region of blanks only (line {l2}), a churn date of a tab and spaces (line {l3}), and a "
     "customer_id of blanks (line {l4}).",
     "Line breaks and blanks at a cell's ends are trimmed: the names are stored without them, the "
     "blank region and churn date are empty (NULL); line {l4} is rejected: customer_id required. "
     "5 rows load.")
def line_breaks_and_blank_cells():
    rows = [customer(n) for n in range(1, 7)]
    rows[1][1] = "Hélène Martin\n"
    rows[2][3] = "   "
    rows[3][5] = "\t  "
    rows[5][0] = "  "
    data = csv_bytes(CUSTOMERS, rows)
    starts = ["C00002;", "C00003;", "C00004;"]
    facts = lines_of(data, *starts)
    facts["l4"] = data.count(b"\n")  # the last row
    return data, facts
