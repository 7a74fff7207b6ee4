"""`python -m relclient ingest|inbox|loads|undo`: uploads for scheduled exports and operators."""

from __future__ import annotations

import argparse
import json
import os
import shutil
from datetime import datetime
from pathlib import Path

from relclient.auth import AuthError, User, get_user
from relclient.contract import DATASETS
from relclient.permissions import PermissionDenied
from relclient.i18n import t
from relclient.ingest import (
    DELIMITERS, ENCODINGS, MODES, FileInfo, IngestError, LoadRequest, LoadResult, Mapping, ReadOptions, ingest_file,
    inspect_file, named_mapping, recent_loads, save_mapping, starting_mapping, undo_load,
)
from relclient.store import Store, db_path_from_env

DEFAULT_INBOX = Path("data/inbox")
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t"}


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The upload commands of the CLI."""
    ingest = sub.add_parser("ingest", help="load one file into a dataset (read, map, validate, load)")
    ingest.add_argument("dataset", choices=[d.name for d in DATASETS])
    ingest.add_argument("file", type=Path)
    ingest.add_argument("--mapping", help="a saved mapping's name, or a JSON file (default: the saved mapping "
                                          "for these headers, else the suggested one)")
    ingest.add_argument("--save-mapping", metavar="NAME", help="save the mapping used under NAME")
    _load_options(ingest)
    ingest.add_argument("--dry-run", action="store_true", help="validate and count, change nothing")
    ingest.add_argument("--confirm-replace", action="store_true",
                        help="needed with --mode replace: rows absent from the file are deleted")

    inbox = sub.add_parser("inbox", help="load every file dropped in DIR/<dataset>/, then move it to "
                                         "done/ or rejected/ with its report")
    inbox.add_argument("dir", nargs="?", type=Path, default=DEFAULT_INBOX)
    _load_options(inbox)

    loads = sub.add_parser("loads", help="list the recent loads")
    loads.add_argument("--limit", type=int, default=20)
    loads.add_argument("--format", choices=("text", "json"), default="text")

    undo = sub.add_parser("undo", help="undo a load (put back the rows it inserted, changed or deleted)")
    undo.add_argument("load_id", type=int)
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


def _load_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mode", choices=MODES, default="upsert")
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


def _mapping(store: Store, dataset: str, info: FileInfo, given: str | None) -> tuple[Mapping, str]:
    """The mapping to use and where it came from."""
    if given and Path(given).is_file():
        return Mapping.from_json(Path(given).read_text("utf-8")), f"file {given}"
    with store.cursor() as cur:
        if given:
            return named_mapping(cur, given), f"saved '{given}'"
        mapping, saved = starting_mapping(cur, dataset, info.headers)
    return mapping, f"saved '{saved}' (same headers)" if saved else "suggested from the headers"


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
        done = undo_load(store, _acting_user(store, args.user), args.load_id)
        print(f"load #{args.load_id} undone: {done['removed']} rows removed, {done['restored']} restored")
        return 0
    finally:
        store.close()


def _ingest(store: Store, args: argparse.Namespace) -> int:
    options = _options(args)
    actor = _acting_user(store, args.user)
    info = inspect_file(args.file, options)
    mapping, origin = _mapping(store, args.dataset, info, args.mapping)
    if mapping.dataset != args.dataset:
        raise IngestError("unknown_target", column=f"({mapping.dataset})", dataset=args.dataset)
    request = LoadRequest(mapping, args.mode, args.all_or_nothing, args.dry_run, args.confirm_replace)
    result = ingest_file(store, actor, args.file, request, options=options, lang=args.lang, info=info)
    if args.save_mapping and result.status == "loaded":
        store.transaction(lambda cur: save_mapping(cur, args.save_mapping, mapping, result.file.headers, actor,
                                                    store=store))
    print(json.dumps(report_dict(result, origin), ensure_ascii=False, default=str) if args.format == "json"
          else report_text(result, origin, args.lang))
    return exit_code(result)


def exit_code(result: LoadResult) -> int:
    """0 when loaded (or a dry run found nothing to reject), 1 when rows were refused."""
    if result.status == "loaded":
        return 0
    return 0 if result.status == "dry_run" and not result.validation.rejected else 1


def report_dict(result: LoadResult, origin: str) -> dict:
    """The load's report as plain data (the CLI's JSON)."""
    v = result.validation
    return {
        "status": result.status, "load_id": result.load_id, "file": result.file.name,
        "sha256": result.file.sha256, "format": result.file.describe(), "mapping": origin,
        "rows_read": v.rows_read, "valid": v.valid, "rejected": v.rejected, "duplicates_skipped": v.duplicates,
        "warnings": v.warnings, "inserted": result.inserted, "updated": result.updated,
        "unchanged": result.unchanged, "deleted": result.deleted, "duration_ms": result.duration_ms,
        "date_formats": dict(v.formats),
        "file_warnings": [key for key, _ in result.file.warnings],
        "issues": result.issues.head(50).to_dict(orient="records"),
        "rejects_file": str(result.rejects_path) if result.rejects_path else None,
    }


def report_text(result: LoadResult, origin: str, lang: str = "en") -> str:
    """The load's report for a terminal or a report file beside an inbox file."""
    v = result.validation
    lines = [
        f"{result.status.upper()}: {result.file.name} ({result.file.describe()}, mapping {origin})",
        f"rows read {v.rows_read:,}, valid {v.valid:,}, rejected {v.rejected:,}, duplicates skipped "
        f"{v.duplicates:,}, warnings {v.warnings:,}",
    ]
    if result.status != "refused":
        lines.append(f"inserted {result.inserted:,}, updated {result.updated:,}, unchanged {result.unchanged:,}, "
                     f"deleted {result.deleted:,}" + (f" — load #{result.load_id}" if result.load_id else ""))
    for key, values in result.file.warnings:
        lines.append("note: " + t(f"ingest.warning.{key}", lang, **values))
    for row in result.issues.head(20).itertuples():
        lines.append(f"  line {row.line}: {row.reason}" + ("" if row.is_error else f" ({row.severity})"))
    if len(result.issues) > 20:
        lines.append(f"  … {len(result.issues) - 20:,} more in the rejects file")
    if result.rejects_path:
        lines.append(f"rejected rows with their reasons: {result.rejects_path}")
    return "\n".join(lines)


