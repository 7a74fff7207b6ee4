"""`python -m relclient ingest|inbox|loads|undo`: uploads for scheduled exports and operators."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from relclient.auth import AuthError, User, get_user
from relclient.contract import DATASETS
from relclient.ingest import (
    DELIMITERS, ENCODINGS, IngestError, LoadMode, LoadRequest, ReadOptions, ingest_file, inspect_file, recent_loads,
    undo_load,
)
from relclient.ingest.inbox import choose_mapping, inbox_folder, process_inbox
from relclient import strict_json
from relclient.i18n import t
from relclient.ingest.mapping import Mapping
from relclient.ingest.report import exit_code, mapping_summary, mapping_text, report_dict, report_text
from relclient.ingest.suggest import Origin
from relclient.store import Store, db_path_from_env

_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t"}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The upload commands of the CLI."""
    ingest = sub.add_parser("ingest", help="load one file into a dataset (read, map, validate, load)")
    ingest.add_argument("dataset", choices=[d.name for d in DATASETS])
    ingest.add_argument("file", type=Path)
    ingest.add_argument("--mapping", help="a saved mapping's name, or a JSON file (default: the saved mapping "
                                          "for these headers, else the suggested one)")
    ingest.add_argument("--save-mapping", metavar="NAME",
                        help="save the mapping used under NAME, with the load (a refused load saves none)")
    ingest.add_argument("--write-mapping", metavar="FILE", type=Path,
                        help="write the mapping (suggested, saved or given) to FILE as JSON, say what it matched "
                             "and what is missing, and load nothing: edit it, then use --mapping FILE")
    _load_options(ingest)
    ingest.add_argument("--dry-run", action="store_true", help="validate and count, change nothing")
    ingest.add_argument("--confirm-replace", action="store_true",
                        help="needed with --mode replace: rows absent from the file are deleted")

    inbox = sub.add_parser("inbox", help="load every file dropped in DIR/<dataset>/, then move it to "
                                         "done/ or rejected/ with its report")
    inbox.add_argument("dir", nargs="?", type=Path, default=None,
                       help="default: RELCLIENT_INBOX, else inbox/ beside the database (the folder the service watches)")
    # No replace: it deletes every row a file lacks, which a person confirms on the page or with
    # --confirm-replace; a dropped file has nobody to confirm it.
    _load_options(inbox, modes=LoadMode.unattended_modes())

    loads = sub.add_parser("loads", help="list the recent loads")
    loads.add_argument("--limit", type=int, default=20)
    loads.add_argument("--format", choices=("text", "json"), default="text")

    undo = sub.add_parser("undo", help="undo a load (put back the rows it inserted, changed or deleted)")
    undo.add_argument("load_id", type=int)
    undo.add_argument("--confirm", action="store_true",
                      help="undo a customers load even though tickets, orders or answers point to its customers")
    _user_option(undo)


def _user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default=os.environ.get("RELCLIENT_USER"),
                        help="the account that acts (default RELCLIENT_USER); its role must allow it")


def _acting_user(store: Store, email: str | None) -> User:
    """The account a command acts as: it must exist and be active."""
    if not email:
        raise AuthError("no_acting_user")
    user = get_user(store, email)
    if user is None:
        raise AuthError("no_user", email=email)
    if user.status == "disabled":
        raise AuthError("disabled")
    return user


