"""`python -m relclient reviews list|export`: management reviews and their minutes for scripts."""

from __future__ import annotations

import argparse
from pathlib import Path

from relclient import strict_json
from relclient.actions.views import people
from relclient.reference import department_names
from relclient.reviews import ReviewError, list_reviews, review_content
from relclient.reviews.minutes import build_minutes, to_html, to_pdf
from relclient.store import Store, db_path_from_env


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The `reviews` command and its sub-commands."""
    reviews = sub.add_parser("reviews", help="management reviews: list them, export their minutes")
    cmd = reviews.add_subparsers(dest="reviews_command", required=True)
    listing = cmd.add_parser("list", help="every review, newest period first, with its decisions' progress")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    export = cmd.add_parser("export", help="a review's minutes as PDF or HTML (charts drawn with Chromium)")
    export.add_argument("review_id", type=int)
    export.add_argument("--format", choices=("pdf", "html"), required=True)
    export.add_argument("--out", type=Path, required=True, help="the file to write")
    export.add_argument("--lang", choices=("fr", "en"), default="fr")
    export.add_argument("--no-charts", action="store_true", help="leave the charts out (no browser needed)")
    export.add_argument("--force", action="store_true", help="replace --out when it exists")


def writable(out: Path, force: bool) -> Path:
    """`out` checked before any work: its folder exists, and it is replaced only when `force`d."""
    if not out.parent.is_dir():
        raise ValueError(f"no folder {out.parent} for --out: create it first")
    if out.exists() and not force:
        raise ValueError(f"{out} exists: add --force to replace it")
    if out.exists() and not out.is_file():
        raise ValueError(f"{out} is not a file")
    return out


def run(args: argparse.Namespace) -> int:
    """Run one `reviews` sub-command."""
    if args.reviews_command == "export":
        writable(args.out, args.force)
    store = Store(db_path_from_env(), read_only=True)  # says how to build one when there is none
    try:
        if args.reviews_command == "list":
            frame = list_reviews(store)
            if args.format == "json":
                print(frame.to_json(orient="records", date_format="iso"))
            else:
                print(frame.to_string(index=False) if len(frame) else "no review yet")
            return 0
        content = review_content(store, args.review_id)
        if content is None:
            raise ReviewError("unknown", id=args.review_id)
        minutes = build_minutes(content, args.lang, department_names(store, args.lang), people(store),
                                charts=not args.no_charts)
    finally:
        store.close()
    if args.format == "pdf":
        args.out.write_bytes(to_pdf(minutes, args.lang))
    else:
        args.out.write_text(to_html(minutes, args.lang), encoding="utf-8")
    print(strict_json.dumps({"review": args.review_id, "format": args.format, "out": str(args.out),
                             "bytes": args.out.stat().st_size}))
    return 0