def _inbox(store: Store, args: argparse.Namespace) -> int:
    options = _options(args)
    actor = _acting_user(store, args.user)
    worst = 0
    for ds in DATASETS:
        folder = args.dir / ds.name
        if not folder.is_dir():
            continue
        for link in sorted(p for p in folder.iterdir() if p.is_symlink()):
            # A link could point anywhere the service account can read: the inbox takes files only.
            print(f"{ds.name}/{link.name}: skipped, a link is not a file (move the file itself here)")
        for file in sorted(p for p in folder.iterdir()
                           if p.is_file() and not p.is_symlink() and not p.name.startswith(".")):
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            try:
                info = inspect_file(file, options)
                mapping, origin = _mapping(store, ds.name, info, None)
                request = LoadRequest(mapping, args.mode, args.all_or_nothing)
                result = ingest_file(store, actor, file, request, options=options, lang=args.lang, info=info)
                report, code = report_text(result, origin, args.lang), exit_code(result)
            except (IngestError, PermissionDenied) as exc:
                result, report, code = None, f"REFUSED: {file.name}: {exc.message(args.lang)}", 1
            target = folder / ("done" if code == 0 else "rejected")
            target.mkdir(exist_ok=True)
            moved = target / f"{stamp}-{file.name}"
            shutil.move(str(file), moved)
            Path(f"{moved}.report.txt").write_text(report + "\n", "utf-8")
            if result is not None and result.rejects_path:
                shutil.move(str(result.rejects_path), f"{moved}.rejects.csv")
            print(f"{ds.name}/{file.name} → {target.name}/: {report.splitlines()[0]}")
            worst = max(worst, code)
    return worst


def _loads(store: Store, args: argparse.Namespace) -> int:
    frame = recent_loads(store, limit=args.limit)
    if args.format == "json":
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        print(frame.to_string(index=False) if len(frame) else "no load yet")
    return 0
