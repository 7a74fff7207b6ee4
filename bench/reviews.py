"""A management review's work: assembling its inputs, closing it, writing its minutes.

    python bench/reviews.py --scale 1

On a copy of the demo database (built or reused), for the latest closed quarterly review and a new
draft of the latest quarter: (a) review_content for the draft (every input assembled from the data);
(b) review_content for the closed review (read from its frozen record); (c) close_review (assemble
and freeze); (d) the minutes: charts drawn by kaleido in Chromium (the browser's start apart), the
PDF laid out by ReportLab, the HTML. Prints each median and, on its last line, the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date

from _common import scratch_copy, timed

from relclient.actions.views import people
from relclient.auth import get_user
from relclient.periods import Period
from relclient.reference import department_names
from relclient.reviews import close_review, create_review, hold_review, list_reviews, review_content
from relclient.reviews.minutes import build_minutes, to_html, to_pdf


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with scratch_copy(args.scale) as store:
        boss = get_user(store, "direction@demo.relclient.fr")
        closed = int(list_reviews(store).query("status == 'closed'").iloc[0]["review_id"])
        draft = create_review(store, boss, "Bench", Period(date(2025, 10, 1), date(2025, 12, 31)), boss.email)
        figures: dict[str, float] = {"scale": args.scale}
        figures["draft_content_s"], _ = timed(lambda: review_content(store, draft), args.repeat)
        figures["closed_content_s"], _ = timed(lambda: review_content(store, closed), args.repeat)
        hold_review(store, boss, draft, date(2026, 1, 10))
        started = time.perf_counter()
        close_review(store, boss, draft)
        figures["close_s"] = time.perf_counter() - started
        content = review_content(store, closed)
        depts, names = department_names(store, "fr"), people(store)
        started = time.perf_counter()
        minutes = build_minutes(content, "fr", depts, names, charts=True)
        figures["minutes_with_charts_s"] = time.perf_counter() - started
        figures["minutes_without_charts_s"], _ = timed(lambda: build_minutes(content, "fr", depts, names, charts=False),
                                                       args.repeat)
        figures["pdf_s"], _ = timed(lambda: to_pdf(minutes, "fr"), args.repeat)
        figures["html_s"], _ = timed(lambda: to_html(minutes, "fr"), args.repeat)
        figures["pdf_kb"] = len(to_pdf(minutes, "fr")) / 1024
        figures["html_kb"] = len(to_html(minutes, "fr")) / 1024
    for key, value in figures.items():
        print(f"{key:<28} {value:,.3f}")
    print(json.dumps({k: round(v, 4) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