def _load_options(parser: argparse.ArgumentParser, modes: tuple[LoadMode, ...] = tuple(LoadMode)) -> None:
    # The modes' words: argparse refuses any other, and `LoadMode.parse` reads the one given.
    parser.add_argument("--mode", choices=[m.value for m in modes], default=LoadMode.UPSERT.value)
    parser.add_argument("--all-or-nothing", action="store_true", help="load nothing unless every row is valid")
    parser.add_argument("--encoding", choices=ENCODINGS, help="default: detected")
    parser.add_argument("--delimiter", help="; , tab or | (default: detected)")
    parser.add_argument("--sheet", help="Excel: the sheet to read (default: the widest)")
    parser.add_argument("--header-row", type=int, help="the line or row holding the headers (default: detected)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=("fr", "en"), default="en", help="language of the report")
    _user_option(parser)


def _options(args: argparse.Namespace) -> ReadOptions:
    delimiter = _DELIMITER_NAMES.get(args.delimiter, args.delimiter) if args.delimiter else None
    if delimiter is not None and delimiter not in DELIMITERS:
        raise IngestError("bad_delimiter_option", value=args.delimiter)
    return ReadOptions(encoding=args.encoding, delimiter=delimiter, header_row=args.header_row, sheet=args.sheet)


def run(args: argparse.Namespace) -> int:
    """Run one upload command; the exit code says whether it loaded."""
    store = Store(db_path_from_env(), create=False)  # only init and demo create one
    try:
        if args.command == "ingest":
            return _ingest(store, args)
        if args.command == "inbox":
            return _inbox(store, args)
        if args.command == "loads":
            return _loads(store, args)
        done = undo_load(store, _acting_user(store, args.user), args.load_id, confirm_orphans=args.confirm)
        print(f"load #{args.load_id} undone: {done['removed']} rows removed, {done['restored']} restored")
        return 0
    finally:
        store.close()


def _ingest(store: Store, args: argparse.Namespace) -> int:
    options = _options(args)
    info = inspect_file(args.file, options)
    mapping, origin = choose_mapping(store, args.dataset, info, args.mapping)
    if mapping.dataset != args.dataset:
        raise IngestError("unknown_target", column=f"({mapping.dataset})", dataset=args.dataset)
    if args.write_mapping:
        return _write_mapping(args, mapping, origin)
    actor = _acting_user(store, args.user)
    request = LoadRequest(mapping, LoadMode.parse(args.mode), args.all_or_nothing, args.dry_run, args.confirm_replace,
                          save_mapping_as=args.save_mapping)
    try:
        result = ingest_file(store, actor, args.file, request, options=options, lang=args.lang, info=info)
    except IngestError as exc:
        if exc.key in ("required_unmapped", "ambiguous_header"):  # say what was matched, and how to go on
            print("\n".join([t("ingest.text.mapping", args.lang), *mapping_text(mapping, origin, args.lang)]),
                  file=sys.stderr)
        raise
    print(strict_json.dumps(report_dict(result, origin)) if args.format == "json"
          else report_text(result, origin, args.lang))
    return exit_code(result)


def _write_mapping(args: argparse.Namespace, mapping: Mapping, origin: Origin) -> int:
    """Write the mapping a file would be read with, ready to edit, and say what it holds."""
    args.write_mapping.write_text(json.dumps(json.loads(mapping.to_json()), ensure_ascii=False, indent=2) + "\n",
                                  "utf-8")
    if args.format == "json":
        print(strict_json.dumps({"mapping_file": str(args.write_mapping), "mapping_origin": origin.kind,
                                 **mapping_summary(mapping, origin)}))
    else:
        print("\n".join([origin.describe(args.lang), *mapping_text(mapping, origin, args.lang),
                         t("ingest.map.written", args.lang, path=str(args.write_mapping))]))
    return 0


def _inbox(store: Store, args: argparse.Namespace) -> int:
    actor = _acting_user(store, args.user)
    folder = args.dir or inbox_folder(store.path) or store.path.parent / "inbox"
    outcomes = process_inbox(store, folder, lambda _dataset: actor, _options(args), LoadMode.parse(args.mode),
                             args.all_or_nothing, args.lang)
    for outcome in outcomes:
        print(outcome.line)
    return max((o.code for o in outcomes), default=0)


def _loads(store: Store, args: argparse.Namespace) -> int:
    frame = recent_loads(store, limit=args.limit)
    if args.format == "json":
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        print(frame.to_string(index=False) if len(frame) else "no load yet")
    return 0
