"""`python -m relclient themes` and `verbatims search`: the voice of the customer for scripts."""

from __future__ import annotations

import argparse
from datetime import date

from relclient import strict_json
from relclient.metrics import KpiFilter
from relclient.periods import Period, parse_date
from relclient.reference import latest_activity
from relclient.store import Store, db_path_from_env
from relclient.voice.views import examples, theme_summary, verbatims

EXAMPLES = 3  # verbatims quoted per theme


def _date(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The `themes` and `verbatims` commands."""
    themes = sub.add_parser("themes", help="each theme of the catalogue over a period: verbatims, NPS with n, "
                                           "change and significance, examples")
    themes.add_argument("--from", dest="start", type=_date, required=True, help="first day (YYYY-MM-DD)")
    themes.add_argument("--to", dest="end", type=_date, required=True, help="last day, included")
    themes.add_argument("--dept", help="only the themes that concern this department (code)")
    themes.add_argument("--format", choices=("table", "json"), default="table")
    found = sub.add_parser("verbatims", help="search what customers wrote")
    cmd = found.add_subparsers(dest="verbatims_command", required=True)
    search = cmd.add_parser("search", help="verbatims holding TEXT (accents, case and plurals aside), newest first")
    search.add_argument("text")
    search.add_argument("--from", dest="start", type=_date, help="first day (default: all the data)")
    search.add_argument("--to", dest="end", type=_date, help="last day, included (default: the latest data day)")
    search.add_argument("--theme", help="only this theme (code)")
    search.add_argument("--limit", type=int, default=100)
    search.add_argument("--format", choices=("table", "json"), default="table")


def run(args: argparse.Namespace) -> int:
    """Run `themes` or `verbatims search`."""
    store = Store(db_path_from_env(), read_only=True)
    try:
        if args.command == "themes":
            if args.end < args.start:
                raise ValueError("--to is before --from")
            flt = KpiFilter(Period(args.start, args.end), dept=args.dept)
            summary = theme_summary(store, flt)
            rows = [{"theme": th.code, "name_fr": th.name_fr, "name_en": th.name_en, "dept": th.dept,
                     "count": th.count, "previous_count": th.previous_count, "count_significant": th.count_significant,
                     "share": th.share, "nps": th.nps, "n": th.nps_n, "previous_nps": th.previous_nps,
                     "previous_n": th.previous_nps_n, "nps_significant": th.nps_significant,
                     "sentiment": th.sentiment,
                     "examples": [text for _, text in examples(store, flt, th.code, EXAMPLES)] if th.count else []}
                    for th in summary.themes]
            period = summary.flt.period
            if args.format == "json":
                print(strict_json.dumps({"from": period.start, "to": period.end, "verbatims": summary.verbatims,
                                         "unthemed": summary.unthemed, "themes": rows}))
            else:
                print(f"{period.start} – {period.end}: {summary.verbatims} verbatims, {summary.unthemed} without a theme")
                for r in rows:
                    nps = "—" if r["nps"] is None else f"{r['nps']:.1f}"
                    print(f"{r['theme']:<18} {r['count']:>6} (before {r['previous_count']:>6})  NPS {nps:>6} n={r['n']}")
            return 0
        latest = latest_activity(store) or date.today()
        flt = KpiFilter(Period(args.start or date(1900, 1, 1), args.end or latest))
        if args.limit < 1:
            raise ValueError("--limit must be at least 1")
        df = verbatims(store, flt, theme=args.theme, text=args.text, limit=args.limit)
        df = df.assign(themes=[list(x) if x is not None and not isinstance(x, float) else [] for x in df["themes"]])
        if args.format == "json":
            print(strict_json.dumps(df.to_dict(orient="records")))
        else:
            for r in df.itertuples():
                print(f"{r.answered_at:%Y-%m-%d} {r.customer_id} {r.survey} {r.score}: {r.comment}")
        return 0
    finally:
        store.close()
