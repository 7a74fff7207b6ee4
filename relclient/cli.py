"""The command line: `python -m relclient demo|kpis …` for scripts and operators."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import duckdb

from relclient import strict_json
from relclient import cli_actions, cli_ingest, cli_reviews, cli_users, cli_voice
from relclient.contract import CHANNELS
from relclient.demo import DemoRefused, build_demo
from relclient.digest import outcomes_json, send_digests
from relclient.metrics import KPIS, KpiFilter, compute_kpis
from relclient.periods import Period, parse_date
from relclient.problems import Problem
from relclient.departments import require_department
from relclient.backup import backup, restore
from relclient.housekeeping import KEEP_DAYS, maintain
from relclient.cli_users import operator
from relclient.store import NoDatabase, Store, StoreError, db_path_from_env
from relclient.targets import targets_for


class CliError(Exception):
    """A mistake in the command's arguments or environment, said in one line."""


def _date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m relclient`."""
    parser = argparse.ArgumentParser(prog="python -m relclient", description=(
        "relclient: the shared customer picture. The database is RELCLIENT_DB "
        "(default data/relclient.duckdb)."))
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="build the demo company into the database")
    demo.add_argument("--scale", type=_positive_float, default=1.0,
                      help="volume multiplier (1 ≈ 5,000 customers and 50,000 tickets)")
    demo.add_argument("--seed", type=int, default=7, help="same seed and end date, same data")
    demo.add_argument("--end-date", type=_date_arg, default=None,
                      help="last day of the 24 months (YYYY-MM-DD, default today)")
    demo.add_argument("--replace", action="store_true",
                      help="delete the datasets' rows first when the database already holds data")

    sub.add_parser("init", help="create an empty database at RELCLIENT_DB, for a real company's data")

    backup = sub.add_parser("backup", help="copy the database into DIR, consistent, while the portal serves")
    backup.add_argument("dir", type=Path)
    restore = sub.add_parser("restore", help="put a backup in the database's place (the current file is kept beside it)")
    restore.add_argument("file", type=Path)

    maintain = sub.add_parser("maintain", help="housekeeping: on a DuckLake, write inlined rows out, merge small "
                              "files, expire old snapshots, delete unused files (a file is checkpointed)")
    maintain.add_argument("--keep-days", type=_positive_float, default=KEEP_DAYS,
                          help=f"snapshots younger than this are kept (default {KEEP_DAYS:g})")

    kpis = sub.add_parser("kpis", help="print every KPI for a period and the previous one")
    kpis.add_argument("--from", dest="start", type=_date_arg, required=True, help="first day (YYYY-MM-DD)")
    kpis.add_argument("--to", dest="end", type=_date_arg, required=True, help="last day, included")
    kpis.add_argument("--dept", help="department code (ticket, survey and internal KPIs)")
    kpis.add_argument("--segment", help="customer segment")
    kpis.add_argument("--region", help="customer region")
    kpis.add_argument("--channel", choices=CHANNELS, help="ticket channel")
    kpis.add_argument("--format", choices=("table", "json"), default="table")
    digest = sub.add_parser("digest", help="send each person this week's digest by email (RELCLIENT_SMTP_URL); "
                                           "nobody with nothing to say, nobody twice a week")
    digest.add_argument("--dry-run", action="store_true", help="compose the messages, send and record nothing")
    digest.add_argument("--to", metavar="EMAIL", help="only this person")
    digest.add_argument("--format", choices=("table", "json"), default="table")
    cli_ingest.add_parsers(sub)
    cli_users.add_parsers(sub)
    cli_actions.add_parsers(sub)
    cli_reviews.add_parsers(sub)
    cli_voice.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    for stream in (sys.stdout, sys.stderr):
        # A file name that is not UTF-8 (from an old system) prints escaped instead of crashing.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return _demo(args)
        if args.command == "init":
            return _init()
        if args.command == "kpis":
            return _kpis(args)
        if args.command == "maintain":
            return _maintain(args)
        if args.command in ("backup", "restore"):
            return _backup_or_restore(args)
        if args.command == "digest":
            return _digest(args)
        if args.command == "users":
            return cli_users.run(args)
        if args.command == "actions":
            return cli_actions.run(args)
        if args.command == "reviews":
            return cli_reviews.run(args)
        if args.command in ("themes", "verbatims"):
            return cli_voice.run(args)
        return cli_ingest.run(args)
    except Problem as exc:  # every translated error: in the command's --lang when it has one
        print(f"error: {exc.message(getattr(args, 'lang', 'en'))}", file=sys.stderr)
        return 2
    except (CliError, StoreError, DemoRefused, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"error: the database refused the operation: {exc}".splitlines()[0], file=sys.stderr)
        return 2


def _backup_or_restore(args: argparse.Namespace) -> int:
    store = Store(db_path_from_env(), create=False)
    try:
        if args.command == "backup":
            print(f"backup written: {backup(store, args.dir, operator())}")
        else:
            if not args.file.is_file():
                raise CliError(f"no file {args.file}")
            kept = restore(store, args.file, operator())
            print(f"restored {args.file.name}; the replaced database is kept as {kept}")
        return 0
    finally:
        store.close()


def _digest(args: argparse.Namespace) -> int:
    store = Store(db_path_from_env(), create=False)
    try:
        outcomes = send_digests(store, to=args.to, dry_run=args.dry_run)
    finally:
        store.close()
    if args.format == "json":
        print(strict_json.dumps(outcomes_json(outcomes)))
    else:
        for o in outcomes:
            print(f"{o.email}: {o.outcome} ({o.items} items, {o.lang})")
    return 1 if any(o.outcome == "failed" for o in outcomes) else 0


def _maintain(args: argparse.Namespace) -> int:
    store = Store(db_path_from_env(), create=False)
    try:
        print(maintain(store, args.keep_days).line())
    finally:
        store.close()
    return 0


def _init() -> int:
    path = db_path_from_env()
    if path.exists():
        raise CliError(f"{path} exists already: nothing was changed")
    store = Store(path)
    try:
        version = store.schema_version()
    finally:
        store.close()
    print(f"empty database created at {path} (schema version {version}); add its first admin with "
          "`python -m relclient users add EMAIL --name NAME --dept direction --role admin`")
    return 0


def _demo(args: argparse.Namespace) -> int:
    store = Store(db_path_from_env())
    try:
        report = build_demo(store, scale=args.scale, seed=args.seed, end_date=args.end_date,
                            replace=args.replace)
    finally:
        store.close()
    counts = ", ".join(f"{name} {n:,}" for name, n in report.rows.items())
    print(f"demo company (scale {report.scale:g}, seed {report.seed}, 24 months to {report.end_date}) "
          f"built in {report.seconds:.1f} s into {store.path}: {counts}, targets {report.targets}, "
          f"actions {report.actions}, reviews {report.reviews}")
    return 0


def _kpis(args: argparse.Namespace) -> int:
    path = db_path_from_env()
    if not path.exists():
        raise NoDatabase(path)
    if args.end < args.start:
        raise CliError(f"--to ({args.end}) is before --from ({args.start})")
    store = Store(path, read_only=True)
    try:
        if args.dept is not None:
            with store.cursor() as cur:
                require_department(cur, args.dept)
        flt = KpiFilter(Period(args.start, args.end), dept=args.dept, segment=args.segment,
                        region=args.region, channel=args.channel)
        result = compute_kpis(store, flt)
        targets = targets_for(store, args.dept)
    finally:
        store.close()
    prev = result.previous_period
    if args.format == "json":
        print(strict_json.dumps({
            "from": args.start.isoformat(),
            "to": args.end.isoformat(),
            "through": result.through.isoformat(),
            "previous_from": prev.start.isoformat(),
            "previous_to": prev.end.isoformat(),
            "filters": flt.active(),
            "kpis": {k: {"value": v.value, "previous": v.previous, "n": v.n, "previous_n": v.previous_n,
                         "significant": v.significant, "target": targets[k].value if k in targets else None}
                     for k, v in result.values.items()},
        }))
        return 0
    period = result.filter.period
    clipped = f"   to date: {period.days} of {period.days_asked} days" if period.clipped else ""
    print(f"{'KPI':<24} {args.start} → {result.through}{clipped}   against {prev.start} → {prev.end}")
    print(f"{'':<24} {'value':>12} {'n':>8} {'previous':>12} {'n':>8}  {'change':<16} {'target':>10}")
    for k in KPIS:
        v = result.values[k.id]
        verdict = v.verdict(k)
        print(f"{k.id:<24} {_fmt(v.value):>12} {v.n:>8} {_fmt(v.previous):>12} {v.previous_n:>8}  "
              f"{_VERDICT_WORDS.get(verdict, '—'):<16} {_fmt(targets[k.id].value if k.id in targets else None):>10}")
    return 0


# The verdict in the CLI's English, the same as the pages' (metrics.VERDICTS).
_VERDICT_WORDS = {"better": "better (signif.)", "worse": "worse (signif.)", "noise": "within noise",
                  "small_sample": "small sample", "not_judged": "median: not judged"}


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"
